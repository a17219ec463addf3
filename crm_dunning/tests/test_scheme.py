"""Issue 14, schemes and levels: what a Dunning manager defines, what is refused on save (with
nothing half-written), who may do what, and the companies kept apart."""

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestScheme(DunningCommon):
    def assert_refused(self, values, message):
        # Odoo's assertRaises (not assertRaisesRegex) rolls back to a savepoint, as a request would
        with self.assertRaises(ValidationError) as caught:
            self.Scheme.create(values)
        self.assertIn(message, str(caught.exception))
        self.assertFalse(self.env["crm.dunning.scheme"].search([("code", "=", values["code"])]))
        self.assertFalse(self.env["crm.dunning.level"].search([("scheme_id.code", "=", values["code"])]))

    def test_manager_defines_a_scheme(self):
        scheme = self.make_scheme(is_default=True, threshold=50)
        self.assertEqual(scheme.level_ids.mapped("day_offset"), [-5, 10, 30])
        self.assertEqual(len(scheme.level_ids.action_ids), 4)
        self.assertEqual(scheme.display_name, "[STD] Scheme STD")
        self.assertEqual(self.env["crm.dunning.scheme"]._company_default(self.company), scheme)

    def test_levels_out_of_order_refused(self):
        values = self.scheme_values(code="BAD1")
        values["level_ids"][2][2]["sequence"] = 0  # the 30-day level first
        self.assert_refused(values, "fires before level")

    def test_duplicated_day_offsets_refused(self):
        values = self.scheme_values(code="BAD2")
        values["level_ids"][2][2]["day_offset"] = 10
        self.assert_refused(values, "fire on the same day")

    def test_level_without_action_refused(self):
        values = self.scheme_values(code="BAD3")
        values["level_ids"][1][2]["action_ids"] = []
        self.assert_refused(values, "has no action")

    def test_removing_last_action_refused(self):
        scheme = self.make_scheme()
        level = scheme.level_ids[1]
        with self.assertRaises(ValidationError) as caught:
            level.action_ids.unlink()
        self.assertIn("has no action", str(caught.exception))
        self.assertTrue(level.action_ids.exists())

    def test_email_without_template_refused(self):
        values = self.scheme_values(code="BAD4")
        values["level_ids"][0][2]["action_ids"] = [Command.create({"kind": "email"})]
        self.assert_refused(values, "needs an e-mail template")

    def test_sms_without_template_refused(self):
        values = self.scheme_values(code="BAD5")
        values["level_ids"][1][2]["action_ids"] = [Command.create({"kind": "sms"})]
        self.assert_refused(values, "needs an SMS template")

    def test_task_for_named_user_needs_the_user(self):
        values = self.scheme_values(code="BAD6")
        values["level_ids"][1][2]["action_ids"] = [Command.create({"kind": "task", "task_user": "user"})]
        self.assert_refused(values, "needs the user")

    def test_threshold_below_zero_refused(self):
        self.assert_refused(self.scheme_values(code="BAD7", threshold=-0.01), "cannot be below zero")

    def test_one_default_per_company(self):
        self.make_scheme(code="A", is_default=True)
        self.assert_refused(self.scheme_values(code="B", is_default=True), "already has a default")
        # another company has its own default
        other = self.company_2
        self.manager.company_ids |= other
        scheme = self.Scheme.with_company(other).create(self.scheme_values(code="B", company=other, is_default=True))
        self.assertTrue(scheme.is_default)

    def test_billing_user_reads_but_cannot_define(self):
        scheme = self.make_scheme()
        Scheme = self.env["crm.dunning.scheme"].with_user(self.billing)
        self.assertEqual(Scheme.search([]), scheme)
        with self.assertRaises(AccessError):
            Scheme.create({"code": "X", "name": "X"})
        with self.assertRaises(AccessError):
            scheme.with_user(self.billing).write({"threshold": 10})

    def test_companies_kept_apart(self):
        scheme = self.make_scheme()
        other = self.company_2
        stranger = new_test_user(
            self.env,
            login="dunning_other",
            groups="crm_dunning.group_dunning_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        Scheme = self.env["crm.dunning.scheme"].with_user(stranger)
        self.assertFalse(Scheme.search([]))
        self.assertFalse(self.env["crm.dunning.level"].with_user(stranger).search([]))
        with self.assertRaises(AccessError):
            scheme.with_user(stranger).read(["name"])
