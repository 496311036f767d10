/* bytefloor.c: the byte-loop floor of the benchmark: the least work a
 * quote-aware CSV reader can do. read() in 1 MiB chunks and, for each byte,
 * one table look-up and one branch: only a quote, a comma or a line feed
 * (the bytes whose class is not zero) take the slow side, which toggles the
 * RFC 4180 quote state ("" inside quotes toggles twice: the same state) or
 * counts a field or a line when not inside quotes. Several files are read
 * one after the other (the staff and the leavers extract, as wres reads
 * them). Prints the fields and lines counted, so that the work cannot be
 * optimised away.
 *
 *   bytefloor FILE... */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { CHUNK = 1 << 20, QUOTE = 1, COMMA = 2, LF = 3 };

struct counts {
    unsigned long fields, lines;
    int inq;
};

static unsigned char cls[256];

static void scan(const unsigned char *p, size_t n, struct counts *c)
{
    for (size_t i = 0; i < n; i++) {
        unsigned k = cls[p[i]];
        if (k) {
            if (k == QUOTE)
                c->inq ^= 1;
            else if (!c->inq) {
                c->fields++;
                c->lines += (k == LF);
            }
        }
    }
}

static int read_file(const char *path, unsigned char *buf, struct counts *c)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "bytefloor: %s: %s\n", path, strerror(errno));
        return 66;
    }
    for (;;) {
        ssize_t n = read(fd, buf, CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "bytefloor: %s: %s\n", path, strerror(errno));
            close(fd);
            return 74;
        }
        if (n == 0)
            break;
        scan(buf, (size_t)n, c);
    }
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bytefloor FILE...\n");
        return 64;
    }
    cls['"'] = QUOTE;
    cls[','] = COMMA;
    cls['\n'] = LF;
    unsigned char *buf = malloc(CHUNK);
    if (!buf) {
        fprintf(stderr, "bytefloor: out of memory\n");
        return 71;
    }
    struct counts c = {0, 0, 0};
    for (int i = 1; i < argc; i++) {
        int st = read_file(argv[i], buf, &c);
        if (st) {
            free(buf);
            return st;
        }
    }
    free(buf);
    printf("%lu fields, %lu lines\n", c.fields, c.lines);
    return 0;
}
