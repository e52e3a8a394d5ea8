/* The crash-looping program of restart_storm: appends its CLOCK_MONOTONIC start time to
 * STAMP_FILE and exits at once. The harness reads the stamps to time each respawn.
 * usage: stamp_exit STAMP_FILE */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    char line[64];
    int len = snprintf(line, sizeof line, "%.9f\n", ts.tv_sec + ts.tv_nsec / 1e9);
    /* O_APPEND and a single write keep each stamp whole even if two runs overlap. */
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) return 1;
    if (write(fd, line, (size_t)len) != len) return 1;
    close(fd);
    return 0;
}
