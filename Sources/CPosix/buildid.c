#define _GNU_SOURCE
#include <link.h>
#include <string.h>
#include "CPosix.h"

struct kb_build_id_search {
    unsigned char *out;
    size_t capacity;
    size_t length;
};

static int kb_find_build_id(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct kb_build_id_search *search = data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[i];
        if (header->p_type != PT_NOTE) continue;
        const char *note = (const char *)(info->dlpi_addr + header->p_vaddr);
        const char *end = note + header->p_memsz;
        while (note + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *nhdr = (const ElfW(Nhdr) *)note;
            const char *name = note + sizeof(ElfW(Nhdr));
            const char *desc = name + ((nhdr->n_namesz + 3) & ~3u);
            if (nhdr->n_type == NT_GNU_BUILD_ID && nhdr->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
                size_t length = nhdr->n_descsz < search->capacity ? nhdr->n_descsz : search->capacity;
                memcpy(search->out, desc, length);
                search->length = length;
                return 1;
            }
            note = desc + ((nhdr->n_descsz + 3) & ~3u);
        }
    }
    return 1;   /* the first object is the executable itself: stop there */
}

size_t kb_build_id(unsigned char *out, size_t capacity) {
    struct kb_build_id_search search = { out, capacity, 0 };
    dl_iterate_phdr(kb_find_build_id, &search);
    return search.length;
}
