/* wres/standard.c: the Workforce Race Equality Standard's groups. */
#include "standard.h"
#include "vocab.h"

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
};
