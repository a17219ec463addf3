"""Issue 14, runs: the scheduled action's hour is a setting; saving it moves the next call to
that time of day in the company's time zone (daylight saving included); a wrong hour is
refused and changes nothing."""

from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import BaseCase, new_test_user, tagged

from ..models.run_hour import next_run_at
from .common import DunningCommon


class TestNextRunAt(BaseCase):
    def test_later_today_or_tomorrow(self):
        now = datetime(2026, 3, 20, 10, 0)  # 11:00 in Warsaw (CET, UTC+1)
        self.assertEqual(next_run_at(now, 20, "Europe/Warsaw"), datetime(2026, 3, 20, 19, 0))
        self.assertEqual(next_run_at(now, 6.5, "Europe/Warsaw"), datetime(2026, 3, 21, 5, 30))
        self.assertEqual(next_run_at(now, 11, "Europe/Warsaw"), datetime(2026, 3, 21, 10, 0), "not now: after")
        self.assertEqual(next_run_at(now, 6, ""), datetime(2026, 3, 21, 6, 0), "no time zone: UTC")

    def test_daylight_saving(self):
        # clocks go forward in Warsaw on 2026-03-29 at 02:00 (CET to CEST, UTC+2)
        self.assertEqual(next_run_at(datetime(2026, 3, 28, 10, 0), 6, "Europe/Warsaw"), datetime(2026, 3, 29, 4, 0))
        self.assertEqual(
            next_run_at(datetime(2026, 3, 28, 10, 0), 2.5, "Europe/Warsaw"),
            datetime(2026, 3, 29, 1, 30),
            "02:30 does not exist that day: 03:30 CEST",
        )
        # and back on 2026-10-25 at 03:00 (CEST to CET)
        self.assertEqual(next_run_at(datetime(2026, 10, 24, 10, 0), 6, "Europe/Warsaw"), datetime(2026, 10, 25, 5, 0))


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20 10:00:00")
class TestRunHourSetting(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env, login="dunning_settings_admin", groups="base.group_system,account.group_account_manager"
        )
        cls.cron = cls.env.ref("crm_dunning.ir_cron_dunning")

    def save_settings(self, **values):
        settings = self.env["res.config.settings"].with_user(self.admin).with_company(self.company)
        settings.create(values).execute()

    def test_hour_moves_the_next_call(self):
        self.save_settings(dunning_run_hour=6.5)
        self.assertEqual(self.cron.nextcall, datetime(2026, 3, 21, 5, 30), "06:30 in Warsaw, tomorrow")
        self.assertEqual(self.env["ir.config_parameter"].get_param("crm_dunning.run_hour"), "6.5")
        self.assertEqual(self.env["res.config.settings"].with_user(self.admin).create({}).dunning_run_hour, 6.5)
        self.save_settings(dunning_run_hour=21.0)
        self.assertEqual(self.cron.nextcall, datetime(2026, 3, 20, 20, 0), "21:00 in Warsaw, today")

    def test_unchanged_hour_leaves_the_cron_alone(self):
        self.save_settings(dunning_run_hour=6.5)
        self.cron.nextcall = datetime(2026, 3, 20, 12, 0)  # moved by hand in Scheduled Actions
        self.save_settings(dunning_run_hour=6.5)
        self.assertEqual(self.cron.nextcall, datetime(2026, 3, 20, 12, 0))

    def test_wrong_hour_refused(self):
        before = self.cron.nextcall
        # Odoo's assertRaises rolls back to a savepoint, as a request would
        with self.assertRaises(ValidationError) as caught:
            self.save_settings(dunning_run_hour=24.5)
        self.assertIn("between 00:00 and 23:59", str(caught.exception))
        self.assertEqual(self.cron.nextcall, before)
        self.assertFalse(self.env["ir.config_parameter"].get_param("crm_dunning.run_hour"))
