"""Issue 11, scale-out: the "Parallel workers" setting keeps N copies of the generation
scheduled action, each takes its own share, together they do everything exactly once."""

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import RecurringCommon


@tagged("post_install", "-at_install")
class TestParallelWorkers(RecurringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main = cls.env.ref("crm_recurring_invoice.ir_cron_generate")

    def _set_workers(self, count):
        self.env["res.config.settings"].create({"crm_cron_workers": count}).execute()

    def _group(self):
        return (self.main | self.main.with_context(active_test=False).crm_worker_ids).sorted("crm_worker_index")

    def test_setting_keeps_worker_actions(self):
        self.assertTrue(self.main.crm_parallel)
        self._set_workers(3)
        group = self._group()
        self.assertEqual(group.mapped("crm_worker_index"), [0, 1, 2])
        self.assertEqual(group[1:].crm_main_cron_id, self.main)
        self.assertEqual(set(group.mapped("code")), {self.main.code})
        self.assertEqual(set(group.mapped("interval_type")), {"hours"})
        self.assertIn("(worker 3)", group[2].name)
        # the main action's schedule and switch follow to the workers
        self.main.write({"interval_number": 2, "active": False})
        self.assertEqual(set(group.mapped("interval_number")), {2})
        self.assertFalse(any(group.mapped("active")))
        self.main.active = True
        # fewer workers: the extra actions and their server actions go
        actions = group[2].ir_actions_server_id
        self._set_workers(2)
        self.assertEqual(self._group().mapped("crm_worker_index"), [0, 1])
        self.assertFalse(actions.exists())
        self._set_workers(1)
        self.assertEqual(self._group(), self.main)
        for wrong in (0, -1, 33):
            with self.assertRaises(ValidationError):
                self._set_workers(wrong)
        self.assertEqual(self._group(), self.main)

    def test_each_worker_its_share_and_together_everything_once(self):
        self._set_workers(3)
        main, worker_2, worker_3 = self._group()
        Cron = self.env["ir.cron"]
        self.assertEqual(Cron._crm_worker_slot(), (0, 1), "outside a scheduled job: the whole work")
        self.assertEqual(Cron.with_context(cron_id=main.id)._crm_worker_slot(), (0, 3))
        self.assertEqual(Cron.with_context(cron_id=worker_3.id)._crm_worker_slot(), (2, 3))
        with freeze_time("2026-02-10"):
            templates = self.Template.browse(
                [self.make_template(partners=self.customer_en, name=f"T{i}").id for i in range(7)]
            )
            Template = self.env["crm.recurring.template"]
            Template.with_context(cron_id=worker_2.id)._cron_generate()
            self.assertEqual(templates.period_ids.template_id, templates.filtered(lambda t: t.id % 3 == 1))
            Template.with_context(cron_id=main.id)._cron_generate()
            Template.with_context(cron_id=worker_3.id)._cron_generate()
            Template.with_context(cron_id=worker_2.id)._cron_generate()
        self.assertEqual(len(templates.period_ids), 14)
        self.assertEqual(self.env["account.move"].search_count([("recurring_template_id", "in", templates.ids)]), 14)
        # a worker switched off leaves no share undone: the others split in two
        worker_3.active = False
        self.assertEqual(Cron.with_context(cron_id=worker_2.id)._crm_worker_slot(), (1, 2))
