/* The log producer: writes BYTES bytes of 100-byte lines to stdout as fast as it can.
 * Line i is i in decimal, zero-padded to 99 digits, then a newline, so the output is
 * deterministic and any loss, reordering or duplication changes its checksum.
 * usage: line_writer BYTES [STAMP_FILE]
 * With STAMP_FILE, the CLOCK_MONOTONIC time at which writing began is written there
 * first, so the harness can time the transfer from the producer's own start. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINE 100
#define LINES_PER_CHUNK 655 /* 65,500 bytes: one write fills most of a 64 KiB pipe */

static int write_all(const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = write(1, buf, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s BYTES [STAMP_FILE]\n", argv[0]);
        return 2;
    }
    long long total_lines = atoll(argv[1]) / LINE;
    if (argc > 2) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        FILE *stamp = fopen(argv[2], "w");
        if (!stamp) { perror("stamp"); return 1; }
        fprintf(stamp, "%.9f\n", ts.tv_sec + ts.tv_nsec / 1e9);
        fclose(stamp);
    }
    /* The counter is kept as ASCII digits and incremented in place: formatting each line
     * with printf would make the writer, not the pipe and the logger, the bottleneck. */
    char line[LINE];
    memset(line, '0', LINE - 1);
    line[LINE - 1] = '\n';
    static char chunk[LINE * LINES_PER_CHUNK];
    long long done = 0;
    while (done < total_lines) {
        int lines = 0;
        while (lines < LINES_PER_CHUNK && done < total_lines) {
            memcpy(chunk + lines * LINE, line, LINE);
            for (int digit = LINE - 2; digit >= 0; digit--) {
                if (line[digit] != '9') { line[digit]++; break; }
                line[digit] = '0';
            }
            lines++;
            done++;
        }
        if (write_all(chunk, (size_t)lines * LINE) < 0) { perror("write"); return 1; }
    }
    return 0;
}
