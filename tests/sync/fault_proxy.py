"""A loopback HTTP proxy that breaks exchanges on purpose: drops before or after the server answered,
502s, delays, truncated answers and requests delivered twice."""

from __future__ import annotations

import random
import socket
import socketserver
import struct
import threading
import time
from collections import Counter

FAULTS = {  # probability per exchange; the rest pass untouched
    "drop_before": 0.06,   # the request never reaches the server
    "drop_after": 0.08,    # the server applied it, the answer is lost
    "bad_gateway": 0.05,   # 502 without asking the server
    "delay": 0.08,         # slow network, both ways
    "truncate": 0.06,      # half the answer, then the connection dies
    "twice": 0.07,         # the request reaches the server twice at once (a retransmit)
}


class FaultProxy:
    def __init__(self, upstream: tuple[str, int], seed: int = 1, faults: dict[str, float] | None = None):
        self.upstream = upstream
        self.faults = FAULTS if faults is None else faults
        self.stats: Counter[str] = Counter()
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler, bind_and_activate=True)
        self._server.daemon_threads = True
        self._server.proxy = self  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        daemon=True)

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def choose(self) -> tuple[str, float]:
        with self._lock:
            roll, acc = self._rng.random(), 0.0
            delay = self._rng.uniform(0.05, 0.5)
            for fault, probability in self.faults.items():
                acc += probability
                if roll < acc:
                    self.stats[fault] += 1
                    return fault, delay
            self.stats["clean"] += 1
            return "clean", delay


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        proxy: FaultProxy = self.server.proxy  # type: ignore[attr-defined]
        client: socket.socket = self.request
        client.settimeout(30)
        try:
            raw = _read_request(client)
            if raw is None:
                return
            fault, delay = proxy.choose()
            if fault == "drop_before":
                _reset(client)
                return
            if fault == "bad_gateway":
                client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\n"
                               b"Content-Length: 11\r\nConnection: close\r\n\r\nBad Gateway")
                return
            if fault == "delay":
                time.sleep(delay)
            if fault == "twice":
                echo = threading.Thread(target=_forward_quietly, args=(raw, proxy.upstream), daemon=True)
                echo.start()
            answer = _forward(raw, proxy.upstream)
            if fault == "drop_after":
                _reset(client)
                return
            if fault == "truncate":
                client.sendall(answer[: max(1, len(answer) // 2)])
                _reset(client)
                return
            if fault == "delay":
                time.sleep(delay)
            client.sendall(answer)
        except OSError:
            return


def _read_request(sock: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head + b"\r\n\r\n" + body


def _forward(raw: bytes, upstream: tuple[str, int]) -> bytes:
    # gunicorn's sync workers close the connection after each answer, so the answer ends at EOF.
    with socket.create_connection(upstream, timeout=120) as up:
        up.sendall(raw)
        chunks = []
        while chunk := up.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _forward_quietly(raw: bytes, upstream: tuple[str, int]) -> None:
    try:
        _forward(raw, upstream)
    except OSError:
        pass


def _reset(sock: socket.socket) -> None:
    """Close with RST rather than FIN: the client sees a broken connection, as on a dead mobile link."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
