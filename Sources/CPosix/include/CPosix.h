#ifndef KB_CPOSIX_H
#define KB_CPOSIX_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE): both must exist. Returns 0, or -1 with
/// errno set (EINVAL or ENOSYS where the filesystem or kernel cannot exchange).
int kb_exchange_paths(const char *a, const char *b);

#include <stddef.h>
/// getxattr, setxattr, removexattr: the seal on an output folder (SiteBuilder's OutputSeal).
#include <sys/xattr.h>

/// Copies the running executable's GNU build ID (the linker's hash of its contents) into `out`; returns its length,
/// or 0 when the executable has none.
size_t kb_build_id(unsigned char *out, size_t capacity);

#endif
