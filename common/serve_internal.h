/* serve_internal.h: what the server's files share (serve.c: start, the
 * registry of live folders, signals; serve_http.c: requests, uploads,
 * authentication; serve_run.c: the engine as a child process, its errors;
 * serve_zip.c: the zip, summary.json and config.ini). */
#ifndef WQ_SERVE_INTERNAL_H
#define WQ_SERVE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "standard.h"
#include "text.h"

#define SERVE_PATH_MAX 4096
#define SERVE_MAX_FILES 32     /* uploads in one request */
#define SERVE_MAX_TEXTS 256    /* text fields in one request */
#define SERVE_TEXT_MAX 4096    /* bytes of one text field */
#define SERVE_NAME_MAX 120     /* bytes of an uploaded file's name, as kept */

/* The server's settings, fixed once it has started. */
struct serve {
    const struct standard *std;
    char token[65];            /* 64 hex digits */
    char host[256];            /* --host */
    unsigned port;             /* the port listened on */
    unsigned long long max_upload;   /* bytes of a request body */
    unsigned long long max_unzipped; /* bytes of a workbook's part, decompressed */
    unsigned timeout;          /* seconds one engine run may take */
    char exe_dir[SERVE_PATH_MAX];    /* the folder of wres and wdes */
    char store[SERVE_PATH_MAX];      /* zips kept for /api/download */
};

/* One uploaded file: FIELD is its form field, NAME its file name as the
 * user gave it (display only, sanitised), PATH where it is kept. */
struct serve_upload {
    char field[32];
    char name[SERVE_NAME_MAX + 1];
    char path[SERVE_PATH_MAX + 64];
    int fd;                    /* open while it is being received, else -1 */
};

struct serve_text {
    char key[32];
    char *value;               /* NUL-terminated, at most SERVE_TEXT_MAX bytes */
    size_t len;
};

/* A POST request's form, received into DIR (a private 0700 folder). */
struct serve_form {
    char dir[SERVE_PATH_MAX];
    int slot;                  /* in the registry, -1 when none */
    struct serve_upload files[SERVE_MAX_FILES];
    size_t n_files;
    struct serve_text texts[SERVE_MAX_TEXTS];
    size_t n_texts;
    char bad[256];             /* why the form is refused (400), "" when it is not */
    bool failed_write;         /* an upload could not be written (500) */
};

/* An answer: STATUS with BODY (malloc'd, LEN bytes) of TYPE, or a file
 * (FD >= 0) of LEN bytes; FILENAME, when set, makes it an attachment. */
struct serve_answer {
    unsigned status;
    const char *type;
    char *body;
    size_t len;
    int fd;
    char filename[96];
};

/* An error's exit code when no command-line run has one: the server's
 * own refusals (403 token or Host, 404, 405, 413) and a run it stopped
 * itself (the timeout). The JSON has "exit": null. */
#define SERVE_NO_EXIT (-1)

/* An error as the API gives it: the engine's message and exit code (one of
 * the command line's, docs/design.md section 4, or SERVE_NO_EXIT), the
 * form field of the file it is about, its line and column. */
struct serve_error {
    unsigned status;
    int exit;
    char msg[1024];
    char file[32];             /* "" for none */
    unsigned long line;        /* 0 for none */
    char column[256];          /* "" for none */
};

/* ---- serve.c: the registry of live folders and children --------------- */

/* Make a private folder under $TMPDIR for a request and register it:
 * WQ_OK with FORM->dir and FORM->slot set, or an error status. */
int serve_folder_open(struct serve_form *form);
/* Remove FORM's folder with everything in it and forget it. */
void serve_folder_close(struct serve_form *form);
/* Record (PID > 0) or forget (0) the child running in SLOT's folder: a
 * signal kills it before the folder is removed. */
void serve_folder_child(int slot, pid_t pid);
/* 32 random bytes as 64 hex digits into OUT (65 bytes); false on failure. */
bool serve_random_hex(char *out, size_t n_bytes);

/* ---- serve_http.c ------------------------------------------------------ */

/* Start answering on S->host:S->port; NULL (message printed) on failure.
 * The returned handle is passed to serve_http_stop. */
void *serve_http_start(struct serve *s, bool ipv6, const void *addr);
void serve_http_stop(void *daemon);

/* Build a JSON error answer from E into A (false when out of memory). */
bool serve_error_answer(struct serve_answer *a, const struct serve_error *e);
/* Fill E: STATUS, EXIT and a message (printf). */
void serve_error_set(struct serve_error *e, unsigned status, int exit, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The text fields of FORM named KEY, in order: the Nth, or NULL. */
const char *serve_form_text(const struct serve_form *form, const char *key, size_t nth);

/* ---- serve_run.c: the engine ------------------------------------------- */

/* Run S's sibling calculator PROG ("wres" or "wdes") with ARGV (argv[0]
 * included, NULL-terminated) for FORM, its stdout into OUT (NULL: thrown
 * away): 0 when it succeeded, else its exit code (-1 when it could not be
 * run or was stopped) with E filled from its message (paths of FORM mapped
 * to file names). */
int serve_run(const struct serve *s, const struct serve_form *form, const char *prog,
              char *const *argv, struct strbuf *out, struct serve_error *e);

/* Fill E from a calculator's stderr TEXT (PROG: its prefix) and exit
 * CODE: its first message (not a warning), every path in FORM's folder
 * replaced by the file's name as uploaded; the first file named is
 * E->file, with the line and column after it. */
void serve_map_error(const struct serve_form *form, const char *prog, const char *text,
                     int code, struct serve_error *e);

/* Is VALUE of text field KEY "none": a `by` left empty (no breakdown) or a
 * `trust` left empty (no name)? Then it is not passed on, nor written into
 * config.ini, and the uploaded config's KEY is dropped. */
bool serve_text_none(const char *key, const char *value);

/* Push A followed by B (may be NULL) as one argument onto *V (N of them,
 * NULL-terminated); false when out of memory. */
bool serve_push_arg(char ***v, size_t *n, const char *a, const char *b);

/* The `report` arguments for PROG from FORM (files and text fields as
 * --name=value), with --out=OUT and S's --max-unzipped; NULL-terminated,
 * freed with serve_args_free. NULL when out of memory or the uploaded
 * config is bad (E filled). */
char **serve_report_args(const struct serve *s, const struct serve_form *form, const char *prog,
                         const char *out, struct serve_error *e);
void serve_args_free(char **argv);

/* The input (staff, leavers ...) PROG ("wres" or "wdes") reads the upload
 * of form field FIELD as, or NULL when PROG does not read it: training and
 * mandatory-courses are WRES's; wdes-staff is WDES's staff, and when it is
 * given WDES does not read staff. */
const char *serve_file_for(const struct serve_form *form, const char *field, const char *prog);

/* POST /api/report: the zip, or its id and summary as JSON. */
void serve_report(const struct serve *s, struct serve_form *form, bool want_json,
                  struct serve_answer *a);

/* ---- serve_zip.c ---------------------------------------------------------- */

/* Write FORM's report folders (DIR/out/wres, DIR/out/wdes, those that
 * exist) with config.ini and summary.json into the zip ZIPPATH. The
 * summary JSON is also returned in *SUMMARY (malloc'd) when SUMMARY is
 * not NULL. WQ_OK or an error status, E filled. */
int serve_zip(const struct serve_form *form, const char *zippath, char **summary,
              struct serve_error *e);

/* config.ini from FORM into B: the run's settings, the files by the names
 * they were uploaded with. False when out of memory or a value cannot be
 * written (E filled, 400). */
bool serve_config_ini(const struct serve_form *form, struct strbuf *b, struct serve_error *e);

/* POST /api/columns and /api/config (serve_api.c). */
void serve_columns(const struct serve *s, struct serve_form *form, struct serve_answer *a);
void serve_config(const struct serve *s, struct serve_form *form, struct serve_answer *a);

/* Keep the zip at ZIPPATH for GET /api/download/ID (ID: 33 bytes, set). */
bool serve_keep_zip(const struct serve *s, const char *zippath, char *id);

/* ---- progress (serve_http.c) ------------------------------------------ */
void serve_progress(const char *job, const char *stage, const char *standard, int done,
                    int total);


#endif
