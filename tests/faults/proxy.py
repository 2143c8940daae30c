"""A TCP forwarder between the code under test and a real service, which a test can cut and restore.

Fault injection by the network, as toxiproxy does it, in a few lines: the service behind it is the real one.

* `cut()`: the listening socket closes and open connections are dropped, so connecting is refused (a stopped
  service); `restore()` listens again on the same port.
* `hold_responses()`: requests still reach the service, but its answers are kept back (a service that took
  the request and then went silent); `held.wait()` tells when an answer has arrived and is being held,
  `release_responses()` lets answers through again.
"""

from __future__ import annotations

import socket
import threading


class FaultProxy:
    def __init__(self, target_host: str, target_port: int, *, host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.host = host
        self.port = 0
        self._listener: socket.socket | None = None
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._responses_flow = threading.Event()
        self._responses_flow.set()
        self.held = threading.Event()  # set once an answer is being held back
        self.accepted = 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # --- control -------------------------------------------------------------------------------------------
    def start(self) -> FaultProxy:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept_loop, args=(listener,), daemon=True).start()
        return self

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            try:
                listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; close() alone would not
            except OSError:
                pass
            listener.close()
        with self._lock:
            connections, self._connections = self._connections, set()
        for sock in connections:
            _reset(sock)

    def restore(self) -> None:
        if self._listener is None:
            self.start()

    def hold_responses(self) -> None:
        self.held.clear()
        self._responses_flow.clear()

    def release_responses(self) -> None:
        self._responses_flow.set()

    def close(self) -> None:
        self.release_responses()
        self.cut()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # --- forwarding ---------------------------------------------------------------------------------------------
    def _accept_loop(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _reset(client)
                continue
            self.accepted += 1
            with self._lock:
                self._connections.update((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, is_response: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if is_response and not self._responses_flow.is_set():
                    self.held.set()
                    self._responses_flow.wait()
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            with self._lock:
                self._connections.discard(source)
                self._connections.discard(sink)


def _reset(sock: socket.socket) -> None:
    """Drop the connection now. shutdown() first: close() alone leaves a socket another thread is reading
    from open (Linux), so the peer would never notice."""
    for step in (lambda: sock.shutdown(socket.SHUT_RDWR), sock.close):
        try:
            step()
        except OSError:
            pass
