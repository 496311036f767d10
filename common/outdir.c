/* outdir.c: a folder of outputs, written whole or not at all, and never
 * over anything the toolkit did not write. The rules are in outdir.h. */
#define _GNU_SOURCE 1 /* renameat2, RENAME_EXCHANGE, syscall */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

static const char *const kind_line[] = {"wres-wdes report folder", "wres-wdes trend folder",
                                        "wres-wdes compare folder"};
enum { N_KINDS = sizeof kind_line / sizeof *kind_line };

/* ---- removal, safe in a signal handler ------------------------------- */

/* Remove NAME (in the folder DIRFD) and, if it is a folder, everything in
 * it, without the heap (this runs in a signal handler, and when memory has
 * run out): getdents64 into a buffer on the stack, the folder read again
 * from the start until only . and .. are left or nothing more can go. */
static int unlink_tree(int dirfd, const char *name, int depth)
{
    if (unlinkat(dirfd, name, 0) == 0)
        return 0;
    if ((errno != EISDIR && errno != EPERM) || depth > 16)
        return -1;
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    _Alignas(struct dirent64) char buf[4096];
    ssize_t n;
    bool removed;
    do {
        removed = false;
        if (lseek(fd, 0, SEEK_SET) != 0)
            break;
        while ((n = getdents64(fd, buf, sizeof buf)) > 0) {
            for (ssize_t off = 0; off < n;) {
                const struct dirent64 *d = (const struct dirent64 *)(void *)(buf + off);
                off += d->d_reclen;
                if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") &&
                    unlink_tree(fd, d->d_name, depth + 1) == 0)
                    removed = true;
            }
        }
    } while (removed);
    close(fd);
    return unlinkat(dirfd, name, AT_REMOVEDIR);
}

void outdir_remove_tree(const char *path)
{
    if (path && *path)
        unlink_tree(AT_FDCWD, path, 0);
}

/* ---- signals ---------------------------------------------------------- */

static const int caught[] = {SIGINT, SIGHUP, SIGTERM, SIGPIPE};
#define N_CAUGHT (sizeof caught / sizeof *caught)
static struct sigaction saved[N_CAUGHT];
static char sig_tmp[sizeof ((struct outdir *)0)->tmp];
static volatile sig_atomic_t sig_armed;

static void on_signal(int sig)
{
    if (sig_armed)
        outdir_remove_tree(sig_tmp);
    signal(sig, SIG_DFL);
    raise(sig); /* delivered, by default, when the handler returns */
}

static void caught_set(sigset_t *set)
{
    sigemptyset(set);
    for (size_t i = 0; i < N_CAUGHT; i++)
        sigaddset(set, caught[i]);
}

static void handlers_install(struct outdir *d)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    caught_set(&sa.sa_mask);
    for (size_t i = 0; i < N_CAUGHT; i++)
        sigaction(caught[i], &sa, &saved[i]);
    d->handlers = true;
}

static void block_signals(bool block)
{
    sigset_t set;
    caught_set(&set);
    sigprocmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

/* ---- the marker: what the toolkit wrote ------------------------------- */

struct listing {
    char **paths; /* relative; a folder ends in '/' */
    size_t n, cap;
};

static void listing_free(struct listing *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
    *l = (struct listing){0};
}

static bool listing_add(struct listing *l, const char *s, size_t len)
{
    char **grown = array_grow(l->paths, l->n, &l->cap, sizeof *grown, 16);
    if (!grown)
        return false;
    l->paths = grown;
    char *p = malloc(len + 1);
    if (!p)
        return false;
    memcpy(p, s, len);
    p[len] = '\0';
    l->paths[l->n++] = p;
    return true;
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void listing_sort(struct listing *l)
{
    if (l->n > 1)
        qsort(l->paths, l->n, sizeof *l->paths, cmp_path);
}

/* Every entry under the folder open at FD, as REL + name ('/' after a
 * folder); a symbolic link or anything but a file or folder is listed as
 * "?" so that it never matches a marker. */
static bool list_tree(int fd, char *rel, size_t rel_len, struct listing *l, int depth)
{
    DIR *dir = fdopendir(fd);
    if (!dir) {
        close(fd);
        return false;
    }
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(dir))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        size_t n = strlen(e->d_name);
        struct stat sb;
        if (rel_len + n + 2 >= PATH_MAX || fstatat(dirfd(dir), e->d_name, &sb,
                                                     AT_SYMLINK_NOFOLLOW) != 0) {
            ok = listing_add(l, "?", 1);
            continue;
        }
        memcpy(rel + rel_len, e->d_name, n + 1);
        if (S_ISREG(sb.st_mode)) {
            ok = listing_add(l, rel, rel_len + n);
        } else if (S_ISDIR(sb.st_mode) && depth < 8) {
            rel[rel_len + n] = '/';
            ok = listing_add(l, rel, rel_len + n + 1);
            int sub = openat(dirfd(dir), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
            ok = ok && sub >= 0 && list_tree(sub, rel, rel_len + n + 1, l, depth + 1);
        } else {
            ok = listing_add(l, "?", 1);
        }
    }
    int why = errno;
    closedir(dir);
    errno = why;
    return ok;
}

static bool list_folder(const char *path, struct listing *l)
{
    char rel[PATH_MAX];
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool ok = list_tree(fd, rel, 0, l, 0);
    if (ok)
        listing_sort(l);
    return ok;
}

/* The status for a failed system or library call: out of memory when it
 * says so (exit 71, like every allocation failure), else FALLBACK. */
static int sys_status(int fallback)
{
    return errno == ENOMEM ? WQ_ENOMEM : fallback;
}

/* Read the marker of folder PATH into L: 1, or 0 when there is none or it
 * is not a marker of KIND (*OTHER is then the kind it is one of, else -1),
 * or -1 when it could not be read for want of memory. */
static int marker_read(const char *path, enum outdir_kind kind, struct listing *l, int *other)
{
    char file[PATH_MAX + 32], line[PATH_MAX + 2];
    snprintf(file, sizeof file, "%s/%s", path, OUTDIR_MARKER);
    int fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "r");
    if (!f) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return e == ENOMEM ? -1 : 0;
    }
    line[0] = '\0';
    bool ok = fgets(line, sizeof line, f) && !strcmp(text_trim(line), kind_line[kind]);
    bool nomem = false;
    *other = -1;
    for (int k = 0; k < N_KINDS && !ok; k++)
        if (k != (int)kind && !strcmp(line, kind_line[k]))
            *other = k;
    while (ok && fgets(line, sizeof line, f)) {
        const char *s = text_trim(line);
        if (*s && *s != '#' && !listing_add(l, s, strlen(s)))
            ok = false, nomem = true;
    }
    if (ferror(f))
        ok = false, nomem = errno == ENOMEM;
    fclose(f);
    if (ok)
        listing_sort(l);
    return nomem ? -1 : ok;
}

/* ---- what --out is now ------------------------------------------------ */

enum state { ABSENT, EMPTY, OURS };

static const char *const kind_name[] = {"report", "trend", "compare"};

/* Refuse --out for WHY, suggesting a new folder: inside it when it is a
 * folder of the user's (INSIDE), beside it otherwise. */
static int refuse(struct wq_error *err, const struct outdir *d, const char *why, bool inside)
{
    bool root = !strcmp(d->out, "/");
    return wq_fail(err, WQ_ECANTCREAT, NULL,
                   "--out %s: %s; nothing was written. Name a new folder for the %s, which "
                   "will be created, e.g. --out %s%s%s-%s", d->out, why, kind_name[d->kind],
                   inside ? d->out : "", inside && !root ? "/" : "", d->prog,
                   kind_name[d->kind]);
}

/* Is every entry of the folder (FOUND, sorted) in its marker (LISTED)? */
static size_t count_foreign(const struct listing *found, const struct listing *listed)
{
    size_t foreign = 0;
    for (size_t i = 0; i < found->n; i++) {
        const char *p = found->paths[i];
        if (!strcmp(p, OUTDIR_MARKER))
            continue;
        if (!listed->n || !bsearch(&p, listed->paths, listed->n, sizeof *listed->paths, cmp_path))
            foreign++;
    }
    return foreign;
}

/* Classify D->out (rule 1); with OURS, LISTED receives its marker's list. */
static int classify(const struct outdir *d, enum state *state, struct listing *listed,
                    struct wq_error *err)
{
    struct stat sb;
    if (lstat(d->out, &sb) != 0) {
        if (errno == ENOENT) {
            *state = ABSENT;
            return WQ_OK;
        }
        return wq_fail(err, WQ_ECANTCREAT, NULL, "cannot create %s: %s", d->out, strerror(errno));
    }
    if (S_ISLNK(sb.st_mode))
        return refuse(err, d, "is a symbolic link", false);
    if (!S_ISDIR(sb.st_mode))
        return refuse(err, d, "exists and is not a folder", false);
    struct listing found = {0};
    if (!list_folder(d->out, &found)) {
        int e = errno;
        listing_free(&found);
        errno = e;
        return wq_fail(err, sys_status(WQ_ECANTCREAT), NULL, "cannot read the folder %s: %s",
                       d->out, strerror(e));
    }
    int st = WQ_OK;
    int other = -1;
    int marker = found.n ? marker_read(d->out, d->kind, listed, &other) : 0;
    if (marker < 0) {
        st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    } else if (found.n == 0) {
        *state = EMPTY;
    } else if (!marker) {
        char why[160];
        if (other >= 0)
            snprintf(why, sizeof why, "is a %s folder, not a %s folder", kind_name[other],
                     kind_name[d->kind]);
        else
            snprintf(why, sizeof why, "is a folder that %s did not write (it holds %zu %s)",
                     d->prog, found.n, found.n == 1 ? "entry" : "files and folders");
        st = refuse(err, d, why, other < 0);
    } else {
        size_t foreign = count_foreign(&found, listed);
        char why[200];
        snprintf(why, sizeof why, "is a %s folder, but %zu %s in it %s not written by %s "
                 "and would be lost", kind_name[d->kind], foreign,
                 foreign == 1 ? "file" : "files", foreign == 1 ? "was" : "were", d->prog);
        if (foreign)
            st = refuse(err, d, why, false);
        else
            *state = OURS;
    }
    listing_free(&found);
    return st;
}

/* Is one of the run's inputs inside D->out (which exists)? */
static int check_inputs(const struct outdir *d, const char *const *inputs, size_t n,
                        struct wq_error *err)
{
    char *root = realpath(d->out, NULL);
    if (!root) /* absent; anything else is refused rather than unchecked */
        return errno == ENOENT ? WQ_OK
                               : wq_fail(err, sys_status(WQ_ECANTCREAT), NULL, "--out %s: %s",
                                         d->out, strerror(errno));
    size_t len = strlen(root);
    int st = WQ_OK;
    for (size_t i = 0; i < n && !st; i++) {
        char *p = inputs[i] && strcmp(inputs[i], "-") ? realpath(inputs[i], NULL) : NULL;
        if (!p && inputs[i] && errno == ENOMEM)
            st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        else if (p && !strncmp(p, root, len) && (p[len] == '/' || len == 1))
            st = refuse(err, d, "holds an input of this run, which would be lost", false);
        free(p);
    }
    free(root);
    return st;
}

/* ---- open, commit, close ---------------------------------------------- */

/* D->out's parent folder into PARENT; refuse "/", "." and "..". */
static int split_parent(struct outdir *d, char *parent, size_t size, struct wq_error *err)
{
    const char *slash = strrchr(d->out, '/');
    const char *base = slash ? slash + 1 : d->out;
    if (!strcmp(d->out, "/") || !strcmp(base, ".") || !strcmp(base, ".."))
        return refuse(err, d, "names a folder by '/', '.' or '..', which cannot be replaced",
                      true);
    if (!slash)
        snprintf(parent, size, ".");
    else if (slash == d->out)
        snprintf(parent, size, "/");
    else
        snprintf(parent, size, "%.*s", (int)(slash - d->out), d->out);
    return WQ_OK;
}

static int lock_parent(struct outdir *d, const char *parent, struct wq_error *err)
{
    d->lock_fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d->lock_fd < 0)
        return wq_fail(err, WQ_ECANTCREAT, NULL, "cannot create %s: %s", d->out, strerror(errno));
    if (flock(d->lock_fd, LOCK_EX | LOCK_NB) == 0)
        return WQ_OK;
    if (errno == EWOULDBLOCK) {
        fprintf(stderr, "%s: waiting for another run that is writing into %s ...\n", d->prog,
                parent);
        int r;
        while ((r = flock(d->lock_fd, LOCK_EX)) != 0 && errno == EINTR)
            ;
        if (r == 0)
            return WQ_OK;
    }
    return wq_fail(err, WQ_ECANTCREAT, NULL, "cannot lock %s: %s", parent, strerror(errno));
}

int outdir_open(struct outdir *d, const char *prog, const char *out, enum outdir_kind kind,
                const char *const *inputs, size_t n_inputs, struct wq_error *err)
{
    *d = (struct outdir){.lock_fd = -1, .kind = kind, .prog = prog, .opened = true};
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/')
        n--;
    if (n == 0)
        return wq_fail(err, WQ_EUSAGE, NULL, "--out: the folder name is empty");
    if (n + 16 >= sizeof d->out)
        return wq_fail(err, WQ_ECANTCREAT, NULL, "--out: the folder name is too long");
    memcpy(d->out, out, n);
    d->out[n] = '\0';
    char parent[sizeof d->out];
    enum state state;
    struct listing listed = {0};
    int st = split_parent(d, parent, sizeof parent, err);
    if (!st)
        st = classify(d, &state, &listed, err); /* before waiting for a lock */
    listing_free(&listed);
    if (!st)
        st = check_inputs(d, inputs, n_inputs, err);
    if (!st)
        st = lock_parent(d, parent, err);
    if (st)
        return st;
    handlers_install(d);
    snprintf(d->tmp, sizeof d->tmp, "%s.tmp-XXXXXX", d->out);
    block_signals(true);
    bool made = mkdtemp(d->tmp) != NULL;
    int e = errno;
    if (made) {
        memcpy(sig_tmp, d->tmp, sizeof sig_tmp);
        sig_armed = 1;
    }
    block_signals(false);
    if (!made) {
        d->tmp[0] = '\0';
        return wq_fail(err, WQ_ECANTCREAT, NULL, "cannot create a folder beside %s: %s", d->out,
                       strerror(e));
    }
    return WQ_OK;
}

/* The marker: the kind, a note for whoever opens it, and every entry. */
static int marker_write(const struct outdir *d, struct wq_error *err)
{
    struct listing l = {0};
    char path[sizeof d->tmp + 32];
    snprintf(path, sizeof path, "%s/%s", d->tmp, OUTDIR_MARKER);
    if (!list_folder(d->tmp, &l)) {
        int e = errno;
        listing_free(&l);
        errno = e;
        return wq_fail(err, sys_status(WQ_EIO), NULL, "cannot read back %s: %s", d->tmp,
                       strerror(e));
    }
    FILE *f;
    int st = wq_open_output(&f, path, path, err);
    if (st) {
        listing_free(&l);
        return st;
    }
    fprintf(f, "%s\n# Written by %s. The next run with the same --out replaces this folder,\n"
               "# removing the files listed here and nothing else; it refuses to if the\n"
               "# folder holds anything not listed. Copy a file elsewhere to keep it.\n",
            kind_line[d->kind], d->prog);
    for (size_t i = 0; i < l.n; i++)
        fprintf(f, "%s\n", l.paths[i]);
    listing_free(&l);
    if (fflush(f) != 0 || fsync(fileno(f)) != 0 || ferror(f)) {
        int e = errno;
        fclose(f);
        return wq_fail(err, WQ_EIO, NULL, "error writing %s: %s", path, strerror(e));
    }
    if (fclose(f) != 0)
        return wq_fail(err, WQ_EIO, NULL, "error writing %s: %s", path, strerror(errno));
    return WQ_OK;
}

/* Remove the previous folder (now at PATH) by its marker's LISTED entries,
 * deepest first; anything else found there keeps it, with a warning. */
static void remove_previous(const struct outdir *d, const char *path, const struct listing *listed)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    bool ok = fd >= 0;
    for (size_t i = listed->n; ok && i-- > 0;) {
        char name[PATH_MAX];
        size_t len = strlen(listed->paths[i]);
        bool dir = len && listed->paths[i][len - 1] == '/';
        snprintf(name, sizeof name, "%.*s", (int)(len - dir), listed->paths[i]);
        if (unlinkat(fd, name, dir ? AT_REMOVEDIR : 0) != 0 && errno != ENOENT)
            ok = false;
    }
    ok = ok && unlinkat(fd, OUTDIR_MARKER, 0) == 0;
    if (fd >= 0)
        close(fd);
    if (!ok || rmdir(path) != 0)
        fprintf(stderr, "%s: warning: the previous %s folder was kept as %s: it held files %s "
                        "did not write\n", d->prog, kind_name[d->kind], path, d->prog);
}

/* Put D->tmp in place of D->out, given its STATE; signals are blocked. */
static int swap_in(struct outdir *d, enum state state, const struct listing *listed,
                   struct wq_error *err)
{
    int r;
    if (state == ABSENT) {
        r = renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->out, RENAME_NOREPLACE);
        if (r != 0 && (errno == EINVAL || errno == ENOSYS))
            r = rename(d->tmp, d->out); /* no RENAME_NOREPLACE here; we hold the lock */
    } else if (state == EMPTY) {
        r = rename(d->tmp, d->out); /* replaces an empty folder, and only that */
    } else {
        r = renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->out, RENAME_EXCHANGE);
        if (r != 0 && (errno == EINVAL || errno == ENOSYS)) {
            char aside[sizeof d->tmp];
            snprintf(aside, sizeof aside, "%s.old-XXXXXX", d->out);
            if (!mkdtemp(aside) || rename(d->out, aside) != 0) {
                rmdir(aside);
                r = -1;
            } else if ((r = rename(d->tmp, d->out)) != 0) {
                int e = errno;
                rename(aside, d->out);
                errno = e;
            } else {
                snprintf(d->tmp, sizeof d->tmp, "%s", aside);
            }
        }
        if (r == 0)
            remove_previous(d, d->tmp, listed); /* the old folder, now at d->tmp */
    }
    if (r != 0)
        return wq_fail(err, WQ_ECANTCREAT, NULL, "cannot create %s: %s", d->out, strerror(errno));
    d->tmp[0] = '\0';
    return WQ_OK;
}

int outdir_commit(struct outdir *d, struct wq_error *err)
{
    enum state state;
    struct listing listed = {0};
    int st = marker_write(d, err);
    if (!st)
        st = classify(d, &state, &listed, err); /* again: under the lock, at the last moment */
    if (!st) {
        block_signals(true);
        st = swap_in(d, state, &listed, err);
        if (!st)
            sig_armed = 0;
        block_signals(false);
    }
    listing_free(&listed);
    return st;
}

void outdir_close(struct outdir *d)
{
    if (!d->opened)
        return;
    block_signals(true);
    if (d->tmp[0])
        outdir_remove_tree(d->tmp);
    d->tmp[0] = '\0';
    sig_armed = 0;
    block_signals(false);
    if (d->handlers) {
        for (size_t i = 0; i < N_CAUGHT; i++)
            sigaction(caught[i], &saved[i], NULL);
        d->handlers = false;
    }
    if (d->lock_fd >= 0)
        close(d->lock_fd);
    d->lock_fd = -1;
}
