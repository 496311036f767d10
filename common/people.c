/* people.c: one person counted once, whatever their number of assignments. */
#include "people.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

void people_init(struct people *p, size_t n_by)
{
    memset(p, 0, sizeof *p);
    p->n_by = n_by;
}

void people_free(struct people *p)
{
    free(p->items);
    free(p->levels);
    free(p->slots);
    memset(p, 0, sizeof *p);
}

bool people_key(const char *s, uint64_t *key)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (!len)
        return false;
    size_t i = 0;
    while (i < len && s[i] == '0')
        i++;
    bool numeric = len - i <= 18;
    uint64_t v = 0;
    for (size_t k = 0; k < len && numeric; k++) {
        if (!isdigit((unsigned char)s[k]))
            numeric = false;
        else
            v = v * 10 + (uint64_t)(s[k] - '0');
    }
    *key = numeric ? v : (text_hash(s, len) | (UINT64_C(1) << 63));
    return true;
}

static size_t slot_of(uint64_t key, size_t n_slots)
{
    key ^= key >> 33;
    key *= UINT64_C(0xff51afd7ed558ccd);
    key ^= key >> 33;
    return (size_t)(key & (n_slots - 1));
}

static bool grow_slots(struct people *p)
{
    size_t n = p->n_slots ? p->n_slots * 2 : 1024;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return false;
    for (size_t k = 0; k < p->n_items; k++) {
        size_t i = slot_of(p->items[k].key, n);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = (uint32_t)(k + 1);
    }
    free(p->slots);
    p->slots = slots;
    p->n_slots = n;
    return true;
}

/* Does CAND beat CUR by the ESR rule (primary, then FTE, then first)? */
static bool better(const struct person *cand, const struct person *cur)
{
    if (cand->primary != cur->primary)
        return cand->primary > cur->primary;
    return cand->fte > cur->fte;
}

int people_offer(struct people *p, const struct person *cand, const uint32_t *levels)
{
    if ((p->n_items + 1) * 4 > p->n_slots * 3 && !grow_slots(p))
        return -1;
    size_t i = slot_of(cand->key, p->n_slots);
    while (p->slots[i]) {
        struct person *cur = &p->items[p->slots[i] - 1];
        if (cur->key == cand->key) {
            uint8_t conflict = cur->conflict || cur->ch != cand->ch;
            if (conflict && !cur->conflict)
                p->n_conflicts++;
            if (better(cand, cur)) {
                size_t idx = p->slots[i] - 1;
                *cur = *cand;
                if (p->n_by)
                    memcpy(p->levels + idx * p->n_by, levels, p->n_by * sizeof *levels);
            }
            cur->conflict = conflict;
            return 0;
        }
        i = (i + 1) & (p->n_slots - 1);
    }
    if (p->n_items == p->alloc_items) {
        size_t alloc = p->alloc_items ? p->alloc_items * 2 : 1024;
        struct person *items = realloc(p->items, alloc * sizeof *items);
        if (!items)
            return -1;
        p->items = items;
        if (p->n_by) {
            uint32_t *lv = realloc(p->levels, alloc * p->n_by * sizeof *lv);
            if (!lv)
                return -1;
            p->levels = lv;
        }
        p->alloc_items = alloc;
    }
    p->items[p->n_items] = *cand;
    p->items[p->n_items].conflict = 0;
    if (p->n_by)
        memcpy(p->levels + p->n_items * p->n_by, levels, p->n_by * sizeof *levels);
    p->slots[i] = (uint32_t)(++p->n_items);
    return 1;
}

long people_find(const struct people *p, uint64_t key)
{
    if (!p->n_slots)
        return -1;
    size_t i = slot_of(key, p->n_slots);
    while (p->slots[i]) {
        if (p->items[p->slots[i] - 1].key == key)
            return (long)(p->slots[i] - 1);
        i = (i + 1) & (p->n_slots - 1);
    }
    return -1;
}
