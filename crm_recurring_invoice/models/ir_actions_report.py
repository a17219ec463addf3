"""wkhtmltopdf calls that run side by side, for the invoices generation e-mails.

Odoo prints a report in one wkhtmltopdf process and waits for it: one core works, the others
idle, and Odoo itself does nothing meanwhile. When generation e-mails a chunk of invoices it
cuts the chunk into print batches (``crm_recurring_template_send.py``) and runs each batch's
core call, ``account.move.send._prepare_invoice_pdf_report``, as a :class:`ConcurrentPrint`:
a greenlet of the same thread, same cursor and same transaction. When core's code of that batch
reaches ``_run_wkhtmltopdf``, the process is started and the greenlet hands control back to
:func:`print_concurrently`, which starts the next batch (its HTML rendered by Odoo while the
first prints) until ``jobs`` processes run; when a process ends, its greenlet resumes where it
stopped, and core's own code cuts its PDF per invoice and keeps it. Only one greenlet runs
Python at a time and they switch only while waiting for wkhtmltopdf, so the ORM is used as in a
plain loop; the PDFs are those core's own call gives (same report, HTML, arguments, header and
footer files, and page numbers per invoice, as wkhtmltopdf numbers each body apart).

What runs the process here is the same command core builds (``_build_wkhtmltopdf_args``, the
header, footer and body files named as ``web.minimal_layout``'s script expects: the body's index
is the fourth dot-separated part of its file name). Everything else goes to core's own call: a
call outside a :class:`ConcurrentPrint`, a call made inside an HTTP request (core hands
wkhtmltopdf the user's session then), a body big enough for core to split its tables, and a
print that fails (core's call then runs it again and reports the error its own way).
"""

import logging
import os
import shutil
import subprocess
import tempfile
import time

from greenlet import getcurrent, greenlet

from odoo import api, models
from odoo.http import request

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

_logger = logging.getLogger(__name__)
BIG_BODY = 4 * 1024 * 1024  # from this size core cuts a body's tables before printing it
POLL_SECONDS = 0.02


class ConcurrentPrint(greenlet):
    """One print batch: ``run`` is the core call that prints it; its wkhtmltopdf process runs
    while :func:`print_concurrently` goes on with other batches."""

    def wkhtmltopdf(self, command, bodies, header, footer):
        """Run wkhtmltopdf with ``command`` (binary and options) on these files, giving control
        back to :func:`print_concurrently` while it runs.

        :return: the PDF, or ``None`` when wkhtmltopdf failed
        """
        # no dot in the folder's path: subst() splits the body's whole URL on dots
        folder = tempfile.mkdtemp(prefix="crm_recurring_print_")
        try:
            files = []
            for option, html in (("--header-html", header), ("--footer-html", footer)):
                if html:
                    path = os.path.join(folder, f"report.{option[2:6]}.tmp.html")
                    with open(path, "wb") as file:
                        file.write(html.encode())
                    files += [option, path]
            for index, body in enumerate(bodies):
                # web.minimal_layout's subst() reads the index of the body from its file name
                path = os.path.join(folder, f"report.body.tmp.{index}.html")
                with open(path, "wb") as file:
                    file.write(body.encode())
                files.append(path)
            output, errors = os.path.join(folder, "report.pdf"), os.path.join(folder, "errors.txt")
            with open(errors, "wb") as error_file:
                process = subprocess.Popen([*command, *files, output], stdout=subprocess.DEVNULL, stderr=error_file)
            try:
                self.parent.switch(process)  # resumed by print_concurrently once it has ended
            finally:
                if process.poll() is None:  # the batches were abandoned (an error elsewhere)
                    process.kill()
                    process.wait()
            with open(errors, encoding="utf-8", errors="replace") as error_file:
                message = error_file.read()
            if process.returncode not in (0, 1) or not os.path.exists(output):
                _logger.info("wkhtmltopdf failed (exit %s), printing again: %s", process.returncode, message[-1000:])
                return None
            if message:
                _logger.warning("wkhtmltopdf: %s", message)
            with open(output, "rb") as pdf:
                return pdf.read()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def print_concurrently(works, jobs):
    """Run the callables ``works``, each in a :class:`ConcurrentPrint`, with up to ``jobs``
    wkhtmltopdf processes at once; return when all are done. An exception in one stops the
    others (their processes killed, their files removed) and is raised."""
    todo = list(reversed(works))
    running = {}  # ConcurrentPrint: its wkhtmltopdf process
    ended = []  # batches whose process has ended, to resume

    def advance(batch):
        process = batch.switch()
        if not batch.dead:
            running[batch] = process

    def fill():
        while todo and len(running) < max(jobs, 1):
            advance(ConcurrentPrint(todo.pop()))

    try:
        fill()
        while running:
            ended.extend(batch for batch, process in running.items() if process.poll() is not None)
            if not ended:
                time.sleep(POLL_SECONDS)
                continue
            for batch in ended:
                del running[batch]
            fill()  # the next prints start before the ended batches' own work goes on
            while ended:
                advance(ended.pop(0))
                fill()
    except BaseException:
        for batch in [*ended, *running]:
            batch.throw()  # GreenletExit inside it: its process killed, its files removed
        raise


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _run_wkhtmltopdf(
        self,
        bodies,
        report_ref=False,
        header=None,
        footer=None,
        landscape=False,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        batch = getcurrent()
        if isinstance(batch, ConcurrentPrint) and not request and all(len(body) < BIG_BODY for body in bodies):
            paperformat = self._get_report(report_ref).get_paperformat() if report_ref else self.get_paperformat()
            options = self._build_wkhtmltopdf_args(
                paperformat,
                landscape,
                specific_paperformat_args=specific_paperformat_args,
                set_viewport_size=set_viewport_size,
            )
            pdf = batch.wkhtmltopdf([_get_wkhtmltopdf_bin(), *options], bodies, header, footer)
            if pdf is not None:
                return pdf
        return super()._run_wkhtmltopdf(
            bodies,
            report_ref=report_ref,
            header=header,
            footer=footer,
            landscape=landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )
