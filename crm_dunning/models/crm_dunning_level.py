from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmDunningLevel(models.Model):
    """One level of a dunning scheme: it fires ``day_offset`` days after the due date
    (negative: a friendly reminder before it) and runs its actions."""

    _name = "crm.dunning.level"
    _description = "Dunning Level"
    _order = "scheme_id, sequence, day_offset, id"

    scheme_id = fields.Many2one("crm.dunning.scheme", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="scheme_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, help="A level removed from its scheme after it ran is archived, not deleted.")
    name = fields.Char(required=True, translate=True)
    day_offset = fields.Integer(
        string="Days After Due Date",
        required=True,
        help="The level fires this many days after the invoice's due date; a negative number "
        "sends a friendly reminder before it.",
    )
    action_ids = fields.One2many("crm.dunning.action", "level_id", string="Actions", copy=True)

    @api.constrains("scheme_id", "sequence", "day_offset")
    def _check_order(self):
        """Levels must come in the order of their days: each one later than the one before it."""
        for scheme in self.scheme_id:
            previous = None
            for level in scheme.level_ids.sorted(lambda lv: (lv.sequence, lv.id)):
                if previous is not None and level.day_offset <= previous.day_offset:
                    if level.day_offset == previous.day_offset:
                        message = _(
                            "Levels %(first)s and %(second)s of dunning scheme %(scheme)s fire on the same "
                            "day (%(days)s); each level needs its own number of days.",
                            first=previous.name,
                            second=level.name,
                            scheme=scheme.name,
                            days=level.day_offset,
                        )
                    else:
                        message = _(
                            "Level %(second)s of dunning scheme %(scheme)s fires before level %(first)s "
                            "(%(days)s days against %(previous_days)s); put the levels in the order of their days.",
                            first=previous.name,
                            second=level.name,
                            scheme=scheme.name,
                            days=level.day_offset,
                            previous_days=previous.day_offset,
                        )
                    raise ValidationError(message)
                previous = level

    @api.constrains("scheme_id", "action_ids")
    def _check_has_action(self):
        for level in self:
            if not level.action_ids:
                raise ValidationError(
                    _(
                        "Level %(level)s of dunning scheme %(scheme)s has no action; add at least one.",
                        level=level.name,
                        scheme=level.scheme_id.name,
                    )
                )

    def write(self, vals):
        # replacing the actions in one save deletes before it creates: the level's own
        # constraint checks it has an action once the whole save is done
        records = self.with_context(dunning_level_saving=True) if "action_ids" in vals else self
        return super(CrmDunningLevel, records).write(vals)

    def unlink(self):
        """A level that already ran is archived, not deleted: the dunning history keeps it."""
        used = self._dunning_used()
        used.write({"active": False})
        used.action_ids.write({"active": False})
        return super(CrmDunningLevel, self - used).unlink()

    def _dunning_used(self):
        """These levels that the dunning history (ledger) refers to."""
        if not self.ids:
            return self.browse()
        ledger = self.env["crm.dunning.ledger"].sudo()
        groups = ledger._read_group([("level_id", "in", self.ids)], ["level_id"])
        return self.browse([level.id for (level,) in groups])
