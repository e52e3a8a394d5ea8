/* The floor under every XML-RPC latency the harness reports: a server that does no work,
 * answering each POST on a unix socket at once with a fixed getState reply. Whatever the
 * harness measures against it is the client's and the kernel's share of a call.
 * usage: rpc_floor SOCKET_PATH   (serves one connection at a time until killed) */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char BODY[] =
    "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n"
    "<member>\n<name>statecode</name>\n<value><int>1</int></value>\n</member>\n"
    "<member>\n<name>statename</name>\n<value><string>RUNNING</string></value>\n</member>\n"
    "</struct></value>\n</param>\n</params>\n</methodResponse>\n";

/* Serves requests on one connection; returns when the client closes or asks to close. */
static void serve(int fd) {
    static char buf[65536];
    size_t have = 0;
    char reply[1024];
    int reply_len = snprintf(reply, sizeof reply,
                             "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %zu\r\n\r\n%s",
                             sizeof BODY - 1, BODY);
    for (;;) {
        char *end = NULL;
        while (!(end = memmem(buf, have, "\r\n\r\n", 4))) {
            if (have == sizeof buf) return;
            ssize_t n = read(fd, buf + have, sizeof buf - have);
            if (n <= 0) return;
            have += (size_t)n;
        }
        size_t head = (size_t)(end - buf) + 4, body = 0;
        int close_after = 0;
        for (char *line = buf; line < end; line = (char *)memmem(line, (size_t)(end + 2 - line), "\r\n", 2) + 2) {
            if (strncasecmp(line, "Content-Length:", 15) == 0) body = strtoul(line + 15, NULL, 10);
            if (strncasecmp(line, "Connection: close", 17) == 0) close_after = 1;
        }
        while (have < head + body) {
            ssize_t n = read(fd, buf + have, sizeof buf - have);
            if (n <= 0) return;
            have += (size_t)n;
        }
        if (write(fd, reply, (size_t)reply_len) != reply_len) return;
        memmove(buf, buf + head + body, have - head - body);
        have -= head + body;
        if (close_after) return;
    }
}

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    int listener = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strncpy(addr.sun_path, argv[1], sizeof addr.sun_path - 1);
    unlink(argv[1]);
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(listener, 16) < 0) {
        perror("rpc_floor");
        return 1;
    }
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) continue;
        serve(fd);
        close(fd);
    }
}
