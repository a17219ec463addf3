from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.base.tests.common import new_test_user
from odoo.addons.crm_proforma.hooks import uninstall_hook

from .common import ProformaCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-15")
class TestProformaAccounting(ProformaCommon):
    """Pro formas stay out of the books, the invoice lists and the dashboard."""

    with_second_company = True

    def test_no_accounting_effect(self):
        proforma = self._make_proforma()
        self.assertEqual(proforma.state, "draft")
        self.assertTrue(proforma.line_ids)
        self.assertFalse(proforma.line_ids.filtered(lambda line: line.parent_state == "posted"))
        posted_lines = self.env["account.move.line"].search(
            [("move_id", "=", proforma.id), ("parent_state", "=", "posted")]
        )
        self.assertFalse(posted_lines)

    def test_excluded_from_invoice_lists_and_dashboard(self):
        proforma = self._make_proforma()
        draft_invoice = self.init_invoice("out_invoice", partner=self.customer, products=self.product_a)
        for xmlid in ("account.action_move_out_invoice_type", "account.action_move_out_invoice"):
            domain = safe_eval(self.admin_env.ref(xmlid).domain)
            found = self.env["account.move"].search(domain)
            self.assertIn(draft_invoice, found, xmlid)
            self.assertNotIn(proforma, found, xmlid)
        journal = self.company_data["default_journal_sale"]
        self.assertEqual(proforma.journal_id, journal)
        dashboard = journal._get_journal_dashboard_data_batched()[journal.id]
        self.assertEqual(dashboard["number_draft"], 1)  # the draft invoice only

    def test_uninstall_hook_restores_core_domain(self):
        uninstall_hook(self.admin_env)
        for xmlid in ("account.action_move_out_invoice_type", "account.action_move_out_invoice"):
            domain = safe_eval(self.admin_env.ref(xmlid).domain)
            self.assertEqual(domain, [("move_type", "in", ["out_invoice", "out_refund"])])

    def test_second_company_has_own_numbering(self):
        first = self._make_proforma()
        company_2 = self.company_data_2["company"]
        env_2 = self.env(context=dict(self.env.context, allowed_company_ids=company_2.ids))
        customer = self.customer.with_env(env_2)
        other = env_2["account.move"].create_proforma(
            [
                self._proforma_vals(
                    partner_id=customer.id,
                    fiscal_position_id=False,
                    invoice_line_ids=[
                        (0, 0, {"product_id": self.product_a.id, "quantity": 1, "price_unit": 10.0, "tax_ids": []})
                    ],
                )
            ]
        )
        again = self._make_proforma()
        self.assertEqual(other.company_id, company_2)
        self.assertEqual(other.journal_id.company_id, company_2)
        self.assertEqual(first.proforma_number, "PF/2026/0001")
        self.assertEqual(other.proforma_number, "PF/2026/0001")
        self.assertEqual(again.proforma_number, "PF/2026/0002")
        sequences = self.admin_env["ir.sequence"].search([("code", "=", "crm_proforma.proforma")])
        self.assertEqual(len(sequences.filtered(lambda s: s.company_id == company_2)), 1)
        # The invoice made from it belongs to the same company.
        invoice = other._convert_to_invoice()
        self.assertEqual(invoice.company_id, company_2)
        # A user of the first company only does not see it.
        self.assertNotIn(other, self.env["account.move"].search([("is_proforma", "=", True)]))

    def test_numbering_restarts_each_year(self):
        self._make_proforma()
        with freeze_time("2027-01-02"):
            self.assertEqual(self._make_proforma().proforma_number, "PF/2027/0001")

    def test_sequence_created_on_demand_when_missing(self):
        self.admin_env["ir.sequence"].search([("code", "=", "crm_proforma.proforma")]).unlink()
        self.assertEqual(self._make_proforma().proforma_number, "PF/2026/0001")

    def test_user_without_invoicing_rights_cannot_create(self):
        salesman = new_test_user(self.admin_env, login="pf_plain", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["account.move"].with_user(salesman).create_proforma([self._proforma_vals()])
