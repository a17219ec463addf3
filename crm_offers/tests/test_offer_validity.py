"""Issue 9, cases 6-9: one validity rule and one set of state-change rules for every way an
offer comes to exist or changes state (form, template, revision, duplicate, RPC)."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import OfferCase, OfferRpcCase


@tagged("post_install", "-at_install")
class TestOfferValidity(OfferCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quotation_template = cls.env["sale.order.template"].create({"name": "Two weeks", "number_of_days": 15})
        cls.template_no_days = cls.env["sale.order.template"].create({"name": "No validity", "number_of_days": 0})

    @freeze_time("2026-11-30 10:00:00")
    def test_counted_from_offer_date(self):
        """Case 6: entered on 30 Nov with offer date 2 Nov, 30 days => 2 Dec, not 30 Dec."""
        offer = self._create_offer(date_order=datetime(2026, 11, 2, 9, 0))
        self.assertEqual(offer.validity_date, date(2026, 12, 2))
        self.assertEqual(self._create_offer().validity_date, date(2026, 12, 30))

    @freeze_time("2026-11-30 10:00:00")
    def test_offer_date_changed_in_form_moves_validity(self):
        form = Form(self.Offer, view="crm_offers.view_offer_form")
        form.partner_id = self.partner
        self.assertEqual(form.validity_date, date(2026, 12, 30))
        form.date_order = datetime(2026, 11, 2, 9, 0)
        self.assertEqual(form.validity_date, date(2026, 12, 2))
        offer = form.save()
        self.assertEqual(offer.validity_date, date(2026, 12, 2))
        with Form(offer, view="crm_offers.view_offer_form") as edit:
            edit.date_order = datetime(2026, 11, 20, 9, 0)
        self.assertEqual(offer.validity_date, date(2026, 12, 20))

    @freeze_time("2026-11-30 23:30:00")
    def test_offer_date_in_user_time_zone(self):
        """At 23:30 UTC it is already 1 Dec in Warsaw: the offer date is the salesman's."""
        self.salesman.tz = "Europe/Warsaw"
        self.assertEqual(self._create_offer().validity_date, date(2026, 12, 31))

    @freeze_time("2026-03-02 10:00:00")
    def test_quotation_template_validity_wins(self):
        """Case 7: template with 15 days on 2 Mar => 17 Mar; a template without days keeps the
        company's 30 days."""
        offer = self._create_offer(sale_order_template_id=self.quotation_template.id)
        self.assertEqual(offer.validity_date, date(2026, 3, 17))
        offer = self._create_offer(sale_order_template_id=self.template_no_days.id)
        self.assertEqual(offer.validity_date, date(2026, 4, 1))
        self.company.offer_validity_days = 0
        self.assertFalse(self._create_offer().validity_date)
        self.assertEqual(
            self._create_offer(sale_order_template_id=self.quotation_template.id).validity_date, date(2026, 3, 17)
        )

    @freeze_time("2026-03-02 10:00:00")
    def test_quotation_template_picked_in_form(self):
        self.salesman.groups_id += self.env.ref("sale_management.group_sale_order_template")
        form = Form(self.Offer, view="crm_offers.view_offer_form")
        form.partner_id = self.partner
        self.assertEqual(form.validity_date, date(2026, 4, 1))
        form.sale_order_template_id = self.quotation_template
        self.assertEqual(form.validity_date, date(2026, 3, 17))
        self.assertEqual(form.save().validity_date, date(2026, 3, 17))

    def test_company_days_for_plain_quotations_untouched(self):
        self.company.quotation_validity_days = 7
        with freeze_time("2026-03-02 10:00:00"):
            quotation = self.env["sale.order"].with_user(self.salesman).create({"partner_id": self.partner.id})
        self.assertEqual(quotation.validity_date, date(2026, 3, 9))

    def test_revision_of_expired_offer_gets_fresh_validity(self):
        """Case 8: valid until 1 Apr, expired overnight; New Revision on 5 Apr => 5 May, a draft
        that the next nightly run leaves alone."""
        with freeze_time("2026-03-02 10:00:00"):
            offer = self._create_offer()
        self.assertEqual(offer.validity_date, date(2026, 4, 1))
        with freeze_time("2026-04-02 01:00:00"):
            self.env["sale.order"]._cron_expire_offers()
        self.assertEqual(offer.offer_state, "expired")
        with freeze_time("2026-04-05 10:00:00"):
            revision = offer.with_user(self.salesman)._create_offer_revision()
        self.assertEqual(revision.validity_date, date(2026, 5, 5))
        self.assertEqual(revision.offer_state, "draft")
        with freeze_time("2026-04-06 01:00:00"):
            self.env["sale.order"]._cron_expire_offers()
        self.assertEqual(revision.offer_state, "draft")
        self.assertEqual(offer.validity_date, date(2026, 4, 1))

    def test_reset_of_expired_offer_gets_fresh_validity(self):
        with freeze_time("2026-03-02 10:00:00"):
            offer = self._create_offer()
        with freeze_time("2026-04-02 01:00:00"):
            self.env["sale.order"]._cron_expire_offers()
        with freeze_time("2026-04-05 10:00:00"):
            offer.with_user(self.salesman).action_offer_reset_draft()
        self.assertEqual((offer.offer_state, offer.validity_date), ("draft", date(2026, 5, 5)))
        with freeze_time("2026-04-06 01:00:00"):
            self.env["sale.order"]._cron_expire_offers()
        self.assertEqual(offer.offer_state, "draft")

    def test_duplicate_counts_from_its_own_date(self):
        with freeze_time("2026-03-02 10:00:00"):
            offer = self._create_offer(sale_order_template_id=self.quotation_template.id)
        with freeze_time("2026-03-10 10:00:00"):
            duplicate = offer.copy()
            plain_duplicate = self._create_offer().copy()
        self.assertEqual(duplicate.validity_date, date(2026, 3, 25))
        self.assertEqual(plain_duplicate.validity_date, date(2026, 4, 9))
        self.assertNotEqual(duplicate.offer_number, offer.offer_number)

    def test_confirmed_offer_keeps_its_validity(self):
        with freeze_time("2026-03-02 10:00:00"):
            offer = self._create_offer()
        with freeze_time("2026-03-20 10:00:00"):
            offer.action_offer_accept()
            offer.action_confirm()
        self.assertEqual(offer.validity_date, date(2026, 4, 1))


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 10:00:00")
class TestOfferStateRules(OfferCase):
    """Case 9: every state change checks the same preconditions, whoever asks."""

    def test_empty_offer_cannot_be_accepted_sent_or_converted(self):
        offer = self._create_offer(lines=())
        with self.assertRefused(UserError, "has no lines and cannot be accepted"):
            offer.action_offer_accept()
        with self.assertRefused(UserError, "has no lines and cannot be accepted"):
            offer.write({"offer_state": "accepted"})
        with self.assertRefused(UserError, "has no lines and cannot be sent"):
            offer.action_offer_send()
        with self.assertRefused(UserError, "has no lines and cannot be sent"):
            offer._offer_mark_sent()
        self.assertEqual(offer.offer_state, "draft")
        self.assertFalse(offer.offer_was_sent)

    def test_states_reached_only_through_their_action(self):
        offer = self._create_offer()
        for state, regex in (
            ("converted", "is draft and cannot be converted"),
            ("revised", "becomes revised when its new revision is made"),
            ("expired", "valid until .* cannot be expired before"),
            ("rejected", "reason"),
            ("nonsense", "not a state of an offer"),
        ):
            with self.subTest(state=state), self.assertRefused(UserError, regex):
                offer.write({"offer_state": state})
        offer.action_offer_accept()
        with self.assertRefused(UserError, "becomes converted when its pro forma or invoice is made"):
            offer.write({"offer_state": "converted"})
        with self.assertRefused(UserError, "is accepted and cannot be accepted"):
            offer.action_offer_accept()
        with self.assertRefused(UserError, "is accepted and cannot be reset to draft"):
            offer.action_offer_reset_draft()
        self.assertEqual(offer.offer_state, "accepted")

    def test_send_again_only_after_sending(self):
        """An offer accepted without being sent is not "sent again"."""
        offer = self._create_offer()
        offer.action_offer_accept()
        self.assertFalse(offer.offer_was_sent)
        self._send(offer)
        self.assertEqual(offer.offer_state, "accepted")
        self.assertTrue(offer.offer_was_sent)

    def test_offer_fields_set_by_the_offer(self):
        offer = self._create_offer()
        other = self._create_offer()
        for vals in ({"offer_number": "OF/1999/0001"}, {"revision_parent_id": other.id}, {"is_offer": False}):
            with self.subTest(vals=vals), self.assertRefused(UserError, "set by the offer itself"):
                offer.write(vals)
        self.assertEqual(offer.offer_number, "OF/2026/0001")
        quotation = self.env["sale.order"].with_user(self.salesman).create({"partner_id": self.partner.id})
        with self.assertRefused(UserError, "set by the offer itself"):
            quotation.write({"is_offer": True})
        self.assertFalse(quotation.is_offer)


@tagged("post_install", "-at_install")
class TestOfferRulesOverRpc(OfferRpcCase):
    """The same rules for a client calling ``execute_kw`` as the salesman."""

    def test_validity_of_offer_created_over_rpc(self):
        template = self.env["sale.order.template"].create({"name": "Two weeks", "number_of_days": 15})
        vals = {"partner_id": self.partner.id, "is_offer": True, "date_order": "2026-11-02 09:00:00"}
        offer_id, error = self.rpc(self.salesman, "sale.order", "create", vals)
        self.assertIsNone(error)
        offer = self.env["sale.order"].browse(offer_id)
        self.assertEqual(offer.validity_date, date(2026, 12, 2))
        self.assertTrue(offer.offer_number)
        vals.update(date_order="2026-03-02 09:00:00", sale_order_template_id=template.id)
        offer_id, error = self.rpc(self.salesman, "sale.order", "create", vals)
        self.assertEqual(self.env["sale.order"].browse(offer_id).validity_date, date(2026, 3, 17))

    def test_empty_offer_refused_over_rpc(self):
        offer = self._create_offer(lines=())
        self.assertRpcRefused(
            self.salesman, "no lines and cannot be accepted", "sale.order", "action_offer_accept", offer.ids
        )
        self.assertRpcRefused(
            self.salesman,
            "no lines and cannot be accepted",
            "sale.order",
            "write",
            offer.ids,
            {"offer_state": "accepted"},
        )
        self.assertRpcRefused(
            self.salesman, "no lines and cannot be sent", "sale.order", "action_offer_send", offer.ids
        )
        self.assertRpcRefused(
            self.salesman, "is draft and cannot be converted", "sale.order", "action_offer_create_invoice", offer.ids
        )
        self.assertRpcRefused(
            self.salesman, "not a state of an offer", "sale.order", "write", offer.ids, {"offer_state": ["accepted"]}
        )
        offer.invalidate_recordset()
        self.assertEqual(offer.offer_state, "draft")
