/* fuzz_date.c: libFuzzer target for date_parse (date.h).
 *
 * The input is the string (cut at its first NUL, as a C string would be).
 * A date that parses must lie in 1900-01-01 .. 2199-12-31, and must come back
 * unchanged when written as YYYY-MM-DD, DD/MM/YYYY, YYYYMMDD and DD-MON-YYYY
 * and parsed again; the reporting year that contains it must contain it. */
#include "fuzz_common.h"

#include "date.h"

/* Y-M-D of day number Z (the inverse of date_days; Hinnant's civil_from_days). */
static void fuzz_date_civil(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void fuzz_date_same(const char *text, long want)
{
    long day = -1;
    FUZZ_CHECK(date_parse(text, &day));
    FUZZ_CHECK(day == want);
}

FUZZ_ENTRY(date)
{
    static const char *const mon[12] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                        "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    char *s = fuzz_strndup(data, size);
    if (!s)
        return 0;
    long day = 0;
    if (date_parse(s, &day)) {
        FUZZ_CHECK(day >= date_days(1900, 1, 1));
        FUZZ_CHECK(day <= date_days(2199, 12, 31));
        int y, m, d;
        fuzz_date_civil(day, &y, &m, &d);
        FUZZ_CHECK(date_days(y, m, d) == day);
        char buf[64];
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
        fuzz_date_same(buf, day);
        snprintf(buf, sizeof buf, "%02d/%02d/%04d 00:00:00", d, m, y);
        fuzz_date_same(buf, day);
        snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
        fuzz_date_same(buf, day);
        snprintf(buf, sizeof buf, "%02d-%s-%04d", d, mon[m - 1], y);
        fuzz_date_same(buf, day);
        int year = m >= 4 ? y + 1 : y;
        long first, last;
        date_reporting_year(year, &first, &last);
        FUZZ_CHECK(first <= day && day <= last);
        FUZZ_CHECK(last - first == 364 || last - first == 365);
    }
    free(s);
    return 0;
}
