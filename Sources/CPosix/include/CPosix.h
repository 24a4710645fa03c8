#ifndef KB_CPOSIX_H
#define KB_CPOSIX_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE): both must exist. Returns 0, or -1 with
/// errno set (EINVAL or ENOSYS where the filesystem or kernel cannot exchange).
int kb_exchange_paths(const char *a, const char *b);

#include <stddef.h>

/// Copies the running executable's GNU build ID (the linker's hash of its contents) into `out`; returns its length,
/// or 0 when the executable has none.
size_t kb_build_id(unsigned char *out, size_t capacity);

/// Copies up to `length` bytes from `input` to `output` in the kernel (Linux copy_file_range, at both files' offsets).
/// Returns the bytes copied (0 at the end of the input), or -1 with errno set (ENOSYS, EXDEV, EINVAL where it cannot).
long kb_copy_file_range(int input, int output, size_t length);

#endif
