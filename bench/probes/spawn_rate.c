/* Machine limit for starting programs: how many times per second this machine can
 * start /bin/true and reap it, one at a time, the way a supervisor starts a child.
 * usage: spawn_rate fork|posix_spawn SECONDS
 * prints: "<spawns> <elapsed seconds>" */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int spawn_fork(char *const argv[]) {
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

static int spawn_posix(char *const argv[]) {
    pid_t pid;
    if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) != 0) return -1;
    return pid;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s fork|posix_spawn SECONDS\n", argv[0]);
        return 2;
    }
    int use_fork = strcmp(argv[1], "fork") == 0;
    double seconds = atof(argv[2]);
    char *child_argv[] = {"/bin/true", NULL};
    long spawns = 0;
    double start = now(), elapsed = 0;
    while (elapsed < seconds) {
        int pid = use_fork ? spawn_fork(child_argv) : spawn_posix(child_argv);
        if (pid < 0) { perror("spawn"); return 1; }
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "child failed\n");
            return 1;
        }
        spawns++;
        elapsed = now() - start;
    }
    printf("%ld %.6f\n", spawns, elapsed);
    return 0;
}
