/* wdes/standard.c: the Workforce Disability Equality Standard: its groups
 * and its metric catalogue (docs/metrics.md, section 3). */
#include "standard.h"
#include "vocab.h"

/* The last field is the direction of disadvantage of the ratio as written:
 * metric 2 is the comparator's likelihood of appointment over the focus
 * group's, so above 1 is worse for Disabled staff; metric 3 is the focus group's
 * likelihood of a formal case, so above 1 is worse too. */
static const struct ratio_metric ratios[] = {
    {"2", "appointed_from_shortlisting", SRC_RECRUITMENT, false, "appointed",
     "be appointed from shortlisting", WORSE_IF_HIGHER},
    {"3", "formal_capability", SRC_CASES, true, "entering the process",
     "enter the formal capability process", WORSE_IF_HIGHER},
};

/* The direction is of the difference focus minus comparator: more
 * harassment, discrimination or pressure is worse (WORSE_IF_HIGHER); fewer
 * believing in equal opportunities, reporting, feeling valued or with
 * adjustments, or a lower engagement score, is worse (WORSE_IF_LOWER). */
static const struct survey_metric survey[] = {
    {"4a", "harassment_public", false, false, WORSE_IF_HIGHER,
     "experiencing harassment, bullying or abuse from patients, service users, relatives or "
     "the public"},
    {"4a", "harassment_managers", false, false, WORSE_IF_HIGHER,
     "experiencing harassment, bullying or abuse from managers"},
    {"4a", "harassment_colleagues", false, false, WORSE_IF_HIGHER,
     "experiencing harassment, bullying or abuse from other colleagues"},
    {"4b", "harassment_reported", false, false, WORSE_IF_LOWER,
     "saying they or a colleague reported the last incident of harassment, bullying or abuse"},
    {"5", "equal_opportunities", false, false, WORSE_IF_LOWER,
     "believing the trust provides equal opportunities for career progression or promotion"},
    {"6", "presenteeism", false, false, WORSE_IF_HIGHER,
     "feeling pressure from their manager to come to work when not well enough"},
    {"7", "valued", false, false, WORSE_IF_LOWER,
     "satisfied with the extent to which the organisation values their work"},
    {"8", "adjustments", true, false, WORSE_IF_LOWER,
     "saying the employer has made adequate adjustments to enable them to carry out their work"},
    {"9a", "engagement", false, true, WORSE_IF_LOWER, "staff engagement score (0-10)"},
};

const struct standard standard_wdes = {
    .name = "WDES",
    .prog = "wdes",
    .title = "Workforce Disability Equality Standard",
    .characteristic = CHAR_DISABILITY,
    .group_names = {"Disabled", "Non-disabled", "Unknown"},
    .focus = DIS_DISABLED,
    .comparator = DIS_NON_DISABLED,
    .unknown = DIS_UNKNOWN,
    .declared_what = "disability status",
    .has_detail = false,
    .ratios = ratios,
    .n_ratios = sizeof ratios / sizeof *ratios,
    .survey = survey,
    .n_survey = sizeof survey / sizeof *survey,
    .board_metric = "10",
    .leavers_worse = WORSE_IF_HIGHER, /* leaving more often is worse */
    .board_worse = WORSE_IF_LOWER,    /* under-represented on the board is worse */
    .has_voices = true,
};
