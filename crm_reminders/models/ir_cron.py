"""Parallel workers for heavy scheduled actions, shared by every addon of the suite.

A scheduled action flagged ``crm_parallel`` (recurring invoice generation; dunning, SMS and mail
archive will flag theirs) is kept with N-1 *worker* copies, N being the setting *Parallel
workers* (``crm_reminders.cron_workers``). Odoo's cron threads, on one server or many against
one database, each take a different copy (core locks the ``ir_cron`` row it runs), so N threads
run one job at once. The job asks :meth:`IrCron._crm_worker_slot` which share is its own and
splits its records by ``id % workers``; its own row locks (``FOR UPDATE SKIP LOCKED``) and
ledger (a unique key) make any overlap harmless, e.g. while the number of workers changes.
No scheduler of our own: only Odoo's cron rows.
"""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

WORKERS_PARAM = "crm_reminders.cron_workers"
MAX_WORKERS = 32
SYNCED_FIELDS = ("active", "interval_number", "interval_type", "nextcall", "priority", "user_id")


class IrCron(models.Model):
    _inherit = "ir.cron"

    crm_parallel = fields.Boolean(
        string="Parallel Workers",
        help="Heavy scheduled action run by the number of parallel workers set in Settings.",
    )
    crm_main_cron_id = fields.Many2one(
        "ir.cron",
        string="Worker Of",
        ondelete="cascade",
        index="btree_not_null",
        readonly=True,
        help="The scheduled action this one helps as a parallel worker.",
    )
    crm_worker_ids = fields.One2many("ir.cron", "crm_main_cron_id", string="Parallel Worker Actions")
    crm_worker_index = fields.Integer(string="Worker Number", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        crons = super().create(vals_list)
        if any(cron.crm_parallel and not cron.crm_main_cron_id for cron in crons):
            # an addon installed after the setting was raised gets its workers at once
            self._crm_sync_workers()
        return crons

    def write(self, vals):
        result = super().write(vals)
        synced = {key: vals[key] for key in SYNCED_FIELDS if key in vals}
        workers = self.filtered("crm_parallel").with_context(active_test=False).crm_worker_ids
        if synced and workers:
            workers.write(synced)
        if "crm_parallel" in vals:
            self._crm_sync_workers()
        return result

    def unlink(self):
        actions = self.with_context(active_test=False).crm_worker_ids.ir_actions_server_id
        result = super().unlink()  # workers go with their main action (ondelete cascade)
        actions.exists().unlink()
        return result

    @api.model
    def _crm_worker_count(self):
        """The setting *Parallel workers* (1 when unset or wrong)."""
        value = self.env["ir.config_parameter"].sudo().get_param(WORKERS_PARAM, "1")
        try:
            return min(max(int(value), 1), MAX_WORKERS)
        except ValueError:
            return 1

    @api.model
    def _crm_sync_workers(self, count=None):
        """Keep ``count - 1`` worker copies of every parallel scheduled action.

        :param count: the number of workers (default: the setting)
        """
        count = self._crm_worker_count() if count is None else count
        if not isinstance(count, int) or not 1 <= count <= MAX_WORKERS:
            raise UserError(_("The number of parallel workers must be between 1 and %(max)s.", max=MAX_WORKERS))
        Cron = self.sudo().with_context(active_test=False)
        orphans = Cron.search([("crm_main_cron_id", "!=", False), ("crm_main_cron_id.crm_parallel", "=", False)])
        if orphans:
            actions = orphans.ir_actions_server_id
            orphans.unlink()
            actions.unlink()
        for main in Cron.search([("crm_parallel", "=", True), ("crm_main_cron_id", "=", False)]):
            workers = main.crm_worker_ids
            extra = workers.filtered(lambda w: w.crm_worker_index >= count)
            if extra:
                actions = extra.ir_actions_server_id
                extra.unlink()
                actions.unlink()
            existing = set((workers - extra).mapped("crm_worker_index"))
            for index in range(1, count):
                if index in existing:
                    continue
                main.copy(
                    {
                        "name": _("%(name)s (worker %(number)s)", name=main.name, number=index + 1),
                        "crm_parallel": False,
                        "crm_main_cron_id": main.id,
                        "crm_worker_index": index,
                        "active": main.active,
                        "nextcall": main.nextcall,
                    }
                )

    @api.model
    def _crm_worker_slot(self):
        """``(worker, workers)`` of the scheduled action running now, for the job to take
        the records with ``id % workers == worker``.

        The running action is the ``cron_id`` Odoo puts in the context of a scheduled job;
        run any other way (a button, "Run Manually", a shell) the job does the whole work:
        ``(0, 1)``. The workers are the main action and its active copies, numbered in order,
        so a switched-off copy leaves no share undone.
        """
        cron = self.sudo().browse(self.env.context.get("cron_id")).exists()
        main = cron.crm_main_cron_id or cron
        if not cron or not main.crm_parallel:
            return 0, 1
        group = (main | main.crm_worker_ids).filtered("active").sorted(lambda c: (c.crm_worker_index, c.id))
        if cron not in group:
            return 0, 1
        return group.ids.index(cron.id), len(group)

    def _crm_trigger_self(self):
        """Run this scheduled action again soon (the one running now, else ``self``)."""
        cron = self.sudo().browse(self.env.context.get("cron_id")).exists()
        (cron or self)._trigger()
