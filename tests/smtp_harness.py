"""A real SMTP server on loopback for the tests that prove mail leaves Odoo.

`SmtpSink` runs aiosmtpd in a thread of the test process and keeps every message it accepted,
parsed, with its envelope. The test switches how it answers, as a real mail server may:

- ``temporary_failures = n``: the next n messages get ``451`` after DATA (a greylisting or
  over-quota server; the sender should try again later);
- ``refused_recipients = {address, ...}``: ``550`` for those recipients at RCPT TO;
- ``drop_next = n``: the next n messages are received whole, then the connection is closed
  before the server answers (the client cannot know whether the message arrived; the server
  counts it as not received);
- ``closed_port()``: a loopback port where nothing listens (connection refused).

`configure_odoo()` makes the sink the database's outgoing mail server over JSON-RPC, the way an
administrator fills in Settings > Technical > Outgoing Mail Servers.
"""

import email
import email.policy
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

TEMPORARY_FAILURE = "451 4.7.1 Greylisted, please try again later"
UNKNOWN_RECIPIENT = "550 5.1.1 <{address}>: Recipient address rejected: User unknown"


@dataclass
class Received:
    """One message as the SMTP server got it."""

    mail_from: str
    rcpt_tos: list
    message: email.message.EmailMessage = field(repr=False)

    @property
    def subject(self):
        return str(self.message["Subject"])

    @property
    def sender(self):
        return str(self.message["From"])

    @property
    def to(self):
        return str(self.message["To"])

    def html(self):
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part else ""

    def text(self):
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part else ""

    def attachments(self):
        """``{file name: bytes}`` of the attached files."""
        return {part.get_filename(): part.get_content() for part in self.message.iter_attachments()}

    def pdf_text(self, name=None):
        """Text of the attached PDF (``pdftotext -layout``), the only one or the one named ``name``."""
        pdfs = {n: data for n, data in self.attachments().items() if n.lower().endswith(".pdf")}
        assert pdfs, f"no PDF attached to {self.subject!r}"
        data = pdfs[name] if name else next(iter(pdfs.values()))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(data)
            pdf.flush()
            return subprocess.run(
                ["pdftotext", "-layout", pdf.name, "-"], check=True, capture_output=True, text=True
            ).stdout


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.sink.refused_recipients:
            return UNKNOWN_RECIPIENT.format(address=address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        sink = self.sink
        if sink.temporary_failures:
            sink.temporary_failures -= 1
            sink.rejected += 1
            return TEMPORARY_FAILURE
        if sink.drop_next:
            sink.drop_next -= 1
            sink.dropped += 1
            server.transport.close()
            return "421 4.4.2 Connection dropped"  # never reaches the client: the socket is closed
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        sink.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 2.0.0 Ok: queued"


class SmtpSink:
    """aiosmtpd on 127.0.0.1, a free port, recording accepted messages in ``messages``."""

    def __init__(self):
        self.host = "127.0.0.1"
        self.port = self.closed_port()  # free now; aiosmtpd listens on it from start()
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)
        self.reset()

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._controller.stop()

    def reset(self):
        """Forget what was received and answer every message with 250 again."""
        self.messages = []
        self.temporary_failures = 0
        self.refused_recipients = set()
        self.drop_next = 0
        self.rejected = 0
        self.dropped = 0

    def refuse(self, *addresses):
        self.refused_recipients = {a.lower() for a in addresses}

    def to(self, address):
        """The messages whose envelope names ``address`` as a recipient."""
        return [m for m in self.messages if address.lower() in (r.lower() for r in m.rcpt_tos)]

    @staticmethod
    def closed_port():
        """A loopback port where nothing listens: connecting to it is refused."""
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    def configure_odoo(self, db, name="Loopback SMTP", from_filter=False, port=None):
        """Create (or point) the database's outgoing mail server at this sink; return its id.

        ``from_filter``: the addresses or domain the server may send as (Odoo rewrites any other
        sender to the alias domain's notifications address); ``port``: another port, e.g.
        ``closed_port()`` to make the server unreachable.
        """
        values = {
            "name": name,
            "from_filter": from_filter,
            "smtp_host": self.host,
            "smtp_port": port or self.port,
            "smtp_encryption": "none",
            "smtp_authentication": "login",
            "sequence": 1,
        }
        existing = db.call("ir.mail_server", "search", [("name", "=", name)])
        if existing:
            db.call("ir.mail_server", "write", existing, values)
            return existing[0]
        return db.call("ir.mail_server", "create", values)
