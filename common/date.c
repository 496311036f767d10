/* date.c: calendar dates as day numbers, and NHS reporting years. */
#include "date.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

long date_days(int y, int m, int d)
{
    /* days from civil (Howard Hinnant's algorithm) */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_civil(long day, int *y, int *m, int *d)
{
    /* civil from days (Howard Hinnant's algorithm) */
    day += 719468;
    long era = (day >= 0 ? day : day - 146096) / 146097;
    long doe = day - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool valid(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
        return false;
    int n = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        n = 29;
    return d <= n;
}

/* Read exactly MIN..MAX digits at *P into *V. */
static bool digits(const char **p, int min, int max, int *v)
{
    int n = 0, x = 0;
    while (n < max && isdigit((unsigned char)(*p)[n])) {
        x = x * 10 + ((*p)[n] - '0');
        n++;
    }
    if (n < min)
        return false;
    *p += n;
    *v = x;
    return true;
}

/* The rest of the string may only be a time or whitespace. */
static bool tail_ok(const char *p)
{
    if (*p == 'T' || *p == ' ') {
        while (*p == 'T' || *p == ' ')
            p++;
        while (*p && (isdigit((unsigned char)*p) || *p == ':' || *p == '.'))
            p++;
    }
    while (isspace((unsigned char)*p))
        p++;
    return *p == '\0';
}

bool date_parse(const char *s, long *day)
{
    static const char *const months[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                           "jul", "aug", "sep", "oct", "nov", "dec"};
    int y = 0, m = 0, d = 0;
    const char *p = s;
    while (isspace((unsigned char)*p))
        p++;
    const char *q = p;
    int a;
    if (!digits(&q, 1, 8, &a))
        return false;
    size_t nd = (size_t)(q - p);
    if (nd == 8 && !isdigit((unsigned char)*q)) {
        y = a / 10000;
        m = a / 100 % 100;
        d = a % 100;
    } else if (nd == 4 && *q == '-') {
        y = a;
        q++;
        if (!digits(&q, 1, 2, &m) || *q++ != '-' || !digits(&q, 1, 2, &d))
            return false;
    } else if (nd <= 2 && *q == '/') {
        d = a;
        q++;
        if (!digits(&q, 1, 2, &m) || *q++ != '/' || !digits(&q, 4, 4, &y))
            return false;
    } else if (nd <= 2 && *q == '-') {
        d = a;
        q++;
        for (int i = 0; i < 12 && !m; i++)
            if (strncasecmp(q, months[i], 3) == 0)
                m = i + 1;
        if (!m)
            return false;
        q += 3;
        while (isalpha((unsigned char)*q))
            q++; /* "31-March-2019" */
        if (*q++ != '-')
            return false;
        const char *ys = q;
        if (!digits(&q, 2, 4, &y) || q - ys == 3)
            return false;
        if (q - ys == 2) /* "31-MAR-19"; "31-MAR-0019" is year 19, refused */
            y += 2000;
    } else {
        return false;
    }
    if (!tail_ok(q) || !valid(y, m, d))
        return false;
    *day = date_days(y, m, d);
    return true;
}

void date_reporting_year(int year, long *first, long *last)
{
    *first = date_days(year - 1, 4, 1);
    *last = date_days(year, 3, 31);
}
