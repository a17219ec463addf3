"""The dunning run: who is at which level today (planning) and doing it (execution).

Planning is one set-based query per company (no query per invoice): the scheme of each open
invoice (invoice override, else the customer's, else the company default), the highest level
now due (only the highest: after a few days of downtime the skipped levels do not all fire),
the customer's amount against the scheme's threshold, minus what the ledger says was done.

Execution goes per customer and level, one e-mail / SMS / task / document (payment reminder,
interest note, balance confirmation) for all their invoices at that level; each action runs in
its own savepoint, so one failure (no address, a template error) is logged in the ledger with
its reason and the others go on. The ledger's unique key on
(invoice, level, action) makes a rerun or a kill midway harmless; the scheduled action commits
after each batch of customers, outside tests only. A document is created in the action's
savepoint: when the ledger refuses its rows, the document, its number and its e-mail go too.
"""

import logging
from datetime import datetime, timedelta

import psycopg2
import pytz
from markupsafe import Markup, escape

from odoo import _, api, fields, models, modules
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount, format_date, split_every

from .crm_dunning_action import EXECUTABLE_KINDS
from .crm_dunning_ledger import DEFAULT_RETRY_ATTEMPTS

_logger = logging.getLogger(__name__)

NO_TRACKING = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
DEFAULT_BATCH_SIZE = 100  # customer groups executed and committed together by the scheduled action
CONCURRENCY_ERRORS = (psycopg2.errors.UniqueViolation, psycopg2.errors.SerializationFailure)


class DunningGroup:
    """What one customer gets at one level: per action, the invoices it covers."""

    __slots__ = ("actions", "amounts", "company_id", "dues", "failed", "level_id", "partner_id")

    def __init__(self, company_id, partner_id, level_id):
        self.company_id = company_id
        self.partner_id = partner_id
        self.level_id = level_id
        self.actions = {}  # action id -> [invoice ids]
        self.amounts = {}  # invoice id -> amount due in company currency
        self.dues = {}  # invoice id -> due date of its earliest open installment (the ledger's key)
        self.failed = {}  # (action id, invoice id) -> ledger id of an earlier failed attempt

    @property
    def move_ids(self):
        return list(self.amounts)


class CrmDunningScheme(models.Model):
    _inherit = "crm.dunning.scheme"

    # ------------------------------------------------------------------ planning

    @api.model
    def _company_today(self, company):
        """Today in the company's time zone (its partner's), for the cron running in UTC."""
        tz = company.partner_id.tz or self.env.user.tz or "UTC"
        return datetime.now(pytz.timezone(tz)).date()

    @api.model
    def _dunning_plan(self, company, today, moves=None, partners=None, on_demand=False):
        """The actions a run of ``company`` on ``today`` executes, grouped per customer and level.

        :param moves: limit to these invoices (dunning on demand)
        :param partners: limit to these customers (commercial partners)
        :param on_demand: ignore the days: each invoice gets the level after the one it reached
        :return: a list of :class:`DunningGroup`, ordered by customer and level
        """
        self.env.flush_all()
        default = self._company_default(company)
        filters = [SQL()]
        if partners is not None:
            filters.append(SQL("AND am.commercial_partner_id = ANY(%s)", partners.commercial_partner_id.ids))
        move_filter = SQL("AND inv.id = ANY(%s)", moves.ids) if moves is not None else SQL()
        if on_demand:
            level_filter = SQL(
                "(inv.reached_scheme IS DISTINCT FROM l.scheme_id OR inv.reached_due IS DISTINCT FROM inv.due"
                " OR l.day_offset > inv.reached_offset)"
            )
            order = SQL("ASC")
        else:
            level_filter = SQL("inv.due + l.day_offset <= %s", today)
            order = SQL("DESC")
        # inv: per open invoice, its open installments (receivable lines): the earliest open due
        #   date, the amount due by today, the amount overdue (due before today) and the earliest
        #   installment's amount (what a reminder before the due date is about), company currency;
        # target: the level each invoice is at (only the highest due: skipped levels do not fire);
        # net: per customer, the overdue amount net of his open credits (credit notes, payments
        #   on account), compared with the threshold; a reminder before the due date adds the
        #   upcoming installments it is about;
        # the actions: the target level's, plus the block of a skipped lower level (a block is a
        #   state, not a message), minus what the ledger says was done (the same action, or an
        #   archived action / level of the same kind and day, or any block since that level); a
        #   failed action is not done: it is tried again up to the retry attempts, or when a user
        #   asked for it (it sent nothing, its savepoint was rolled back).
        query = SQL(
            """
            WITH inv AS (
                SELECT am.id, am.commercial_partner_id AS partner_id,
                       MIN(aml.date_maturity) AS due,
                       SUM(aml.amount_residual) FILTER (WHERE aml.date_maturity <= %(today)s) AS residual_due,
                       COALESCE(SUM(aml.amount_residual) FILTER (WHERE aml.date_maturity < %(today)s), 0) AS overdue,
                       (ARRAY_AGG(aml.amount_residual ORDER BY aml.date_maturity, aml.id))[1] AS first_residual,
                       rl.day_offset AS reached_offset, rl.scheme_id AS reached_scheme,
                       am.dunning_due_date AS reached_due,
                       COALESCE(am.dunning_scheme_id, (p.dunning_scheme_id ->> %(company_key)s)::int,
                                %(default)s) AS scheme_id
                  FROM account_move am
                  JOIN account_move_line aml ON aml.move_id = am.id
                   AND aml.display_type = 'payment_term'
                   AND aml.amount_residual > 0
                   AND aml.date_maturity IS NOT NULL
                  JOIN res_partner p ON p.id = am.commercial_partner_id
             LEFT JOIN crm_dunning_level rl ON rl.id = am.dunning_level_id
                 WHERE am.company_id = %(company)s
                   AND am.move_type = 'out_invoice'
                   AND am.state = 'posted'
                   AND am.payment_state IN ('not_paid', 'partial')
                   AND am.dunning_excluded IS NOT TRUE
                   AND am.dunning_disputed IS NOT TRUE
                   AND p.dunning_excluded IS NOT TRUE
                   AND (p.dunning_promise_date IS NULL OR p.dunning_promise_date < %(today)s)
                   %(filters)s
              GROUP BY am.id, p.id, rl.id
            ), target AS (
                SELECT DISTINCT ON (inv.id)
                       inv.id AS move_id, inv.partner_id, inv.due, s.threshold,
                       CASE WHEN inv.due <= %(today)s THEN inv.residual_due ELSE inv.first_residual END AS residual,
                       l.id AS level_id, l.day_offset, inv.reached_offset, inv.reached_scheme, inv.reached_due,
                       l.scheme_id
                  FROM inv
                  JOIN crm_dunning_scheme s ON s.id = inv.scheme_id AND s.active
                  JOIN crm_dunning_level l ON l.scheme_id = s.id AND l.active
                 WHERE %(level_filter)s %(move_filter)s
              ORDER BY inv.id, l.day_offset %(order)s
            ), overdue AS (
                SELECT partner_id, SUM(overdue) AS amount FROM inv GROUP BY partner_id
            ), credits AS (
                SELECT cp.commercial_partner_id AS partner_id, SUM(aml.amount_residual) AS amount
                  FROM account_move_line aml
                  JOIN res_partner cp ON cp.id = aml.partner_id
                  JOIN account_account acc ON acc.id = aml.account_id AND acc.account_type = 'asset_receivable'
                 WHERE aml.company_id = %(company)s
                   AND aml.parent_state = 'posted'
                   AND aml.reconciled IS NOT TRUE
                   AND aml.amount_residual < 0
                   AND cp.commercial_partner_id IN (SELECT partner_id FROM overdue)
              GROUP BY cp.commercial_partner_id
            ), upcoming AS (
                SELECT partner_id, SUM(residual) AS amount FROM target WHERE due >= %(today)s GROUP BY partner_id
            ), net AS (
                SELECT o.partner_id, o.amount + COALESCE(c.amount, 0) AS overdue, COALESCE(u.amount, 0) AS upcoming
                  FROM overdue o
             LEFT JOIN credits c ON c.partner_id = o.partner_id
             LEFT JOIN upcoming u ON u.partner_id = o.partner_id
            )
            SELECT t.partner_id, t.level_id, a.id, a.kind, t.move_id, t.residual, t.due
              FROM target t
              JOIN net n ON n.partner_id = t.partner_id
              JOIN crm_dunning_level al ON al.scheme_id = t.scheme_id AND al.active AND al.day_offset <= t.day_offset
              JOIN crm_dunning_action a ON a.level_id = al.id AND a.active AND (al.id = t.level_id OR a.kind = 'block')
             WHERE CASE WHEN t.due < %(today)s THEN n.overdue ELSE n.overdue + n.upcoming END > COALESCE(t.threshold, 0)
               AND a.kind IN %(kinds)s
               AND (t.reached_scheme IS DISTINCT FROM t.scheme_id OR t.reached_due IS DISTINCT FROM t.due
                    OR t.day_offset >= t.reached_offset)
               AND NOT EXISTS (
                    SELECT 1
                      FROM crm_dunning_ledger g
                      JOIN crm_dunning_action ga ON ga.id = g.action_id
                      JOIN crm_dunning_level gl ON gl.id = g.level_id
                     WHERE g.move_id = t.move_id
                       AND g.due_date = t.due
                       AND (g.state <> 'failed' OR (g.attempts >= %(retry_attempts)s AND g.retry IS NOT TRUE))
                       AND gl.scheme_id = t.scheme_id
                       AND gl.day_offset BETWEEN al.day_offset AND t.day_offset
                       AND (g.action_id = a.id
                            OR (ga.kind = a.kind AND (a.kind = 'block' OR NOT ga.active OR NOT gl.active))))
          ORDER BY t.partner_id, t.day_offset, al.id <> t.level_id, al.day_offset DESC, a.sequence, a.id,
                   t.due, t.move_id
            """,
            company_key=str(company.id),
            default=default.id or None,
            company=company.id,
            today=today,
            filters=SQL(" ").join(filters),
            move_filter=move_filter,
            level_filter=level_filter,
            order=order,
            kinds=EXECUTABLE_KINDS,
            retry_attempts=self._dunning_retry_attempts(),
        )
        self.env.cr.execute(query)
        groups = {}
        blocked = set()  # (partner, level, invoice) given a block already: one block per invoice
        for partner_id, level_id, action_id, kind, move_id, residual, due in self.env.cr.fetchall():
            key = (partner_id, level_id)
            if kind == "block":
                if (key, move_id) in blocked:
                    continue
                blocked.add((key, move_id))
            group = groups.get(key)
            if group is None:
                group = groups[key] = DunningGroup(company.id, partner_id, level_id)
            group.actions.setdefault(action_id, []).append(move_id)
            group.amounts[move_id] = residual
            group.dues[move_id] = due
        return list(groups.values())

    @api.model
    def _dunning_retry_attempts(self):
        """How many times in all a failed action is tried by the runs (system parameter
        ``crm_dunning.retry_attempts``, 3 by default; 1 = never again by itself)."""
        value = self.env["ir.config_parameter"].sudo().get_param("crm_dunning.retry_attempts")
        try:
            return max(int(value), 1) if value else DEFAULT_RETRY_ATTEMPTS
        except ValueError:
            _logger.warning("crm_dunning.retry_attempts is not a number (%r): %s used.", value, DEFAULT_RETRY_ATTEMPTS)
            return DEFAULT_RETRY_ATTEMPTS

    @api.model
    def _dunning_preview(self, companies, moves=None, partners=None, on_demand=False, date=None):
        """What the next run will do, from the real planning path (nothing is written).

        :return: a list of dicts ``{company_id, partner_id, level_id, action_ids, move_ids, amount}``
        """
        result = []
        for company in companies:
            today = date or self._company_today(company)
            plan = self._dunning_plan(company, today, moves=moves, partners=partners, on_demand=on_demand)
            for group in plan:
                result.append(
                    {
                        "company_id": group.company_id,
                        "partner_id": group.partner_id,
                        "level_id": group.level_id,
                        "action_ids": list(group.actions),
                        "move_ids": group.move_ids,
                        "amount": sum(group.amounts.values()),
                    }
                )
        return result

    # ------------------------------------------------------------------ execution

    @api.model
    def _dunning_execute(self, plan, between_batches=None, batch_size=DEFAULT_BATCH_SIZE):
        """Execute the groups of ``plan`` (see :meth:`_dunning_plan`) batch by batch.

        :param between_batches: called with the number of groups done and remaining after
            each batch (the scheduled action reports progress and commits there)
        :return: the ledger rows written
        """
        Ledger = self.env["crm.dunning.ledger"].sudo()
        ledger = Ledger
        done = 0
        for batch in split_every(max(batch_size, 1), plan):
            self._dunning_find_failed(batch)
            for group in batch:
                ledger |= self._dunning_execute_group(group)
            done += len(batch)
            if between_batches:
                between_batches(done, len(plan) - done)
        return ledger

    @api.model
    def _dunning_find_failed(self, groups):
        """Fill ``group.failed`` of ``groups`` with the ledger rows of their earlier failed
        attempts (one query for the batch): a retry updates that row instead of adding one."""
        move_ids = list({move_id for group in groups for move_id in group.amounts})
        if not move_ids:
            return
        self.env.cr.execute(
            SQL(
                """SELECT id, move_id, level_id, action_id, due_date FROM crm_dunning_ledger
                    WHERE state = 'failed' AND move_id = ANY(%s)""",
                move_ids,
            )
        )
        rows = {
            (level_id, action_id, move_id, due): row_id
            for row_id, move_id, level_id, action_id, due in self.env.cr.fetchall()
        }
        for group in groups:
            for action_id, action_move_ids in group.actions.items():
                for move_id in action_move_ids:
                    row_id = rows.get((group.level_id, action_id, move_id, group.dues.get(move_id)))
                    if row_id:
                        group.failed[action_id, move_id] = row_id

    @api.model
    def _dunning_execute_group(self, group):
        """Run every action of one customer at one level; isolate each action's failure."""
        env = self.sudo().with_company(group.company_id).env
        partner = env["res.partner"].browse(group.partner_id)
        ledger = env["crm.dunning.ledger"]
        for action_id, move_ids in group.actions.items():
            # the messages list the invoices of this customer at this level, nothing else
            action = (
                env["crm.dunning.action"]
                .browse(action_id)
                .with_context(
                    dunning_move_ids=tuple(move_ids),
                    dunning_amount=sum(group.amounts.get(move_id, 0.0) for move_id in move_ids),
                    dunning_level_days=env["crm.dunning.level"].browse(group.level_id).day_offset,
                )
            )
            moves = env["account.move"].browse(move_ids)
            try:
                with env.cr.savepoint():
                    state, message, task = action._dunning_do(partner, moves)
                    ledger |= action._dunning_record(group, moves, state, message, task)
            except CONCURRENCY_ERRORS:
                _logger.info("Dunning action %s for %s already done by another run.", action_id, move_ids)
            except Exception as error:  # noqa: BLE001 - isolation: log the reason, go on with the others
                reason = str(error.args[0] if error.args else error)
                _logger.info("Dunning action %s for customer %s failed: %s", action_id, partner.id, reason)
                with env.cr.savepoint():
                    ledger |= action._dunning_record(group, moves, "failed", reason, None)
        return ledger

    # ------------------------------------------------------------------ entry points

    @api.model
    def _dunning_run(self, companies, moves=None, partners=None, on_demand=False, date=None):
        """Plan and execute a run for ``companies`` now (the "Run dunning" button).

        :return: the ledger rows written
        """
        ledger = self.env["crm.dunning.ledger"]
        for company in companies:
            today = date or self._company_today(company)
            plan = self.with_company(company)._dunning_plan(
                company, today, moves=moves, partners=partners, on_demand=on_demand
            )
            ledger |= self._dunning_execute(plan)
        return ledger

    @api.model
    def _cron_dunning(self, batch_size=None):
        """The scheduled action: every company, unattended, committed per batch of customers.

        A kill keeps the committed batches; the rerun skips them by the ledger and finishes
        the rest. The batch size is the system parameter ``crm_dunning.batch_size``.
        """
        in_test = bool(modules.module.current_test)
        if batch_size is None:
            batch_size = int(
                self.env["ir.config_parameter"].sudo().get_param("crm_dunning.batch_size", DEFAULT_BATCH_SIZE)
            )
        Cron = self.env["ir.cron"]

        def checkpoint(done, remaining):
            Cron._notify_progress(done=done, remaining=remaining)
            if not in_test:
                self.env.cr.commit()  # pylint: disable=invalid-commit
                self.env.invalidate_all()

        total = 0
        for company in self.env["res.company"].sudo().search([], order="id"):
            # the history and messages it writes read in the company's language, not the cron
            # user's (OdooBot's English on most databases)
            scheme = self.sudo().with_company(company).with_context(lang=company.partner_id.lang or self.env.lang)
            plan = scheme._dunning_plan(company, self._company_today(company))
            scheme._dunning_execute(plan, between_batches=checkpoint, batch_size=batch_size)
            total += len(plan)
        return total


class CrmDunningAction(models.Model):
    _inherit = "crm.dunning.action"

    def _dunning_do(self, partner, moves):
        """Execute this action for ``partner`` (commercial partner) about ``moves``.

        :return: ``(state, message, task)`` for the ledger
        :raise UserError: when the action cannot be done (logged as failed by the caller)
        """
        self.ensure_one()
        handler = getattr(self, f"_dunning_do_{self.kind}")
        return handler(partner, moves)

    def _dunning_do_email(self, partner, moves):
        address = partner._dunning_email_address()
        if not address:
            return self._dunning_fallback_task(partner, moves, lambda env: env._("The customer has no e-mail address."))
        email_values = {"email_to": address, "recipient_ids": []}
        if self.attach_invoices:
            email_values["attachment_ids"] = [fields.Command.link(a.id) for a in self._dunning_invoice_pdfs(moves)]
        self.mail_template_id.with_company(moves.company_id).send_mail(
            partner.id,
            email_values=email_values,
            email_layout_xmlid="mail.mail_notification_light",
            raise_exception=True,
        )
        partner._message_log(
            body=Markup("%s<br/>%s")
            % (
                _("Dunning e-mail sent to %(address)s (%(level)s).", address=address, level=self.level_id.name),
                escape(", ".join(moves.mapped("name"))),
            )
        )
        return "done", _("E-mail queued to %(address)s.", address=address), None

    def _dunning_invoice_pdfs(self, moves):
        """The invoices' PDFs as attachments (rendered now; HTML in test mode without wkhtmltopdf)."""
        attachments = self.env["ir.attachment"]
        Report = self.env["ir.actions.report"]
        for move in moves:
            content, report_type = Report._render_qweb_pdf("account.account_invoices", res_ids=move.ids)
            attachments |= attachments.create(
                {
                    "name": move._get_invoice_report_filename(extension=report_type),
                    "raw": content,
                    "res_model": "account.move",
                    "res_id": move.id,
                    "mimetype": "application/pdf" if report_type == "pdf" else "text/html",
                }
            )
        return attachments

    def _dunning_do_sms(self, partner, moves):
        number = partner._dunning_mobile_number()
        if not number:
            return self._dunning_fallback_task(partner, moves, lambda env: env._("The customer has no mobile number."))
        number = partner._phone_format(number=number) or number
        body = self.sms_template_id._render_field("body", partner.ids, compute_lang=True)[partner.id]
        partner._message_sms(body, sms_numbers=[number], put_in_queue=True)
        return "done", _("SMS queued to %(number)s.", number=number), None

    def _dunning_do_task(self, partner, moves, reason=None):
        user = self._dunning_task_user(partner, moves)
        if not user:
            raise UserError(
                _("No user to give the dunning task to (set the customer's salesperson or payment responsible).")
            )
        deadline = fields.Datetime.now() + timedelta(days=self.task_deadline_days)
        # the task is read by its user: its title, text, dates and amounts in his language
        lang = user.lang or partner.lang or self.env.lang
        action = self.with_context(lang=lang)
        level = action.level_id.name
        lines = Markup("").join(
            Markup("<li>%s: %s %s</li>")
            % (
                move.name,
                format_date(self.env, move.invoice_date_due, lang_code=lang),
                format_amount(self.env, move.amount_residual, move.currency_id, lang_code=lang),
            )
            for move in moves
        )
        description = Markup("<p>%s</p><ul>%s</ul>") % (
            reason or action.env._("Dunning level %(level)s.", level=level),
            lines,
        )
        task = (
            self.env["crm.task"]
            .with_context(**NO_TRACKING)
            .create(
                {
                    "name": action.env._("Dunning: %(customer)s (%(level)s)", customer=partner.name, level=level),
                    "kind": "task",
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "deadline": deadline,
                    "company_id": moves.company_id.id,
                    "description": description,
                }
            )
        )
        return "done", _("Task for %(user)s.", user=user.name), task

    def _dunning_task_user(self, partner, moves):
        """The task's person: the action's choice, else the next one who knows the customer."""
        candidates = {
            "user": self.task_user_id,
            "payment_responsible": partner.dunning_responsible_id,
            "salesperson": partner.user_id or moves.invoice_user_id[:1],
        }
        order = [self.task_user or "salesperson", "payment_responsible", "salesperson"]
        for choice in order:
            if candidates[choice]:
                return candidates[choice]
        return self.env["res.users"]

    def _dunning_fallback_task(self, partner, moves, reason):
        """A customer who cannot be reached on this channel: a task for a person instead.

        :param reason: a function of an environment giving the reason in its language: the
            task's text is in its user's language, the ledger's in the run's
        """
        user = self._dunning_task_user(partner, moves)
        user_env = self.with_context(lang=user.lang or partner.lang or self.env.lang).env
        message = user_env._("%(reason)s A task was given instead.", reason=reason(user_env))
        __, __, task = self._dunning_do_task(partner, moves, reason=message)
        # the history in the run's language: the context's, else its user's (an RPC call has none)
        run_env = self.with_context(lang=self.env.lang or self.env.user.lang).env
        return (
            "replaced",
            run_env._("%(reason)s Task for %(user)s.", reason=reason(run_env), user=task.user_id.name),
            task,
        )

    def _dunning_do_payment_reminder(self, partner, moves):
        return self._dunning_do_document(partner, moves)

    def _dunning_do_interest_note(self, partner, moves):
        return self._dunning_do_document(partner, moves)

    def _dunning_do_balance_confirmation(self, partner, moves):
        return self._dunning_do_document(partner, moves)

    def _dunning_do_document(self, partner, moves):
        """Issue the document of this action's kind for ``partner`` about ``moves`` and e-mail it;
        a customer without e-mail gets it issued and a task to send it another way."""
        company = moves.company_id
        today = self.env["crm.dunning.scheme"]._company_today(company)
        document_moves = moves if self.kind != "balance_confirmation" else None
        document = self.env["crm.dunning.document"]._dunning_create(
            self.kind, partner, company, today, moves=document_moves, action=self
        )
        if not document:
            # e.g. an interest note by hand charged every day already: nothing failed, no retry
            return "done", _("Nothing to list on the document (already charged, paid or listed)."), None
        if not self.document_send:
            return "done", _("%(document)s issued.", document=document.display_name), None
        if not partner._dunning_email_address():
            return self._dunning_fallback_task(
                partner,
                moves,
                lambda env: env._(
                    "%(document)s issued; the customer has no e-mail address.",
                    document=document.with_context(lang=env.lang).display_name,
                ),
            )
        address = document._dunning_send(self.document_template_id)
        return "done", _("%(document)s e-mailed to %(address)s.", document=document.display_name, address=address), None

    def _dunning_do_block(self, partner, moves):
        partner._dunning_block(
            self.scheme_id,
            _(
                "Blocked by dunning scheme %(scheme)s (%(level)s): %(invoices)s.",
                scheme=self.scheme_id.display_name,
                level=self.level_id.name,
                invoices=", ".join(moves.mapped("name")),
            ),
        )
        return "done", _("Customer blocked."), None

    def _dunning_record(self, group, moves, state, message, task):
        """Write the ledger rows of this action for ``moves`` and the invoices' dunning fields;
        the rows of an earlier failed attempt are updated (one row per invoice, level and
        action), counting the attempts."""
        now = fields.Datetime.now()
        Ledger = self.env["crm.dunning.ledger"].sudo()
        values = {"date": now, "state": state, "message": message, "task_id": task.id if task else False}
        earlier = Ledger.browse(
            [group.failed[self.id, move_id] for move_id in moves.ids if (self.id, move_id) in group.failed]
        )
        for row in earlier:
            row.write(
                dict(
                    values,
                    attempts=row.attempts + 1,
                    retry=False,
                    amount_residual=group.amounts.get(row.move_id.id, 0.0),
                )
            )
        ledger = earlier | Ledger.create(
            [
                dict(
                    values,
                    move_id=move.id,
                    due_date=group.dues.get(move.id),
                    partner_id=group.partner_id,
                    level_id=group.level_id,
                    action_id=self.id,
                    company_id=group.company_id,
                    amount_residual=group.amounts.get(move.id, 0.0),
                )
                for move in moves - earlier.move_id
            ]
        )
        for due in {group.dues.get(move_id) for move_id in moves.ids}:
            moves.filtered(lambda move, due=due: group.dues.get(move.id) == due).sudo().with_context(
                **NO_TRACKING
            ).write(
                {
                    "dunning_level_id": group.level_id,
                    "dunning_due_date": due,
                    "dunning_last_action_id": self.id,
                    "dunning_last_date": now,
                }
            )
        ledger.flush_recordset()
        return ledger
