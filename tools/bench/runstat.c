/* runstat.c: run a command and report its wall time and peak memory.
 *
 *   runstat OUT CMD [ARG]...
 *
 * runs CMD (its standard streams are inherited), then appends one line to
 * the file OUT: "WALL_SECONDS MAX_RSS_KB EXIT_STATUS CPU_SECONDS", the wall
 * time from fork to exit (CLOCK_MONOTONIC), the child's peak resident set
 * size (wait4's ru_maxrss, what /usr/bin/time -v prints as "Maximum resident
 * set size") and its user + system CPU time (which other processes sharing
 * the core disturb less than the wall time). Exits with the command's
 * status. No package needed beyond libc. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: runstat OUT CMD [ARG]...\n");
        return 64;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 71;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "runstat: %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("wait4");
            return 71;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    FILE *out = fopen(argv[1], "a");
    if (!out) {
        perror(argv[1]);
        return 73;
    }
    double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec)
                 + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    fprintf(out, "%.4f %ld %d %.4f\n", wall, ru.ru_maxrss, rc, cpu);
    if (fclose(out) != 0) {
        perror(argv[1]);
        return 74;
    }
    return rc;
}
