"""Data shared by the crm_offers tests: a salesman, a customer, two products."""

from contextlib import contextmanager

from odoo import Command
from odoo.tests import HttpCase, TransactionCase
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import new_test_user
from odoo.addons.crm_reminders.tests.jsonrpc import execute_kw


class OfferCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write({"offer_validity_days": 30, "offer_reminder_days": 3, "offer_post_invoice": False})
        cls.salesman = new_test_user(
            cls.env,
            login="offer_salesman",
            name="Sam Salesman",
            email="sam@example.com",
            groups="sales_team.group_sale_salesman",
        )
        cls.accountant = new_test_user(
            cls.env, login="offer_accountant", name="Ann Accountant", groups="account.group_account_invoice"
        )
        cls.partner = cls.env["res.partner"].create({"name": "Kowalski Sp. z o.o.", "email": "biuro@kowalski.pl"})
        cls.product_desk = cls.env["product.product"].create(
            {"name": "Oak Desk", "list_price": 1000.0, "type": "consu", "description_sale": "Solid oak desk 160 cm"}
        )
        cls.product_chair = cls.env["product.product"].create(
            {"name": "Office Chair", "list_price": 250.0, "type": "consu"}
        )
        cls.Offer = cls.env["sale.order"].with_user(cls.salesman).with_context(default_is_offer=True)

    @classmethod
    def _create_offer(cls, lines=((None, 2, 1000.0),), user=None, **vals):
        """Offer as the salesman; ``lines`` are (product or None for the desk, qty, price)."""
        offer_model = cls.Offer.with_user(user) if user else cls.Offer
        return offer_model.create(
            {
                "partner_id": cls.partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": (product or cls.product_desk).id, "product_uom_qty": qty, "price_unit": price}
                    )
                    for product, qty, price in lines
                ],
                **vals,
            }
        )

    def _send(self, offer):
        """Send the offer as its salesman the way the web client does: wizard, then composer."""
        wizard_action = offer.action_offer_send()
        wizard = (
            self.env[wizard_action["res_model"]].with_user(offer.env.user).with_context(**wizard_action["context"])
        ).create({})
        composer_action = wizard.action_send()
        composer = (
            self.env["mail.compose.message"].with_user(offer.env.user).with_context(**composer_action["context"])
        ).create({})
        composer.action_send_mail()
        return composer

    @contextmanager
    def assertRefused(self, exception, regex):
        """``assertRaisesRegex`` inside a savepoint, like Odoo's ``assertRaises``, so the
        test sees what a real request would leave behind after the error."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)


class OfferRpcCase(HttpCase, OfferCase):
    """The offer data, reached over JSON-RPC (``/jsonrpc`` ``execute_kw``) as a real client
    would: the server's own access checks, argument parsing and error answers."""

    def rpc(self, user, model, method, *args, **kwargs):
        """Call ``model.method(*args, **kwargs)`` as ``user`` (password = login, as
        ``new_test_user`` sets it).

        :return: ``(result, None)`` or ``(None, error)`` where error is the JSON-RPC error's
            ``data`` dict (``name`` is the exception class, ``message`` its text).
        """
        body = execute_kw(self, user, user.login, model, method, args, kwargs)
        if "error" in body:
            return None, body["error"]["data"]
        return body["result"], None

    def assertRpcRefused(self, user, regex, model, method, *args, exception="odoo.exceptions.UserError", **kwargs):
        """The call is refused with ``exception`` (a user-facing error, not a traceback of a
        TypeError or a database error) whose message matches ``regex``."""
        # the server logs a refused call as a warning, as it should; the test checks the answer
        with mute_logger("odoo.http"):
            result, error = self.rpc(user, model, method, *args, **kwargs)
        self.assertIsNone(result, f"{method} should have been refused")
        self.assertEqual(error["name"], exception, error.get("debug"))
        self.assertRegex(error["message"], regex)
        return error
