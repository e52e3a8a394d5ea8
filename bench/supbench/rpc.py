"""XML-RPC over the daemon's unix socket, as raw HTTP/1.1.

Raw HTTP rather than xmlrpc.client.ServerProxy: for getAllProcessInfo at N=1,000 the
client-side unmarshalling in Python would cost more than a fast server's reply, and the
benchmark is about the server. Replies are parsed (and checked) only when asked to.
"""
import socket
import statistics
import time
import xmlrpc.client


class RpcError(RuntimeError):
    pass


def request_bytes(method, params=(), keep_alive=True):
    body = xmlrpc.client.dumps(tuple(params), method).encode()
    head = ("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
            f"Content-Length: {len(body)}\r\n"
            + ("" if keep_alive else "Connection: close\r\n") + "\r\n")
    return head.encode() + body


class UnixHttpConnection:
    def __init__(self, socket_path, timeout=60.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(socket_path)
        self.buffer = b""
        self.closed_by_peer = False

    def close(self):
        self.sock.close()

    def _fill(self):
        data = self.sock.recv(262144)
        if not data:
            self.closed_by_peer = True
            raise RpcError("connection closed by server")
        self.buffer += data

    def _read_until(self, marker):
        while True:
            index = self.buffer.find(marker)
            if index >= 0:
                line, self.buffer = self.buffer[:index], self.buffer[index + len(marker):]
                return line
            self._fill()

    def _read_exact(self, count):
        while len(self.buffer) < count:
            self._fill()
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def exchange(self, request):
        """Sends one request; returns the reply body. Handles length, chunked and close framing."""
        self.sock.sendall(request)
        head = self._read_until(b"\r\n\r\n").decode("latin-1").split("\r\n")
        status = head[0].split(" ", 2)
        if len(status) < 2 or status[1] != "200":
            raise RpcError(f"HTTP status: {head[0]!r}")
        headers = {}
        for line in head[1:]:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = self._read_exact(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int(self._read_until(b"\r\n").split(b";")[0], 16)
                if size == 0:
                    self._read_until(b"\r\n")
                    break
                parts.append(self._read_exact(size))
                self._read_exact(2)
            body = b"".join(parts)
        else:
            try:
                while True:
                    self._fill()
            except RpcError:
                pass
            body, self.buffer = self.buffer, b""
        if headers.get("connection", "").lower() == "close":
            self.closed_by_peer = True
        return body


def parse_reply(body):
    try:
        params, _ = xmlrpc.client.loads(body)
    except xmlrpc.client.Fault as fault:
        raise RpcError(f"fault {fault.faultCode}: {fault.faultString}") from None
    return params[0] if params else None


def call(socket_path, method, *params, timeout=60.0):
    """One call on a fresh connection; returns the unmarshalled result."""
    conn = UnixHttpConnection(socket_path, timeout)
    try:
        return parse_reply(conn.exchange(request_bytes(method, params, keep_alive=False)))
    finally:
        conn.close()


def time_calls(socket_path, request, keep_alive, window_s, min_calls, max_s, check=None):
    """Repeats one request for window_s or min_calls, whichever is later (never past max_s),
    on one kept-alive connection or a new one per call. check(body) vets the first reply.
    Returns (calls per second, median latency in ms)."""
    latencies = []
    connection = None
    started = time.monotonic()
    try:
        while True:
            elapsed = time.monotonic() - started
            if elapsed >= max_s or (elapsed >= window_s and len(latencies) >= min_calls):
                break
            call_started = time.monotonic()
            if connection is None:
                connection = UnixHttpConnection(socket_path, timeout=15.0)
            elif connection.closed_by_peer:
                raise RpcError("server closed the kept-alive connection")
            body = connection.exchange(request)
            if not keep_alive:
                connection.close()
                connection = None
            latencies.append(time.monotonic() - call_started)
            if check and len(latencies) == 1:
                check(body)
        total = time.monotonic() - started
    finally:
        if connection is not None:
            connection.close()
    return len(latencies) / total, statistics.median(latencies) * 1000
