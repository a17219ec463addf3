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
from babel.dates import format_date as babel_format_date
from markupsafe import Markup, escape

from odoo import _, api, fields, models, modules
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round, format_date, split_every

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
        """Periods to generate, as ``{template: [(template_partner, Period), ...]}``.

        :param today: the generation day; a period is due when its invoice date minus the
            template's days ahead is on or before it
        :param horizon: for previews, the last invoice date to include instead (ledger still
            respected)
        """
        rows = self.partner_ids.filtered(lambda r: r.active and r.partner_id)
        done = set()
        if rows:
            self.env["crm.recurring.period"].flush_model(["template_partner_id", "period_start"])
            self.env.cr.execute(
                SQL(
                    "SELECT template_partner_id, period_start FROM crm_recurring_period "
                    "WHERE template_partner_id = ANY(%s)",
                    rows.ids,
                )
            )
            done = set(self.env.cr.fetchall())
        due = defaultdict(list)
        for row in rows:
            template = row.template_id
            recurrence = template._recurrence(row)
            if recurrence is None:
                continue
            until = horizon or today + timedelta(days=template.days_ahead)
            for period in recurrence.periods(until=until):
                if (row.id, period.start) not in done:
                    due[template].append((row, period))
        return due

    # ------------------------------------------------------------------ values

    def _render_description(self, text, period, lang, cache):
        """Fill the period placeholders of a line description in the customer's language."""
        if not text or "{" not in text:
            return text
        key = (text, period.start, period.end, lang)
        if key not in cache:
            locale = lang or "en_US"
            cache[key] = text.format(
                period_month=babel_format_date(period.start, "LLLL", locale=locale),
                period_year=period.start.year,
                period_start=format_date(self.env, period.start, lang_code=lang),
                period_end=format_date(self.env, period.end, lang_code=lang),
            )
        return cache[key]

    def _check_generable(self, row):
        """Refuse what would make a wrong or failing invoice, with a reason the user can fix."""
        template = self
        partner = row.partner_id
        if not partner.active:
            raise UserError(_("Customer %(partner)s is archived.", partner=partner.display_name))
        if not template.journal_id.active:
            raise UserError(_("Journal %(journal)s is archived.", journal=template.journal_id.display_name))
        for line in template.line_ids:
            product = line.product_id
            if product and not (product.active and product.product_tmpl_id.active):
                raise UserError(_("Product %(product)s is archived.", product=product.display_name))
            if product and not product.sale_ok:
                raise UserError(_("Product %(product)s can no longer be sold.", product=product.display_name))
            for tax in line.tax_ids:
                if not tax.active:
                    raise UserError(_("Tax %(tax)s is archived.", tax=tax.display_name))
                if tax.type_tax_use != "sale":
                    raise UserError(_("Tax %(tax)s is not a sales tax.", tax=tax.display_name))

    def _fiscal_position(self, partner, caches):
        """The fiscal position of a customer's invoice: the template's when set, else the one
        Odoo gives a hand-made invoice (the customer's own, else the auto-applied one that
        matches the delivery address)."""
        if self.fiscal_position_id:
            return self.fiscal_position_id
        cache = caches.setdefault("fiscal", {})
        key = (self.company_id.id, partner.id)
        if key not in cache:
            delivery = self.env["res.partner"].browse(partner.address_get(["delivery"])["delivery"])
            cache[key] = (
                self.env["account.fiscal.position"]
                .with_company(self.company_id)
                ._get_fiscal_position(partner, delivery=delivery)
            )
        return cache[key]

    def _base_price(self, line, row, period, caches):
        """The unit price before taxes are mapped, and its currency: the customer's own price,
        the template line's fixed price (both in the template's currency), or the price of the
        customer's pricelist (in the pricelist's currency) at the invoice date."""
        if row.price_override:
            return row.price_unit, self.currency_id
        if line.price_mode != "pricelist" or not line.product_id:
            return line.price_unit, self.currency_id
        product = line.product_id.with_company(self.company_id)
        pricelist = row.partner_id.with_company(self.company_id).property_product_pricelist
        if not pricelist:
            return product.lst_price, product.currency_id or self.company_id.currency_id
        quantity = row.quantity or line.quantity
        key = (pricelist.id, product.id, quantity, period.invoice_date)
        price_cache = caches.setdefault("price", {})
        if key not in price_cache:
            price_cache[key] = pricelist._get_product_price(product, quantity, date=period.invoice_date)
        return price_cache[key], pricelist.currency_id

    def _line_price(self, line, row, period, fiscal_position, caches):
        """The unit price of a template line on one customer's invoice for ``period``, as a
        hand-made invoice would carry it: converted into the template's currency at the invoice
        date, adapted when the fiscal position maps price-included taxes away, and prorated by
        days for a short period when the template says so."""
        price, currency = self._base_price(line, row, period, caches)
        company = self.company_id
        if line.product_id:
            price = line.product_id._get_tax_included_unit_price(
                company,
                self.currency_id,
                period.invoice_date,
                "sale",
                product_uom=line.product_id.uom_id,
                product_currency=currency,
                product_price_unit=price,
                product_taxes=line.tax_ids,
                fiscal_position=fiscal_position,
            )
        elif currency != self.currency_id:
            price = currency._convert(price, self.currency_id, company, period.invoice_date, round=False)
        if self.short_period == "prorate" and period.is_short:
            price *= period.ratio
        digits = self.env["decimal.precision"].precision_get("Product Price")
        return float_round(price, precision_digits=digits)

    def _has_analytic_models(self, caches):
        """Whether analytic distribution models could apply to this company's invoice lines
        (then core computes each line's distribution; else there is nothing to compute)."""
        company_id = self.company_id.id
        cache = caches.setdefault("analytic", {})
        if company_id not in cache:
            cache[company_id] = bool(
                self.env["account.analytic.distribution.model"]
                .sudo()
                .search_count([("company_id", "in", [company_id, False])], limit=1)
            )
        return cache[company_id]

    def _prepare_invoice_vals(self, row, period, caches):
        """The ``account.move.create`` values of one period of one customer (values only)."""
        self.ensure_one()
        partner = row.partner_id
        lang = partner.lang or self.env.lang
        fiscal_position = self._fiscal_position(partner, caches)
        lines = []
        for line in self.line_ids:
            taxes = line.tax_ids
            if fiscal_position:
                taxes = fiscal_position.map_tax(taxes)
            line_vals = {
                "sequence": line.sequence,
                "name": self._render_description(line.name, period, lang, caches["text"]),
                "quantity": row.quantity or line.quantity,
                "price_unit": self._line_price(line, row, period, fiscal_position, caches),
                "discount": line.discount,
                "tax_ids": [fields.Command.set(taxes.ids)],
            }
            if line.product_id:
                line_vals["product_id"] = line.product_id.id
                line_vals["product_uom_id"] = line.product_id.uom_id.id
            if line.analytic_distribution:
                line_vals["analytic_distribution"] = line.analytic_distribution
            elif not self._has_analytic_models(caches):
                # what core's compute would find (nothing), given so it does not search the
                # distribution models once per line: most of a bare create's queries
                line_vals["analytic_distribution"] = False
            lines.append(fields.Command.create(line_vals))
        vals = {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "journal_id": self.journal_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": period.invoice_date,
            "invoice_origin": self.name,
            "invoice_user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "recurring_template_id": self.id,
            "invoice_line_ids": lines,
        }
        if self.payment_term_id:
            vals["invoice_payment_term_id"] = self.payment_term_id.id
        elif not partner.with_company(self.company_id).property_payment_term_id:
            # without payment terms the invoice is due on its own date, as one typed by hand
            # with that date (core would make a caught-up invoice due on the day of the run)
            vals["invoice_date_due"] = period.invoice_date
        # given even when empty: core's compute would otherwise find a position on its own
        vals["fiscal_position_id"] = fiscal_position.id
        if self.narration:
            vals["narration"] = self.narration
        return vals

    def _prepare_chunk(self, chunk, caches):
        """Values for the due periods of one chunk ``{template: items}``.

        :return: ``({template: (items, vals_list)}, {template: error message})``; a template
            whose values cannot be prepared is left out of the first and reported in the second
        """
        prepared, errors = {}, {}
        for template, items in chunk.items():
            try:
                vals_list = []
                for row, period in items:
                    template._check_generable(row)
                    vals_list.append(template._prepare_invoice_vals(row, period, caches))
                prepared[template] = (items, vals_list)
            except UserError as error:
                errors[template] = error.args[0]
        return prepared, errors

    # ------------------------------------------------------------------ writing

    def _create_documents(self, prepared):
        """Create invoices/pro formas and ledger rows of ``{template: (items, vals_list)}``,
        then post or e-mail them as each template asks. Returns the moves."""
        Move = self.env["account.move"].with_context(**NO_TRACKING)
        order, invoice_vals, proforma_vals = [], [], []
        for template, (items, vals_list) in prepared.items():
            kind = template.document_type
            target = proforma_vals if kind == "proforma" else invoice_vals
            for (row, period), vals in zip(items, vals_list, strict=True):
                target.append(vals)
                # plain ids from the values: after a commit the ORM cache is empty, and reading
                # row.partner_id would re-read every customer row of the batch once per chunk
                order.append((template, row.id, vals["partner_id"], vals["company_id"], period, kind))
        invoices = Move.create(invoice_vals) if invoice_vals else Move
        proformas = Move.create_proforma(proforma_vals) if proforma_vals else Move
        iterators = {"invoice": iter(invoices.ids), "proforma": iter(proformas.ids)}
        ledger_vals = []
        by_template = defaultdict(list)
        for template, row_id, partner_id, company_id, period, kind in order:
            move_id = next(iterators[kind])
            by_template[template].append(move_id)
            ledger_vals.append(
                {
                    "template_id": template.id,
                    "template_partner_id": row_id,
                    # the stored related fields, given so they are not UPDATEd right after
                    "company_id": company_id,
                    "partner_id": partner_id,
                    "period_start": period.start,
                    "period_end": period.end,
                    "invoice_date": period.invoice_date,
                    "move_id": move_id,
                }
            )
        self.env["crm.recurring.period"].sudo().create(ledger_vals)
        for template, move_ids in by_template.items():
            template._after_generation(Move.browse(move_ids))
        # raise constraint errors here, inside the caller's savepoint; the computes run at flush
        # (amounts, payment state ...) run in the no-tracking environment too
        Move.env.flush_all()
        return invoices | proformas

    def _after_generation(self, moves):
        """Leave as draft, post, or post and e-mail with the template's mail template."""
        self.ensure_one()
        if self.after_generation == "draft":
            return
        to_post = moves.filtered(lambda m: not m.is_proforma)
        if to_post:
            to_post.with_context(**NO_TRACKING).action_post()
        if self.after_generation == "send":
            if not self.mail_template_id:
                raise UserError(_("Choose the mail template used to e-mail the invoices."))
            for move in moves:
                if not move.partner_id.email:
                    raise UserError(
                        _("Customer %(partner)s has no e-mail address.", partner=move.partner_id.display_name)
                    )
                self.mail_template_id.send_mail(move.id, email_layout_xmlid="mail.mail_notification_layout")
            moves.write({"is_move_sent": True})

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
            LOCKED`` and the ledger's unique constraint makes any overlap harmless
        """
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
            self.env.ref("crm_recurring_invoice.ir_cron_generate")._trigger()
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
                for row, period in items:
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
