from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon

from .common import ProformaMixin


@tagged("post_install", "-at_install")
class TestProformaTour(ProformaMixin, AccountTestInvoicingHttpCommon):
    """Issue 10 items 7 and 8, clicked in the browser by a billing user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.proforma = cls.env["account.move"].create_proforma([cls._proforma_vals(cls)])
        cls.proforma._convert_to_invoice()
        cls.env = cls.admin_env

    def test_converted_proforma_form(self):
        self.start_tour(
            f"/odoo/action-crm_proforma.action_proforma/{self.proforma.id}",
            "crm_proforma_converted_form",
            login=self.invoice_user.login,
            timeout=120,
        )
