/* vocab.h: ESR vocabularies -> WRES/WDES groups, AfC rows and clusters.
 *
 * Every lookup normalises its input first (trim, fold ASCII case, collapse
 * runs of spaces, treat " - ", "-" and " -" around words alike: every ASCII
 * character other than a letter or digit separates words, "&" reads as
 * "and"; the UTF-8 no-break space and other Unicode spaces count as spaces,
 * Unicode dashes as dashes). A NULL value counts as blank. Only the first 255
 * bytes of the normalised value are matched. Lookups allocate nothing, keep
 * no state and are safe to call from several threads on one vocabulary. Each
 * returns whether the value was RECOGNISED: a value that means "not stated"
 * (Z, "Not Stated", blank, "Prefer not to say" ...) is recognised and maps to
 * Unknown; a value nobody knows ("Martian") is NOT recognised, also maps to
 * Unknown, and the caller counts and reports it. A trust can add spellings
 * with a vocabulary file (vocab_load), which is consulted before the
 * built-in rules. See docs/inputs.md, sections 4 and 5, for the tables. */
#ifndef WQ_VOCAB_H
#define WQ_VOCAB_H

#include <stdbool.h>
#include <stddef.h>

#include "csv_reader.h"
#include "diag.h"

/* WRES groups. Order matters: it is the column order of metric 1. */
enum eth_group { ETH_WHITE = 0, ETH_BME = 1, ETH_UNKNOWN = 2, ETH_N_GROUPS = 3 };

/* Detail categories for wres --detail (BME split in five). */
enum eth_detail {
    DET_WHITE = 0, DET_ASIAN, DET_BLACK, DET_MIXED, DET_CHINESE, DET_OTHER, DET_UNKNOWN,
    DET_N
};

/* WDES groups. */
enum dis_group { DIS_DISABLED = 0, DIS_NON_DISABLED = 1, DIS_UNKNOWN = 2, DIS_N_GROUPS = 3 };

/* Metric 1 rows (WRES template order). Bands for AfC staff, then medical and
 * dental grades; ROW_OTHER for anything unrecognised. */
enum afc_row {
    ROW_UNDER_1 = 0, ROW_BAND_1, ROW_BAND_2, ROW_BAND_3, ROW_BAND_4, ROW_BAND_5,
    ROW_BAND_6, ROW_BAND_7, ROW_BAND_8A, ROW_BAND_8B, ROW_BAND_8C, ROW_BAND_8D,
    ROW_BAND_9, ROW_VSM,
    ROW_CONSULTANT, ROW_NON_CONSULTANT, ROW_TRAINEE, ROW_OTHER_MEDICAL,
    ROW_OTHER,
    ROW_N
};

/* WDES clusters 1..7, 0 = none (ROW_OTHER). */
#define WDES_N_CLUSTERS 7

/* A trust's extra spellings, loaded from a CSV file with header
 * "kind,value,meaning" where kind is one of ethnicity, disability, band,
 * staff_group, category; meaning is an ESR ethnic origin code (A, CP, Z ...),
 * a disability answer (Yes, No, Unknown), a row name as vocab_row_name()
 * spells it ("Band 8A", "Consultant" ...), clinical / non-clinical, or
 * bank / substantive. Opaque; NULL means "built-in rules only". */
struct vocab;

/* Load FILE into *V (allocated when *V is NULL; free with vocab_destroy).
 * Errors name file:line and column (WQ_EDATA for a bad kind or meaning, a
 * missing header column, a row with the wrong number of fields or malformed
 * CSV; WQ_ENOINPUT when unreadable; WQ_EIO, WQ_ENOMEM). Later files override
 * earlier ones, and a later line an earlier one: call it again with the same
 * *V to add a second file. On error *V is left as it was before the call.
 *
 * The file is RFC 4180 CSV in UTF-8 (a byte-order mark is skipped, CRLF or
 * LF). Header names are trimmed and case-insensitive, in any order, and
 * other columns are ignored. KIND may also be spelt "ethnic origin", "staff
 * group", "pay band", "grade", "assignment category" or "contract type".
 * VALUE is matched after the same normalisation as the lookups (exactly, not
 * by prefix) and wins over the built-in rules. MEANING: for ethnicity an ESR
 * code or a detail name (White, Asian, Black, Mixed, Chinese, Other, Unknown);
 * for disability any answer vocab_disability() recognises; for band a row
 * name or any spelling vocab_band() recognises ("Other" is allowed and makes
 * the value recognised as Other). A blank MEANING is an error. */
int vocab_load(struct vocab **v, const char *path, struct wq_error *err);
/* The same, read as SRC says (--delimiter, --sheet; may be NULL). */
int vocab_load_as(struct vocab **v, const char *path, struct csv_source *src,
                  struct wq_error *err);
void vocab_destroy(struct vocab *v);
/* How many spellings V holds (0 for NULL). */
size_t vocab_n_entries(const struct vocab *v);

/* Ethnic origin. ESR "A White - British", "C3 White Unspecified",
 * "PC Black Nigerian", "A - White - British", description only
 * ("Asian or Asian British - Indian", "White -British"), "Z Not Stated".
 * Sets *DETAIL (DET_UNKNOWN when not stated or not recognised).
 * The first word is read as a code only when it has one or two characters
 * and is a code of docs/inputs.md section 4 (A, B, C, C2, C3, CA-CY, D-G, GA-GF, H, J, K, L,
 * LA-LK, M, N, P, PA-PE, R, RA-RZ, S, SA-SE; Z, X, 99 not stated); a known
 * code wins over the description after it. Otherwise the description's first
 * words decide ("Any other White background" is White, "White and Asian"
 * Mixed, "Other ethnic group" Other); an unknown code-like word ("QQ ...") is
 * not skipped, so the value is not recognised. */
bool vocab_ethnicity(const struct vocab *v, const char *s, enum eth_detail *detail);
enum eth_group vocab_eth_group(enum eth_detail d);
/* Static names: "White", "BME", "Unknown"; "White", "Asian", "Black",
 * "Mixed", "Chinese", "Other", "Unknown". */
const char *vocab_eth_group_name(enum eth_group g);
const char *vocab_eth_detail_name(enum eth_detail d);

/* Disability flag: Yes/No/Disabled/Not disabled/..., else Unknown. */
bool vocab_disability(const struct vocab *v, const char *s, enum dis_group *g);
/* Static names: "Disabled", "Non-disabled", "Unknown". */
const char *vocab_dis_group_name(enum dis_group g);

/* Pay band or medical grade -> metric 1 row. Also accepted: "Band 8 - Range A",
 * "Band 8 A", "band8a", "Below Band 1", a bare band ("5", "8a"), ESR pay
 * scale codes XR01-XR09 and XR08A-XR08D; "Band 8" with no range, "XR08" and
 * "Band 10" are not recognised. A value naming a non-medical post ("Nurse
 * Consultant", "Trainee Clinical Psychologist") is never a medical grade. "Band 5", "band 8a", "Band 8A",
 * "Apprentice/Band 1" (Band 1), "Under Band 1", "NHS|XR05|Review Body Band 5",
 * "XR05", "AfC Band 6", "VSM", "Very Senior Manager", "Executive Director";
 * medical grades: "Consultant", "Specialty Doctor", "Associate Specialist",
 * "Staff Grade", "Specialist" (non-consultant career grades), "Foundation Year 1",
 * "FY1", "Core Training", "CT2", "Specialty Registrar", "StR", "ST3", "Specialty
 * Trainee" (trainee grades), other medical wording ("Clinical Fellow",
 * "Medical Officer") -> ROW_OTHER_MEDICAL. OCCUPATION (may be NULL or "") is
 * the ESR occupation code; a medical code (first character 0,1,2,8,9) with an
 * unrecognised or blank grade gives ROW_OTHER_MEDICAL (recognised) instead of
 * ROW_OTHER.
 * Returns false (and *ROW = ROW_OTHER) when not recognised. */
bool vocab_band(const struct vocab *v, const char *s, const char *occupation, enum afc_row *row);
/* Static display name of a row: "Under Band 1", "Band 1", ... "Band 8A",
 * ..., "Band 9", "VSM", "Consultant", "Non-consultant career grade",
 * "Trainee grade", "Other medical", "Other". */
const char *vocab_row_name(enum afc_row r);
/* True for the four medical and dental rows. */
bool vocab_row_is_medical(enum afc_row r);
/* WDES cluster of a row: 1 = under band 1 .. band 4; 2 = bands 5-7;
 * 3 = 8a-8b; 4 = 8c-9 and VSM; 5 = consultants; 6 = non-consultant career
 * grades; 7 = trainee grades; 0 = other medical or other (not in a cluster). */
int vocab_cluster(enum afc_row r);
/* Static label of a cluster: 1 "Cluster 1 (Bands 1-4)", ... 5 "Cluster 5
 * (Medical consultants)", 6 "Cluster 6 (Non-consultant career grades)",
 * 7 "Cluster 7 (Medical trainee grades)", 0 "Other". */
const char *vocab_cluster_name(int cluster);

/* Staff group -> clinical (true) / non-clinical (false). Administrative and
 * Clerical, Estates and Ancillary are non-clinical; the known clinical groups
 * (Add Prof Scientific and Technic, Additional Clinical Services, Allied
 * Health Professionals, Healthcare Scientists, Medical and Dental, Nursing and
 * Midwifery Registered, Students) are clinical. Returns false when the group is
 * not recognised; *CLINICAL is then true (NHS England counts every group that
 * is not explicitly non-clinical as clinical), and the caller reports it.
 * "&" reads as "and"; a value may go on after the group's name ("Nursing and
 * Midwifery Registered|Staff Nurse"), be cut short after 16 or more
 * characters (ESR cuts names at 30), or start with a number ("010 ..."). */
bool vocab_clinical(const struct vocab *v, const char *s, bool *clinical);

/* Assignment category / contract type: true when the row is a bank
 * assignment ("Bank", "Bank Staff", "Bank - Nursing" ..., any value whose
 * first word is Bank). Everything else is substantive (Permanent, Fixed Term
 * Temp, Locum, Honorary ...). Never "unrecognised": unknown text is treated as
 * substantive. */
bool vocab_is_bank(const struct vocab *v, const char *s);

/* Normalise S into BUF (size SIZE): trim, ASCII-fold to lower case,
 * collapse whitespace runs (Unicode spaces included) to one space. Unlike the
 * lookups it keeps punctuation. S may be NULL (""). Returns BUF, always
 * NUL-terminated when SIZE > 0 (truncated if needed). */
char *vocab_normalise(char *buf, size_t size, const char *s);

#endif
