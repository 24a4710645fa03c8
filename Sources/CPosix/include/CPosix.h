#ifndef KB_CPOSIX_H
#define KB_CPOSIX_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE): both must exist. Returns 0, or -1 with
/// errno set (EINVAL or ENOSYS where the filesystem or kernel cannot exchange).
int kb_exchange_paths(const char *a, const char *b);

#endif
