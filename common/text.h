/* text.h: small text utilities: UTF-8 checks, Windows-1252 conversion,
 * a growable byte buffer, and an interning string map. */
#ifndef WQ_TEXT_H
#define WQ_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/* True when S[0..LEN) is well-formed UTF-8 (no overlongs, no surrogates). */
bool text_utf8_valid(const char *s, size_t len);

/* Bytes needed to convert S[0..LEN) from Windows-1252 to UTF-8. */
size_t text_cp1252_size(const char *s, size_t len);
/* Convert S[0..LEN) from Windows-1252 into OUT (text_cp1252_size bytes;
 * not NUL-terminated). Undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) become
 * U+FFFD. Returns the bytes written. */
size_t text_cp1252_to_utf8(const char *s, size_t len, char *out);

/* A growable byte buffer: data/len/alloc, always NUL-terminated after a
 * successful call. Functions return false on allocation failure (the
 * buffer is left as it was). strbuf_free releases the data, not the struct. */
struct strbuf {
    char *data;
    size_t len;
    size_t alloc;
};
bool strbuf_reserve(struct strbuf *b, size_t extra);
bool strbuf_append(struct strbuf *b, const char *s, size_t len);
bool strbuf_puts(struct strbuf *b, const char *s);
bool strbuf_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_free(struct strbuf *b);

/* A malloc'd copy of S (NULL stays NULL; NULL on allocation failure). */
char *text_dup(const char *s);

/* Room for one more element in a growing array ITEMS of N elements of SIZE
 * bytes with *ALLOC allocated: returns ITEMS, or the array moved to twice
 * the room (FIRST elements the first time, *ALLOC updated); NULL when out
 * of memory, ITEMS then unchanged and still owned by the caller. Use:
 *     struct x *p = array_grow(t->xs, t->n, &t->alloc, sizeof *p, 16);
 *     if (!p) return WQ_ENOMEM;
 *     t->xs = p;  */
void *array_grow(void *items, size_t n, size_t *alloc, size_t size, size_t first);
/* array_grow, the new room zeroed (an array indexed by strmap ids, filled
 * in place). */
void *array_grow_zero(void *items, size_t n, size_t *alloc, size_t size, size_t first);

/* Write S, which may hold text from an input file, to a terminal or log:
 * at most MAX bytes (cut at a UTF-8 character boundary; SIZE_MAX for all),
 * with control characters (a terminal escape sequence, a newline from a
 * quoted field) shown as \xNN, never sent raw. */
void text_put_escaped(FILE *f, const char *s, size_t max);

/* S as a JSON string (quotes, backslashes and control characters escaped),
 * or null when S is NULL; onto F, or appended to B (false when out of
 * memory). */
void text_put_json(FILE *f, const char *s);
bool strbuf_json(struct strbuf *b, const char *s);

/* One CSV field, the only way the toolkit writes one: S as it is, or in
 * double quotes (inner quotes doubled) when it holds a comma, a quote or a
 * line break. TEXT that starts with = + - @, a tab or a carriage return,
 * which a spreadsheet would run as a formula, is quoted with a ' before it
 * so that it stays inert. Pass TEXT false for a number ("-1.5"). */
bool strbuf_csv_field(struct strbuf *b, const char *s, bool text);
/* The same, written to F (ferror(F) tells of a failed write). */
void text_put_csv(FILE *f, const char *s, bool text);

/* 64-bit FNV-1a hash. */
uint64_t text_hash(const char *s, size_t len);

/* Normalise a key for matching: trim, collapse runs of whitespace to one
 * space, fold ASCII case. Writes at most SIZE-1 bytes and a NUL into OUT;
 * returns the length written (input longer than the buffer is truncated). */
size_t text_fold(const char *s, char *out, size_t size);

/* Trim S in place (leading and trailing ASCII whitespace); returns S. */
char *text_trim(char *s);

/* A number as the metrics CSV writes it (signed, "inf"), blanks around it
 * allowed: true and *V, or false if blank or not a number (*V is then NaN). */
bool text_number(const char *s, double *v);

/* A whole number X below 1e15 in magnitude as %.0f and %.17g print it,
 * written into BUF (at least TEXT_WHOLE_SIZE bytes) without printf's exact
 * decimal conversion: a pointer into BUF, or NULL when X is not such a
 * number (or is -0). */
#define TEXT_WHOLE_SIZE 24
const char *text_whole(char *buf, double x);

/* Are A and B both set and equal? */
bool text_is(const char *a, const char *b);
/* Are A and B equal, or both NULL (an unset field matches only an unset one)? */
bool text_same(const char *a, const char *b);

/* An interning map from normalised keys (text_fold) to dense indices
 * 0, 1, 2 ... in order of first insertion; keeps the first spelling seen
 * for display. Owned strings; strmap_free releases everything inside. */
struct strmap {
    char **names;        /* display spelling, by index */
    char **keys;         /* folded key, by index */
    size_t n_names, alloc_names;
    uint32_t *slots;     /* open addressing: index + 1, 0 = empty */
    size_t n_slots;
};
/* Index of S, inserting it if new. Returns -1 on allocation failure. */
long strmap_intern(struct strmap *m, const char *s);
/* Index of S or -1 when absent. */
long strmap_find(const struct strmap *m, const char *s);
void strmap_free(struct strmap *m);

#endif
