import os

from odoo import _, api, fields, models
from odoo.tools import SQL


class CrmMailArchiveRun(models.Model):
    """One archive run: what it moved and the database space before and after.

    PostgreSQL frees the space of cleared bodies for reuse at once but gives it back to the
    disk only after ``VACUUM FULL``; the filestore loses the cleared files at the next
    garbage collection of attachments (the daily autovacuum). The figures are taken as they
    are at the start and at the end of the run.
    """

    _name = "crm.mail.archive.run"
    _description = "Mail Archive Run"
    _order = "id desc"
    _rec_name = "start_date"

    rule_id = fields.Many2one("crm.mail.archive.rule", ondelete="cascade", index=True)
    storage_id = fields.Many2one("crm.mail.archive.storage", ondelete="cascade")
    kind = fields.Selection([("archive", "Archive"), ("restore", "Restore")], required=True, default="archive")
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("failed", "Failed")], default="running", required=True
    )
    start_date = fields.Datetime(required=True, default=fields.Datetime.now)
    end_date = fields.Datetime()
    message_count = fields.Integer(string="Messages")
    byte_count = fields.Float(string="Bytes")
    error = fields.Text()
    summary = fields.Char(compute="_compute_summary")
    message_table_before = fields.Float(string="Message Table Before (bytes)")
    message_toast_before = fields.Float(string="Message TOAST Before (bytes)")
    attachment_table_before = fields.Float(string="Attachment Table Before (bytes)")
    filestore_before = fields.Float(string="Filestore Before (bytes)")
    message_table_after = fields.Float(string="Message Table After (bytes)")
    message_toast_after = fields.Float(string="Message TOAST After (bytes)")
    attachment_table_after = fields.Float(string="Attachment Table After (bytes)")
    filestore_after = fields.Float(string="Filestore After (bytes)")

    @api.depends("state", "message_count", "byte_count", "error")
    def _compute_summary(self):
        for run in self:
            if run.state == "failed":
                run.summary = _("Failed: %(error)s", error=run.error)
            else:
                run.summary = _(
                    "%(count)s message(s), %(size)s bytes archived.", count=run.message_count, size=run.byte_count
                )

    @api.model
    def _space(self):
        """:return: current sizes in bytes: mail_message table and its TOAST, ir_attachment, filestore"""
        rows = self.env.execute_query(
            SQL(
                "SELECT pg_relation_size('mail_message'), "
                "coalesce(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0), "
                "pg_total_relation_size('ir_attachment') "
                "FROM pg_class c WHERE c.oid = 'mail_message'::regclass"
            )
        )
        message_table, message_toast, attachment_table = rows[0]
        return {
            "message_table": message_table,
            "message_toast": message_toast,
            "attachment_table": attachment_table,
            "filestore": self._filestore_size(),
        }

    @api.model
    def _filestore_size(self):
        root = self.env["ir.attachment"]._filestore()
        total = 0
        for folder, _dirs, files in os.walk(root):
            for name in files:
                try:
                    total += os.path.getsize(os.path.join(folder, name))
                except OSError:  # a file collected meanwhile
                    continue
        return total

    @api.model
    def _start(self, rule, kind):
        space = self._space()
        return self.sudo().create(
            {
                "rule_id": rule.id,
                "storage_id": rule.storage_id.id,
                "kind": kind,
                **{f"{name}_before": value for name, value in space.items()},
            }
        )

    def _finish(self, count, size):
        space = self._space()
        self.write(
            {
                "state": "done",
                "end_date": fields.Datetime.now(),
                "message_count": count,
                "byte_count": size,
                **{f"{name}_after": value for name, value in space.items()},
            }
        )

    def _fail(self, error):
        self.write({"state": "failed", "end_date": fields.Datetime.now(), "error": error})
