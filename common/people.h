/* people.h: one person counted once, whatever their number of assignments.
 *
 * A person is identified by a 64-bit key made from their identifier
 * (people_key). Each assignment row is offered; the table keeps the row
 * that wins by the ESR rule: the primary assignment, else the highest FTE,
 * else the first seen. Memory is about 24 bytes a person plus 4 bytes per
 * breakdown column; identifiers themselves are never stored. */
#ifndef WQ_PEOPLE_H
#define WQ_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct person {
    uint64_t key;
    float fte;
    uint8_t primary;   /* 1 when flagged as the primary assignment */
    uint8_t ch;        /* characteristic: enum eth_detail or enum dis_group */
    uint8_t row;       /* enum afc_row */
    uint8_t clinical;  /* 1 clinical, 0 non-clinical */
    uint8_t conflict;  /* 1 when two rows disagree on CH */
};

struct people {
    size_t n_by;            /* breakdown levels kept per person */
    struct person *items;
    uint32_t *levels;       /* n_by per person, parallel to items */
    size_t n_items, alloc_items;
    uint32_t *slots;        /* open addressing: index + 1, 0 = empty */
    size_t n_slots;
    size_t n_conflicts;     /* people with conflicting CH values */
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

/* Index of the person with KEY, or -1. */
long people_find(const struct people *p, uint64_t key);

#endif
