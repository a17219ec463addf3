from odoo import _, fields, models
from odoo.exceptions import UserError

DEFAULT_RETRY_ATTEMPTS = 3  # failed actions the scheduled runs try again (``crm_dunning.retry_attempts``)


class CrmDunningLedger(models.Model):
    """What the dunning runs did: one row per invoice (installment), level and action, never two.

    The unique key makes a rerun, a kill midway or two workers at once harmless: an action
    already in the ledger for an invoice and level is never executed again for it, unless it
    failed: a failed action (a template error, a rate missing from the interest table) sent
    nothing, so the next runs try it again while its level is the one due, up to
    ``crm_dunning.retry_attempts`` times in all (3 by default), and a user tries it again at
    once with :meth:`action_retry` after fixing the cause. Levels and
    actions that ran are archived instead of deleted (``ondelete="restrict"``): editing a scheme
    never deletes its history.
    """

    _name = "crm.dunning.ledger"
    _description = "Dunning History"
    _order = "date desc, id desc"
    _rec_name = "move_id"

    move_id = fields.Many2one("account.move", string="Invoice", required=True, ondelete="cascade", index=True)
    due_date = fields.Date(
        string="Installment Due",
        help="The due date of the installment the action was about (the invoice's earliest open one): "
        "an invoice in installments goes through the levels again for each installment.",
    )
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    level_id = fields.Many2one("crm.dunning.level", required=True, ondelete="restrict", index=True)
    action_id = fields.Many2one("crm.dunning.action", required=True, ondelete="restrict")
    kind = fields.Selection(related="action_id.kind")
    scheme_id = fields.Many2one(related="level_id.scheme_id")
    company_id = fields.Many2one("res.company", required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    amount_residual = fields.Monetary(string="Amount Due", currency_field="company_currency_id")
    company_currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("done", "Done"), ("replaced", "Replaced by a Task"), ("failed", "Failed")], required=True, default="done"
    )
    message = fields.Text(string="Result")
    attempts = fields.Integer(default=1, help="How many times the action was tried (a failed one is tried again).")
    retry = fields.Boolean(
        string="Retry Requested", help="A user asked to try the failed action again, whatever its attempts."
    )
    task_id = fields.Many2one("crm.task", ondelete="set null")

    _sql_constraints = [  # noqa: RUF012
        (
            "move_level_action_uniq",
            "unique(move_id, due_date, level_id, action_id)",
            "An action of a dunning level runs only once per invoice and installment.",
        ),
    ]

    def action_retry(self):
        """Try the selected failed actions again now, e.g. after fixing the template or the
        interest table that made them fail ("Retry" in Dunning History).

        Only failed rows are taken; each is executed again by a dunning run of its invoices,
        i.e. only while its level is still the one due for the invoice (an invoice paid,
        excluded, disputed or moved to a higher level since is left as it is, and its request
        ends). A retry that fails again updates the row's reason and attempts.

        :return: a notification action with the counts
        :raise UserError: when no selected row failed
        :raise AccessError: for users who cannot read the rows (not billing users)
        """
        failed = self.filtered(lambda row: row.state == "failed")
        if not failed:
            raise UserError(_("Only failed dunning actions can be retried."))
        failed.check_access("read")
        failed.sudo().write({"retry": True})
        ledger = self.env["crm.dunning.scheme"]._dunning_run(failed.company_id, moves=failed.move_id)
        retried = failed.filtered(lambda row: not row.retry)
        still_failed = retried.filtered(lambda row: row.state == "failed")
        # not tried now: the request ends here, the row waits for its attempts or a new Retry
        (failed - retried).sudo().write({"retry": False})
        message = _(
            "%(retried)s of %(selected)s failed action(s) tried again: %(done)s done, %(failed)s failed again; "
            "%(others)s other action(s) due for these invoices done.",
            retried=len(retried),
            selected=len(failed),
            done=len(retried - still_failed),
            failed=len(still_failed),
            others=len(ledger - retried),
        )
        if len(retried) < len(failed):
            message += " " + _(
                "The others were not tried: their invoice is paid, excluded or disputed, the customer is "
                "excluded or promised to pay, the overdue amount is not over the scheme's threshold, the level "
                "or action was archived, or the invoice is at another level or installment now."
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "warning" if still_failed or len(retried) < len(failed) else "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
