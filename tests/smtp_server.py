"""A small SMTP server in threads of the test process: the real protocol over a real socket, for the tests of mail
delivery. (The standard library lost its smtpd in Python 3.12; Django's SMTP backend needs only the commands below.)

The server can refuse messages (`refuse`), hold a message before answering it (`hold`, a frozen server), and run a
function right after it has accepted one and before the next command (`after_accept`, a fault at the worst moment).
"""

import socket
import threading
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message

import pytest


@dataclass
class Received:
    message: Message
    accepted: bool

    @property
    def message_id(self) -> str:
        return self.message["Message-ID"]


class SMTPServer:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.refuse: str | None = None  # e.g. "451 4.3.0 Try again later": the answer to the message instead of 250
        self.hold = threading.Event()
        self.hold.set()  # cleared: a message waits for set() before it is answered
        self.holding = threading.Event()  # set while a message waits
        self.after_accept = None
        self.connections = 0
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.1)  # the accepting thread looks up now and then to see whether to end
        self.port = self._socket.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._start(self._accept_loop)

    @property
    def accepted(self) -> list[Received]:
        return [item for item in self.received if item.accepted]

    def close(self) -> None:
        self._closed = True
        self.hold.set()
        for thread in self._threads:
            thread.join(10)
        self._socket.close()

    def _start(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self._closed:
            try:
                client, _address = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            self._start(self._serve, client)

    def _serve(self, client: socket.socket) -> None:
        with client, client.makefile("rb") as reader:

            def answer(line: str) -> None:
                client.sendall(line.encode() + b"\r\n")

            answer("220 test.example ESMTP")
            for raw in reader:
                command = raw.decode(errors="replace").strip().upper()
                if command.startswith("EHLO"):
                    answer("250-test.example")
                    answer("250 8BITMIME")
                elif command.startswith(("HELO", "MAIL", "RCPT", "RSET", "NOOP")):
                    answer("250 OK")
                elif command == "DATA":
                    answer("354 End data with <CR><LF>.<CR><LF>")
                    self._take_message(reader, answer)
                elif command == "QUIT":
                    answer("221 Bye")
                    return
                else:
                    answer("502 Command not implemented")

    def _take_message(self, reader, answer) -> None:
        lines = []
        for raw in reader:
            if raw in (b".\r\n", b".\n"):
                break
            lines.append(raw[1:] if raw.startswith(b"..") else raw)
        if not self.hold.is_set():
            self.holding.set()
            self.hold.wait(30)
            self.holding.clear()
        message = message_from_bytes(b"".join(lines))
        refusal = self.refuse
        self.received.append(Received(message, accepted=refusal is None))
        answer(refusal or "250 OK: queued")
        if refusal is None and self.after_accept is not None:
            self.after_accept()


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server, and the product's mail pointed at it."""
    server = SMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.close()
