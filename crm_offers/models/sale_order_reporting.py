import base64
import io

import xlsxwriter

from odoo import _, api, fields, models


class SaleOrder(models.Model):
    """Offer reporting: the conversion measure and the XLSX export (the Przypominacz source
    of offers nearing expiry is in sale_order_reminder.py)."""

    # one file a job (issue 11), each extending sale.order
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    offer_conversion = fields.Float(
        string="Conversion Rate (%)",
        compute="_compute_offer_conversion",
        store=True,
        aggregator="avg",
        help="100 for an accepted or converted offer, 0 for another one; its average over sent offers "
        "is the conversion rate.",
    )

    @api.depends("offer_state")
    def _compute_offer_conversion(self):
        for order in self:
            order.offer_conversion = 100.0 if order.offer_state in ("accepted", "converted") else 0.0

    def _get_offer_conversion_rate(self):
        """Share (%) of the sent offers in ``self`` that the customers accepted."""
        sent = self.filtered(lambda o: o.offer_was_sent and o.offer_state != "revised")
        if not sent:
            return 0.0
        won = sent.filtered(lambda o: o.offer_state in ("accepted", "converted"))
        return 100.0 * len(won) / len(sent)

    # ------------------------------------------------------------------ export

    def action_offer_export_xlsx(self):
        """Download the selected offers as an XLSX workbook."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": _("offers.xlsx"),
                "datas": base64.b64encode(self._offer_export_xlsx()),
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true", "target": "self"}

    def _offer_export_columns(self):
        """(header, value getter, cell kind) of each exported column."""
        states = dict(self._fields["offer_state"]._description_selection(self.env))
        return [
            (_("Offer"), lambda o: o.offer_number or o.name, "text"),
            (_("Customer"), lambda o: o.partner_id.display_name, "text"),
            (_("Salesperson"), lambda o: o.user_id.name or "", "text"),
            # in the user's time zone, as the screen shows it (xlsx has no time zones)
            (_("Date"), lambda o: o._offer_local_datetime(o.date_order), "datetime"),
            (_("Valid Until"), lambda o: o.validity_date, "date"),
            (_("State"), lambda o: states.get(o.offer_state, ""), "text"),
            (_("Untaxed Amount"), lambda o: o.amount_untaxed, "money"),
            (_("Total"), lambda o: o.amount_total, "money"),
            (_("Currency"), lambda o: o.currency_id.name, "text"),
        ]

    def _offer_local_datetime(self, value):
        """``value`` (UTC, naive) in the user's time zone, naive again; False stays False."""
        if not value:
            return False
        return fields.Datetime.context_timestamp(self, value).replace(tzinfo=None)

    def _offer_export_xlsx(self):
        """The offers of ``self`` as XLSX bytes: one row per offer, typed cells."""
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(_("Offers"))
        formats = {
            "header": workbook.add_format({"bold": True, "bg_color": "#DDDDDD"}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
        }
        columns = self._offer_export_columns()
        for col, (header, _getter, _kind) in enumerate(columns):
            sheet.write(0, col, header, formats["header"])
            sheet.set_column(col, col, 18)
        for row, offer in enumerate(self, start=1):
            for col, (_header, getter, kind) in enumerate(columns):
                value = getter(offer)
                if kind in ("date", "datetime") and value:
                    sheet.write_datetime(row, col, fields.Datetime.to_datetime(value), formats[kind])
                elif kind == "money":
                    sheet.write_number(row, col, value, formats[kind])
                else:
                    sheet.write(row, col, value or "")
        workbook.close()
        return buffer.getvalue()
