"""Faults to put in front of the product in a test: a server that accepts connections and never answers, a TCP proxy
that can be switched to hang, and the Celery app publishing to a given broker.

The servers give up by themselves after `give_up_after` seconds (they close every connection and stop listening), so
that a test of code that waits without a bound fails on its time limit instead of hanging the run.
"""

import select
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

GIVE_UP_AFTER = 20.0  # seconds; longer than any bound a test asserts


class _Listener:
    """A socket listening on 127.0.0.1 on a free port, and a thread accepting on it until closed."""

    def __init__(self, give_up_after: float):
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.host, self.port = self._listener.getsockname()[:2]
        self.accepted = 0
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._timer = threading.Timer(give_up_after, self.close)
        self._timer.daemon = True
        self._timer.start()
        threading.Thread(target=self._accept_all, daemon=True).start()

    def _accept_all(self) -> None:
        while not self._closed.is_set():
            try:
                readable, _, _ = select.select([self._listener], [], [], 0.05)
                if not readable:
                    continue
                client, _ = self._listener.accept()
            except (OSError, ValueError):  # closed meanwhile
                return
            with self._lock:
                self.accepted += 1
            self._keep(client)
            self._accepted(client)

    def _keep(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)

    def _accepted(self, client: socket.socket) -> None:
        """Nothing: the connection stays open and unanswered."""

    def close(self) -> None:
        self._closed.set()
        self._timer.cancel()
        with self._lock:
            sockets, self._sockets = [self._listener, *self._sockets], []
        for sock in sockets:
            with suppress(OSError):
                sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class HungServer(_Listener):
    """Accepts every connection, reads nothing and answers nothing: a Redis (or any server) that has frozen while
    its host's network stack still completes the TCP handshake."""

    def __init__(self, give_up_after: float = GIVE_UP_AFTER):
        super().__init__(give_up_after)

    def url(self, scheme: str = "redis", path: str = "/0") -> str:
        return f"{scheme}://{self.host}:{self.port}{path}"


class TcpProxy(_Listener):
    """Forwards connections to `target` (host, port) until hang() is called; from then on it forwards nothing in
    either direction and new connections are accepted and left unanswered: a server hung after the handshake."""

    def __init__(self, target: tuple[str, int], give_up_after: float = GIVE_UP_AFTER):
        self._target = target
        self._hanging = threading.Event()
        super().__init__(give_up_after)

    def hang(self) -> None:
        self._hanging.set()

    def _accepted(self, client: socket.socket) -> None:
        if self._hanging.is_set():
            return
        try:
            upstream = socket.create_connection(self._target, timeout=5)
        except OSError:
            client.close()
            return
        self._keep(upstream)
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        while not self._closed.is_set():
            if self._hanging.is_set():
                self._closed.wait(0.05)
                continue
            try:
                readable, _, _ = select.select([source], [], [], 0.05)
                if not readable:
                    continue
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
            except (OSError, ValueError):
                break
        for sock in (source, sink):
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _set_pools_aside(app, *, close: bool) -> None:
    """The app looks its broker connection and producer pools up again on the next publish."""
    pools = [app._pool, app.amqp._producer_pool]
    app._pool = None
    app.amqp._producer_pool = None
    for pool in pools:
        if close and pool is not None:
            pool.force_close_all()


@contextmanager
def broker_at(url: str) -> Iterator[None]:
    """Tasks are published to the broker at `url` in this process, as in the web process: not run eagerly, and with
    the product's transport options and publish retry policy. The real broker's pools are set aside meanwhile."""
    from ewg.celery import app

    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    _set_pools_aside(app, close=False)  # kombu keeps them by connection; the next lookup finds them again
    app.conf.update(broker_url=url, task_always_eager=False)
    try:
        yield
    finally:
        _set_pools_aside(app, close=True)
        app.conf.update(saved)
