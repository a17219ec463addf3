from odoo import api, models


class ResPartner(models.Model):
    """Przypominacz source "Blocked customers awaiting a decision": customers blocked by dunning
    whose block nobody has acted on since (no override, no lift), for the Dunning managers of
    the blocking scheme's company and for the customer's payment responsible. The deadline is
    the moment of the block."""

    _name = "res.partner"
    _inherit = ["res.partner", "crm.reminder.source.mixin"]  # noqa: RUF012

    @api.model
    def _crm_reminder_items(self, source, user, date_to, limit=None, now=None):
        domain = [
            ("dunning_blocked", "=", True),
            # the cached company list: the bell asks this source on every refresh
            ("dunning_block_scheme_id.company_id", "in", list(user._get_company_ids())),
        ]
        if not user.has_group("crm_dunning.group_dunning_manager"):
            domain.append(("dunning_responsible_id", "=", user.id))
        # Blocked customers are few: all of them are read, then sorted by block date and cut.
        rows = self._crm_reminder_rows(user, domain, ["id", "name", "dunning_block_scheme_id"], "id", None)
        if not rows:
            return []
        logs = (
            self.env["crm.dunning.block.log"]
            .sudo()
            .search_read(
                [("partner_id", "in", [row[0] for row in rows])],
                ["partner_id", "event", "date"],
                order="date desc, id desc",
            )
        )
        latest = {}
        for log in logs:
            latest.setdefault(log["partner_id"][0], log)
        schemes = self.env["crm.dunning.scheme"].sudo().browse({row[2] for row in rows})
        scheme_names = {scheme.id: scheme.display_name for scheme in schemes}
        items = [
            {
                "res_id": id_,
                "title": self.env._(
                    "Sales to %(customer)s blocked by dunning scheme %(scheme)s: lift the block or keep it",
                    customer=name,
                    scheme=scheme_names.get(scheme_id, "-"),
                ),
                "deadline": latest[id_]["date"],
                "urgency": "high",
            }
            for id_, name, scheme_id in rows
            if id_ in latest and latest[id_]["event"] == "block" and latest[id_]["date"] <= date_to
        ]
        items.sort(key=lambda item: (item["deadline"], item["res_id"]))
        return items[:limit] if limit else items
