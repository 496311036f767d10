/* gen_staff.c: a national-scale ESR staff-in-post extract and its leavers
 * extract, for the benchmark (tools/bench/README.md).
 *
 *   gen_staff N STAFF.csv LEAVERS.csv [SEED]
 *
 * writes N staff-in-post rows (the header of fixtures/2019/staff-in-post-
 * 2019-03-31.csv) and about 0.13 N leaver rows (the same columns plus
 * Termination Date and Leaving Reason). Deterministic: the same N and SEED
 * (default 2019) give byte-identical files; nothing depends on the clock.
 * Everything is synthetic: no names, employee numbers are made up.
 *
 * Shape, per row of the staff file:
 *   - about 5% are second assignments (a later row for an Employee Number
 *     already written, Primary Assignment No, Assignment Number NNN-2,
 *     sometimes in another Org L3); a few pairs have no primary flag at all
 *     and are decided by Contracted Wte, and in some the primary row comes
 *     second;
 *   - about 3% are bank rows (Assignment Category Bank / Bank Staff), some
 *     people bank-only, some with a bank second assignment;
 *   - Org L3: 200 directorates of 8 made-up trusts (code + name, some with a
 *     comma and so quoted), sizes skewed (a few large, many small);
 *   - Org L4: a cost centre and a department name (gives the realistic
 *     width: about 175 bytes a row, 260 MB at 1.5 million rows);
 *   - ethnic origin in ESR spellings (code and description) with roughly
 *     the national NHS mix; disability Yes/No/Not Declared/...; AfC bands
 *     as "Band 5", "Band 8a"/"Band 8A", "NHS|XR05|Review Body Band 5",
 *     "Apprentice/Band 1", VSM; medical grades with medical occupation codes.
 * Leavers: distinct people (they are no longer in post), about 3% of them
 * with two leaver rows, Termination Date DD/MM/YYYY in 2018/19 (about 1% just
 * outside the year, to exercise --year), Leaving Reason from ESR's list. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Deterministic random numbers: splitmix64.                            */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint32_t below(uint32_t n)
{
    return (uint32_t)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

/* True with probability per-mille PM. */
static int chance(unsigned pm)
{
    return below(1000) < pm;
}

/* A weighted choice: weights are integers, cumulative table built once. */
struct wtab {
    const char *const *names;
    const unsigned *w;
    size_t n;
    uint32_t total;
};

static size_t pick(const struct wtab *t)
{
    uint32_t x = below(t->total);
    for (size_t i = 0; i < t->n; i++) {
        if (x < t->w[i])
            return i;
        x -= t->w[i];
    }
    return t->n - 1;
}

static void wtab_init(struct wtab *t, const char *const *names, const unsigned *w, size_t n)
{
    t->names = names;
    t->w = w;
    t->n = n;
    t->total = 0;
    for (size_t i = 0; i < n; i++)
        t->total += w[i];
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Vocabularies, with weights (per 10,000 or relative).                  */

/* Ethnic origin: roughly the NHS workforce (about 75% White, 10% Asian,
 * 7% Black, 2% Mixed, 1% Chinese, 2% Other, 4% not stated). */
static const char *const eth_names[] = {
    "A White - British", "B White - Irish", "C White - Any other White background",
    "C2 White Northern Irish", "C3 White Unspecified", "CA White English", "CB White Scottish",
    "CC White Welsh", "CF White Greek", "CK White Italian", "CP White Polish",
    "CY White Other European", "CL White Irish Traveller",
    "D Mixed - White & Black Caribbean", "E Mixed - White & Black African",
    "F Mixed - White & Asian", "G Mixed - Any other mixed background",
    "GF Mixed - Other/Unspecified",
    "H Asian or Asian British - Indian", "J Asian or Asian British - Pakistani",
    "K Asian or Asian British - Bangladeshi",
    "L Asian or Asian British - Any other Asian background", "LE Asian Sri Lankan",
    "LH Asian British", "LK Asian Unspecified", "LB Asian Punjabi",
    "M Black or Black British - Caribbean", "N Black or Black British - African",
    "P Black or Black British - Any other Black background", "PC Black Nigerian",
    "PD Black British", "PA Black Somali", "PE Black Unspecified",
    "R Chinese", "S Any Other Ethnic Group", "SC Filipino", "SE Other Specified",
    "Z Not Stated", "99 Not Known", "", "Not Stated",
};
static const unsigned eth_w[] = {
    6000, 250, 700, 40, 150, 40, 40, 30, 20, 30, 60, 60, 5,
    60, 50, 60, 40, 10,
    450, 150, 60, 150, 40, 30, 20, 20,
    180, 350, 80, 60, 40, 20, 20,
    100, 150, 60, 20,
    250, 40, 60, 20,
};

static const char *const dis_names[] = {
    "No", "Yes", "Not Declared", "Unspecified", "Prefer Not To Answer", "",
};
static const unsigned dis_w[] = {6300, 400, 1800, 800, 400, 300};

/* AfC bands (non-medical staff). */
static const char *const band_names[] = {
    "Apprentice/Band 1", "Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7",
    "Band 8a", "Band 8A", "Band 8b", "Band 8B", "Band 8c", "Band 8d", "Band 9", "VSM",
    "NHS|XR02|Review Body Band 2", "NHS|XR03|Review Body Band 3",
    "NHS|XR04|Review Body Band 4", "NHS|XR05|Review Body Band 5",
    "NHS|XR06|Review Body Band 6", "NHS|XR07|Review Body Band 7",
    "NHS|XR08A|Review Body Band 8 - Range A", "Under Band 1", "Very Senior Manager",
};
static const unsigned band_w[] = {
    60, 700, 1300, 700, 1500, 1500, 900, 220, 150, 120, 60, 70, 30, 15, 10,
    150, 250, 150, 300, 300, 150, 40, 5, 5,
};

/* Medical and dental grades. */
static const char *const med_names[] = {
    "Consultant", "Specialty Doctor", "Associate Specialist", "Staff Grade",
    "Foundation Year 1", "Foundation Year 2", "Specialty Registrar", "Core Training",
    "Speciality Registrar", "Clinical Fellow", "Trust Grade Doctor", "Specialist",
};
static const unsigned med_w[] = {3500, 900, 200, 50, 700, 700, 2400, 900, 200, 300, 100, 50};

/* Staff groups (medical and dental handled apart). */
static const char *const sg_names[] = {
    "Nursing and Midwifery Registered", "Additional Clinical Services",
    "Administrative and Clerical", "Allied Health Professionals",
    "Add Prof Scientific and Technic", "Estates and Ancillary", "Healthcare Scientists",
    "Students",
};
static const unsigned sg_w[] = {2600, 2100, 2200, 1100, 500, 800, 250, 50};
static const char sg_occ_letter[] = {'N', 'H', 'G', 'S', 'S', 'G', 'S', 'N'};

static const char *const cat_names[] = {"Permanent", "Fixed Term Temp"};
static const unsigned cat_w[] = {900, 100};

static const char *const reason_names[] = {
    "Voluntary Resignation - Relocation", "Voluntary Resignation - Work Life Balance",
    "Voluntary Resignation - Promotion", "Voluntary Resignation - Health",
    "Voluntary Resignation - Lack of Opportunities", "Voluntary Resignation - Other/Not Known",
    "Retirement Age", "Retirement - Ill Health", "Flexi Retirement",
    "End of Fixed Term Contract", "End of Fixed Term Contract - External Rotation",
    "End of Fixed Term Contract - Completion of Training Scheme",
    "End of Fixed Term Contract - End of Work Requirement", "Employee Transfer",
    "Dismissal - Capability", "Dismissal - Conduct",
    "Dismissal - Some Other Substantial Reason", "Dismissal - Statutory Reason",
    "Mutually Agreed Resignation - Local Scheme with Repayment", "Redundancy - Compulsory",
    "Redundancy - Voluntary", "Death in Service", "Has Not Worked",
    "Merged Organisation - Duplicate Record",
};
static const unsigned reason_w[] = {
    1300, 1200, 600, 200, 250, 500, 700, 100, 120, 350, 400, 300, 80, 900,
    120, 90, 30, 10, 70, 20, 40, 60, 80, 40,
};

static const char *const fte_names[] = {
    "1", "0.8", "0.6", "0.5", "0.4", "0.9", "0.75", "0.53", "0.2", "0.27", "0.13", "0",
};
static const unsigned fte_w[] = {620, 90, 75, 55, 40, 30, 20, 15, 10, 8, 7, 5};

/* Org L3: 8 made-up trusts x 25 directorates = 200 distinct values. */
static const char *const trusts[] = {"RA1", "RB2", "RC3", "RD4", "RE5", "RF6", "RG7", "RH8"};
static const char *const directorates[] = {
    "Division of Medicine", "Division of Surgery, Anaesthetics and Critical Care",
    "Women's and Children's Services", "Emergency Care", "Clinical Support Services",
    "Diagnostics, Imaging and Pathology", "Community Services", "Mental Health Services",
    "Estates & Facilities", "Finance & Corporate Services", "Workforce & Organisational Development",
    "Nursing, Midwifery and Quality", "Medical Director's Office", "Chief Executive's Office",
    "Pharmacy", "Cancer Services", "Cardiothoracic Services", "Neurosciences",
    "Musculoskeletal, Trauma and Orthopaedics", "Specialist Services",
    "Digital and Information Services", "Research & Development", "Education and Training",
    "Operations Directorate", "Strategy & Transformation",
};
#define N_L3 (COUNT(trusts) * COUNT(directorates))

static const char *const depts[] = {
    "Acute Medical Unit", "Ward 7B Respiratory Medicine", "Theatres Recovery",
    "Critical Care Unit", "Emergency Department Majors", "Paediatric Outpatients",
    "Maternity Delivery Suite", "Community Nursing Team North", "Community Nursing Team South",
    "Radiology Department", "Pathology Blood Sciences", "Pharmacy Dispensary",
    "Estates Maintenance", "Domestic Services", "Catering Services", "Payroll Services",
    "Recruitment Team", "Medical Staffing", "Physiotherapy Outpatients",
    "Occupational Therapy Inpatients", "Cardiology Catheter Laboratory",
    "Oncology Day Unit", "Haematology Ward", "Stroke Rehabilitation Unit",
    "Elderly Care Ward 12", "Orthopaedic Ward 4", "Endoscopy Unit", "Renal Dialysis Unit",
    "Health Records", "Patient Access Centre", "Information Governance",
    "Learning and Development", "Neonatal Intensive Care Unit", "Sexual Health Clinic",
};

/* ------------------------------------------------------------------ */
/* Output.                                                              */

static FILE *out;

static void put_field(const char *s, int last)
{
    if (strpbrk(s, ",\"\n")) {
        fputc('"', out);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                fputc('"', out);
            fputc(*p, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    fputc(last ? '\n' : ',', out);
}

/* Employee numbers: a bijection of the person index onto 26-bit numbers,
 * offset to 8 digits, so numbers are unique and in no useful order. */
static uint32_t emp_number(uint32_t i)
{
    uint32_t m = (1u << 26) - 1;
    uint32_t y = (i * 2654435761u) & m;
    y ^= y >> 13;
    y = (y * 2246822519u) & m;
    y ^= y >> 11;
    return 20000000u + y;
}

/* One assignment. */
struct asg {
    uint32_t emp;
    int second;           /* 1: Assignment Number NNN-2 */
    const char *primary;  /* "Yes", "No", "" */
    size_t l3, l4;        /* indices */
    const char *eth, *dis, *band, *sg, *cat, *fte;
    char occ[4];
};

/* Org L3 sizes: skewed, a few large and many small. */
static unsigned l3_w[N_L3];
static struct wtab l3_tab;
static struct wtab eth_tab, dis_tab, band_tab, med_tab, sg_tab, cat_tab, reason_tab, fte_tab;

static void write_asg(const struct asg *a, const char *term, const char *reason)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%u", (unsigned)a->emp);
    put_field(buf, 0);
    snprintf(buf, sizeof buf, a->second ? "%u-2" : "%u", (unsigned)a->emp);
    put_field(buf, 0);
    put_field(a->primary, 0);
    char l3[128];
    snprintf(l3, sizeof l3, "%s %s", trusts[a->l3 / COUNT(directorates)],
             directorates[a->l3 % COUNT(directorates)]);
    put_field(l3, 0);
    snprintf(buf, sizeof buf, "%s%03u%02u %s %06u",
             trusts[a->l3 / COUNT(directorates)], (unsigned)(a->l3 % COUNT(directorates)),
             (unsigned)(a->l4 % 100), depts[a->l4 % COUNT(depts)],
             (unsigned)(a->l3 * 1000 + a->l4));
    put_field(buf, 0);
    put_field(a->eth, 0);
    put_field(a->dis, 0);
    put_field(a->band, 0);
    put_field(a->sg, 0);
    put_field(a->occ, 0);
    put_field(a->cat, 0);
    put_field(a->fte, term == NULL);
    if (term) {
        put_field(term, 0);
        put_field(reason, 1);
    }
}

/* A fresh person's first assignment. */
static void new_person(struct asg *a, uint32_t emp)
{
    memset(a, 0, sizeof *a);
    a->emp = emp;
    a->primary = chance(3) ? "" : "Yes";
    a->l3 = pick(&l3_tab);
    a->l4 = below(60);
    a->eth = eth_names[pick(&eth_tab)];
    a->dis = dis_names[pick(&dis_tab)];
    a->cat = cat_names[pick(&cat_tab)];
    a->fte = fte_names[pick(&fte_tab)];
    if (chance(90)) { /* medical and dental */
        a->sg = "Medical and Dental";
        a->band = med_names[pick(&med_tab)];
        snprintf(a->occ, sizeof a->occ, "%c%02u", "0128"[below(4)], (unsigned)below(100));
    } else {
        size_t g = pick(&sg_tab);
        a->sg = sg_names[g];
        a->band = band_names[pick(&band_tab)];
        snprintf(a->occ, sizeof a->occ, "%c%u%c", sg_occ_letter[g], 1 + (unsigned)below(9),
                 "ABCDEFGH"[below(8)]);
    }
}

/* A second assignment of the person of A: not primary, maybe elsewhere,
 * another band and hours; the same ethnic origin and disability. */
static void second_of(struct asg *b, const struct asg *a)
{
    *b = *a;
    b->second = 1;
    b->primary = a->primary[0] ? "No" : "";
    if (chance(300))
        b->l3 = pick(&l3_tab);
    b->l4 = below(60);
    if (strcmp(a->sg, "Medical and Dental") != 0 && chance(500))
        b->band = band_names[pick(&band_tab)];
    b->fte = fte_names[pick(&fte_tab)];
}

/* Second rows are written some rows after the first: a ring of pending
 * rows indexed by the row at which each falls due. */
#define RING 4096
struct pending {
    int used;
    struct asg a;
    char term[24];
    const char *reason;
};
static struct pending ring[RING];

static void flush_due(unsigned long row)
{
    struct pending *p = &ring[row % RING];
    if (p->used) {
        write_asg(&p->a, p->term[0] ? p->term : NULL, p->reason);
        p->used = 0;
    }
}

/* Queue A to be written DELAY rows from ROW (at once when the slot is taken). */
static void defer(unsigned long row, unsigned delay, const struct asg *a, const char *term,
                  const char *reason)
{
    struct pending *p = &ring[(row + delay) % RING];
    if (p->used || delay == 0) {
        write_asg(a, term, reason);
        return;
    }
    p->used = 1;
    p->a = *a;
    snprintf(p->term, sizeof p->term, "%s", term ? term : "");
    p->reason = reason;
}

static void flush_all(void)
{
    for (size_t i = 0; i < RING; i++)
        if (ring[i].used) {
            write_asg(&ring[i].a, ring[i].term[0] ? ring[i].term : NULL, ring[i].reason);
            ring[i].used = 0;
        }
}

/* A termination date: in 2018/19 (1 April 2018 to 31 March 2019), or in
 * about 1% of rows a few days outside it. */
static void term_date(char *buf, size_t size)
{
    static const int mdays[] = {30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28, 31};
    if (chance(10)) {
        if (chance(500))
            snprintf(buf, size, "%02u/03/2018", 20 + (unsigned)below(12));
        else
            snprintf(buf, size, "%02u/04/2019", 1 + (unsigned)below(10));
        return;
    }
    unsigned d = below(365), m = 0;
    while (d >= (unsigned)mdays[m]) {
        d -= (unsigned)mdays[m];
        m++;
    }
    unsigned month = (m + 3) % 12 + 1, year = m < 9 ? 2018 : 2019;
    snprintf(buf, size, "%02u/%02u/%u", d + 1, month, year);
}

static const char *header =
    "Employee Number,Assignment Number,Primary Assignment,Org L3,Org L4,Ethnic Origin,"
    "Disability Flag,Pay Band,Staff Group,Occupation Code,Assignment Category,Contracted Wte";

static int write_file(const char *path, unsigned long n_rows, int leavers, uint32_t first_person)
{
    out = fopen(path, "wb");
    if (!out) {
        perror(path);
        return 1;
    }
    static char obuf[1 << 20];
    setvbuf(out, obuf, _IOFBF, sizeof obuf);
    fputs(header, out);
    fputs(leavers ? ",Termination Date,Leaving Reason\n" : "\n", out);
    uint32_t person = first_person;
    unsigned long row = 0, flushed = 0;
    while (row < n_rows) {
        while (flushed <= row)
            flush_due(flushed++);
        struct asg a, b;
        new_person(&a, emp_number(person++));
        char term[24] = "";
        const char *reason = NULL;
        if (leavers) {
            term_date(term, sizeof term);
            reason = reason_names[pick(&reason_tab)];
        }
        /* about 1.5% of rows are bank-only people */
        if (!leavers || chance(500)) {
            if (chance(15)) {
                a.cat = chance(800) ? "Bank" : "Bank Staff";
                a.primary = "Yes";
            }
        }
        int two = leavers ? chance(30) : chance(54);
        int bank_second = !leavers && !two && chance(16);
        if (two || bank_second) {
            second_of(&b, &a);
            if (bank_second)
                b.cat = "Bank";
            /* a few pairs without a primary flag (decided by FTE), and some
             * where the primary row comes second */
            if (!bank_second && chance(40)) {
                a.primary = b.primary = "";
            } else if (!bank_second && chance(250)) {
                struct asg t = a;
                a = b;
                b = t;
                a.second = 0;
                b.second = 1;
            }
            write_asg(&a, leavers ? term : NULL, reason);
            row++;
            if (row < n_rows) {
                defer(row, 1 + below(3000), &b, leavers ? term : NULL, reason);
                row++;
            }
            continue;
        }
        write_asg(&a, leavers ? term : NULL, reason);
        row++;
    }
    flush_all();
    if (fclose(out) != 0) {
        perror(path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: gen_staff N STAFF.csv LEAVERS.csv [SEED]\n");
        return 64;
    }
    char *end;
    unsigned long n = strtoul(argv[1], &end, 10);
    if (*end || n == 0 || n > 20000000) {
        fprintf(stderr, "gen_staff: N must be 1..20000000\n");
        return 64;
    }
    unsigned long seed = argc == 5 ? strtoul(argv[4], NULL, 10) : 2019;
    rng_state = seed;

    wtab_init(&eth_tab, eth_names, eth_w, COUNT(eth_names));
    wtab_init(&dis_tab, dis_names, dis_w, COUNT(dis_names));
    wtab_init(&band_tab, band_names, band_w, COUNT(band_names));
    wtab_init(&med_tab, med_names, med_w, COUNT(med_names));
    wtab_init(&sg_tab, sg_names, sg_w, COUNT(sg_names));
    wtab_init(&cat_tab, cat_names, cat_w, COUNT(cat_names));
    wtab_init(&reason_tab, reason_names, reason_w, COUNT(reason_names));
    wtab_init(&fte_tab, fte_names, fte_w, COUNT(fte_names));
    _Static_assert(COUNT(eth_names) == COUNT(eth_w), "eth");
    _Static_assert(COUNT(dis_names) == COUNT(dis_w), "dis");
    _Static_assert(COUNT(band_names) == COUNT(band_w), "band");
    _Static_assert(COUNT(med_names) == COUNT(med_w), "med");
    _Static_assert(COUNT(sg_names) == COUNT(sg_w), "sg");
    _Static_assert(COUNT(reason_names) == COUNT(reason_w), "reason");
    _Static_assert(COUNT(fte_names) == COUNT(fte_w), "fte");
    /* Directorate sizes: Zipf-like over a shuffled order, 1/(rank+2). */
    for (size_t i = 0; i < N_L3; i++) {
        size_t rank = (i * 37 + 11) % N_L3;
        l3_w[i] = (unsigned)(100000 / (rank + 2));
    }
    wtab_init(&l3_tab, NULL, l3_w, N_L3);

    if (write_file(argv[2], n, 0, 0))
        return 1;
    /* Leavers: about 13% of N rows, people not in the staff file. */
    unsigned long n_leavers = (n * 13 + 50) / 100;
    if (n_leavers == 0)
        n_leavers = 1;
    if (write_file(argv[3], n_leavers, 1, (uint32_t)n + 1000))
        return 1;
    return 0;
}
