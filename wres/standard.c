/* wres/standard.c: the Workforce Race Equality Standard: its groups and
 * its metric catalogue (docs/metrics.md, section 2). */
#include "standard.h"
#include "vocab.h"

/* The last field is the direction of disadvantage of the ratio as written:
 * metric 2 is the comparator's likelihood of appointment over the focus
 * group's, so above 1 is worse for BME staff; metric 3 is the focus group's
 * likelihood of a formal case, so above 1 is worse too; metric 4 is the comparator's
 * likelihood of training over BME staff's: above 1 is worse. */
static const struct ratio_metric ratios[] = {
    {"2", "appointed_from_shortlisting", SRC_RECRUITMENT, false, "appointed",
     "be appointed from shortlisting", WORSE_IF_HIGHER},
    {"3", "formal_disciplinary", SRC_CASES, true, "entering the process",
     "enter the formal disciplinary process", WORSE_IF_HIGHER},
    {"4", "non_mandatory_training", SRC_TRAINING, false, "trained",
     "access non-mandatory training and CPD", WORSE_IF_HIGHER},
};

/* The direction is of the difference focus minus comparator: more
 * harassment, discrimination or pressure is worse (WORSE_IF_HIGHER); fewer
 * believing in equal opportunities, reporting, feeling valued or with
 * adjustments, or a lower engagement score, is worse (WORSE_IF_LOWER). */
static const struct survey_metric survey[] = {
    {"5", "harassment_public", false, false, WORSE_IF_HIGHER,
     "experiencing harassment, bullying or abuse from patients, relatives or the public"},
    {"6", "harassment_staff", false, false, WORSE_IF_HIGHER,
     "experiencing harassment, bullying or abuse from staff"},
    {"7", "equal_opportunities", false, false, WORSE_IF_LOWER,
     "believing the trust provides equal opportunities for career progression or promotion"},
    {"8", "discrimination_colleagues", false, false, WORSE_IF_HIGHER,
     "experiencing discrimination at work from a manager, team leader or colleagues"},
};

const struct standard standard_wres = {
    .name = "WRES",
    .prog = "wres",
    .title = "Workforce Race Equality Standard",
    .characteristic = CHAR_ETHNICITY,
    .group_names = {"White", "BME", "Unknown"},
    .focus = ETH_BME,
    .comparator = ETH_WHITE,
    .unknown = ETH_UNKNOWN,
    .declared_what = "ethnicity",
    .has_detail = true,
    .ratios = ratios,
    .n_ratios = sizeof ratios / sizeof *ratios,
    .survey = survey,
    .n_survey = sizeof survey / sizeof *survey,
    .board_metric = "9",
    .leavers_worse = WORSE_IF_HIGHER, /* leaving more often is worse */
    .board_worse = WORSE_IF_LOWER,    /* under-represented on the board is worse */
    .has_voices = false,
};
