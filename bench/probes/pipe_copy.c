/* Machine limit for log capture: the work a supervisor does for a chatty child, done in C
 * with nothing else around it. A child runs line_writer into a pipe; this process reads the
 * pipe and appends to a file, like a daemon capturing stdout to its log.
 * usage: pipe_copy LINE_WRITER BYTES OUTPUT_FILE
 * prints: "<bytes copied> <elapsed seconds> <copier CPU seconds>"
 * CPU seconds are this (copying) process's user+system time only, not the writer's. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s LINE_WRITER BYTES OUTPUT_FILE\n", argv[0]);
        return 2;
    }
    int out = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
    if (out < 0) { perror("open"); return 1; }
    int fds[2];
    if (pipe(fds) < 0) { perror("pipe"); return 1; }
    double start = now(), cpu_start = cpu_seconds();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execl(argv[1], argv[1], argv[2], (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    /* 128 KiB reads: the same buffer size Python's supervisord uses for child output. */
    static char buf[131072];
    long long copied = 0;
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) {
        ssize_t off = 0;
        while (off < n) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0) { perror("write"); return 1; }
            off += w;
        }
        copied += n;
    }
    int status;
    waitpid(pid, &status, 0);
    double elapsed = now() - start, cpu = cpu_seconds() - cpu_start;
    close(out);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) { fprintf(stderr, "writer failed\n"); return 1; }
    printf("%lld %.6f %.6f\n", copied, elapsed, cpu);
    return 0;
}
