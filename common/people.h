/* people.h: one person counted once, whatever their number of assignments.
 *
 * A person is identified by a 64-bit key made from their identifier
 * (people_key). Each assignment row is offered; the table keeps the row
 * that wins by the ESR rule: the primary assignment, else the highest FTE,
 * else the first seen. Memory is 16 bytes a person, 2 bytes per breakdown
 * column (4 once a breakdown has over 65,535 levels), and 4 bytes per hash
 * slot (at least 4/3 slots a person): about 25 bytes a person with one --by
 * column; identifiers themselves are never stored. */
#ifndef WQ_PEOPLE_H
#define WQ_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Offers held by people_offer_soon: enough rows for the hash slots they
 * prefetch to arrive from memory before they are probed. */
#define PEOPLE_QUEUE 16

/* 16 bytes: the flags are bit-fields beside the FTE. */
struct person {
    uint64_t key;
    float fte;
    unsigned primary : 1;  /* 1 when flagged as the primary assignment */
    unsigned ch : 3;       /* characteristic: enum eth_detail or enum dis_group */
    unsigned row : 5;      /* enum afc_row */
    unsigned clinical : 1; /* 1 clinical, 0 non-clinical */
    unsigned conflict : 1; /* 1 when two rows disagree on CH */
};

struct people {
    size_t n_by;            /* breakdown levels kept per person */
    struct person *items;
    void *levels;           /* n_by per person, parallel to items: uint16_t,
                               or uint32_t once wide (people_level) */
    bool wide;
    size_t n_items, alloc_items;
    /* Open addressing over n_slots = 2^slot_bits slots. A slot is 0 when
     * empty, else index + 1 in its low slot_bits bits and, in the bits
     * above, a tag: more bits of the key's hash, so that a probe rarely
     * has to look at an item whose key differs. */
    uint32_t *slots;
    size_t n_slots;
    unsigned slot_bits;
    size_t n_conflicts;     /* people with conflicting CH values */
    /* people_offer_soon's queue: offers not yet made, oldest at q_head */
    struct person queue[PEOPLE_QUEUE];
    uint32_t *queue_levels; /* n_by per queued offer */
    size_t q_head, q_len;
    size_t n_repeats;       /* queued offers that found the person known */
};

/* Prepare P to keep N_BY level indices per person. */
void people_init(struct people *p, size_t n_by);
void people_free(struct people *p);

/* Key of an identifier: an all-digit identifier (up to 18 digits, leading
 * zeros ignored) is its number; anything else a 64-bit hash with the top
 * bit set, so the two kinds never meet. S is trimmed first. Returns false
 * when S is blank. */
bool people_key(const char *s, uint64_t *key);

/* Offer one assignment of CAND->key with its LEVELS (n_by of them).
 * Returns 1 when the person is new, 0 when they were already known (the
 * better of the two assignments is kept), -1 on allocation failure. */
int people_offer(struct people *p, const struct person *cand, const uint32_t *levels);

/* people_offer, PEOPLE_QUEUE offers later: starts fetching CAND's hash
 * slot into the cache now and makes the oldest queued offer (at a million
 * people the slots are far larger than the cache, and a probe of a slot not
 * fetched waits for memory). The offers are made in the order given, so the
 * table ends as with people_offer; until people_flush, the newest are not in
 * it yet. Counts in p->n_repeats the offers that found the person known.
 * Returns 0, or -1 on allocation failure. */
int people_offer_soon(struct people *p, const struct person *cand, const uint32_t *levels);

/* Make every queued offer. Returns 0, or -1 on allocation failure. */
int people_flush(struct people *p);

/* Person I's level of breakdown B (0 <= B < n_by). */
static inline uint32_t people_level(const struct people *p, size_t i, size_t b)
{
    size_t k = i * p->n_by + b;
    return p->wide ? ((const uint32_t *)p->levels)[k] : ((const uint16_t *)p->levels)[k];
}

/* Merge Q, the people of the rows after P's (both flushed), into P as if
 * its rows had been offered to P: a person of both keeps the better
 * assignment (P's on a tie, as the first seen) in P and leaves Q; the rest
 * stay in Q, which is no longer a hash table (people_find fails), only a
 * list of people. REMAP[b] (NULL: as is) maps Q's levels of breakdown b to
 * P's. P's n_repeats and n_conflicts become those of all the rows. Returns
 * 0, or -1 on allocation failure. */
int people_merge(struct people *p, struct people *q, uint32_t *const *remap);

/* Index of the person with KEY, or -1. */
long people_find(const struct people *p, uint64_t key);

#endif
