/* test_people.c: one person counted once (people.c) and the per-column memos
 * that stand in for repeated vocabulary lookups (extract.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "options.h"
#include "people.h"
#include "standard.h"
#include "vocab.h"
#include "workforce.h"

/* A value and its length, as the extract_* memo lookups take them. */
#define VAL(s) s, strlen(s)

static struct person mk(uint64_t key, int primary, float fte, int ch, int row)
{
    struct person p = {0};
    p.key = key;
    p.primary = (unsigned)primary;
    p.fte = fte;
    p.ch = (unsigned)ch;
    p.row = (unsigned)row;
    p.clinical = 1;
    return p;
}

static void test_person_is_small(void **state)
{
    (void)state;
    assert_int_equal(sizeof(struct person), 16);
}

/* Primary beats FTE beats first; the winner's levels are kept. */
static void test_rule(void **state)
{
    (void)state;
    struct people p;
    people_init(&p, 1);
    uint32_t lv;
    struct person a = mk(7, 0, 0.5f, DET_WHITE, ROW_BAND_5);
    lv = 10;
    assert_int_equal(people_offer(&p, &a, &lv), 1);
    struct person b = mk(7, 0, 0.5f, DET_WHITE, ROW_BAND_6); /* tie: first stays */
    lv = 11;
    assert_int_equal(people_offer(&p, &b, &lv), 0);
    assert_int_equal(p.items[0].row, ROW_BAND_5);
    assert_int_equal(people_level(&p, 0, 0), 10);
    struct person c = mk(7, 0, 0.8f, DET_WHITE, ROW_BAND_7); /* higher FTE */
    lv = 12;
    assert_int_equal(people_offer(&p, &c, &lv), 0);
    assert_int_equal(p.items[0].row, ROW_BAND_7);
    assert_int_equal(people_level(&p, 0, 0), 12);
    struct person d = mk(7, 1, 0.1f, DET_WHITE, ROW_BAND_2); /* primary */
    lv = 13;
    assert_int_equal(people_offer(&p, &d, &lv), 0);
    struct person e = mk(7, 0, 1.0f, DET_WHITE, ROW_BAND_9); /* not primary: loses */
    lv = 14;
    assert_int_equal(people_offer(&p, &e, &lv), 0);
    assert_int_equal(p.n_items, 1);
    assert_int_equal(p.items[0].row, ROW_BAND_2);
    assert_int_equal(p.items[0].primary, 1);
    assert_int_equal(people_level(&p, 0, 0), 13);
    assert_int_equal(p.n_conflicts, 0);
    people_free(&p);
}

static void test_conflict_counted_once(void **state)
{
    (void)state;
    struct people p;
    people_init(&p, 0);
    struct person a = mk(3, 1, 1, DET_WHITE, ROW_BAND_5);
    struct person b = mk(3, 0, 1, DET_BLACK, ROW_BAND_5);
    struct person c = mk(3, 0, 1, DET_ASIAN, ROW_BAND_5);
    people_offer(&p, &a, NULL);
    people_offer(&p, &b, NULL);
    people_offer(&p, &c, NULL);
    assert_int_equal(p.n_conflicts, 1);
    assert_int_equal(p.items[0].conflict, 1);
    assert_int_equal(p.items[0].ch, DET_WHITE);
    people_free(&p);
}

/* Many people: the table grows (tags change width), every one is found
 * again, in first-seen order, and absent keys are not. */
static void test_many(void **state)
{
    (void)state;
    struct people p;
    people_init(&p, 2);
    enum { N = 300000 };
    for (uint32_t i = 0; i < N; i++) {
        uint64_t key = (uint64_t)i * 2654435761u + 17; /* scattered */
        if (i % 3 == 0)
            key |= UINT64_C(1) << 63; /* hashed identifiers too */
        struct person x = mk(key, 1, 1, (int)(i % DET_N), (int)(i % ROW_N));
        uint32_t lv[2] = {i, i + 1};
        assert_int_equal(people_offer(&p, &x, lv), 1);
    }
    assert_int_equal(p.n_items, N);
    for (uint32_t i = 0; i < N; i += 7) {
        uint64_t key = (uint64_t)i * 2654435761u + 17;
        if (i % 3 == 0)
            key |= UINT64_C(1) << 63;
        long k = people_find(&p, key);
        assert_int_equal(k, (long)i);
        assert_int_equal(p.items[k].ch, i % DET_N);
        assert_int_equal(p.items[k].row, i % ROW_N);
        assert_int_equal(people_level(&p, (size_t)k, 1), i + 1);
        struct person again = mk(key, 0, 1, 0, 0);
        uint32_t lv[2] = {0, 0};
        assert_int_equal(people_offer(&p, &again, lv), 0);
    }
    assert_int_equal(people_find(&p, 5), -1);
    assert_int_equal(people_find(&p, UINT64_C(1) << 63), -1);
    people_free(&p);
}

/* Offers queued by people_offer_soon end, after people_flush, as the same
 * offers made at once: 1000 rows of 600 people (400 of them twice, with
 * changing primary flags, FTEs, characteristics and levels), through a
 * table that grows meanwhile. */
static void test_queue(void **state)
{
    (void)state;
    struct people now, soon;
    people_init(&now, 2);
    people_init(&soon, 2);
    size_t repeats = 0;
    for (uint32_t i = 0; i < 1000; i++) {
        uint64_t key = (i % 600) * UINT64_C(2654435761);
        struct person x = mk(key, i % 7 == 0, (float)(i % 5), (int)(i % 3), (int)(i % ROW_N));
        uint32_t lv[2] = {i, i % 11};
        int r = people_offer(&now, &x, lv);
        assert_true(r >= 0);
        repeats += r == 0;
        assert_int_equal(people_offer_soon(&soon, &x, lv), 0);
        assert_true(soon.n_items <= now.n_items); /* some are still queued */
    }
    assert_int_equal(people_flush(&soon), 0);
    assert_int_equal(repeats, 400);
    assert_int_equal(soon.n_repeats, 400);
    assert_int_equal(soon.n_items, 600);
    assert_int_equal(now.n_items, 600);
    assert_int_equal(soon.n_conflicts, now.n_conflicts);
    assert_memory_equal(soon.items, now.items, 600 * sizeof *now.items);
    for (size_t i = 0; i < 600; i++) {
        assert_int_equal(people_level(&soon, i, 0), people_level(&now, i, 0));
        assert_int_equal(people_level(&soon, i, 1), people_level(&now, i, 1));
    }
    people_free(&now);
    people_free(&soon);
}

static void test_key(void **state)
{
    (void)state;
    uint64_t k1, k2;
    assert_true(people_key("00012345", &k1));
    assert_int_equal(k1, 12345);
    assert_true(people_key(" 12345 ", &k2));
    assert_int_equal(k2, 12345);
    assert_true(people_key("0", &k1));
    assert_int_equal(k1, 0);
    assert_true(people_key("123456789012345678", &k1)); /* 18 digits: a number */
    assert_int_equal(k1, UINT64_C(123456789012345678));
    assert_true(people_key("1234567890123456789", &k1)); /* 19: hashed */
    assert_true(k1 >> 63);
    assert_true(people_key("0001234567890123456789", &k2));
    assert_true(k2 >> 63);
    assert_true(k1 != k2); /* the hash is of the text */
    assert_true(people_key("12A45", &k1));
    assert_true(k1 >> 63);
    assert_false(people_key("   ", &k1));
    assert_false(people_key("", &k1));
}

/* ------------------------------------------------------------------ */
/* Memos                                                                */

struct fixture {
    struct wq_options o;
    struct input_account acc;
    struct workforce w;
    struct extract x;
};

static struct fixture *fixture_new(const struct standard *std)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->o.std = std;
    f->w.std = std;
    f->x.o = &f->o;
    f->x.acc = &f->acc;
    return f;
}

static void fixture_free(struct fixture *f)
{
    extract_free(&f->x);
    for (int k = 0; k < VK_N; k++) {
        strmap_free(&f->acc.unknown[k].values);
        free(f->acc.unknown[k].counts);
    }
    free(f);
}

/* Remembered or not, each row gives the lookup's answer, and an
 * unrecognised value is counted on every row that has it. */
static void test_memo_characteristic(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(&standard_wres);
    const char *values[] = {"A White - British", "PC Black Nigerian", "Martian", "", "Z Not Stated",
                            "A White - British ", "a white - british", "Martian"};
    for (int round = 0; round < 3; round++)
        for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
            int ch;
            enum eth_detail want;
            vocab_ethnicity(NULL, values[i], &want);
            assert_int_equal(extract_characteristic(&f->x, &f->w, values[i], &ch), WQ_OK);
            assert_int_equal(ch, want);
        }
    assert_int_equal(f->acc.unknown[VK_ETHNICITY].total, 6); /* 2 a round x 3 */
    assert_int_equal(f->acc.unknown[VK_ETHNICITY].values.n_names, 1);
    fixture_free(f);
}

/* A band whose text decides the row is remembered; a blank or unknown band
 * still follows the occupation code on every row. */
static void test_memo_band(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(&standard_wres);
    enum afc_row r;
    for (int round = 0; round < 2; round++) {
        assert_true(extract_band(&f->x, VAL("NHS|XR05|Review Body Band 5"), "N1A", &r));
        assert_int_equal(r, ROW_BAND_5);
        assert_true(extract_band(&f->x, VAL("Consultant"), "", &r));
        assert_int_equal(r, ROW_CONSULTANT);
        assert_true(extract_band(&f->x, VAL(""), "012", &r)); /* medical occupation */
        assert_int_equal(r, ROW_OTHER_MEDICAL);
        assert_false(extract_band(&f->x, VAL(""), "N1A", &r));
        assert_int_equal(r, ROW_OTHER);
        assert_true(extract_band(&f->x, VAL("Band 10"), "101", &r));
        assert_int_equal(r, ROW_OTHER_MEDICAL);
        assert_false(extract_band(&f->x, VAL("Band 10"), "G1A", &r));
        assert_int_equal(r, ROW_OTHER);
    }
    fixture_free(f);
}

static void test_memo_others(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(&standard_wdes);
    for (int round = 0; round < 2; round++) {
        bool clinical;
        assert_true(extract_is_bank(&f->x, VAL("Bank")));
        assert_true(extract_is_bank(&f->x, VAL("Bank Staff")));
        assert_false(extract_is_bank(&f->x, VAL("Permanent")));
        assert_true(extract_clinical(&f->x, VAL("Administrative and Clerical"), &clinical));
        assert_false(clinical);
        assert_false(extract_clinical(&f->x, VAL("Ambulance Support"), &clinical));
        assert_true(clinical);
        double fte;
        assert_true(extract_fte(&f->x, VAL("0.8"), &fte));
        assert_true(fte == 0.8);
        assert_true(extract_fte(&f->x, VAL(""), &fte));
        assert_true(fte == 0);
        assert_false(extract_fte(&f->x, VAL("abc"), &fte));
        assert_false(extract_fte(&f->x, VAL("101"), &fte));
        assert_false(extract_fte(&f->x, VAL("-1"), &fte));
        int ch;
        assert_int_equal(extract_characteristic(&f->x, &f->w, "Yes", &ch), WQ_OK);
        assert_int_equal(ch, DIS_DISABLED);
        assert_int_equal(extract_characteristic(&f->x, &f->w, "Not Declared", &ch), WQ_OK);
        assert_int_equal(ch, DIS_UNKNOWN);
    }
    assert_int_equal(extract_yes_no("Yes"), 1);
    assert_int_equal(extract_yes_no(" yes "), 1);
    assert_int_equal(extract_yes_no("No"), 0);
    assert_int_equal(extract_yes_no("Nope"), -1);
    assert_int_equal(extract_yes_no(""), -1);
    fixture_free(f);
}

/* Levels: the same index as strmap_intern, spellings folded by the map,
 * and more distinct values than the memo keeps still all interned. */
static void test_memo_level(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(&standard_wres);
    struct strmap m = {0};
    char name[64];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < EXTRACT_MEMO_MAX + 500; i++) {
            snprintf(name, sizeof name, "Directorate %d, North", i);
            assert_int_equal(extract_level(&f->x, 2, &m, name, strlen(name)), i);
        }
    assert_int_equal(extract_level(&f->x, 2, &m, VAL("  directorate 7,   NORTH ")), 7);
    assert_int_equal(extract_level(&f->x, 1, &m, VAL("Directorate 7, North")), 7);
    assert_string_equal(m.names[7], "Directorate 7, North");
    char longname[600];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    long li = extract_level(&f->x, 2, &m, longname, strlen(longname)); /* too long to remember */
    assert_int_equal(extract_level(&f->x, 2, &m, longname, strlen(longname)), li);
    strmap_free(&m);
    fixture_free(f);
}

/* Memo keys: values of every length up to 40 that differ in one byte (in
 * the first, middle or last 8 bytes the key holds, or only elsewhere) are
 * told apart, on first sight and when remembered. */
static void test_memo_keys(void **state)
{
    (void)state;
    struct fixture *f = fixture_new(&standard_wres);
    struct strmap m = {0};
    char name[48];
    for (int round = 0; round < 2; round++) {
        long next = 0;
        for (int len = 1; len <= 40; len++)
            for (int k = -1; k < len; k++) {
                memset(name, 'a', (size_t)len);
                name[len] = '\0';
                if (k >= 0)
                    name[k] = 'b';
                assert_int_equal(extract_level(&f->x, 3, &m, name, (size_t)len), next++);
            }
    }
    strmap_free(&m);
    fixture_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_person_is_small),
        cmocka_unit_test(test_rule),
        cmocka_unit_test(test_conflict_counted_once),
        cmocka_unit_test(test_many),
        cmocka_unit_test(test_queue),
        cmocka_unit_test(test_key),
        cmocka_unit_test(test_memo_characteristic),
        cmocka_unit_test(test_memo_band),
        cmocka_unit_test(test_memo_others),
        cmocka_unit_test(test_memo_level),
        cmocka_unit_test(test_memo_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
