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
        # the cached company list: the bell asks this source on every refresh
        company_ids = list(user._get_company_ids())
        blocks = (
            self.env["crm.dunning.block"]
            .sudo()
            .search_read([("company_id", "in", company_ids)], ["partner_id", "company_id", "scheme_id"])
        )
        if not blocks:
            return []
        domain = [("id", "in", list({block["partner_id"][0] for block in blocks}))]
        if not user.has_group("crm_dunning.group_dunning_manager"):
            domain.append(("dunning_responsible_id", "=", user.id))
        # Blocked customers are few: all of them are read, then sorted by block date and cut.
        rows = self._crm_reminder_rows(user, domain, ["id", "name"], "id", None)
        if not rows:
            return []
        names = dict(rows)
        logs = (
            self.env["crm.dunning.block.log"]
            .sudo()
            .search_read(
                [("partner_id", "in", list(names)), ("company_id", "in", company_ids)],
                ["partner_id", "company_id", "event", "date"],
                order="date desc, id desc",
            )
        )
        latest = {}  # (partner, company): the last event of that block
        for log in logs:
            latest.setdefault((log["partner_id"][0], log["company_id"][0]), log)
        schemes = self.env["crm.dunning.scheme"].sudo().browse({block["scheme_id"][0] for block in blocks})
        scheme_names = {scheme.id: scheme.display_name for scheme in schemes}
        waiting = {}  # partner: (moment of the earliest undecided block, its schemes' names)
        for block in blocks:
            partner_id, company_id = block["partner_id"][0], block["company_id"][0]
            log = latest.get((partner_id, company_id))
            if partner_id not in names or not log or log["event"] != "block" or log["date"] > date_to:
                continue
            deadline, scheme_list = waiting.get(partner_id, (log["date"], []))
            scheme_list.append(scheme_names.get(block["scheme_id"][0], "-"))
            waiting[partner_id] = (min(deadline, log["date"]), scheme_list)
        items = [
            {
                "res_id": partner_id,
                "title": self.env._(
                    "Sales to %(customer)s blocked by dunning scheme %(scheme)s: lift the block or keep it",
                    customer=names[partner_id],
                    scheme=", ".join(sorted(scheme_list)),
                ),
                "deadline": deadline,
                "urgency": "high",
            }
            for partner_id, (deadline, scheme_list) in waiting.items()
        ]
        items.sort(key=lambda item: (item["deadline"], item["res_id"]))
        return items[:limit] if limit else items
