/* people.c: one person counted once, whatever their number of assignments. */
#include "people.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "vocab.h"

_Static_assert(sizeof(struct person) == 16, "struct person is 16 bytes");
_Static_assert(ROW_N <= 32 && DET_N <= 8 && DIS_N_GROUPS <= 8,
               "enum afc_row, eth_detail and dis_group fit struct person's bit-fields");

void people_init(struct people *p, size_t n_by)
{
    memset(p, 0, sizeof *p);
    p->n_by = n_by;
}

void people_free(struct people *p)
{
    free(p->queue_levels);
    free(p->items);
    free(p->levels);
    free(p->slots);
    memset(p, 0, sizeof *p);
}

bool people_key(const char *s, uint64_t *key)
{
    /* ESR's employee numbers: digits only, no spaces, at most 18 */
    if (*s >= '0' && *s <= '9') {
        uint64_t v = 0;
        size_t n = 0;
        const char *p = s;
        while (*p == '0')
            p++;
        for (; *p >= '0' && *p <= '9' && n <= 18; p++, n++)
            v = v * 10 + (uint64_t)(*p - '0');
        if (*p == '\0' && n <= 18) {
            *key = v;
            return true;
        }
    }
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

static uint64_t mix(uint64_t key)
{
    key ^= key >> 33;
    key *= UINT64_C(0xff51afd7ed558ccd);
    key ^= key >> 33;
    key *= UINT64_C(0xc4ceb9fe1a85ec53);
    key ^= key >> 33;
    return key;
}

/* The tag of hash H in a table of 2^BITS slots, already shifted into place
 * (0 when the index takes all 32 bits). */
static uint32_t tag_of(uint64_t h, unsigned bits)
{
    return bits >= 32 ? 0 : (uint32_t)(h >> 32) << bits;
}

static bool grow_slots(struct people *p)
{
    unsigned bits = p->n_slots ? p->slot_bits + 1 : 10;
    if (bits > 32)
        return false;
    size_t n = (size_t)1 << bits;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return false;
    for (size_t k = 0; k < p->n_items; k++) {
        uint64_t h = mix(p->items[k].key);
        size_t i = (size_t)h & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = (uint32_t)(k + 1) | tag_of(h, bits);
    }
    free(p->slots);
    p->slots = slots;
    p->n_slots = n;
    p->slot_bits = bits;
    return true;
}

/* Does CAND beat CUR by the ESR rule (primary, then FTE, then first)? */
static bool better(const struct person *cand, const struct person *cur)
{
    if (cand->primary != cur->primary)
        return cand->primary > cur->primary;
    return cand->fte > cur->fte;
}

/* The bits of a slot that hold the item's index + 1 (the rest: the tag). */
static uint32_t index_mask(const struct people *p)
{
    return p->slot_bits >= 32 ? UINT32_MAX : (UINT32_C(1) << p->slot_bits) - 1;
}

/* The slot holding KEY (hash H), or the empty slot where it would go. */
static size_t probe(const struct people *p, uint64_t key, uint64_t h)
{
    size_t mask = p->n_slots - 1;
    uint32_t idx_mask = index_mask(p);
    uint32_t tag = tag_of(h, p->slot_bits);
    size_t i = (size_t)h & mask;
    for (;;) {
        uint32_t v = p->slots[i];
        if (!v || ((v & ~idx_mask) == tag && p->items[(v & idx_mask) - 1].key == key))
            return i;
        i = (i + 1) & mask;
    }
}

/* Levels are kept in 16 bits each until one needs more: then all widen to
 * 32 (in place, from the end). False when memory runs out. */
static bool widen_levels(struct people *p)
{
    uint32_t *w = realloc(p->levels, p->alloc_items * p->n_by * sizeof *w);
    if (!w)
        return false;
    const uint16_t *n = (const uint16_t *)w;
    for (size_t k = p->alloc_items * p->n_by; k-- > 0;)
        w[k] = n[k];
    p->levels = w;
    p->wide = true;
    return true;
}

/* Keep LEVELS as person I's. */
static bool put_levels(struct people *p, size_t i, const uint32_t *levels)
{
    if (!p->wide)
        for (size_t b = 0; b < p->n_by; b++)
            if (levels[b] > UINT16_MAX && !widen_levels(p))
                return false;
    if (p->wide) {
        memcpy((uint32_t *)p->levels + i * p->n_by, levels, p->n_by * sizeof *levels);
    } else {
        uint16_t *d = (uint16_t *)p->levels + i * p->n_by;
        for (size_t b = 0; b < p->n_by; b++)
            d[b] = (uint16_t)levels[b];
    }
    return true;
}

int people_offer(struct people *p, const struct person *cand, const uint32_t *levels)
{
    if ((p->n_items + 1) * 4 > p->n_slots * 3 && !grow_slots(p))
        return -1;
    if (p->n_items >= UINT32_MAX - 1)
        return -1;
    uint64_t h = mix(cand->key);
    size_t i = probe(p, cand->key, h);
    if (p->slots[i]) {
        size_t idx = (p->slots[i] & index_mask(p)) - 1;
        struct person *cur = &p->items[idx];
        unsigned conflict = cur->conflict || cur->ch != cand->ch;
        if (conflict && !cur->conflict)
            p->n_conflicts++;
        if (better(cand, cur)) {
            *cur = *cand;
            if (p->n_by && !put_levels(p, idx, levels))
                return -1;
        }
        cur->conflict = conflict;
        return 0;
    }
    if (p->n_items == p->alloc_items) {
        size_t alloc = p->alloc_items ? p->alloc_items * 2 : 1024;
        struct person *items = realloc(p->items, alloc * sizeof *items);
        if (!items)
            return -1;
        p->items = items;
        if (p->n_by) {
            void *lv = realloc(p->levels, alloc * p->n_by * (p->wide ? 4 : 2));
            if (!lv)
                return -1;
            p->levels = lv;
        }
        p->alloc_items = alloc;
    }
    p->items[p->n_items] = *cand;
    p->items[p->n_items].conflict = 0;
    if (p->n_by && !put_levels(p, p->n_items, levels))
        return -1;
    p->slots[i] = (uint32_t)(++p->n_items) | tag_of(h, p->slot_bits);
    return 1;
}

static int offer_oldest(struct people *p)
{
    struct person cand = p->queue[p->q_head];
    int r = people_offer(p, &cand, p->queue_levels + p->q_head * p->n_by);
    p->q_head = (p->q_head + 1) % PEOPLE_QUEUE;
    p->q_len--;
    if (r < 0)
        return -1;
    p->n_repeats += r == 0;
    return 0;
}

int people_offer_soon(struct people *p, const struct person *cand, const uint32_t *levels)
{
    if (p->n_by && !p->queue_levels) {
        p->queue_levels = malloc(PEOPLE_QUEUE * p->n_by * sizeof *p->queue_levels);
        if (!p->queue_levels)
            return -1;
    }
    if (p->n_slots)
        __builtin_prefetch(&p->slots[(size_t)mix(cand->key) & (p->n_slots - 1)]);
    if (p->q_len == PEOPLE_QUEUE) {
        /* the slot of the offer half-way along has arrived: fetch its item */
        const struct person *mid = &p->queue[(p->q_head + PEOPLE_QUEUE / 2) % PEOPLE_QUEUE];
        uint32_t v = p->n_slots ? p->slots[(size_t)mix(mid->key) & (p->n_slots - 1)] : 0;
        if (v & index_mask(p))
            __builtin_prefetch(&p->items[(v & index_mask(p)) - 1]);
        if (offer_oldest(p) < 0)
            return -1;
    }
    size_t t = (p->q_head + p->q_len) % PEOPLE_QUEUE;
    p->queue[t] = *cand;
    if (p->n_by)
        memcpy(p->queue_levels + t * p->n_by, levels, p->n_by * sizeof *levels);
    p->q_len++;
    return 0;
}

int people_flush(struct people *p)
{
    while (p->q_len)
        if (offer_oldest(p) < 0)
            return -1;
    return 0;
}

long people_find(const struct people *p, uint64_t key)
{
    if (!p->n_slots)
        return -1;
    size_t i = probe(p, key, mix(key));
    return p->slots[i] ? (long)((p->slots[i] & index_mask(p)) - 1) : -1;
}

/* Q's person J's levels, through REMAP, into LV. */
static void remapped_levels(const struct people *q, size_t j, uint32_t *const *remap, uint32_t *lv)
{
    for (size_t b = 0; b < q->n_by; b++) {
        lv[b] = people_level(q, j, b);
        if (remap[b])
            lv[b] = remap[b][lv[b]];
    }
}

int people_merge(struct people *p, struct people *q, uint32_t *const *remap)
{
    uint32_t *lv = q->n_by ? malloc(q->n_by * sizeof *lv) : NULL;
    if (q->n_by && !lv)
        return -1;
    size_t k = 0;
    for (size_t j = 0; j < q->n_items; j++) {
        if (j + PEOPLE_QUEUE < q->n_items && p->n_slots) /* as people_offer_soon */
            __builtin_prefetch(&p->slots[(size_t)mix(q->items[j + PEOPLE_QUEUE].key) &
                                         (p->n_slots - 1)]);
        struct person cand = q->items[j];
        remapped_levels(q, j, remap, lv);
        long i = people_find(p, cand.key);
        if (i < 0) { /* only in Q: kept there, at K <= J */
            q->items[k] = cand;
            if (q->n_by && !put_levels(q, k, lv))
                goto fail;
            k++;
            continue;
        }
        struct person *cur = &p->items[i];
        unsigned conflict = cur->conflict || cand.conflict || cur->ch != cand.ch;
        p->n_conflicts += conflict - cur->conflict;
        q->n_conflicts -= cand.conflict;
        if (better(&cand, cur)) {
            *cur = cand;
            if (p->n_by && !put_levels(p, (size_t)i, lv))
                goto fail;
        }
        cur->conflict = conflict;
        p->n_repeats++;
    }
    q->n_items = k;
    p->n_repeats += q->n_repeats;
    p->n_conflicts += q->n_conflicts;
    q->n_repeats = q->n_conflicts = 0;
    free(q->slots);
    q->slots = NULL;
    q->n_slots = 0;
    free(lv);
    return 0;
fail:
    free(lv);
    return -1;
}
