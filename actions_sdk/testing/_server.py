"""A real loopback HTTP/1.1 server in front of an emulator (standard library only)."""

from __future__ import annotations

import contextlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from actions_sdk._types import ClosesOnExit

from ._base import Incoming, Reply

if TYPE_CHECKING:
    from ._base import EmulatorBase

__all__ = ["EmulatorServer"]


class _Handler(BaseHTTPRequestHandler):
    """Per-connection handler: parse, hand to the emulator, write the answer (or drop it)."""

    # Keep-alive, and no Nagle: with Nagle on, delayed ACKs add ~40 ms to every keep-alive call.
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def _serve(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        host = self.headers.get("host") or "{}:{}".format(*self.server.server_address[:2])
        incoming = Incoming.build(
            self.command, self.path, dict(self.headers), body, f"http://{host}"
        )
        try:
            outcome = self.server.emulator.process(incoming, server_mode=True)
        except Exception:  # a bug in the emulator must not kill the server thread silently
            self.server.errors += 1
            self._write(Reply(500, {"message": "emulator error"}))
            return
        if outcome.lost:
            # Processed, then the connection dies without a byte of answer.
            self.close_connection = True
            return
        self._write(outcome.reply)

    def _write(self, reply: Reply) -> None:
        content, headers = reply.encode()
        self.send_response(reply.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(content)))
        self.end_headers()
        if content:
            self.wfile.write(content)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve  # noqa: N815 - http.server naming

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the emulator keeps its own request log."""


class _Server(ThreadingHTTPServer):
    """Tracks open connections so ``close()`` can end idle keep-alive threads promptly."""

    # Non-daemon handler threads, joined by server_close(): nothing outlives close().
    daemon_threads = False
    block_on_close = True
    allow_reuse_address = True
    # listen() backlog. socketserver's default of 5 made the kernel drop connection attempts
    # as soon as ~100 clients connected at once (each retried SYN costs a second); the kernel
    # caps this at net.core.somaxconn.
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], emulator: EmulatorBase) -> None:
        self.emulator = emulator
        self.errors = 0
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        """Shut down every open connection so blocked handler threads return."""
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            # OSError: the peer already closed it.
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class EmulatorServer(ClosesOnExit):
    """A running loopback server for an emulator (see :meth:`EmulatorBase.serve`).

    Attributes:
        url: Base URL to give clients, e.g. ``http://127.0.0.1:53187``.
        host: Bound host.
        port: Bound port.
    """

    def __init__(self, emulator: EmulatorBase, host: str = "127.0.0.1", port: int = 0) -> None:
        self.emulator = emulator
        self._httpd = _Server((host, port), emulator)
        bound_host, bound_port = self._httpd.server_address[:2]
        self.host = str(bound_host)
        self.port = int(bound_port)
        self.url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"emulator-server-{self.port}",
            daemon=True,
        )
        self._thread.start()
        self._closed = False

    def close(self) -> None:
        """Stop serving, close open connections and join every thread (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self._httpd.shutdown()
        self._httpd.drop_connections()
        self._httpd.server_close()
        self._thread.join()

    def __repr__(self) -> str:
        return f"EmulatorServer(url={self.url!r})"
