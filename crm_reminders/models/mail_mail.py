"""Suite-wide outgoing mail reliability: temporary SMTP failures are retried by the mail queue.

Odoo core marks an e-mail *Delivery Failed* on any SMTP failure and its queue never tries it
again, so a greylisting server (451) or a mail server restarting loses the invoice, offer or
reminder until someone notices. Here, as every mail server does:

- a temporary failure (a 4xx answer, connection refused or timed out, connection dropped) keeps
  the e-mail in the queue (*Outgoing*) and schedules the next attempt after a back-off that
  doubles each time; after the last allowed attempt it fails like in core, with the server's
  last answer as its reason;
- a permanent failure (a 5xx answer, a bad address, ...) fails at once, as in core.

A dropped connection (``SMTPServerDisconnected``) is a temporary failure of the e-mail being
sent when it happened, with its real reason instead of core's placeholder; the other e-mails of
the batch are still sent, and the user's *Send* succeeds (core answers "please run connect()
first" although the document was saved).

System parameters: ``crm_reminders.mail_retry_attempts`` (attempts in all, 5 by default) and
``crm_reminders.mail_retry_delay`` (seconds before the second attempt, 300 by default; each
following wait is twice the previous one).
"""

import logging
import smtplib
import socket
import sys
from datetime import timedelta

from odoo import _, fields, models

_logger = logging.getLogger(__name__)

DEFAULT_ATTEMPTS = 5
DEFAULT_DELAY = 300  # seconds


def smtp_failure_is_temporary(error):
    """Whether an exception raised while connecting or sending is worth trying again later.

    Looks through the exceptions it wraps (core wraps the SMTP error in a MailDeliveryException).
    """
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, smtplib.SMTPRecipientsRefused):
            codes = [code for code, _message in error.recipients.values()]
            return bool(codes) and all(400 <= code < 500 for code in codes)
        if isinstance(error, smtplib.SMTPResponseException):
            return 400 <= error.smtp_code < 500
        if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError | TimeoutError | socket.gaierror):
            return True
        # core's MailDeliveryException(message, original error), else the chained exception
        wrapped = [arg for arg in getattr(error, "args", ()) if isinstance(arg, BaseException)]
        error = wrapped[0] if wrapped else (error.__cause__ or error.__context__)
    return False


class MailMail(models.Model):
    _inherit = "mail.mail"

    delivery_attempts = fields.Integer(
        readonly=True,
        copy=False,
        help="How many times sending this e-mail failed temporarily (e.g. the server answered 4xx); "
        "the mail queue tries again later, up to the configured number of attempts.",
    )

    def mark_outgoing(self):
        # a retry by hand (Retry, or the resend wizard's mails) gets all its attempts again
        return super().mark_outgoing() and self.write({"delivery_attempts": 0})

    def _retry_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        try:
            attempts = int(params.get_param("crm_reminders.mail_retry_attempts", DEFAULT_ATTEMPTS))
            delay = float(params.get_param("crm_reminders.mail_retry_delay", DEFAULT_DELAY))
        except ValueError:
            attempts, delay = DEFAULT_ATTEMPTS, DEFAULT_DELAY
        return max(attempts, 1), max(delay, 0.0)

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        # Core calls this from inside its ``except`` block when connecting or sending failed, so
        # the exception being handled is the SMTP failure of these e-mails.
        error = sys.exc_info()[1] if failure_type in ("mail_smtp", "unknown") else None
        if failure_type == "mail_smtp" and not failure_reason:
            # core writes a connection failure on the e-mails only: show it on the chatter too
            failure_reason = self[:1].failure_reason
        if error is not None and smtp_failure_is_temporary(error):
            retry = self._retry_later(success_pids, failure_reason or str(error))
            if retry == self:
                return True
            self -= retry
        return super()._postprocess_sent_message(success_pids, failure_reason=failure_reason, failure_type=failure_type)

    def _retry_later(self, success_pids, reason):
        """Put back in the queue those of these e-mails that may be tried again; return them.

        Recipients already delivered are taken off the e-mail, so the next attempt does not send
        it to them twice. An e-mail with plain addresses (To/Cc) besides partner recipients is
        left to core when it fails: which of them got it cannot be known.
        """
        attempts, delay = self._retry_settings()
        retry = self.filtered(
            lambda mail: (
                mail.delivery_attempts + 1 < attempts
                and not (mail.recipient_ids and (mail.email_to or mail.email_cc) and success_pids)
            )
        )
        # core lists the partners delivered as records
        delivered_ids = {partner.id if isinstance(partner, models.BaseModel) else partner for partner in success_pids}
        now = fields.Datetime.now()
        for mail in retry:
            delivered = mail.recipient_ids.filtered(lambda partner: partner.id in delivered_ids)
            wait = timedelta(seconds=delay * 2**mail.delivery_attempts)
            next_attempt = now + wait
            mail.write(
                {
                    "state": "outgoing",
                    "failure_type": False,
                    "failure_reason": _(
                        "Attempt %(attempt)s of %(attempts)s failed, trying again after %(when)s UTC: %(reason)s",
                        attempt=mail.delivery_attempts + 1,
                        attempts=attempts,
                        when=fields.Datetime.to_string(next_attempt),
                        reason=reason,
                    ),
                    "delivery_attempts": mail.delivery_attempts + 1,
                    "scheduled_date": next_attempt,
                    "recipient_ids": [(3, partner.id) for partner in delivered],
                }
            )
            notifications = (
                self.env["mail.notification"]
                .sudo()
                .search(
                    [
                        ("notification_type", "=", "email"),
                        ("mail_mail_id", "=", mail.id),
                        ("notification_status", "not in", ("sent", "canceled")),
                    ]
                )
            )
            notifications.filtered(lambda n: n.res_partner_id.id in delivered_ids).write(
                {"notification_status": "sent", "failure_type": False, "failure_reason": False}
            )
            notifications.filtered(lambda n: n.res_partner_id.id not in delivered_ids).write(
                {"notification_status": "ready", "failure_type": False, "failure_reason": False}
            )
            _logger.info(
                "mail.mail %s: temporary failure (attempt %s of %s), next attempt after %s: %s",
                mail.id,
                mail.delivery_attempts,
                attempts,
                next_attempt,
                reason,
            )
        if retry:
            cron = self.env.ref("mail.ir_cron_mail_scheduler_action", raise_if_not_found=False)
            if cron:
                cron._trigger(min(retry.mapped("scheduled_date")))
        return retry

    def _send(self, auto_commit=False, raise_exception=False, smtp_session=None, **kwargs):
        started = self.filtered(lambda mail: mail.state == "outgoing")
        try:
            return super()._send(
                auto_commit=auto_commit, raise_exception=raise_exception, smtp_session=smtp_session, **kwargs
            )
        except smtplib.SMTPServerDisconnected as error:
            if raise_exception:
                raise
            # core wrote "exception" (with a placeholder reason and no failure type) on the e-mail
            # it was sending, then re-raised: that one was interrupted
            interrupted = started.exists().filtered(lambda mail: mail.state == "exception" and not mail.failure_type)
            reason = _("The mail server closed the connection: %(error)s", error=error)
            interrupted.write({"failure_type": "mail_smtp", "failure_reason": reason})
            interrupted._postprocess_sent_message(success_pids=[], failure_reason=reason, failure_type="mail_smtp")
            raise

    def send(self, auto_commit=False, raise_exception=False, post_send_callback=None):
        # A dropped connection ends core's loop over the mail servers (and its quit() of the dead
        # session raises again): send what was not tried yet on a new connection.
        todo = self
        while todo:
            attempts = {mail.id: mail.delivery_attempts for mail in todo}
            try:
                return super(MailMail, todo).send(
                    auto_commit=auto_commit, raise_exception=raise_exception, post_send_callback=post_send_callback
                )
            except smtplib.SMTPServerDisconnected:
                if raise_exception:
                    raise
                remaining = todo.exists().filtered(
                    lambda mail, before=attempts: mail.state == "outgoing" and mail.delivery_attempts == before[mail.id]
                )
                if remaining == todo:  # nothing was tried: do not loop
                    raise
                todo = remaining
        return True
