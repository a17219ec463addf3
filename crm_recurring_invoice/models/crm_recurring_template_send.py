"""E-mailing generated invoices the way Odoo's own Send & Print does, a chunk at a time.

Odoo's Send & Print (``account.move.send``) renders the invoice PDF of a batch of invoices in
ONE wkhtmltopdf call, which ``ir.actions.report._render_qweb_pdf_prepare_streams`` then cuts
per invoice along the PDF's outline; it stores each part as the invoice's PDF
(``invoice_pdf_report_file``, the invoice's main attachment) and posts one e-mail per invoice
with that PDF attached. From the invoice list it does so in the background, ten invoices per
scheduled job (``account.move._cron_account_move_send``), one wkhtmltopdf call per job, Odoo
waiting for each.

Generation sends each chunk of invoices it has just posted (``crm_recurring_invoice.chunk_size``,
200 by default) through the same core steps, in print batches of 10 to 25 invoices
(``_print_batch_size``): ``_prepare_invoice_pdf_report``, ``_link_invoice_documents``, then
``_send_mails`` per batch, the batches' wkhtmltopdf processes running side by side, up to
``crm_recurring_invoice.print_jobs`` at once (default: two per core), while Odoo renders the
next batch's HTML and writes the e-mails of the printed ones (``ir_actions_report.py``). Only the
mail values are prepared here rather than by
``_get_default_sending_settings``, because that renders the template's subject and body once
per invoice; here they are rendered once per language for the whole chunk, to the same text.

A wkhtmltopdf built on unpatched Qt (Debian's own package) cannot print several documents in one
call: it fails on the second. Where that is the binary, the chunk is printed one invoice per call,
as before.

Everything happens inside the chunk's transaction and the mails are only queued
(``mail_notify_force_send=False``): a run killed before the chunk's commit leaves no invoice,
no PDF and no mail of that chunk, and the rerun makes and sends them once.
"""

import functools
import logging
import os
import subprocess
from collections import defaultdict

from odoo import _, api, models, tools
from odoo.exceptions import UserError
from odoo.tools import split_every

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

from .ir_actions_report import print_concurrently

_logger = logging.getLogger(__name__)
QUEUED = {"mail_notify_force_send": False}
MIN_BATCH, MAX_BATCH = 10, 25  # invoices per wkhtmltopdf call (see _print_batch_size)


@functools.cache
def _prints_in_batches(binary):
    """Whether the wkhtmltopdf at ``binary`` prints several documents in one call: builds on
    patched Qt do (the wkhtmltox packages, Odoo's Docker image), Debian's own build does not."""
    try:
        version = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return False
    patched = "patched qt" in version.stdout.lower()
    if not patched:
        _logger.info("%s is not built on patched Qt: invoices are printed one per call.", binary)
    return patched


class CrmRecurringTemplateSend(models.Model):
    _inherit = "crm.recurring.template"  # pylint: disable=consider-merging-classes-inherited

    def _check_sendable(self, moves):
        """Refuse to e-mail without a mail template or to a customer without an address."""
        if not self.mail_template_id:
            raise UserError(_("Choose the mail template used to e-mail the invoices."))
        for move in moves:
            if not move.partner_id.email:
                raise UserError(_("Customer %(partner)s has no e-mail address.", partner=move.partner_id.display_name))

    @api.model
    def _send_documents(self, moves_by_template):
        """E-mail the documents just generated, with their PDF, as Send & Print would: the
        invoices of the whole chunk printed together, whatever their template.

        :param moves_by_template: ``{template: its documents}``, the invoices posted
        :raise UserError: a template without mail template, or a customer without an e-mail
            address (the chunk is then redone template by template, and only that template is
            flagged in error)
        """
        invoices_by_template = {}
        for template, moves in moves_by_template.items():
            template._check_sendable(moves)
            proformas = moves.filtered("is_proforma")
            template._send_proformas(proformas)
            if moves - proformas:
                # queued, never sent before the chunk is committed: a kill cannot send twice
                invoices_by_template[template] = (moves - proformas).with_context(**QUEUED)
        if not invoices_by_template:
            return
        Send = self.env["account.move.send"].with_context(**QUEUED)
        Send._check_move_constrains(self.env["account.move"].union(*invoices_by_template.values()))
        moves_data = self._sending_data(invoices_by_template)
        printed = {move: data for move, data in moves_data.items() if move.invoice_pdf_report_id}
        if printed:
            Send._send_mails(printed)
        to_render = {move: data for move, data in moves_data.items() if move not in printed}
        if to_render:
            jobs = self._print_jobs()
            batches = split_every(self._print_batch_size(len(to_render), jobs), to_render.items(), dict)
            print_concurrently([functools.partial(self._print_and_mail, Send, batch) for batch in batches], jobs)

    @api.model
    def _print_and_mail(self, Send, moves_data):
        """One print batch, as Send & Print does it: the PDFs printed and cut per invoice, kept as
        the invoices' PDFs, then the e-mails. Run by ``print_concurrently``: the other batches'
        wkhtmltopdf processes go on meanwhile."""
        Send._prepare_invoice_pdf_report(moves_data)
        Send._link_invoice_documents(moves_data)
        Send._send_mails(moves_data)

    def _send_proformas(self, moves):
        """E-mail pro formas with the template's mail template, one message each: Send & Print
        only takes posted invoices, and a pro forma is never posted."""
        self.ensure_one()
        if not moves:
            return
        for move in moves.with_context(**QUEUED):
            # posted on the document with its notifications, so a delivery failure shows on its
            # chatter; the mail queue sends it after the commit
            move.message_post_with_source(
                self.mail_template_id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                email_layout_xmlid="mail.mail_notification_layout",
            )
        moves.write({"is_move_sent": True})

    @api.model
    def _print_batch_size(self, count, jobs=1):
        """How many of ``count`` invoices one wkhtmltopdf call prints.

        One batch per process when the chunk is small, so that all print in one round (a call
        spends about two seconds waiting, ``report.print_delay`` twice: one round pays it once;
        100 invoices in 4 calls took 11.3 s against 12.4 s in 8, ``bench/README.md``), of 10 to
        25 invoices: every page loads a header holding the headers of all the call's invoices,
        so a call of 50 costs more per invoice than calls of 10. Never more than Send & Print's
        own limit (``account.pdf_generation_batch``, 80), and one invoice per call where this
        server's wkhtmltopdf cannot print several documents at once. In tests, Odoo renders
        reports as HTML unless told ``force_report_rendering``
        (``ir.actions.report._pre_render_qweb_pdf``): no wkhtmltopdf then, one batch."""
        renders_pdf = self.env.context.get("force_report_rendering") or not (
            tools.config["test_enable"] or tools.config["test_file"]
        )
        if not renders_pdf:
            return count
        try:
            binary = _get_wkhtmltopdf_bin()
        except OSError:
            return count  # core raises its own clear error when it prints
        if not _prints_in_batches(binary):
            return 1
        limit = int(self.env["ir.config_parameter"].sudo().get_param("account.pdf_generation_batch", "80"))
        size = min(max(-(-count // jobs), MIN_BATCH), MAX_BATCH)
        return max(min(size, limit, count), 1)

    @api.model
    def _print_jobs(self):
        """How many wkhtmltopdf processes run at once: ``crm_recurring_invoice.print_jobs``, by
        default two per CPU core this server may use: each call spends about two of its seconds
        idle (``report.print_delay``, waited twice), so one process per core leaves the cores
        half used (measured in ``bench/README.md``: 1,000 invoices sent in 145 s with one per
        core, 125 s with two, on 2 cores)."""
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        default = 2 * cores
        jobs = self.env["ir.config_parameter"].sudo().get_param("crm_recurring_invoice.print_jobs", default)
        return max(int(jobs), 1)

    @api.model
    def _sending_data(self, invoices_by_template):
        """The per-invoice data that ``account.move.send._send_mails`` expects, as
        ``_get_default_sending_settings`` would give it for e-mail with each template's mail
        template and its salesperson as author, but with the subjects and bodies rendered
        once per mail template and language for all the invoices instead of once per invoice.

        :param invoices_by_template: ``{template: its posted invoices}``
        :return: ``{invoice: data}``
        """
        Send = self.env["account.move.send"]
        by_mail_template = defaultdict(list)
        for template, moves in invoices_by_template.items():
            by_mail_template[template.mail_template_id].extend(moves.ids)
        langs, subjects, bodies = {}, {}, {}
        for mail_template, move_ids in by_mail_template.items():
            langs.update(mail_template._render_lang(move_ids))
            ids_by_lang = defaultdict(list)
            for move_id in move_ids:
                ids_by_lang[langs.get(move_id)].append(move_id)
            for lang, ids in ids_by_lang.items():
                localized = mail_template.with_context(lang=lang)
                subjects.update(localized._render_field("subject", ids))
                bodies.update(localized._render_field("body_html", ids, options={"post_process": True}))
        moves_data = {}
        for template, moves in invoices_by_template.items():
            mail_template = template.mail_template_id
            author = template.user_id or self.env.user
            for move in moves:
                lang = langs.get(move.id)
                pdf_report = Send._get_default_pdf_report_id(move)
                moves_data[move] = {
                    "sending_methods": {"email"},
                    "extra_edis": {},
                    "invoice_edi_format": None,
                    "pdf_report": pdf_report,
                    "author_user_id": author.id,
                    "author_partner_id": author.partner_id.id,
                    "mail_template": mail_template,
                    "mail_lang": lang,
                    "mail_subject": subjects[move.id],
                    "mail_body": bodies[move.id],
                    "mail_partner_ids": Send._get_default_mail_partner_ids(move, mail_template, lang).ids,
                    "mail_attachments_widget": Send._get_default_mail_attachments_widget(
                        move, mail_template, pdf_report=pdf_report
                    ),
                }
        return moves_data
