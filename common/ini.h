/* ini.h: a small INI reader ([section], key = value, ; and # comments),
 * keeping the line of every entry for messages. */
#ifndef WQ_INI_H
#define WQ_INI_H

#include <stddef.h>

#include "diag.h"

/* The longest line of an INI file: 64 KiB. */
#define INI_LINE_MAX 65536

struct ini_entry {
    char *section;        /* folded, "" before the first section */
    char *key;            /* folded; '-' and ' ' read as '_' */
    char *value;          /* trimmed; surrounding quotes removed */
    unsigned long line;
};

/* A [section] header, kept even when no key follows it, so that a
 * misspelt section is found. */
struct ini_section {
    char *name;           /* folded like entries' sections */
    unsigned long line;
};

struct ini {
    char *path;
    struct ini_entry *entries;
    size_t n_entries, alloc_entries;
    struct ini_section *sections;
    size_t n_sections, alloc_sections;
};

/* Read PATH into INI (zero-initialised). WQ_ENOINPUT when unreadable (or a
 * directory), WQ_EDATA naming file:line for a line that is neither a
 * section, a key = value pair, a comment nor blank, that holds a NUL byte
 * or is longer than INI_LINE_MAX. ini_free releases everything. */
int ini_load(struct ini *ini, const char *path, struct wq_error *err);
void ini_free(struct ini *ini);

#endif
