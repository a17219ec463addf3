"""Issue 14, the customer's reply to a balance confirmation over HTTP, as the anonymous visitor
of the link in the e-mail: agree or disagree with a comment, logged in the chatter, only once,
and refused with a wrong token."""

import re
from datetime import date

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestDocumentPortal(DunningCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_invoice(cls.customer, 1000, due=date(2026, 2, 1))
        cls.document = (
            cls.env["crm.dunning.document"]
            .with_user(cls.billing)
            ._dunning_create("balance_confirmation", cls.customer, cls.company, date(2026, 3, 31))
        )

    def open_page(self, url=None):
        response = self.url_open(url or self.document.get_portal_url())
        self.assertEqual(response.status_code, 200)
        return response

    def customer_messages(self):
        return self.document.message_ids.filtered(lambda m: m.author_id == self.customer)

    def reply(self, answer, comment="", token=None):
        page = self.open_page()
        csrf = re.search(r'csrf_token: "([^"]+)"', page.text)
        data = {
            "csrf_token": csrf.group(1),
            "access_token": token or self.document.access_token,
            "answer": answer,
            "comment": comment,
        }
        return self.url_open(f"/my/dunning/{self.document.id}/reply", data=data)

    def test_page_shows_the_document_and_the_form(self):
        page = self.open_page().text
        self.assertIn(self.document.name, page)
        self.assertIn(self.document.line_ids.move_id.name, page)
        self.assertIn('id="dunning_reply_form"', page)

    def test_disagree_with_comment_once(self):
        response = self.reply("disagree", "Invoice INV/2026/00001 was paid on 2026-03-28.")
        self.assertEqual(response.status_code, 200)
        self.assertIn("your reply has been recorded", response.text)
        self.assertEqual(self.document.reply, "disagree")
        self.assertEqual(self.document.reply_comment, "Invoice INV/2026/00001 was paid on 2026-03-28.")
        message = self.customer_messages()
        self.assertEqual(len(message), 1, "the reply is in the chatter, by the customer")
        self.assertIn("does not confirm the balance", message.body)
        self.assertIn("was paid on 2026-03-28", message.body)
        self.assertNotIn('id="dunning_reply_form"', response.text, "the form is gone once answered")
        # a second answer (e.g. the form posted again from an old tab) is refused
        second = self.reply("agree")
        self.assertIn("already been answered", second.text)
        self.assertEqual(self.document.reply, "disagree")
        self.assertEqual(len(self.customer_messages()), 1)

    def test_agree(self):
        self.reply("agree")
        self.assertEqual(self.document.reply, "agree")
        self.assertIn("confirms the balance", self.customer_messages().body)

    def test_disagree_without_comment_is_refused(self):
        response = self.reply("disagree", "  ")
        self.assertIn("Tell us what you disagree with.", response.text)
        self.assertFalse(self.document.reply)

    @mute_logger("odoo.http")
    def test_wrong_token_refused(self):
        response = self.reply("agree", token="wrong-token")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.document.reply)
        page = self.url_open(f"/my/dunning/{self.document.id}?access_token=wrong-token")
        self.assertIn("/web/login", page.url, "the document is not shown")
        self.assertNotIn(self.document.name, page.text)
