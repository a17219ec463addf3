"""Generation of invoices from templates: the scheduled action, "Generate now" and the preview.

Speed comes from doing per chunk what OCA contract does per invoice: the due periods are cut
into chunks of about ``crm_recurring_invoice.chunk_size`` invoices (default 200), the values of a
chunk are prepared from prefetched records (no query per invoice), the invoices of a chunk are
created in ONE ``account.move.create`` call with mail tracking off, the ledger rows in one more
create, and the audit trail is one chatter note per template and run (per chunk for a template
too big for one chunk). Chunks count invoices, not templates: one create of 10,000 invoices (100
templates of 100 customers) costs far more than 50 creates of 200, core's flush-time computes
(``payment_state`` above all) growing faster than linearly with the number of moves.

Safety comes from the ledger (``crm.recurring.period``, unique per customer and period) and
savepoints: a chunk that fails is redone template by template, so one broken template only
marks itself in error and never blocks the others. The scheduled action commits after each
chunk; a kill between two chunks keeps the committed ones, and the rerun skips them by the ledger.
"""

import logging
from collections import defaultdict
from datetime import datetime, timedelta
from functools import partial

import psycopg2
import pytz
from markupsafe import Markup, escape

from odoo import _, api, fields, models, modules
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date, split_every

from .due_invoice import DueInvoice
from .recurrence import unbilled

_logger = logging.getLogger(__name__)

NO_TRACKING = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
DEFAULT_CHUNK_SIZE = 200  # invoices per create, savepoint and commit
DEFAULT_BATCH_SIZE = 1000  # templates locked and read together by the scheduled action
# Errors that mean another worker generated the same period first: skip, do not flag the template.
CONCURRENCY_ERRORS = (
    psycopg2.errors.UniqueViolation,
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.LockNotAvailable,
)


class CrmRecurringTemplateGenerate(models.Model):
    _inherit = "crm.recurring.template"

    # ------------------------------------------------------------------ dates

    def _company_today(self):
        """Today in the company's time zone (its partner's), for the cron running in UTC."""
        company = self.company_id[:1] or self.env.company
        tz = company.partner_id.tz or self.env.user.tz or "UTC"
        return datetime.now(pytz.timezone(tz)).date()

    def _due_periods(self, today, horizon=None):
        """Periods to generate, as ``{template: [DueInvoice, ...]}``.

        :param today: the generation day; a period is due when its invoice date minus the
            template's days ahead is on or before it
        :param horizon: for previews, the last invoice date to include instead (ledger still
            respected)
        """
        rows = self.partner_ids.filtered(lambda r: r.active and r.partner_id)
        billed = defaultdict(list)
        if rows:
            self.env["crm.recurring.period"].flush_model(["template_partner_id", "period_start", "period_end"])
            self.env.cr.execute(
                SQL(
                    "SELECT template_partner_id, period_start, period_end FROM crm_recurring_period "
                    "WHERE template_partner_id = ANY(%s)",
                    rows.ids,
                )
            )
            for row_id, start, end in self.env.cr.fetchall():
                billed[row_id].append((start, end))
        done = {(row_id, start) for row_id, pairs in billed.items() for start, _end in pairs}
        due = defaultdict(list)
        for row in rows:
            template = row.template_id
            recurrence = template._recurrence(row)
            if recurrence is None:
                continue
            until = horizon or today + timedelta(days=template.days_ahead)
            for period in recurrence.periods(until=until):
                if (row.id, period.start) in done:
                    continue  # the usual case, checked first: no scan of the ledger
                period = unbilled(period, billed[row.id])
                if period:
                    due[template].append(DueInvoice(template, row, period))
        return due

    def _prepare_chunk(self, chunk, caches):
        """Values for the due invoices of one chunk ``{template: [DueInvoice]}``.

        :return: ``({template: [DueInvoice with vals]}, {template: error message})``; a
            template whose values cannot be prepared is left out of the first and reported in
            the second
        """
        prepared, errors = {}, {}
        for template, items in chunk.items():
            try:
                ready = []
                for item in items:
                    template._check_generable(item.row)
                    ready.append(item.prepared(template._prepare_invoice_vals(item.row, item.period, caches)))
                prepared[template] = ready
            except UserError as error:
                errors[template] = error.args[0]
        return prepared, errors

    # ------------------------------------------------------------------ writing

    def _get_document_create_func(self, kind):
        """The function that creates documents of one kind, one hook per kind (as OCA
        contract's ``_get_recurring_create_func``).

        An addon adding a kind to ``document_type`` (``selection_add``) extends this method and
        calls ``super()`` for the others.

        :param kind: a ``document_type`` value ("invoice", "proforma")
        :return: a callable taking a list of ``account.move`` values and returning the created
            moves in the order of the values
        """
        Move = self.env["account.move"].with_context(**NO_TRACKING)
        if kind == "invoice":
            return Move.create
        if kind == "proforma":
            return Move.create_proforma
        raise UserError(_("Unknown document type %(kind)s.", kind=kind))

    def _create_documents(self, prepared):
        """Create the documents and ledger rows of ``{template: [DueInvoice with vals]}``, then
        post or e-mail them as each template asks. Returns the moves."""
        Move = self.env["account.move"].with_context(**NO_TRACKING)
        by_kind = defaultdict(list)
        for items in prepared.values():
            for item in items:
                by_kind[item.kind].append(item)
        moves = Move
        ledger_vals = []
        by_template = defaultdict(list)
        for kind, items in by_kind.items():
            created = self._get_document_create_func(kind)([item.vals for item in items])
            moves |= created
            for item, move_id in zip(items, created.ids, strict=True):
                by_template[item.template].append(move_id)
                ledger_vals.append(item.ledger_vals(move_id))
        self.env["crm.recurring.period"].sudo().create(ledger_vals)
        self._after_generation({template: Move.browse(move_ids) for template, move_ids in by_template.items()})
        # raise constraint errors here, inside the caller's savepoint; the computes run at flush
        # (amounts, payment state ...) run in the no-tracking environment too
        Move.env.flush_all()
        return moves

    @api.model
    def _after_generation(self, moves_by_template):
        """Leave as draft, post, or post and e-mail, as each template asks, for a whole chunk at
        once (one ``action_post``, one e-mailing: see ``crm_recurring_template_send.py``).

        :param moves_by_template: ``{template: its documents just created}``
        """
        to_post = self.env["account.move"]
        to_send = {}
        for template, moves in moves_by_template.items():
            if template.after_generation == "draft":
                continue
            to_post |= moves.filtered(lambda m: not m.is_proforma)
            if template.after_generation == "send":
                to_send[template] = moves
        if to_post:
            to_post.with_context(**NO_TRACKING).action_post()
        if to_send:
            self._send_documents(to_send)

    @api.model
    def _split_chunks(self, due, size):
        """Cut ``{template: items}`` into chunks of at most ``size`` invoices.

        Whole templates are packed together while they fit, so a template usually lies in one
        chunk (one chatter note); a template with more than ``size`` due invoices is cut into
        pieces of ``size``, its last piece shared with the next templates.
        :return: a list of dicts shaped like ``due``
        """
        chunks, current, count = [], {}, 0
        for template, items in due.items():
            if count and count + len(items) > size:
                chunks.append(current)
                current, count = {}, 0
            for start in range(0, len(items), size):
                if count == size:
                    chunks.append(current)
                    current, count = {}, 0
                piece = items[start : start + size]
                current[template] = piece
                count += len(piece)
        if current:
            chunks.append(current)
        return chunks

    def _generate_chunk(self, chunk, errors, skipped):
        """Create one chunk in a savepoint; when it fails, redo it template by template.

        A template that fails lands in ``errors``, one another worker is generating in
        ``skipped``; either way its later chunks are not attempted in this run.
        """
        try:
            with self.env.cr.savepoint():
                moves = self._create_documents(chunk)
                self.browse([t.id for t in chunk])._log_generation(moves)
            return moves
        except Exception as error:  # noqa: BLE001 - redone per template below to find the culprit
            _logger.info("A chunk of recurring invoices failed (%s); redoing it template by template.", error)
        moves = self.env["account.move"]
        for template, data in chunk.items():
            try:
                with self.env.cr.savepoint():
                    made = self._create_documents({template: data})
                    self.browse(template.id)._log_generation(made)
                moves |= made
            except CONCURRENCY_ERRORS:
                _logger.info("Template %s is being generated by another worker; skipped.", template.id)
                skipped.add(template.id)
            except Exception as error:  # noqa: BLE001 - isolation: flag the template, go on
                errors[template] = str(error.args[0] if error.args else error)
        return moves

    def _generate_periods(self, due, between_chunks=None):
        """Create everything in ``due`` chunk by chunk; isolate failures per template.

        Values are prepared chunk by chunk, just before their create, so memory holds one
        chunk of values however many invoices a batch makes.

        :param between_chunks: called after a chunk when another follows (the scheduled
            action commits there and reports progress)
        """
        moves = self.env["account.move"]
        errors, skipped = {}, set()
        caches = {"text": {}, "price": {}}
        size = int(
            self.env["ir.config_parameter"].sudo().get_param("crm_recurring_invoice.chunk_size", DEFAULT_CHUNK_SIZE)
        )
        for index, chunk in enumerate(self._split_chunks(due, max(size, 1))):
            if index and between_chunks:
                between_chunks()
            todo = {t: items for t, items in chunk.items() if t not in errors and t.id not in skipped}
            prepared, failed = self._prepare_chunk(todo, caches)
            errors.update(failed)
            if prepared:
                moves |= self._generate_chunk(prepared, errors, skipped)
        self.browse([t.id for t in errors])._set_error(errors)
        # templates that were due but had nothing left to do also recover
        (self - self.browse([t.id for t in errors])).filtered(lambda t: t.state == "error")._clear_error()
        return moves

    def _log_generation(self, moves):
        """The audit trail: one chatter note per template and chunk (usually: and run), listing
        what was made; logged in batch, without per-message reply-to, author or name lookups."""
        if not moves:
            return
        by_template = moves.grouped("recurring_template_id")
        bodies = {}
        for template in self:
            made = by_template.get(template)
            if not made:
                continue
            body = Markup("<p>%s</p>") % _("%(count)s document(s) generated:", count=len(made))
            items = Markup("").join(
                Markup("<li>%s: %s</li>") % (escape(m.partner_id.display_name), escape(m.invoice_date))
                for m in made[:50]
            )
            bodies[template.id] = body + Markup("<ul>%s</ul>") % items
        if bodies:
            self.browse(list(bodies))._message_log_batch(bodies=bodies)

    def _set_error(self, errors):
        """Flag failing templates and tell their responsible user once (an open activity)."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for template in self:
            message = errors[template] if template in errors else errors[template.id]
            template.sudo().write({"state": "error", "error_message": message})
            _logger.info("Recurring template %s failed: %s", template.id, message)
            open_activity = template.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            if not open_activity:
                template.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=_("Recurring invoices not generated"),
                    note=message,
                    user_id=(template.user_id or template.create_uid).id,
                )

    def _clear_error(self):
        self.sudo().write({"state": "running", "error_message": False})
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"], feedback=_("Generation works again."))

    # ------------------------------------------------------------------ entry points

    def _generate_due(self, date=None, between_chunks=None):
        """Generate every due period of these templates (catch-up included).

        :param date: the generation day (default: today in each company's time zone)
        :param between_chunks: see :meth:`_generate_periods`
        :return: the created ``account.move`` records (invoices and pro formas)
        """
        moves = self.env["account.move"]
        templates = self.filtered(lambda t: t.active and t.state in ("running", "error"))
        for company, company_templates in templates.grouped("company_id").items():
            company_templates = company_templates.with_company(company)
            today = date or company_templates._company_today()
            due = company_templates._due_periods(today)
            if due:
                moves |= company_templates._generate_periods(due, between_chunks=between_chunks)
            else:
                company_templates.filtered(lambda t: t.state == "error")._clear_error()
        return moves

    @api.model
    def _cron_generate(self, limit=None, worker=None, workers=None):
        """The scheduled action: every due template of every company, in committed batches.

        :param limit: at most this many templates in this call (the cron retriggers itself)
        The batch size (templates locked and read together, default 1000) is the system parameter
        ``crm_recurring_invoice.batch_size``; inside a batch, invoices are created and committed
        in chunks of ``crm_recurring_invoice.chunk_size`` invoices (default 200).

        :param worker: with ``workers``, process only templates whose ``id % workers == worker``,
            so several processes can share the work; rows are locked with ``FOR UPDATE SKIP
            LOCKED`` and the ledger's unique constraint makes any overlap harmless. Left empty,
            the scheduled action takes its share from the *Parallel workers* setting
            (``ir.cron._crm_worker_slot()``, crm_reminders): each of its N copies one share.
        """
        if workers is None:
            worker, workers = self.env["ir.cron"]._crm_worker_slot()
        if not isinstance(workers, int) or not isinstance(worker or 0, int) or not 0 <= (worker or 0) < max(workers, 1):
            raise UserError(_("Worker %(worker)s of %(workers)s does not exist.", worker=worker, workers=workers))
        horizon = fields.Date.context_today(self) + timedelta(days=1)  # the most eastern time zone
        domain = [
            ("state", "in", ("running", "error")),
            ("next_generation_date", "<=", horizon),
        ]
        templates = self.sudo().with_context(active_test=True).search(domain, order="id")
        ids = templates.ids
        if workers:
            ids = [i for i in ids if i % workers == (worker or 0)]
        remaining_after = 0
        if limit and len(ids) > limit:
            remaining_after = len(ids) - limit
            ids = ids[:limit]
        done = 0
        in_test = bool(modules.module.current_test)
        batch_size = int(
            self.env["ir.config_parameter"].sudo().get_param("crm_recurring_invoice.batch_size", DEFAULT_BATCH_SIZE)
        )
        for batch_ids in split_every(max(batch_size, 1), ids):
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM crm_recurring_template WHERE id = ANY(%s) ORDER BY id FOR UPDATE SKIP LOCKED",
                    list(batch_ids),
                )
            )
            locked = [row[0] for row in self.env.cr.fetchall()]
            batch = self.sudo().browse(locked)
            batch.invalidate_recordset()
            checkpoint = partial(self._cron_checkpoint, done, len(ids) - done + remaining_after, in_test)
            batch._generate_due(between_chunks=checkpoint)
            done += len(batch_ids)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(ids) - done + remaining_after)
            if not in_test:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()
        if remaining_after:
            self.env.ref("crm_recurring_invoice.ir_cron_generate")._crm_trigger_self()
        return done

    @api.model
    def _cron_checkpoint(self, done, remaining, in_test):
        """Between two chunks of the scheduled action: report progress and keep the chunk.

        The committed invoices leave the cache (memory stays at one chunk's worth for a batch
        of any size); partners, products, taxes and accounts stay cached for the next chunk.
        """
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        if not in_test:
            self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env["account.move.line"].invalidate_model()
            self.env["account.move"].invalidate_model()

    def _preview(self, months=None, date=None):
        """What the next run (``months`` empty) or the next ``months`` months would create.

        Nothing is written: values are prepared exactly as generation does, then amounts are
        computed on unsaved records.

        :return: a list of dicts ``{template_id, partner_id, partner, period_start, period_end,
            period, invoice_date, amount_untaxed, amount_total, currency, currency_id, error}``
        """
        result = []
        for company, templates in self.grouped("company_id").items():
            templates = templates.with_company(company)
            today = date or templates._company_today()
            horizon = None
            if months:
                end = fields.Date.add(today, months=months)
                horizon = end
            due = templates._due_periods(today, horizon=horizon)
            caches = {"text": {}, "price": {}}
            for template, items in due.items():
                for item in items:
                    row, period = item.row, item.period
                    entry = {
                        "template_id": template.id,
                        "template": template.name,
                        "partner_id": row.partner_id.id,
                        "partner": row.partner_id.display_name,
                        "period_start": period.start,
                        "period_end": period.end,
                        "period": f"{format_date(self.env, period.start)} - {format_date(self.env, period.end)}",
                        "invoice_date": period.invoice_date,
                        "currency_id": template.currency_id.id,
                        "currency": template.currency_id.name,
                        "amount_untaxed": 0.0,
                        "amount_total": 0.0,
                        "error": False,
                    }
                    try:
                        template._check_generable(row)
                        vals = template._prepare_invoice_vals(row, period, caches)
                        entry.update(template._preview_amounts(vals))
                    except UserError as error:
                        entry["error"] = error.args[0]
                    result.append(entry)
        result.sort(key=lambda e: (e["invoice_date"], e["template"], e["partner"]))
        return result

    def _preview_amounts(self, vals):
        """Untaxed and total amount of invoice values, computed by the tax engine, not saved."""
        AccountTax = self.env["account.tax"]
        currency = self.currency_id
        base_lines = []
        for command in vals["invoice_line_ids"]:
            line = command[2]
            base_lines.append(
                AccountTax._prepare_base_line_for_taxes_computation(
                    None,
                    price_unit=line["price_unit"],
                    quantity=line["quantity"],
                    discount=line["discount"],
                    currency_id=currency,
                    product_id=self.env["product.product"].browse(line.get("product_id")),
                    tax_ids=self.env["account.tax"].browse(line["tax_ids"][0][2]),
                )
            )
        AccountTax._add_tax_details_in_base_lines(base_lines, self.company_id)
        AccountTax._round_base_lines_tax_details(base_lines, self.company_id)
        totals = AccountTax._get_tax_totals_summary(base_lines, currency, self.company_id)
        return {"amount_untaxed": totals["base_amount_currency"], "amount_total": totals["total_amount_currency"]}
