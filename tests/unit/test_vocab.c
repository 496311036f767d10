/* test_vocab.c: ESR vocabularies: ethnic origin, disability, bands, staff groups, bank, trust files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vocab.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Table cases                                                          */

struct eth_case {
    const char *in;
    enum eth_detail want;
    bool recognised;
};

/* W/A/B/M/C/O/U shorthands keep the tables readable. */
#define W DET_WHITE
#define AS DET_ASIAN
#define BL DET_BLACK
#define MX DET_MIXED
#define CH DET_CHINESE
#define OT DET_OTHER
#define UN DET_UNKNOWN

static const struct eth_case eth_cases[] = {
    /* every code family of inputs.md, bare */
    { "A", W, true }, { "B", W, true }, { "C", W, true }, { "C2", W, true }, { "C3", W, true },
    { "CA", W, true }, { "CL", W, true }, { "CM", W, true }, { "CN", W, true }, { "CP", W, true },
    { "CY", W, true },
    { "D", MX, true }, { "E", MX, true }, { "F", MX, true }, { "G", MX, true }, { "GA", MX, true },
    { "GF", MX, true },
    { "H", AS, true }, { "J", AS, true }, { "K", AS, true }, { "L", AS, true }, { "LA", AS, true },
    { "LK", AS, true },
    { "M", BL, true }, { "N", BL, true }, { "P", BL, true }, { "PA", BL, true }, { "PE", BL, true },
    { "R", CH, true }, { "RA", CH, true }, { "RZ", CH, true },
    { "S", OT, true }, { "SA", OT, true }, { "SE", OT, true },
    { "Z", UN, true }, { "X", UN, true }, { "99", UN, true },
    /* codes just outside the ranges are not codes */
    { "CZ", UN, false }, { "GG", UN, false }, { "LL", UN, false }, { "PF", UN, false },
    { "SF", UN, false }, { "C1", UN, false }, { "I", UN, false }, { "Y", UN, false },
    { "9", UN, false }, { "98", UN, false },
    /* ESR code + description */
    { "A White - British", W, true }, { "B White - Irish", W, true },
    { "C White - Any other White background", W, true }, { "C2 White Northern Irish", W, true },
    { "C3 White Unspecified", W, true }, { "CA White English", W, true },
    { "CL White Irish Traveller", W, true }, { "CP White Polish", W, true },
    { "CY White Other European", W, true },
    { "D Mixed - White & Black Caribbean", MX, true }, { "GF Mixed - Other/Unspecified", MX, true },
    { "H Asian or Asian British - Indian", AS, true }, { "LH Asian British", AS, true },
    { "LK Asian unspecified", AS, true },
    { "M Black or Black British - Caribbean", BL, true }, { "PC Black Nigerian", BL, true },
    { "PD Black British", BL, true }, { "R Chinese", CH, true },
    { "S Any Other Ethnic Group", OT, true }, { "SC Filipino", OT, true },
    { "Z Not Stated", UN, true }, { "99 Not Known", UN, true }, { "X Not Known", UN, true },
    /* code then " - ", "-", " -" */
    { "A - White - British", W, true }, { "A-White-British", W, true },
    { "A -White - British", W, true }, { "H - Asian or Asian British - Indian", AS, true },
    { "Z - Not Stated", UN, true }, { "C3 -White unspecified", W, true },
    { "A \xE2\x80\x93 White \xE2\x80\x93 British", W, true }, /* en dashes */
    /* a known code wins over its description */
    { "A Black British", W, true }, { "N White", BL, true },
    /* an unknown code-like word is not skipped */
    { "QQ Something", UN, false }, { "Q White British", UN, false }, { "CZ White", UN, false },
    /* spaces and case */
    { "  a white - british  ", W, true }, { "CP WHITE POLISH", W, true }, { "cp white polish", W, true },
    { "\xC2\xA0" "A\xC2\xA0White - British\xC2\xA0", W, true }, { "A\tWhite", W, true },
    { "A  White   -   British", W, true }, { "pc", BL, true }, { " z ", UN, true },
    /* descriptions only */
    { "White - British", W, true }, { "White -British", W, true }, { "White- British", W, true },
    { "White British", W, true }, { "White Irish", W, true }, { "White", W, true },
    { "WHITE", W, true }, { "Any other White background", W, true },
    { "White - Any other White background", W, true }, { "Irish", W, true },
    { "Gypsy or Irish Traveller", W, true }, { "White \xE2\x80\x93 British", W, true },
    { "Mixed - White and Asian", MX, true }, { "Mixed", MX, true },
    { "Mixed/Multiple ethnic groups - White and Black Caribbean", MX, true },
    { "White and Black Caribbean", MX, true }, { "White & Asian", MX, true },
    { "Black and Asian", MX, true },
    { "Any other mixed background", MX, true }, { "Any other Mixed/Multiple ethnic background", MX, true },
    { "Asian or Asian British - Indian", AS, true },
    { "Asian or Asian British - Any other Asian background", AS, true },
    { "Any other Asian background", AS, true }, { "Indian", AS, true }, { "Pakistani", AS, true },
    { "Bangladeshi", AS, true }, { "British Asian", AS, true }, { "Asian British", AS, true },
    { "Black or Black British - African", BL, true }, { "Black or Black British - Caribbean", BL, true },
    { "Black/African/Caribbean/Black British - African", BL, true },
    { "Any other Black background", BL, true },
    { "Any other Black/African/Caribbean background", BL, true },
    { "African", BL, true }, { "Caribbean", BL, true },
    { "Chinese", CH, true }, { "Asian or Asian British - Chinese", CH, true },
    { "Other Ethnic Groups - Chinese", CH, true }, { "Chinese or other ethnic group - Chinese", CH, true },
    { "Chinese or other ethnic group - Any other", OT, true },
    { "Any other ethnic group", OT, true }, { "Other ethnic group", OT, true },
    { "Other ethnic group - Arab", OT, true }, { "Arab", OT, true }, { "Other", OT, true },
    { "Any other", OT, true },
    /* not stated */
    { "", UN, true }, { "   ", UN, true }, { NULL, UN, true }, { "-", UN, true },
    { "Not Stated", UN, true }, { "NOT STATED", UN, true },
    { "Not stated (person asked but declined to provide a response)", UN, true },
    { "Prefer not to say", UN, true }, { "Not Known", UN, true }, { "Not Given", UN, true },
    { "Unspecified", UN, true }, { "Not Collected At This Time", UN, true }, { "Not Set", UN, true },
    { "Unknown", UN, true }, { "N/A", UN, true }, { "Not Declared", UN, true },
    /* not recognised */
    { "Martian", UN, false }, { "British", UN, false }, { "Whiteish", UN, false },
    { "12345", UN, false }, { "Chinese or other ethnic group", UN, false }, { "Any", UN, false },
};

struct dis_case {
    const char *in;
    enum dis_group want;
    bool recognised;
};

static const struct dis_case dis_cases[] = {
    { "Yes", DIS_DISABLED, true }, { "yes", DIS_DISABLED, true }, { "YES", DIS_DISABLED, true },
    { " Yes ", DIS_DISABLED, true }, { "Y", DIS_DISABLED, true }, { "y", DIS_DISABLED, true },
    { "Disabled", DIS_DISABLED, true }, { "Yes - I have a disability", DIS_DISABLED, true },
    { "No", DIS_NON_DISABLED, true }, { "no", DIS_NON_DISABLED, true }, { "N", DIS_NON_DISABLED, true },
    { "Not disabled", DIS_NON_DISABLED, true }, { "Not Disabled", DIS_NON_DISABLED, true },
    { "Non-disabled", DIS_NON_DISABLED, true }, { "Non disabled", DIS_NON_DISABLED, true },
    { "No disability", DIS_NON_DISABLED, true },
    { "No - I do not consider myself to have a disability", DIS_NON_DISABLED, true },
    { "", DIS_UNKNOWN, true }, { "  ", DIS_UNKNOWN, true }, { NULL, DIS_UNKNOWN, true },
    { "Not Declared", DIS_UNKNOWN, true }, { "Prefer Not To Answer", DIS_UNKNOWN, true },
    { "Prefer not to say", DIS_UNKNOWN, true }, { "Unspecified", DIS_UNKNOWN, true },
    { "Not disclosed", DIS_UNKNOWN, true }, { "Not Known", DIS_UNKNOWN, true },
    { "Unknown", DIS_UNKNOWN, true }, { "No response", DIS_UNKNOWN, true },
    { "I do not wish to disclose", DIS_UNKNOWN, true }, { "N/A", DIS_UNKNOWN, true },
    { "Maybe", DIS_UNKNOWN, false }, { "Nope", DIS_UNKNOWN, false }, { "Disability", DIS_UNKNOWN, false },
    { "2", DIS_UNKNOWN, false }, { "None", DIS_UNKNOWN, false },
};

struct band_case {
    const char *in;
    const char *occupation;
    enum afc_row want;
    bool recognised;
};

static const struct band_case band_cases[] = {
    { "Band 1", NULL, ROW_BAND_1, true }, { "Band 2", NULL, ROW_BAND_2, true },
    { "Band 3", NULL, ROW_BAND_3, true }, { "Band 4", NULL, ROW_BAND_4, true },
    { "Band 5", NULL, ROW_BAND_5, true }, { "Band 6", NULL, ROW_BAND_6, true },
    { "Band 7", NULL, ROW_BAND_7, true }, { "Band 9", NULL, ROW_BAND_9, true },
    { "band 5", NULL, ROW_BAND_5, true }, { "BAND 5", NULL, ROW_BAND_5, true },
    { " Band  5 ", NULL, ROW_BAND_5, true }, { "Band\xC2\xA0" "5", NULL, ROW_BAND_5, true },
    { "Band 8a", NULL, ROW_BAND_8A, true }, { "band 8a", NULL, ROW_BAND_8A, true },
    { "Band 8A", NULL, ROW_BAND_8A, true }, { "Band 8B", NULL, ROW_BAND_8B, true },
    { "Band 8C", NULL, ROW_BAND_8C, true }, { "Band 8D", NULL, ROW_BAND_8D, true },
    { "Band 8 A", NULL, ROW_BAND_8A, true }, { "Band 8 - Range A", NULL, ROW_BAND_8A, true },
    { "Band 8 - Range B", NULL, ROW_BAND_8B, true }, { "Band 8 Range C", NULL, ROW_BAND_8C, true },
    { "Band 8-D", NULL, ROW_BAND_8D, true }, { "Band8a", NULL, ROW_BAND_8A, true },
    { "Band5", NULL, ROW_BAND_5, true },
    { "Apprentice/Band 1", NULL, ROW_BAND_1, true }, { "Under Band 1", NULL, ROW_UNDER_1, true },
    { "Below Band 1", NULL, ROW_UNDER_1, true }, { "under band 1", NULL, ROW_UNDER_1, true },
    { "NHS|XR05|Review Body Band 5", NULL, ROW_BAND_5, true },
    { "NHS|XR02|Review Body Band 2", NULL, ROW_BAND_2, true },
    { "NHS|XR08|Review Body Band 8 - Range A", NULL, ROW_BAND_8A, true },
    { "NHS|XR08A|Review Body Band 8A", NULL, ROW_BAND_8A, true },
    { "XR05", NULL, ROW_BAND_5, true }, { "xr02", NULL, ROW_BAND_2, true },
    { "XR08A", NULL, ROW_BAND_8A, true }, { "XR08C", NULL, ROW_BAND_8C, true },
    { "XR09", NULL, ROW_BAND_9, true }, { "NHS|XR07", NULL, ROW_BAND_7, true },
    { "AfC Band 6", NULL, ROW_BAND_6, true }, { "Agenda for Change Band 3", NULL, ROW_BAND_3, true },
    { "Band 5 (AfC)", NULL, ROW_BAND_5, true },
    { "5", NULL, ROW_BAND_5, true }, { "8a", NULL, ROW_BAND_8A, true }, { "8 B", NULL, ROW_BAND_8B, true },
    { "VSM", NULL, ROW_VSM, true }, { "vsm", NULL, ROW_VSM, true },
    { "Very Senior Manager", NULL, ROW_VSM, true }, { "Executive Director", NULL, ROW_VSM, true },
    { "Chief Executive", NULL, ROW_VSM, true },
    /* medical and dental grades */
    { "Consultant", NULL, ROW_CONSULTANT, true }, { "Locum Consultant", NULL, ROW_CONSULTANT, true },
    { "CONSULTANT", NULL, ROW_CONSULTANT, true },
    { "Specialty Doctor", NULL, ROW_NON_CONSULTANT, true },
    { "Speciality Doctor", NULL, ROW_NON_CONSULTANT, true },
    { "Associate Specialist", NULL, ROW_NON_CONSULTANT, true },
    { "Staff Grade", NULL, ROW_NON_CONSULTANT, true }, { "Specialist", NULL, ROW_NON_CONSULTANT, true },
    { "Specialist Grade", NULL, ROW_NON_CONSULTANT, true },
    { "Foundation Year 1", NULL, ROW_TRAINEE, true }, { "Foundation Year 2", NULL, ROW_TRAINEE, true },
    { "FY1", NULL, ROW_TRAINEE, true }, { "FY2", NULL, ROW_TRAINEE, true },
    { "F1", NULL, ROW_TRAINEE, true }, { "F2", NULL, ROW_TRAINEE, true },
    { "Core Training", NULL, ROW_TRAINEE, true }, { "Core Trainee", NULL, ROW_TRAINEE, true },
    { "CT1", NULL, ROW_TRAINEE, true }, { "CT2", NULL, ROW_TRAINEE, true },
    { "CT3", NULL, ROW_TRAINEE, true },
    { "Specialty Registrar", NULL, ROW_TRAINEE, true }, { "Speciality Registrar", NULL, ROW_TRAINEE, true },
    { "Specialist Registrar", NULL, ROW_TRAINEE, true }, { "StR", NULL, ROW_TRAINEE, true },
    { "SpR", NULL, ROW_TRAINEE, true }, { "ST1", NULL, ROW_TRAINEE, true },
    { "ST3", NULL, ROW_TRAINEE, true }, { "ST8", NULL, ROW_TRAINEE, true },
    { "Specialty Trainee", NULL, ROW_TRAINEE, true }, { "Trainee", NULL, ROW_TRAINEE, true },
    { "Senior House Officer", NULL, ROW_TRAINEE, true },
    { "Clinical Fellow", NULL, ROW_OTHER_MEDICAL, true }, { "Medical Officer", NULL, ROW_OTHER_MEDICAL, true },
    { "Trust Grade", NULL, ROW_OTHER_MEDICAL, true },
    { "Trust Grade Doctor", NULL, ROW_OTHER_MEDICAL, true },
    { "Clinical Assistant", NULL, ROW_OTHER_MEDICAL, true },
    { "Hospital Practitioner", NULL, ROW_OTHER_MEDICAL, true },
    /* not recognised */
    { "", NULL, ROW_OTHER, false }, { "   ", NULL, ROW_OTHER, false }, { NULL, NULL, ROW_OTHER, false },
    { "Band 8", NULL, ROW_OTHER, false }, { "Band 10", NULL, ROW_OTHER, false },
    { "Band 0", NULL, ROW_OTHER, false }, { "Band", NULL, ROW_OTHER, false },
    { "Band A", NULL, ROW_OTHER, false }, { "XR08", NULL, ROW_OTHER, false },
    { "Nurse Consultant", NULL, ROW_OTHER, false }, { "Clinical Nurse Specialist", NULL, ROW_OTHER, false },
    { "Trainee Clinical Psychologist", NULL, ROW_OTHER, false }, { "Apprentice", NULL, ROW_OTHER, false },
    { "Non-Executive Director", NULL, ROW_OTHER, false }, { "Grade E", NULL, ROW_OTHER, false },
    { "Martian", NULL, ROW_OTHER, false }, { "ST9", NULL, ROW_OTHER, false },
    { "CT4", NULL, ROW_OTHER, false }, { "5 6", NULL, ROW_OTHER, false },
    /* occupation code: medical codes start 0, 1, 2, 8 or 9 */
    { "Clinical Fellow", "210", ROW_OTHER_MEDICAL, true }, { "Something", "210", ROW_OTHER_MEDICAL, true },
    { "Something", "010", ROW_OTHER_MEDICAL, true }, { "Something", "1AB", ROW_OTHER_MEDICAL, true },
    { "Something", "8", ROW_OTHER_MEDICAL, true }, { "Something", " 910", ROW_OTHER_MEDICAL, true },
    { "", "010", ROW_OTHER_MEDICAL, true }, { "Band 5", "210", ROW_BAND_5, true },
    { "Consultant", "210", ROW_CONSULTANT, true },
    { "Something", "N2A", ROW_OTHER, false }, { "Something", "S01", ROW_OTHER, false },
    { "Something", "3AB", ROW_OTHER, false }, { "Something", "", ROW_OTHER, false },
    { "", "G01", ROW_OTHER, false },
};

struct group_case {
    const char *in;
    bool clinical;
    bool recognised;
};

static const struct group_case group_cases[] = {
    { "Administrative and Clerical", false, true }, { "Administrative & Clerical", false, true },
    { "ADMINISTRATIVE AND CLERICAL", false, true }, { "Admin & Clerical", false, true },
    { "Administrative and Cleric", false, true }, { "Administrative&Clerical", false, true },
    { "Estates and Ancillary", false, true }, { "Estates & Ancillary", false, true },
    { "  Estates  and   Ancillary ", false, true },
    { "Add Prof Scientific and Technic", true, true }, { "Add Prof Scientific & Technical", true, true },
    { "Additional Professional Scientific and Technical", true, true },
    { "Additional Clinical Services", true, true }, { "Allied Health Professionals", true, true },
    { "Healthcare Scientists", true, true }, { "Medical and Dental", true, true },
    { "Medical & Dental", true, true }, { "Nursing and Midwifery Registered", true, true },
    { "Nursing & Midwifery Registered", true, true },
    { "Nursing and Midwifery Registered|Staff Nurse", true, true }, { "Students", true, true },
    { "010 Medical and Dental", true, true },
    { "Ambulance Staff", true, false }, { "", true, false }, { NULL, true, false },
    { "Martian", true, false }, { "Admin", true, false },
};

struct bank_case {
    const char *in;
    bool bank;
};

static const struct bank_case bank_cases[] = {
    { "Bank", true }, { "bank", true }, { "BANK", true }, { "Bank Staff", true },
    { "Bank - Nursing", true }, { "Bank/Casual", true }, { " Bank ", true },
    { "Permanent", false }, { "Fixed Term Temp", false }, { "Locum", false }, { "Honorary", false },
    { "", false }, { NULL, false }, { "Bankside", false }, { "Non Bank", false },
};

static const char *show(const char *s)
{
    return s ? s : "(null)";
}

static void test_ethnicity_table(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < N_ELEMS(eth_cases); i++) {
        const struct eth_case *c = &eth_cases[i];
        enum eth_detail d = DET_N;
        bool r = vocab_ethnicity(NULL, c->in, &d);
        if (d != c->want || r != c->recognised) {
            print_error("ethnicity \"%s\": got %s/%d, want %s/%d\n", show(c->in),
                        vocab_eth_detail_name(d), r, vocab_eth_detail_name(c->want), c->recognised);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void test_disability_table(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < N_ELEMS(dis_cases); i++) {
        const struct dis_case *c = &dis_cases[i];
        enum dis_group g = DIS_N_GROUPS;
        bool r = vocab_disability(NULL, c->in, &g);
        if (g != c->want || r != c->recognised) {
            print_error("disability \"%s\": got %s/%d, want %s/%d\n", show(c->in),
                        vocab_dis_group_name(g), r, vocab_dis_group_name(c->want), c->recognised);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void test_band_table(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < N_ELEMS(band_cases); i++) {
        const struct band_case *c = &band_cases[i];
        enum afc_row row = ROW_N;
        bool r = vocab_band(NULL, c->in, c->occupation, &row);
        if (row != c->want || r != c->recognised) {
            print_error("band \"%s\" (occupation %s): got %s/%d, want %s/%d\n", show(c->in),
                        show(c->occupation), vocab_row_name(row), r, vocab_row_name(c->want),
                        c->recognised);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void test_staff_group_table(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < N_ELEMS(group_cases); i++) {
        const struct group_case *c = &group_cases[i];
        bool clinical = !c->clinical;
        bool r = vocab_clinical(NULL, c->in, &clinical);
        if (clinical != c->clinical || r != c->recognised) {
            print_error("staff group \"%s\": got %d/%d, want %d/%d\n", show(c->in), clinical, r,
                        c->clinical, c->recognised);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void test_bank_table(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < N_ELEMS(bank_cases); i++) {
        const struct bank_case *c = &bank_cases[i];
        if (vocab_is_bank(NULL, c->in) != c->bank) {
            print_error("bank \"%s\": want %d\n", show(c->in), c->bank);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------ */
/* Names, groups and clusters                                           */

static void test_eth_groups_and_names(void **state)
{
    (void)state;
    static const enum eth_group want[DET_N] = {
        ETH_WHITE, ETH_BME, ETH_BME, ETH_BME, ETH_BME, ETH_BME, ETH_UNKNOWN
    };
    static const char *const names[DET_N] = {
        "White", "Asian", "Black", "Mixed", "Chinese", "Other", "Unknown"
    };
    for (int d = 0; d < DET_N; d++) {
        assert_int_equal(vocab_eth_group((enum eth_detail)d), want[d]);
        assert_string_equal(vocab_eth_detail_name((enum eth_detail)d), names[d]);
    }
    assert_string_equal(vocab_eth_group_name(ETH_WHITE), "White");
    assert_string_equal(vocab_eth_group_name(ETH_BME), "BME");
    assert_string_equal(vocab_eth_group_name(ETH_UNKNOWN), "Unknown");
    assert_string_equal(vocab_dis_group_name(DIS_DISABLED), "Disabled");
    assert_string_equal(vocab_dis_group_name(DIS_NON_DISABLED), "Non-disabled");
    assert_string_equal(vocab_dis_group_name(DIS_UNKNOWN), "Unknown");
}

static void test_rows_and_clusters(void **state)
{
    (void)state;
    static const struct {
        enum afc_row row;
        const char *name;
        int cluster;
        bool medical;
    } rows[] = {
        { ROW_UNDER_1, "Under Band 1", 1, false }, { ROW_BAND_1, "Band 1", 1, false },
        { ROW_BAND_2, "Band 2", 1, false }, { ROW_BAND_3, "Band 3", 1, false },
        { ROW_BAND_4, "Band 4", 1, false }, { ROW_BAND_5, "Band 5", 2, false },
        { ROW_BAND_6, "Band 6", 2, false }, { ROW_BAND_7, "Band 7", 2, false },
        { ROW_BAND_8A, "Band 8A", 3, false }, { ROW_BAND_8B, "Band 8B", 3, false },
        { ROW_BAND_8C, "Band 8C", 4, false }, { ROW_BAND_8D, "Band 8D", 4, false },
        { ROW_BAND_9, "Band 9", 4, false }, { ROW_VSM, "VSM", 4, false },
        { ROW_CONSULTANT, "Consultant", 5, true },
        { ROW_NON_CONSULTANT, "Non-consultant career grade", 6, true },
        { ROW_TRAINEE, "Trainee grade", 7, true }, { ROW_OTHER_MEDICAL, "Other medical", 0, true },
        { ROW_OTHER, "Other", 0, false },
    };
    assert_int_equal(N_ELEMS(rows), ROW_N);
    for (size_t i = 0; i < N_ELEMS(rows); i++) {
        assert_int_equal(rows[i].row, (int)i);
        assert_string_equal(vocab_row_name(rows[i].row), rows[i].name);
        assert_int_equal(vocab_cluster(rows[i].row), rows[i].cluster);
        assert_int_equal(vocab_row_is_medical(rows[i].row), rows[i].medical);
        /* every row name reads back as its own row */
        enum afc_row back = ROW_N;
        bool r = vocab_band(NULL, rows[i].name, NULL, &back);
        if (rows[i].row != ROW_OTHER) {
            assert_true(r);
            assert_int_equal(back, rows[i].row);
        }
    }
    assert_string_equal(vocab_cluster_name(0), "Other");
    assert_string_equal(vocab_cluster_name(1), "Cluster 1 (Bands 1-4)");
    assert_string_equal(vocab_cluster_name(2), "Cluster 2 (Bands 5-7)");
    assert_string_equal(vocab_cluster_name(3), "Cluster 3 (Bands 8a-8b)");
    assert_string_equal(vocab_cluster_name(4), "Cluster 4 (Bands 8c-9 and VSM)");
    assert_string_equal(vocab_cluster_name(5), "Cluster 5 (Medical consultants)");
    assert_string_equal(vocab_cluster_name(6), "Cluster 6 (Non-consultant career grades)");
    assert_string_equal(vocab_cluster_name(7), "Cluster 7 (Medical trainee grades)");
    assert_string_equal(vocab_cluster_name(8), "Other");
    assert_string_equal(vocab_cluster_name(-1), "Other");
}

/* ------------------------------------------------------------------ */
/* Normalisation and long input                                         */

static void test_normalise(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(vocab_normalise(buf, sizeof buf, "  Band   5 "), "band 5");
    assert_string_equal(vocab_normalise(buf, sizeof buf, "\tWhite -British\r\n"), "white -british");
    assert_string_equal(vocab_normalise(buf, sizeof buf, "\xC2\xA0" "A\xC2\xA0\xC2\xA0White"), "a white");
    assert_string_equal(vocab_normalise(buf, sizeof buf, "Caf\xC3\xA9 X"), "caf\xC3\xA9 x");
    assert_string_equal(vocab_normalise(buf, sizeof buf, ""), "");
    assert_string_equal(vocab_normalise(buf, sizeof buf, "   "), "");
    assert_string_equal(vocab_normalise(buf, sizeof buf, NULL), "");
    assert_string_equal(vocab_normalise(buf, 6, "ABCDEFGH"), "abcde");
    assert_string_equal(vocab_normalise(buf, 6, "AB    CDEFGH"), "ab cd");
    assert_string_equal(vocab_normalise(buf, 1, "ABC"), "");
}

static void test_long_input(void **state)
{
    (void)state;
    size_t n = 100000;
    char *s = malloc(n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        s[i] = (i % 7 == 0) ? ' ' : 'x';
    s[n] = '\0';
    enum eth_detail d;
    enum dis_group g;
    enum afc_row row;
    bool clinical;
    assert_false(vocab_ethnicity(NULL, s, &d));
    assert_false(vocab_disability(NULL, s, &g));
    assert_false(vocab_band(NULL, s, NULL, &row));
    assert_false(vocab_clinical(NULL, s, &clinical));
    assert_false(vocab_is_bank(NULL, s));
    /* the start of a long value still decides */
    memcpy(s, "A White ", 8);
    assert_true(vocab_ethnicity(NULL, s, &d));
    assert_int_equal(d, DET_WHITE);
    memcpy(s, "Band 5  ", 8);
    assert_true(vocab_band(NULL, s, NULL, &row));
    assert_int_equal(row, ROW_BAND_5);
    free(s);
}

/* ------------------------------------------------------------------ */
/* Trust vocabulary files                                               */

struct tmp {
    char dir[64];
    char path[256];
};

static int tmp_setup(void **state)
{
    struct tmp *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    strcpy(t->dir, "/tmp/test_vocab.XXXXXX");
    if (!mkdtemp(t->dir)) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static int tmp_teardown(void **state)
{
    struct tmp *t = *state;
    rmdir(t->dir);
    free(t);
    return 0;
}

/* Write TEXT to DIR/NAME; returns the path (in T, valid until the next call). */
static const char *write_file(struct tmp *t, const char *name, const char *text)
{
    snprintf(t->path, sizeof t->path, "%s/%s", t->dir, name);
    FILE *f = fopen(t->path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
    return t->path;
}

static void remove_file(struct tmp *t, const char *name)
{
    snprintf(t->path, sizeof t->path, "%s/%s", t->dir, name);
    unlink(t->path);
}

static const char trust_csv[] =
    "\xEF\xBB\xBF" "Kind , Value,Meaning \r\n"
    "ethnicity,White - English,A\r\n"
    "ethnicity,\"Asian, other\",L\r\n"
    "ethnicity,Martian,Unknown\r\n"
    "ethnicity,99,Other\r\n"
    "ethnicity,Scottish Borders,white\r\n"
    "\r\n"
    "disability,Has a disability,Yes\r\n"
    "disability,No disability declared,Unknown\r\n"
    "band,Band 5 (AfC),Band 5\r\n"
    "band,Nursing Grade E,band 5\r\n"
    "band,Agency,Other\r\n"
    "band,Grade X,Non-consultant career grade\r\n"
    "band,Band 7,Band 8A\r\n"
    "band,Senior Grade,band 8 - range c\r\n"
    "staff_group,Ambulance Staff,clinical\r\n"
    "Staff Group,Estates & Facilities,Non-Clinical\r\n"
    "category,Bank Nurse,bank\r\n"
    "category,NHSP,Bank\r\n"
    "category,Bank Holiday Cover,substantive\r\n";

static void test_load_trust_file(void **state)
{
    struct tmp *t = *state;
    struct vocab *v = NULL;
    struct wq_error err = { 0, "" };
    const char *path = write_file(t, "trust.csv", trust_csv);
    assert_int_equal(vocab_load(&v, path, &err), WQ_OK);
    assert_non_null(v);

    enum eth_detail d;
    assert_true(vocab_ethnicity(v, "White - English", &d));
    assert_int_equal(d, DET_WHITE);
    assert_true(vocab_ethnicity(v, " white-english ", &d));
    assert_int_equal(d, DET_WHITE);
    assert_true(vocab_ethnicity(v, "Asian, Other", &d));
    assert_int_equal(d, DET_ASIAN);
    assert_true(vocab_ethnicity(v, "Martian", &d)); /* now a known "not stated" */
    assert_int_equal(d, DET_UNKNOWN);
    assert_true(vocab_ethnicity(v, "99", &d)); /* the trust overrides a built-in code */
    assert_int_equal(d, DET_OTHER);
    assert_true(vocab_ethnicity(v, "Scottish Borders", &d));
    assert_int_equal(d, DET_WHITE);
    assert_true(vocab_ethnicity(v, "PC Black Nigerian", &d)); /* built-ins still apply */
    assert_int_equal(d, DET_BLACK);
    assert_false(vocab_ethnicity(v, "Venusian", &d));

    enum dis_group g;
    assert_true(vocab_disability(v, "Has a disability", &g));
    assert_int_equal(g, DIS_DISABLED);
    assert_true(vocab_disability(v, "No disability declared", &g));
    assert_int_equal(g, DIS_UNKNOWN);
    assert_true(vocab_disability(v, "No", &g));
    assert_int_equal(g, DIS_NON_DISABLED);

    enum afc_row row;
    assert_true(vocab_band(v, "Band 5 (AfC)", NULL, &row));
    assert_int_equal(row, ROW_BAND_5);
    assert_true(vocab_band(v, "nursing grade e", NULL, &row));
    assert_int_equal(row, ROW_BAND_5);
    assert_true(vocab_band(v, "Agency", NULL, &row));
    assert_int_equal(row, ROW_OTHER);
    assert_true(vocab_band(v, "Grade X", NULL, &row));
    assert_int_equal(row, ROW_NON_CONSULTANT);
    assert_true(vocab_band(v, "Band 7", NULL, &row));
    assert_int_equal(row, ROW_BAND_8A);
    assert_true(vocab_band(v, "Senior Grade", NULL, &row));
    assert_int_equal(row, ROW_BAND_8C);
    assert_true(vocab_band(v, "Band 6", NULL, &row));
    assert_int_equal(row, ROW_BAND_6);

    bool clinical;
    assert_true(vocab_clinical(v, "Ambulance Staff", &clinical));
    assert_true(clinical);
    assert_true(vocab_clinical(v, "Estates and Facilities", &clinical));
    assert_false(clinical);
    assert_true(vocab_clinical(v, "Administrative and Clerical", &clinical));
    assert_false(clinical);

    assert_true(vocab_is_bank(v, "Bank Nurse"));
    assert_true(vocab_is_bank(v, "nhsp"));
    assert_false(vocab_is_bank(v, "Bank Holiday Cover"));
    assert_true(vocab_is_bank(v, "Bank"));
    assert_false(vocab_is_bank(v, "Permanent"));

    vocab_destroy(v);
    remove_file(t, "trust.csv");
}

static void test_load_second_file_overrides(void **state)
{
    struct tmp *t = *state;
    struct vocab *v = NULL;
    struct wq_error err = { 0, "" };
    enum eth_detail d;
    enum afc_row row;

    assert_int_equal(vocab_load(&v, write_file(t, "a.csv",
                                               "kind,value,meaning\n"
                                               "ethnicity,White - English,A\n"
                                               "ethnicity,Kernow,A\n"
                                               "band,Grade E,Band 5\n"
                                               "band,Grade E,Band 6\n"), /* later line wins */
                                &err), WQ_OK);
    /* columns in another order, no final newline */
    assert_int_equal(vocab_load(&v, write_file(t, "b.csv",
                                               "meaning,kind,value\n"
                                               "S,ethnicity,White - English\n"
                                               "Band 7,band,\"Grade, F\""),
                                &err), WQ_OK);
    assert_true(vocab_ethnicity(v, "White - English", &d));
    assert_int_equal(d, DET_OTHER);
    assert_true(vocab_ethnicity(v, "Kernow", &d));
    assert_int_equal(d, DET_WHITE);
    assert_true(vocab_band(v, "Grade E", NULL, &row));
    assert_int_equal(row, ROW_BAND_6);
    assert_true(vocab_band(v, "grade, f", NULL, &row));
    assert_int_equal(row, ROW_BAND_7);

    /* a failing third file leaves the vocabulary as it was */
    assert_int_equal(vocab_load(&v, write_file(t, "c.csv",
                                               "kind,value,meaning\n"
                                               "ethnicity,Kernow,S\n"
                                               "ethnicity,Pluto,QQ\n"),
                                &err), WQ_EDATA);
    assert_non_null(v);
    assert_true(vocab_ethnicity(v, "Kernow", &d));
    assert_int_equal(d, DET_WHITE);

    vocab_destroy(v);
    remove_file(t, "a.csv");
    remove_file(t, "b.csv");
    remove_file(t, "c.csv");
}

/* Load TEXT as NAME and expect CODE with every string of the NULL-terminated
 * list in the message; *V must stay NULL. */
static void expect_load_error(struct tmp *t, const char *name, const char *text, int code, ...)
{
    struct vocab *v = NULL;
    struct wq_error err = { 0, "" };
    const char *path = write_file(t, name, text);
    assert_int_equal(vocab_load(&v, path, &err), code);
    assert_int_equal(err.code, code);
    assert_null(v);
    assert_non_null(strstr(err.msg, name));
    va_list ap;
    va_start(ap, code);
    for (const char *want = va_arg(ap, const char *); want; want = va_arg(ap, const char *)) {
        if (!strstr(err.msg, want))
            fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
    }
    va_end(ap);
    remove_file(t, name);
}

static void test_load_errors(void **state)
{
    struct tmp *t = *state;
    expect_load_error(t, "kind.csv",
                      "kind,value,meaning\n"
                      "ethnicity,White - English,A\n"
                      "colour,Red,A\n",
                      WQ_EDATA, "kind.csv:3: ", "column 'kind'", "colour", NULL);
    expect_load_error(t, "meaning.csv",
                      "Kind,Value,Meaning\n"
                      "ethnicity,Pluto,QQ\n",
                      WQ_EDATA, "meaning.csv:2: ", "column 'Meaning'", "QQ", NULL);
    expect_load_error(t, "bandmeaning.csv",
                      "kind,value,meaning\n"
                      "band,Grade E,Band 11\n",
                      WQ_EDATA, "bandmeaning.csv:2: ", "column 'meaning'", NULL);
    expect_load_error(t, "sgmeaning.csv",
                      "kind,value,meaning\n"
                      "staff_group,Porters,maybe\n",
                      WQ_EDATA, "sgmeaning.csv:2: ", "column 'meaning'", NULL);
    expect_load_error(t, "blankmeaning.csv",
                      "kind,value,meaning\n"
                      "category,Casual,\n",
                      WQ_EDATA, "blankmeaning.csv:2: ", "column 'meaning'", NULL);
    /* a quoted newline and a blank line do not upset line numbers */
    expect_load_error(t, "lines.csv",
                      "kind,value,meaning\n"
                      "ethnicity,\"Two\nlines\",A\n"
                      "\n"
                      "shoe size,9,A\n",
                      WQ_EDATA, "lines.csv:5: ", "column 'kind'", NULL);
    expect_load_error(t, "header.csv",
                      "kind,value,mapping\n"
                      "ethnicity,White - English,A\n",
                      WQ_EDATA, "header.csv:1: ", "missing column 'meaning'", NULL);
    expect_load_error(t, "fields.csv",
                      "kind,value,meaning\n"
                      "ethnicity,White - English\n",
                      WQ_EDATA, "fields.csv:2: ", "expected 3 fields", NULL);
    expect_load_error(t, "quote.csv",
                      "kind,value,meaning\n"
                      "ethnicity,\"White - English,A\n",
                      WQ_EDATA, "quote.csv:2: ", "unbalanced quotes", NULL);
    expect_load_error(t, "strict.csv",
                      "kind,value,meaning\n"
                      "ethnicity,Wh\"ite,A\n",
                      WQ_EDATA, "strict.csv:2: ", "malformed", NULL);
    expect_load_error(t, "empty.csv", "", WQ_EDATA, "empty", NULL);
}

static void test_load_missing_file(void **state)
{
    struct tmp *t = *state;
    struct vocab *v = NULL;
    struct wq_error err = { 0, "" };
    snprintf(t->path, sizeof t->path, "%s/no-such-file.csv", t->dir);
    assert_int_equal(vocab_load(&v, t->path, &err), WQ_ENOINPUT);
    assert_int_equal(err.code, WQ_ENOINPUT);
    assert_null(v);
    assert_non_null(strstr(err.msg, "cannot open"));
    assert_non_null(strstr(err.msg, "no-such-file.csv"));
    assert_non_null(strstr(err.msg, "No such file"));
}

static void test_null_vocab(void **state)
{
    (void)state;
    vocab_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ethnicity_table),
        cmocka_unit_test(test_disability_table),
        cmocka_unit_test(test_band_table),
        cmocka_unit_test(test_staff_group_table),
        cmocka_unit_test(test_bank_table),
        cmocka_unit_test(test_eth_groups_and_names),
        cmocka_unit_test(test_rows_and_clusters),
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_long_input),
        cmocka_unit_test(test_load_trust_file),
        cmocka_unit_test(test_load_second_file_overrides),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_load_missing_file),
        cmocka_unit_test(test_null_vocab),
    };
    return cmocka_run_group_tests(tests, tmp_setup, tmp_teardown);
}
