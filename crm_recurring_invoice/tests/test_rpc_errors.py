"""Issue 16 for recurring invoices: every public method and every value reaching them over
JSON-RPC gets a clear error, never a Python or database error, and leaves nothing written;
another company's templates and users without billing rights are refused."""

import json

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon

CLEAR = {
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
}


@tagged("post_install", "-at_install")
class TestRpcErrors(AccountTestInvoicingHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company_data["company"]
        cls.billing = new_test_user(
            cls.env,
            login="rpc_billing",
            groups="account.group_account_invoice",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.plain = new_test_user(
            cls.env,
            login="rpc_plain",
            groups="base.group_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.customer = cls.env["res.partner"].create({"name": "RPC Customer"})
        cls.template = cls.env["crm.recurring.template"].create(
            {
                "name": "RPC template",
                "journal_id": cls.company_data["default_journal_sale"].id,
                "date_start": "2026-01-01",
                "line_ids": [Command.create({"product_id": cls.product_a.id, "name": "Service", "price_unit": 10})],
                "partner_ids": [Command.create({"partner_id": cls.customer.id})],
            }
        )
        other = cls.setup_other_company(name="RPC other company")
        cls.other_template = (
            cls.env["crm.recurring.template"]
            .with_company(other["company"])
            .create(
                {
                    "name": "Other company's template",
                    "company_id": other["company"].id,
                    "journal_id": other["default_journal_sale"].id,
                    "currency_id": other["company"].currency_id.id,
                    "date_start": "2026-01-01",
                    "line_ids": [Command.create({"name": "Service", "price_unit": 10, "tax_ids": []})],
                    "partner_ids": [Command.create({"partner_id": cls.customer.id})],
                }
            )
        )

    def _call(self, model, method, args, kwargs=None):
        """call_kw over JSON-RPC; returns ``(result, error)``, error being the server's
        ``error.data`` (exception name, message, debug)."""
        payload = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            }
        )
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}", data=payload, headers={"Content-Type": "application/json"}
        )
        body = response.json()
        return body.get("result"), body.get("error", {}).get("data")

    def _refused(self, model, method, args, kwargs=None, expect=None):
        result, error = self._call(model, method, args, kwargs)
        self.assertTrue(error, f"{method}{args!r} was accepted: {result!r}")
        self.assertIn(error["name"], CLEAR, f"{method}{args!r}: {error['name']}: {error['message']}")
        self.assertNotIn("Traceback", error["message"])
        if expect:
            self.assertIn(expect, error["message"])
        return error

    def _template_vals(self, **vals):
        values = {
            "name": "Bad",
            "journal_id": self.company_data["default_journal_sale"].id,
            "date_start": "2026-01-01",
        }
        values.update(vals)
        return values

    @mute_logger("odoo.http")
    def test_bad_values_on_create_and_write(self):
        self.authenticate("rpc_billing", "rpc_billing")
        Template = self.env["crm.recurring.template"]
        before = Template.search_count([])
        bad_creates = [
            ({"interval_number": "abc"}, "whole number"),
            ({"interval_number": 10**20}, "Expected a number from"),
            ({"interval_number": 5000}, "between 1 and 999"),
            ({"interval_number": [1]}, "whole number"),
            ({"day_of_month": 99}, "between 1 and 31"),
            ({"days_ahead": 10**9}, "at most 366"),
            ({"end_type": "count", "occurrences": 10**6}, "between 1 and 10000"),
            ({"interval_unit": "fortnight"}, "Expected one of"),
            ({"date_start": "2026-13-45"}, "Expected a date"),
            ({"date_start": "9999-12-31"}, "Expected a year from 1900 to 2999"),
            ({"name": "x" * 200_000}, "At most 256 characters"),
            ({"journal_id": 10**12}, "Expected the id of a record"),
            ({"journal_id": 987654321}, "No such record"),
            ({"journal_id": "1 OR 1=1"}, "Expected the id of a record"),
            ({"line_ids": [[0, 0, {"name": "x", "quantity": "two"}]]}, "Expected a number"),
            ({"line_ids": [[0, 0, {"name": "{period_month:>999999999}"}]]}, "without a format"),
            ({"line_ids": [[0, 0, {"name": "x", "price_unit": 1e300}]]}, "at most 15 digits"),
            ({"partner_ids": [[0, 0, {"partner_id": self.customer.id, "quantity": -1}]]}, None),
            (
                {"partner_ids": [[0, 0, {"partner_id": self.customer.id, "date_start": "2026-02-30"}]]},
                "Expected a date",
            ),
        ]
        for vals, expect in bad_creates:
            with self.subTest(vals=str(vals)[:80]):
                self._refused("crm.recurring.template", "create", [self._template_vals(**vals)], expect=expect)
        self._refused("crm.recurring.template", "create", ["not a dict"])
        self._refused("crm.recurring.template", "write", [[self.template.id], {"days_ahead": -5}])
        self._refused("crm.recurring.template", "write", [[self.template.id], {"interval_number": 2**40}])
        self.assertEqual(Template.search_count([]), before, "nothing half-written")
        self.template.invalidate_recordset()
        self.assertEqual((self.template.days_ahead, self.template.interval_number), (0, 1))

    @mute_logger("odoo.http")
    def test_wizards_bad_values(self):
        self.authenticate("rpc_billing", "rpc_billing")
        for vals, expect in [
            ({"scope": "months", "months": 10**6}, "between 1 and 60"),
            ({"scope": "months", "months": 10**12}, "Expected a number from"),
            ({"scope": "months", "months": "3"}, "whole number"),
            ({"scope": "forever"}, "Expected one of"),
        ]:
            with self.subTest(vals=vals):
                self._refused("crm.recurring.preview", "create", [vals], expect=expect)
        for vals, expect in [
            ({"months": 10**6}, "between 1 and 120"),
            ({"months": 12, "min_months": 0}, "between 1 and 12"),
            ({"min_months": "many"}, "whole number"),
        ]:
            with self.subTest(vals=vals):
                self._refused("crm.recurring.suggest", "create", [vals], expect=expect)

    @mute_logger("odoo.http")
    def test_public_methods_as_billing_user(self):
        self.authenticate("rpc_billing", "rpc_billing")
        model = "crm.recurring.template"
        for method in (
            "action_start",
            "action_close",
            "action_draft",
            "action_generate_now",
            "action_preview",
            "action_view_invoices",
        ):
            with self.subTest(method=method):
                # another company's template, a record that does not exist, a garbage id
                self._refused(model, method, [[self.other_template.id]])
                self._refused(model, method, [[987654321]])
                self._refused(model, method, [["abc"]])
        self.assertEqual(self.other_template.state, "draft")
        # one-record actions on several or no records
        self._refused(model, "action_view_invoices", [[self.template.id, self.template.id + 0, 987654321]])
        self._refused(model, "action_view_invoices", [[]], expect="one")
        # the own template works
        _result, error = self._call(model, "action_start", [[self.template.id]])
        self.assertFalse(error)
        self.assertEqual(self.template.state, "running")
        self._refused("account.move", "action_open_recurring_template", [[987654321]])
        self._refused("account.move", "action_open_recurring_template", [[None]])
        for wizard_model, method in (
            ("crm.recurring.preview", "action_refresh"),
            ("crm.recurring.preview", "action_generate"),
            ("crm.recurring.preview", "action_export_xlsx"),
            ("crm.recurring.suggest", "action_refresh"),
            ("crm.recurring.suggest.line", "action_create_template"),
        ):
            with self.subTest(method=f"{wizard_model}.{method}"):
                self._refused(wizard_model, method, [[987654321]])
                self._refused(wizard_model, method, [["1; DROP TABLE x"]])

    @mute_logger("odoo.http")
    def test_internal_user_without_billing_rights_is_refused(self):
        self.authenticate("rpc_plain", "rpc_plain")
        model = "crm.recurring.template"
        error = self._refused(model, "search_read", [[]], {"fields": ["name"]})
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        for method in ("action_start", "action_generate_now", "action_preview"):
            with self.subTest(method=method):
                error = self._refused(model, method, [[self.template.id]])
                self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self._refused(model, "create", [self._template_vals()])
        self._refused("crm.recurring.preview", "create", [{}])
        self.assertEqual(self.template.state, "draft")
