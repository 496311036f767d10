/* wdes/standard.c: the Workforce Disability Equality Standard's groups. */
#include "standard.h"
#include "vocab.h"

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
};
