"""Shared set-up of the dunning tests: a company with a chart, a billing user (who runs
dunning), a Dunning manager (who defines schemes), customers, a scheme and invoice makers."""

import importlib.util
from datetime import date

from odoo import Command
from odoo.tests import new_test_user
from odoo.tools.misc import file_path

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class DunningCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.company.partner_id.tz = "Europe/Warsaw"
        cls.company.email = "biuro@firma.example.com"
        cls.company_2 = cls.setup_other_company(name="Firma B")["company"]
        common = {
            "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
        }
        cls.billing = new_test_user(
            cls.env,
            login="dunning_billing",
            groups="account.group_account_invoice,base.group_partner_manager",
            email="billing@example.com",
            **common,
        )
        cls.manager = new_test_user(
            cls.env,
            login="dunning_manager",
            groups="crm_dunning.group_dunning_manager",
            email="dm@example.com",
            **common,
        )
        cls.salesperson = new_test_user(
            cls.env, login="dunning_sales", groups="sales_team.group_sale_salesman", email="sp@example.com", **common
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Kowalski sp. z o.o.",
                "email": "biuro@kowalski.pl",
                "mobile": "+48 600 100 200",
                "user_id": cls.salesperson.id,
            }
        )
        cls.customer_2 = Partner.create(
            {
                "name": "Nowak S.A.",
                "email": "faktury@nowak.pl",
                "mobile": "+48 600 300 400",
                "user_id": cls.salesperson.id,
            }
        )
        cls.mail_template = cls.env.ref("crm_dunning.mail_template_overdue")
        cls.sms_template = cls.env.ref("crm_dunning.sms_template_overdue")
        cls.Scheme = cls.env["crm.dunning.scheme"].with_user(cls.manager)

    @classmethod
    def scheme_values(cls, code="STD", company=None, **vals):
        """A scheme of three levels: a friendly e-mail 5 days before the due date, an SMS 10 days
        after it, an e-mail and a task 30 days after it."""
        values = {
            "code": code,
            "name": f"Scheme {code}",
            "company_id": (company or cls.company).id,
            "level_ids": [
                Command.create(
                    {
                        "sequence": 1,
                        "name": "Friendly reminder",
                        "day_offset": -5,
                        "action_ids": [Command.create({"kind": "email", "mail_template_id": cls.mail_template.id})],
                    }
                ),
                Command.create(
                    {
                        "sequence": 2,
                        "name": "SMS",
                        "day_offset": 10,
                        "action_ids": [Command.create({"kind": "sms", "sms_template_id": cls.sms_template.id})],
                    }
                ),
                Command.create(
                    {
                        "sequence": 3,
                        "name": "Final notice",
                        "day_offset": 30,
                        "action_ids": [
                            Command.create({"kind": "email", "mail_template_id": cls.mail_template.id}),
                            Command.create({"kind": "task", "task_user": "salesperson", "task_deadline_days": 2}),
                        ],
                    }
                ),
            ],
        }
        values.update(vals)
        return values

    @classmethod
    def setup_polish_company(cls, billing_login):
        """A PLN company in Poland (the generic chart: l10n_pl is not a dependency) with EUR
        active, and its billing user: ``cls.pln``, ``cls.eur``, ``cls.company_pl``,
        ``cls.billing_pl``."""
        cls.pln = cls.env.ref("base.PLN")
        cls.eur = cls.env.ref("base.EUR")
        (cls.pln | cls.eur).active = True
        cls.company_pl = cls.setup_other_company(name="Firma PL", currency_id=cls.pln.id)["company"]
        cls.company_pl.country_id = cls.env.ref("base.pl")
        cls.billing_pl = new_test_user(
            cls.env,
            login=billing_login,
            groups="account.group_account_invoice",
            company_id=cls.company_pl.id,
            company_ids=[Command.set(cls.company_pl.ids)],
        )

    def run_migration(self, version, from_version):
        """Run the addon's ``post-migrate.py`` of ``version`` as an upgrade from ``from_version``
        would, on the test's cursor."""
        path = file_path(f"crm_dunning/migrations/{version}/post-migrate.py")
        spec = importlib.util.spec_from_file_location(f"crm_dunning_post_migrate_{version}", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, from_version)

    @classmethod
    def make_scheme(cls, code="STD", company=None, **vals):
        return cls.Scheme.create(cls.scheme_values(code=code, company=company, **vals))

    @classmethod
    def make_two_installment_term(cls, first_days, second_days):
        """A payment term of two halves, due ``first_days`` and ``second_days`` after the invoice."""
        return cls.env["account.payment.term"].create(
            {
                "name": f"Half in {first_days} days, half in {second_days}",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 50, "nb_days": first_days}),
                    Command.create({"value": "percent", "value_amount": 50, "nb_days": second_days}),
                ],
            }
        )

    @classmethod
    def make_invoice(cls, partner, amount=1000.0, due=date(2026, 3, 1), company=None, post=True, **vals):
        """A posted customer invoice of ``amount`` (no tax) dated and due on ``due``."""
        company = company or cls.company
        values = {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "company_id": company.id,
            "invoice_date": due,
            "invoice_date_due": due,
            "invoice_line_ids": [Command.create({"name": "Services", "price_unit": amount, "tax_ids": []})],
        }
        values.update(vals)
        move = cls.env["account.move"].with_company(company).create(values)
        if post:
            move.action_post()
        return move
