import logging
from datetime import timedelta

from odoo import _, api, fields, models, modules
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

_logger = logging.getLogger(__name__)


class CrmMailArchiveRule(models.Model):
    """Which messages leave the database, to which storage, with or without their files."""

    _name = "crm.mail.archive.rule"
    _description = "Mail Archive Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    storage_id = fields.Many2one("crm.mail.archive.storage", required=True, ondelete="restrict")
    include_attachments = fields.Boolean(
        string="Archive Attachments",
        default=True,
        help="Move the attachments' contents too. An attachment another record or message needs stays in the database.",
    )
    older_than_days = fields.Integer(string="Older Than (days)", default=365)
    model_ids = fields.Many2many(
        "ir.model", string="Documents", domain=[("is_mail_thread", "=", True)], help="Empty: messages of any document."
    )
    message_type_ids = fields.Many2many("crm.mail.archive.message.type", string="Message Types")
    subtype_ids = fields.Many2many("mail.message.subtype", string="Subtypes")
    attachment_filter = fields.Selection(
        [
            ("any", "With or without attachments"),
            ("with", "Only with attachments"),
            ("without", "Only without attachments"),
        ],
        string="Attachments",
        default="any",
        required=True,
    )
    min_size_kb = fields.Integer(string="Minimum Size (KB)", help="Body plus attachments, in kilobytes.")
    domain = fields.Char(string="Filter", default="[]", help="Additional filter on messages.")
    confirm_all = fields.Boolean(
        string="Archive Every Message",
        help="Confirms that a rule without any criterion archives every message of the database.",
    )
    batch_size = fields.Integer(default=200, help="Messages archived per transaction by the scheduled action.")
    last_run_date = fields.Datetime(readonly=True)
    last_run_result = fields.Char(readonly=True)
    dry_run_date = fields.Datetime(readonly=True)
    dry_run_count = fields.Integer(string="Would Archive (messages)", readonly=True)
    dry_run_bytes = fields.Float(string="Would Archive (bytes)", readonly=True)
    stub_ids = fields.One2many("crm.mail.archive.stub", "rule_id")
    message_count = fields.Integer(compute="_compute_statistics", string="Archived Messages")
    archived_bytes = fields.Float(compute="_compute_statistics")

    @api.depends("stub_ids")
    def _compute_statistics(self):
        stats = self.env["crm.mail.archive.stub"]._statistics("rule_id", self.ids)
        for rule in self:
            rule.message_count, rule.archived_bytes = stats.get(rule.id, (0, 0))

    @api.constrains(
        "older_than_days",
        "model_ids",
        "message_type_ids",
        "subtype_ids",
        "attachment_filter",
        "min_size_kb",
        "domain",
        "confirm_all",
    )
    def _check_criteria(self):
        for rule in self:
            if rule.older_than_days < 0 or rule.min_size_kb < 0 or rule.batch_size < 1:
                raise ValidationError(_("Rule %(name)s: days, size and batch size cannot be negative.", name=rule.name))
            rule._candidate_query()  # the filter must apply to messages (fields, operators)
            if not rule._has_criteria() and not rule.confirm_all:
                raise ValidationError(
                    _(
                        "Rule %(name)s has no criterion and would archive every message of the database. "
                        "Add a criterion or tick “Archive Every Message” to confirm.",
                        name=rule.name,
                    )
                )

    def _has_criteria(self):
        return bool(
            self.older_than_days
            or self.model_ids
            or self.message_type_ids
            or self.subtype_ids
            or self.attachment_filter != "any"
            or self.min_size_kb
            or self._parse_domain()
        )

    def _parse_domain(self):
        try:
            domain = safe_eval(self.domain or "[]")
        except Exception as exc:  # safe_eval raises any kind of error on bad input
            raise ValidationError(
                _("Rule %(name)s: the filter is not a valid domain (%(reason)s).", name=self.name, reason=exc)
            ) from exc
        if not isinstance(domain, list | tuple):
            raise ValidationError(_("Rule %(name)s: the filter must be a list of conditions.", name=self.name))
        return list(domain)

    # ------------------------------------------------------------------ selection
    def _message_domain(self):
        domain = list(self._parse_domain())
        if self.older_than_days:
            domain.append(("date", "<", fields.Datetime.now() - timedelta(days=self.older_than_days)))
        if self.model_ids:
            domain.append(("model", "in", self.model_ids.mapped("model")))
        if self.message_type_ids:
            domain.append(("message_type", "in", self.message_type_ids.mapped("code")))
        if self.subtype_ids:
            domain.append(("subtype_id", "in", self.subtype_ids.ids))
        return domain

    def _candidate_query(self):
        """The rule's selection of messages not archived yet, as a query on ``mail_message``.

        Built once per run: its cut-off date stays the same for all the batches, and the
        rule's fields are not read again after each batch's commit.
        """
        try:
            query = self.env["mail.message"].sudo().with_context(active_test=False)._search(self._message_domain())
        except (ValueError, KeyError, TypeError) as exc:  # what the ORM raises on a field or operator it does not know
            raise ValidationError(
                _("Rule %(name)s: the filter cannot be applied to messages (%(reason)s).", name=self.name, reason=exc)
            ) from exc
        message_id = SQL.identifier(query.table, "id")
        attachment_bytes = SQL(
            "(SELECT coalesce(sum(a.file_size), 0) FROM message_attachment_rel r "
            "JOIN ir_attachment a ON a.id = r.attachment_id WHERE r.message_id = %s)",
            message_id,
        )
        has_attachments = SQL("EXISTS (SELECT 1 FROM message_attachment_rel r WHERE r.message_id = %s)", message_id)
        body_bytes = SQL("octet_length(coalesce(%s, ''))", SQL.identifier(query.table, "body"))
        query.add_where(SQL("%s IS NOT TRUE", SQL.identifier(query.table, "crm_archived")))
        query.add_where(self.env["mail.message"]._crm_archive_not_in_queue(message_id))
        if self.include_attachments:
            query.add_where(SQL("(%s > 0 OR %s)", body_bytes, has_attachments))
        else:
            query.add_where(SQL("%s > 0", body_bytes))
        if self.attachment_filter == "with":
            query.add_where(has_attachments)
        elif self.attachment_filter == "without":
            query.add_where(SQL("NOT %s", has_attachments))
        if self.min_size_kb:
            size = SQL("%s + %s", body_bytes, attachment_bytes) if self.include_attachments else body_bytes
            query.add_where(SQL("%s >= %s", size, self.min_size_kb * 1024))
        return query

    def _candidates(self, limit, after_id=0, lock=False, query=None):
        """Ids of the next messages the rule selects, in id order, after ``after_id``.

        :param lock: lock them (``FOR UPDATE SKIP LOCKED``) so that several workers share a run
        :param query: the rule's ``_candidate_query()`` when already built (a run's batches)
        :return: list of message ids
        """
        query = query or self._candidate_query()
        self.env.flush_all()  # the query reads other tables than the domain's (mail_mail, attachments)
        message_id = SQL.identifier(query.table, "id")
        # one query on the messages themselves (no sub-select of the whole domain per batch)
        sql = SQL(
            "SELECT %s FROM %s WHERE %s AND %s > %s ORDER BY %s%s%s",
            message_id,
            query.from_clause,
            query.where_clause,
            message_id,
            after_id,
            message_id,
            SQL(" LIMIT %s", limit) if limit else SQL(),
            SQL(" FOR UPDATE OF %s SKIP LOCKED", SQL.identifier(query.table)) if lock else SQL(),
        )
        return [row[0] for row in self.env.execute_query(sql)]

    # ------------------------------------------------------------------ runs
    def _run(self, dry_run=False, commit=False):
        """Apply the rule in batches of ``batch_size``.

        :param dry_run: only count what would move (messages, bytes); nothing is written
        :param commit: commit after each batch (the scheduled action; never in tests)
        :return: (messages, bytes)
        :raise ArchiveStorageError: the storage failed; the current batch is left whole
        """
        self.ensure_one()
        commit = commit and not modules.module.current_test
        Message = self.env["mail.message"].sudo()
        after_id = count = size = processed = 0
        query = self._candidate_query()
        total = len(self._candidates(None, query=query))
        storage, include_attachments, batch_size = self.storage_id, self.include_attachments, self.batch_size
        # one session for the whole run: the file system, the key and the folders made stay known
        session = None if dry_run else storage._open()
        while ids := self._candidates(batch_size, after_id=after_id, lock=not dry_run, query=query):
            after_id = ids[-1]
            messages = Message.browse(ids)
            if dry_run:
                plan = messages._crm_archive_plan(include_attachments)
                count += len(plan)
                size += sum(item.size for item in plan)
            else:
                with self.env.cr.savepoint():
                    done, moved = messages._crm_archive(
                        storage, rule=self, include_attachments=include_attachments, session=session, locked=True
                    )
                count += done
                size += moved
                if commit:
                    self._commit_batch()
                # the batch's messages and file contents leave the cache: memory stays flat
                # (the rule and its storage stay: reading them again per batch costs queries)
                Message.invalidate_model()
                self.env["ir.attachment"].invalidate_model()
            processed += len(ids)
            self.env["ir.cron"]._notify_progress(done=processed, remaining=max(total - processed, 0))
        return count, size

    def action_dry_run(self):
        self.ensure_one()
        count, size = self._run(dry_run=True)
        self.write({"dry_run_date": fields.Datetime.now(), "dry_run_count": count, "dry_run_bytes": size})
        return self._notify(
            _("Dry run: %(count)s message(s), %(size)s would be archived.", count=count, size=_human(size))
        )

    def action_run(self):
        """Archive now, in this one transaction (for big first runs use the scheduled action)."""
        self.ensure_one()
        run = self.env["crm.mail.archive.run"]._start(self, "archive")
        count, size = self._run()
        run._finish(count, size)
        self.write({"last_run_date": fields.Datetime.now(), "last_run_result": run.summary})
        return self._notify(run.summary)

    def _notify(self, message, kind="success"):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": kind, "message": message},
        }

    @api.model
    def _cron_archive(self):
        """Scheduled action: every active rule in turn, committed per batch.

        Any failure of one rule (storage down, a filter that no longer applies, an unexpected
        error) stops that rule's run only, with the reason on the rule and on the run log; the
        failed batch is rolled back whole, batches already committed stay archived, and the
        next rules run.
        """
        for rule in self.search([]):
            run = self.env["crm.mail.archive.run"]._start(rule, "archive")
            self._commit_batch()
            try:
                count, size = rule._run_alone()
            except Exception as exc:  # one rule's failure must not stop the others
                if isinstance(exc, UserError):
                    reason = exc.args[0]
                else:
                    _logger.exception("Mail archive: rule %s failed", rule.id)
                    error = f"{type(exc).__name__}: {exc}"
                    reason = _("Unexpected error: %(error)s", error=error)
                run._fail(reason)
                rule.write({"last_run_date": fields.Datetime.now(), "last_run_result": reason[:500]})
                self._commit_batch()
                continue
            run._finish(count, size)
            rule.write({"last_run_date": fields.Datetime.now(), "last_run_result": run.summary})
            self._commit_batch()

    def _run_alone(self):
        """``_run(commit=True)`` whose failure undoes the current batch whole and nothing else.

        :return: (messages, bytes)
        :raise Exception: whatever stopped the run, once the current batch is rolled back
        """
        if modules.module.current_test:  # no commits: a savepoint stands for the batch
            with self.env.cr.savepoint():
                return self._run(commit=True)
        try:
            return self._run(commit=True)
        except Exception:
            self.env.cr.rollback()
            raise

    @api.model
    def _commit_batch(self):
        """Commit outside tests only (a test's transaction must stay whole)."""
        if not modules.module.current_test:
            self.env.cr.commit()  # pylint: disable=invalid-commit


def _human(size):
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)
