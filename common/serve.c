/* serve.c: `wres serve`: options, the token, the registry of live
 * temporary folders (and the children working in them), and the signals
 * that remove them. Requests are in serve_http.c. */
#define _GNU_SOURCE 1 /* getopt_long */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_help.h"
#include "diag.h"
#include "config.h"
#include "outdir.h"
#include "serve_internal.h"

#define SERVE_DEFAULT_PORT 8719
#define SERVE_SLOTS 64

/* ---- the registry: every live folder, and the child working in it ----- */

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static char reg_dir[SERVE_SLOTS][SERVE_PATH_MAX];
static pid_t reg_pid[SERVE_SLOTS];

int serve_folder_open(struct serve_form *form)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    int n = snprintf(form->dir, sizeof form->dir, "%s/wq-serve-XXXXXX", tmp);
    form->slot = -1;
    if (n < 0 || (size_t)n >= sizeof form->dir)
        return WQ_ECANTCREAT;
    pthread_mutex_lock(&reg_lock);
    int slot = -1;
    for (int i = 0; i < SERVE_SLOTS && slot < 0; i++)
        if (!reg_dir[i][0])
            slot = i;
    /* made under the lock, so that a signal never misses a folder */
    if (slot >= 0 && mkdtemp(form->dir)) {
        memcpy(reg_dir[slot], form->dir, sizeof reg_dir[slot]);
        form->slot = slot;
    }
    pthread_mutex_unlock(&reg_lock);
    if (form->slot < 0) {
        form->dir[0] = '\0';
        return WQ_ECANTCREAT;
    }
    return WQ_OK;
}

void serve_folder_close(struct serve_form *form)
{
    if (form->slot < 0)
        return;
    pthread_mutex_lock(&reg_lock);
    outdir_remove_tree(form->dir);
    reg_dir[form->slot][0] = '\0';
    reg_pid[form->slot] = 0;
    pthread_mutex_unlock(&reg_lock);
    form->slot = -1;
}

void serve_folder_child(int slot, pid_t pid)
{
    if (slot < 0 || slot >= SERVE_SLOTS)
        return;
    pthread_mutex_lock(&reg_lock);
    reg_pid[slot] = pid;
    pthread_mutex_unlock(&reg_lock);
}

/* On SIGINT or SIGTERM: kill every child, wait until it has exited (not
 * reaping it), then remove every folder, the store of kept zips included. */
static void remove_everything(const char *store)
{
    pthread_mutex_lock(&reg_lock);
    for (int i = 0; i < SERVE_SLOTS; i++)
        if (reg_pid[i] > 0)
            kill(reg_pid[i], SIGKILL);
    for (int i = 0; i < SERVE_SLOTS; i++) {
        siginfo_t info;
        if (reg_pid[i] > 0)
            while (waitid(P_PID, (id_t)reg_pid[i], &info, WEXITED | WNOWAIT) < 0 &&
                   errno == EINTR)
                ;
        if (reg_dir[i][0])
            outdir_remove_tree(reg_dir[i]);
    }
    outdir_remove_tree(store);
    /* the lock is kept: no request makes a folder from now on */
}

bool serve_random_hex(char *out, size_t n_bytes)
{
    unsigned char buf[64];
    if (n_bytes > sizeof buf)
        return false;
    for (size_t got = 0; got < n_bytes;) {
        ssize_t r = getrandom(buf + got, n_bytes - got, 0);
        if (r < 0 && errno != EINTR)
            return false;
        if (r > 0)
            got += (size_t)r;
    }
    for (size_t i = 0; i < n_bytes; i++)
        snprintf(out + 2 * i, 3, "%02x", buf[i]);
    return true;
}

/* ---- options ------------------------------------------------------------ */

static int serve_usage_error(const struct standard *std, const char *what, const char *arg)
{
    fprintf(stderr, "%s: serve: %s '%s'\nTry '%s serve --help' for more information.\n",
            std->prog, what, arg, std->prog);
    return WQ_EUSAGE;
}

/* Parse ARGV into S; WQ_OK, WQ_EUSAGE (message printed), or -1 when
 * --help has been answered. */
static int parse_serve_options(int argc, char **argv, struct serve *s)
{
    enum { O_PORT = 256, O_HOST, O_MAX_UPLOAD, O_MAX_UNZIPPED, O_HELP };
    static const struct option opts[] = {
        {"port", required_argument, NULL, O_PORT},
        {"host", required_argument, NULL, O_HOST},
        {"max-upload", required_argument, NULL, O_MAX_UPLOAD},
        {"max-unzipped", required_argument, NULL, O_MAX_UNZIPPED},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 1;
    int c;
    unsigned long v;
    while ((c = getopt_long(argc - 1, argv + 1, ":h", opts, NULL)) != -1) {
        switch (c) {
        case O_PORT:
            if (!options_parse_uint(optarg, 65535, &v))
                return serve_usage_error(s->std, "--port: expected 0 to 65535, not", optarg);
            s->port = (unsigned)v;
            break;
        case O_HOST:
            if (!*optarg || strlen(optarg) >= sizeof s->host)
                return serve_usage_error(s->std, "--host: expected an address, not", optarg);
            strcpy(s->host, optarg);
            break;
        case O_MAX_UPLOAD:
        case O_MAX_UNZIPPED:
            if (!options_parse_uint(optarg, 1u << 20, &v) || v < 1)
                return serve_usage_error(s->std, c == O_MAX_UPLOAD
                                                     ? "--max-upload: expected megabytes, not"
                                                     : "--max-unzipped: expected megabytes, not",
                                         optarg);
            *(c == O_MAX_UPLOAD ? &s->max_upload : &s->max_unzipped) = (unsigned long long)v << 20;
            break;
        case 'h':
        case O_HELP:
            cli_command_usage(stdout, s->std, "serve");
            return fflush(stdout) == 0 ? -1 : WQ_EIO;
        case ':':
            return serve_usage_error(s->std, "this option needs a value:", argv[optind]);
        default:
            return serve_usage_error(s->std, "unknown option", argv[optind]);
        }
    }
    if (optind + 1 < argc)
        return serve_usage_error(s->std, "unexpected argument", argv[optind + 1]);
    return WQ_OK;
}

/* The folder of this program (where its sibling calculator is too). */
static bool find_exe_dir(struct serve *s)
{
    ssize_t n = readlink("/proc/self/exe", s->exe_dir, sizeof s->exe_dir - 1);
    if (n <= 0 || (size_t)n >= sizeof s->exe_dir - 8)
        return false;
    s->exe_dir[n] = '\0';
    char *slash = strrchr(s->exe_dir, '/');
    if (!slash)
        return false;
    *slash = '\0';
    return true;
}

/* Resolve S->host into ADDR (a sockaddr_in or sockaddr_in6); *LOOPBACK
 * says whether it is this machine only. */
static bool resolve_host(const struct serve *s, struct sockaddr_storage *addr, bool *ipv6,
                         bool *loopback)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE};
    struct addrinfo *res = NULL;
    if (getaddrinfo(s->host, NULL, &hints, &res) != 0 || !res)
        return false;
    memcpy(addr, res->ai_addr, res->ai_addrlen);
    *ipv6 = res->ai_family == AF_INET6;
    if (*ipv6) {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)(void *)addr;
        a6->sin6_port = htons((uint16_t)s->port);
        *loopback = IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr);
    } else {
        struct sockaddr_in *a4 = (struct sockaddr_in *)(void *)addr;
        a4->sin_port = htons((uint16_t)s->port);
        *loopback = (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
    }
    freeaddrinfo(res);
    return true;
}

/* The folder for kept zips: private, removed at the end. */
static bool make_store(struct serve *s)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    int n = snprintf(s->store, sizeof s->store, "%s/wq-serve-kept-XXXXXX", tmp);
    return n > 0 && (size_t)n < sizeof s->store && mkdtemp(s->store);
}

/* Wait for SIGINT, SIGTERM or SIGHUP (blocked in every thread), clean up
 * and die of it. */
static void wait_for_signal(const sigset_t *set, const struct serve *s, void *daemon)
{
    int sig = 0;
    while (sigwait(set, &sig) != 0)
        ;
    remove_everything(s->store);
    (void)daemon; /* not stopped: the process ends now, by the signal */
    signal(sig, SIG_DFL);
    pthread_sigmask(SIG_UNBLOCK, set, NULL);
    raise(sig);
    _exit(128 + sig);
}

int serve_main(int argc, char **argv, const struct standard *std)
{
    static struct serve s; /* the threads read it until the process ends */
    s = (struct serve){.std = std, .port = SERVE_DEFAULT_PORT, .max_upload = 200ull << 20,
                       .max_unzipped = 1024ull << 20, .timeout = 600};
    strcpy(s.host, "127.0.0.1");
    int st = parse_serve_options(argc, argv, &s);
    if (st)
        return st < 0 ? WQ_OK : st;
    struct sockaddr_storage addr;
    bool ipv6 = false, loopback = false;
    if (!resolve_host(&s, &addr, &ipv6, &loopback))
        return serve_usage_error(std, "--host: cannot resolve", s.host);
    if (!loopback)
        fprintf(stderr, "%s: warning: --host %s is not this machine's loopback address: anyone "
                        "who can reach it on the network and has the token can upload to this "
                        "server, and the data travels unencrypted\n", std->prog, s.host);
    if (!find_exe_dir(&s) || !serve_random_hex(s.token, 32)) {
        fprintf(stderr, "%s: serve: cannot find this program's folder or random bytes\n",
                std->prog);
        return WQ_EIO;
    }
    signal(SIGPIPE, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* the server's threads inherit it */
    if (!make_store(&s)) {
        fprintf(stderr, "%s: serve: cannot create a temporary folder: %s\n", std->prog,
                strerror(errno));
        return WQ_ECANTCREAT;
    }
    void *daemon = serve_http_start(&s, ipv6, &addr);
    if (!daemon) {
        outdir_remove_tree(s.store);
        return WQ_ECANTCREAT;
    }
    const char *shown = loopback ? s.host : "127.0.0.1";
    bool bracket = strchr(shown, ':') != NULL;
    printf("%s: serving on http://%s%s%s:%u/?token=%s\n", std->prog, bracket ? "[" : "", shown,
           bracket ? "]" : "", s.port, s.token);
    if (fflush(stdout) != 0) {
        serve_http_stop(daemon);
        outdir_remove_tree(s.store);
        return WQ_EIO;
    }
    wait_for_signal(&set, &s, daemon);
    return WQ_OK;
}
