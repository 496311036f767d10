/* date.h: calendar dates as day numbers, and NHS reporting years. */
#ifndef WQ_DATE_H
#define WQ_DATE_H

#include <stdbool.h>

/* Parse S as DD/MM/YYYY (also D/M/YYYY), YYYY-MM-DD, YYYYMMDD or
 * DD-MON-YYYY (ESR's "31-MAR-2019", any case), ignoring a trailing time
 * ("31/03/2019 00:00:00", "2019-03-31T00:00"). Sets *DAY to the number of
 * days since 1970-01-01. Returns false for anything else, including dates
 * that do not exist (31/02/2019) and years outside 1900..2199. */
bool date_parse(const char *s, long *day);

/* Day number of Y-M-D (valid dates only). */
long date_days(int y, int m, int d);

/* Year, month and day of day number DAY (the inverse of date_days). */
void date_civil(long day, int *y, int *m, int *d);

/* The reporting year ending 31 March YEAR: [1 April YEAR-1, 31 March YEAR]. */
void date_reporting_year(int year, long *first, long *last);

#endif
