#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>
#include "CPosix.h"

long kb_copy_file_range(int input, int output, size_t length) {
#if defined(__linux__)
    return (long)copy_file_range(input, NULL, output, NULL, length, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}
