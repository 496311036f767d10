/* outdir.h: a folder of outputs (the report, the trend charts), written
 * whole or not at all, and never over anything the toolkit did not write.
 *
 * The rules, in the order a run meets them:
 *
 *  1. outdir_open() checks --out before any work is done. It may name a
 *     folder that does not exist yet, an empty folder, or a folder this
 *     toolkit wrote before: one holding the marker file OUTDIR_MARKER, which
 *     lists every file and folder the toolkit put there, and nothing else
 *     (no file the marker does not list, no symbolic link). Anything else
 *     (a file, a symbolic link, "/", ".", a folder of the user's own, a
 *     report folder the user has added a file to, a folder that holds one of
 *     the run's inputs) is refused with WQ_ECANTCREAT and a message saying
 *     how to choose another folder. Nothing is created when it is refused.
 *  2. It then locks the folder that holds --out (flock on that folder, so
 *     nothing is left on disk for it): a second run into the same place
 *     waits for the first, saying so on stderr.
 *  3. It makes a temporary folder beside --out (NAME.tmp-XXXXXX), into
 *     which everything is written, and catches SIGINT, SIGHUP, SIGTERM and
 *     SIGPIPE: the handler removes the temporary folder (with system calls
 *     only, async-signal-safe) and dies of the same signal.
 *  4. outdir_commit(), called only when every output, standard output
 *     included, has been written and flushed, writes the marker, checks
 *     --out again (under the lock) and puts the new folder in its place
 *     with one rename: rename(2) onto an absent or empty folder, or
 *     renameat2(RENAME_EXCHANGE) with a folder of ours, whose listed files
 *     are then removed (and only those: if the user has put something there
 *     in between, the old folder is kept under its temporary name and a
 *     warning says where). Signals are blocked while this happens.
 *  5. outdir_close() removes the temporary folder if it is still there,
 *     releases the lock and restores the signal handlers. It is safe to call
 *     after a failure at any step, and twice. */
#ifndef WQ_OUTDIR_H
#define WQ_OUTDIR_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* The marker file in every folder the toolkit writes. */
#define OUTDIR_MARKER ".wres-wdes"

enum outdir_kind { OUTDIR_REPORT, OUTDIR_TREND, OUTDIR_COMPARE };

struct outdir {
    char out[4096];   /* --out, trailing slashes removed */
    char tmp[4096 + 32]; /* the temporary folder, "" when there is none */
    int lock_fd;      /* the locked parent folder, -1 when none */
    enum outdir_kind kind;
    const char *prog; /* for the warning that the old folder was kept */
    bool handlers;    /* signal handlers installed */
    bool opened;      /* outdir_open() was called: a zeroed struct closes as nothing */
};

/* Check OUT (rule 1; INPUTS are the N_INPUTS files the run reads, which
 * must not be inside it), lock its parent and make the temporary folder
 * D->tmp. WQ_EUSAGE for an empty name; WQ_ECANTCREAT when OUT is refused or
 * the temporary folder cannot be made; WQ_ENOMEM. Call outdir_close() in
 * every case (a zeroed struct outdir may be closed too). */
int outdir_open(struct outdir *d, const char *prog, const char *out, enum outdir_kind kind,
                const char *const *inputs, size_t n_inputs, struct wq_error *err);

/* Write the marker and put D->tmp in place of D->out (rule 4). */
int outdir_commit(struct outdir *d, struct wq_error *err);

/* Remove what is left of the temporary folder, unlock, restore signals. */
void outdir_close(struct outdir *d);

/* Remove PATH and everything under it, following no symbolic link; uses
 * system calls only, so a signal handler may call it. */
void outdir_remove_tree(const char *path);

#endif
