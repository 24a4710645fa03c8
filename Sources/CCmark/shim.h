#include <cmark.h>
#include <stddef.h>

/* glibc's memmem, a GNU extension the Glibc module leaves out: the byte searches of CommonMark's ByteScan. */
void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
