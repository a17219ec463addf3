import base64
import hashlib
import os
import shutil
import tempfile
from datetime import datetime

from odoo import Command
from odoo.tests import TransactionCase
from odoo.tools import SQL

from odoo.addons.base.tests.common import new_test_user

OLD_DATE = datetime(2023, 1, 10, 9, 0)
NOW = "2026-11-30 10:00:00"


class ArchiveCase(TransactionCase):
    """A local folder storage, an administrator, a salesperson and old mail on partners.

    ``self.admin`` manages the archive (Settings); ``self.user`` is an internal user of the
    main company; ``self.outsider`` an internal user of another company only, who cannot
    read the partners of the main company nor, therefore, their messages.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.base_folder = cls.folder = tempfile.mkdtemp(prefix="crm_mail_archive_")
        cls.addClassCleanup(shutil.rmtree, cls.base_folder, ignore_errors=True)
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Sp. z o.o."})
        cls.admin = new_test_user(cls.env, login="archive_admin", groups="base.group_system,base.group_partner_manager")
        cls.user = new_test_user(cls.env, login="archive_user", groups="base.group_user", password="archive_user")
        cls.outsider = new_test_user(
            cls.env,
            login="archive_outsider",
            groups="base.group_user",
            password="archive_outsider",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.storage = cls.env["crm.mail.archive.storage"].create(
            {"name": "Local archive", "protocol": "file", "root_path": cls.folder}
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "Hurtownia Kowalski", "email": "biuro@kowalski.example", "company_id": cls.company.id}
        )
        cls.other_partner = cls.env["res.partner"].create({"name": "Sklep Nowak", "company_id": cls.company.id})

    @classmethod
    def _post(cls, record, body, attachments=(), date=OLD_DATE, message_type="email", subject="Invoice 1/2023"):
        """A message on ``record`` as the mail gateway leaves it, with its attachments.

        :param attachments: (name, bytes) pairs, attached to the record as the chatter does
        """
        files = cls.env["ir.attachment"].create(
            [{"name": name, "raw": data, "res_model": record._name, "res_id": record.id} for name, data in attachments]
        )
        return cls.env["mail.message"].create(
            {
                "model": record._name,
                "res_id": record.id,
                "body": body,
                "subject": subject,
                "message_type": message_type,
                "subtype_id": cls.env.ref("mail.mt_comment").id,
                "author_id": cls.partner.id,
                "email_from": "biuro@kowalski.example",
                "date": date,
                "attachment_ids": [Command.set(files.ids)],
            }
        )

    def setUp(self):
        super().setUp()
        # a folder of its own for every test: files are not rolled back with the transaction
        self.folder = tempfile.mkdtemp(dir=self.base_folder)
        self.storage.root_path = self.folder

    def _raw_body(self, message):
        """The body column as PostgreSQL holds it (no ORM cache, no sanitizing)."""
        self.env.flush_all()
        return self.env.execute_query(SQL("SELECT body FROM mail_message WHERE id = %s", message.id))[0][0]

    def _stored(self, stub, storage=None):
        path = os.path.join((storage or stub.storage_id).root_path, stub.key)
        with open(path, "rb") as handle:
            return handle.read()

    def _rule(self, **values):
        return self.env["crm.mail.archive.rule"].create(
            {"name": "Old mail", "storage_id": self.storage.id, "older_than_days": 365, **values}
        )

    @staticmethod
    def sha(data):
        return hashlib.sha256(data).hexdigest()

    @staticmethod
    def b64(data):
        return base64.b64encode(data)
