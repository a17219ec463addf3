"""Issue 16: every public method of crm_offers answers bad input with a clear error over
JSON-RPC, as a salesman limited to his own documents and as a user of another company."""

import html
import json

from freezegun import freeze_time

from odoo import Command, http
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import new_test_user

from .common import OfferCase, OfferRpcCase

ACTIONS = (
    "action_offer_print",
    "action_offer_send",
    "action_offer_accept",
    "action_offer_reject",
    "action_offer_reset_draft",
    "action_offer_create_proforma",
    "action_offer_create_invoice",
    "action_offer_view_proformas",
    "action_offer_view_invoices",
    "action_offer_new_revision",
    "action_offer_export_xlsx",
)
CLEAR_ERRORS = (
    "odoo.exceptions.UserError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.ValidationError",
)


@tagged("post_install", "-at_install")
class TestOfferRpcInputs(OfferRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleague = new_test_user(
            cls.env, login="offer_colleague", name="Cleo Colleague", groups="sales_team.group_sale_salesman"
        )
        cls.company_2 = cls.env["res.company"].create({"name": "Second Company Sp. z o.o."})
        cls.user_2 = new_test_user(
            cls.env,
            login="offer_company2",
            name="Zoe Second",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=cls.company_2.id,
            company_ids=[Command.set(cls.company_2.ids)],
        )
        cls.template_2 = cls.env["crm.offer.template"].create(
            {"name": "Second's layout", "layout": "classic", "company_id": cls.company_2.id}
        )
        cls.own = cls._create_offer()
        cls.colleagues = cls._create_offer(user=cls.colleague)
        cls.quotation = cls.env["sale.order"].with_user(cls.salesman).create({"partner_id": cls.partner.id})

    def assertClearError(self, user, model, method, *args, **kwargs):
        """Refused with one of Odoo's user-facing errors, never a Python or database error."""
        with mute_logger("odoo.http"):
            result, error = self.rpc(user, model, method, *args, **kwargs)
        self.assertIsNone(result, f"{method}{args} should have been refused")
        self.assertIn(error["name"], CLEAR_ERRORS, error.get("debug"))
        return error

    def _unchanged(self, offer, state="draft"):
        offer.invalidate_recordset()
        self.assertEqual(offer.offer_state, state)
        self.assertEqual(offer.revision_ids, self.env["sale.order"])
        self.assertFalse(offer.sudo().offer_move_ids | offer.sudo().invoice_ids)

    def test_actions_on_missing_foreign_and_other_company_offers(self):
        for method in ACTIONS:
            with self.subTest(method=method):
                self.assertClearError(self.salesman, "sale.order", method, [987654321])
                self.assertClearError(self.salesman, "sale.order", method, self.colleagues.ids)
                self.assertClearError(self.user_2, "sale.order", method, self.own.ids)
        self._unchanged(self.own)
        self._unchanged(self.colleagues)
        self.assertClearError(self.salesman, "account.move", "action_open_offer", [987654321])

    def test_one_offer_actions_with_several_or_no_ids(self):
        second = self._create_offer()
        for method in ("action_offer_print", "action_offer_send", "action_offer_reject", "action_offer_new_revision"):
            for ids in ((self.own | second).ids, []):
                with self.subTest(method=method, ids=ids):
                    self.assertRpcRefused(self.salesman, "works on one offer at a time", "sale.order", method, ids)
        self.assertRpcRefused(self.salesman, "at a time, not 0", "account.move", "action_open_offer", [])
        self._unchanged(self.own)
        self._unchanged(second)

    def test_wizards_refuse_bad_offer_ids(self):
        for model in ("crm.offer.print.wizard", "crm.offer.reject.wizard"):
            before = self.env[model].sudo().search_count([])
            for order_id in ("abc", None, [self.own.id], 10**20, -1, 987654321, self.colleagues.id, self.quotation.id):
                with self.subTest(model=model, order_id=order_id):
                    self.assertClearError(self.salesman, model, "create", {"order_id": order_id, "reason": "x"})
            with self.subTest(model=model, user="company 2"):
                error = self.assertClearError(self.user_2, model, "create", {"order_id": self.own.id, "reason": "x"})
                self.assertEqual(error["name"], "odoo.exceptions.AccessError")
            self.assertEqual(self.env[model].sudo().search_count([]), before)

    def test_reject_wizard_reason_too_long(self):
        wizard_id, error = self.rpc(
            self.salesman, "crm.offer.reject.wizard", "create", {"order_id": self.own.id, "reason": "x" * 200_000}
        )
        self.assertIsNone(error)
        error = self.assertClearError(self.salesman, "crm.offer.reject.wizard", "action_reject", [wizard_id])
        self.assertRegex(error["message"], "Rejection Reason of .* is too long: 200000 characters, at most 10000")
        self._unchanged(self.own)

    def test_offer_fields_bad_values(self):
        for vals, regex in (
            ({"offer_customer_reference": "r" * 5000}, "too long"),
            ({"offer_template_id": self.template_2.id}, "compan"),
            ({"offer_template_id": 987654321}, "."),
            ({"offer_state": {"x": 1}}, "not a state of an offer"),
            ({"offer_number": "OF/1999/1"}, "set by the offer itself"),
        ):
            with self.subTest(vals=vals):
                error = self.assertClearError(self.salesman, "sale.order", "write", self.own.ids, vals)
                self.assertRegex(error["message"], regex)
        self.own.invalidate_recordset()
        self.assertEqual(self.own.offer_template_id, self.env.ref("crm_offers.offer_template_classic"))
        self.assertFalse(self.own.offer_customer_reference)

    def test_print_template_of_another_company_refused(self):
        wizard_id, error = self.rpc(
            self.salesman,
            "crm.offer.print.wizard",
            "create",
            {"order_id": self.own.id, "template_id": self.template_2.id},
        )
        if error is None:
            error = self.assertClearError(self.salesman, "crm.offer.print.wizard", "action_print", [wizard_id])
        self.assertIn(error["name"], CLEAR_ERRORS)
        self.own.invalidate_recordset()
        self.assertEqual(self.own.offer_template_id, self.env.ref("crm_offers.offer_template_classic"))

    @freeze_time("2026-03-02 10:00:00")
    def test_failing_custom_template_over_http(self):
        """Issue 16, case 8: the report download answers a clear error naming the template,
        not a traceback, and the other templates still print."""
        failing = self.env["crm.offer.template"].create(
            {"name": "Fails at print", "layout": "custom", "arch": '<p t-out="object.partner_id.name / 2"/>'}
        )
        self.own.offer_template_id = failing
        self.authenticate(self.salesman.login, self.salesman.login)
        url = f"/report/pdf/crm_offers.report_offer/{self.own.id}"
        with mute_logger("odoo.addons.web.controllers.report", "odoo.addons.mail.models.mail_render_mixin"):
            response = self.url_open(
                "/report/download",
                data={
                    "data": json.dumps([url, "qweb-pdf"]),
                    "context": "{}",
                    "token": "dummy",
                    "csrf_token": http.Request.csrf_token(self),
                },
            )
        # the web client reads this JSON and shows a UserError as a plain warning dialog
        error = json.loads(html.unescape(response.text))["data"]
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        self.assertIn('template "Fails at print" could not print', error["message"])
        self.assertNotIn("Traceback", error["message"])
        self.own.offer_template_id = self.env.ref("crm_offers.offer_template_classic")
        page = self.url_open(f"/report/html/crm_offers.report_offer/{self.own.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.own.offer_number, page.text)


@tagged("post_install", "-at_install")
class TestOfferSettingsRange(OfferCase):
    def test_validity_and_reminder_days_in_range(self):
        for vals in (
            {"offer_validity_days": -1},
            {"offer_validity_days": 10**9},
            {"offer_reminder_days": -5},
            {"offer_reminder_days": 100000},
        ):
            with self.subTest(vals=vals), self.assertRefused(ValidationError, "between 0 and"):
                self.env["res.config.settings"].create(vals).execute()
        self.assertEqual((self.company.offer_validity_days, self.company.offer_reminder_days), (30, 3))


@tagged("post_install", "-at_install")
class TestOfferStateActionsOverRpc(OfferRpcCase):
    """Issue 10, item 6: the quotation's own actions that the offer form hides are refused by
    the server too, with a message saying what to do."""

    def test_confirm_needs_accepted_offer(self):
        offer = self._create_offer()
        self.assertRpcRefused(self.salesman, "is not accepted", "sale.order", "action_confirm", offer.ids)
        offer.invalidate_recordset()
        self.assertEqual(offer.state, "draft")

    def test_converted_offer_not_invoiced_twice(self):
        offer = self._create_offer()
        offer.action_offer_accept()
        offer.action_offer_create_invoice()
        self.assertEqual(len(offer.invoice_ids), 1)
        wizard_id, error = self.rpc(
            self.salesman,
            "sale.advance.payment.inv",
            "create",
            {"advance_payment_method": "delivered", "sale_order_ids": [Command.set(offer.ids)]},
        )
        self.assertIsNone(error)
        self.assertRpcRefused(
            self.salesman, "was converted already", "sale.advance.payment.inv", "create_invoices", [wizard_id]
        )
        for method in ("action_offer_accept", "action_offer_new_revision", "action_offer_create_proforma"):
            self.assertRpcRefused(self.salesman, "is converted and cannot be", "sale.order", method, offer.ids)
        offer.invalidate_recordset()
        self.assertEqual(len(offer.invoice_ids), 1)
