/* csvfloor.c: the floor of the benchmark: parse FILE with libcsv exactly as
 * the toolkit's reader sets it up (CSV_STRICT | CSV_APPEND_NULL), in 64 KB
 * chunks, with empty callbacks, and nothing else. Several files are parsed
 * one after the other (the staff and the leavers extract, as wres reads
 * them). Prints the number of fields and records, so that the work cannot
 * be optimised away.
 *
 *   csvfloor FILE... */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static void on_field(void *s, size_t len, void *ud)
{
    (void)s;
    (void)len;
    ++*(unsigned long *)ud;
}

static void on_record(int c, void *ud)
{
    (void)c;
    ++((unsigned long *)ud)[1];
}

static int parse_file(const char *path, unsigned long counts[2])
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 66;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0) {
        fclose(f);
        return 70;
    }
    static char buf[1 << 16];
    size_t n;
    int st = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_record, counts) != n) {
            fprintf(stderr, "csvfloor: %s: %s\n", path, csv_strerror(csv_error(&p)));
            st = 65;
            break;
        }
    }
    if (!st && ferror(f)) {
        perror(path);
        st = 74;
    }
    if (!st)
        csv_fini(&p, on_field, on_record, counts);
    csv_free(&p);
    fclose(f);
    return st;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: csvfloor FILE...\n");
        return 64;
    }
    unsigned long counts[2] = {0, 0};
    for (int i = 1; i < argc; i++) {
        int st = parse_file(argv[i], counts);
        if (st)
            return st;
    }
    printf("%lu fields, %lu records\n", counts[0], counts[1]);
    return 0;
}
