import os

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError

from odoo.addons.crm_mail_archive.models.crm_mail_archive_storage import ArchiveStorageError

from .common import NOW, ArchiveCase

BODY = "<p>Dzień dobry, w załączeniu faktura 1/2023. Pozdrawiam, Jan Kowalski</p>" * 20
PDF = b"%PDF-1.4 invoice 1/2023 " + bytes(range(256)) * 40


@freeze_time(NOW)
class TestArchive(ArchiveCase):
    """Issue 15, rules and runs, nothing lost: what leaves, what stays, byte for byte back."""

    def test_archive_moves_body_and_files_and_keeps_the_header(self):
        message = self._post(self.partner, BODY, [("faktura.pdf", PDF)])
        tracking = self.env["mail.tracking.value"].create(
            {
                "mail_message_id": message.id,
                "field_id": self.env.ref("base.field_res_partner__email").id,
                "old_value_char": "old@kowalski.example",
                "new_value_char": "biuro@kowalski.example",
            }
        )
        attachment = message.attachment_ids
        raw_body = self._raw_body(message)
        rule = self._rule()

        count, size = rule._run()

        self.assertEqual(count, 1)
        self.assertEqual(size, len(raw_body.encode()) + len(PDF))
        self.assertTrue(message.crm_archived)
        self.assertEqual(self._raw_body(message), "")
        # the content left the database (reading it loads it back from the storage)
        self.assertEqual((attachment.file_size, attachment.store_fname, attachment.db_datas), (0, False, False))
        self.assertEqual(attachment.raw, PDF)
        # the header, the tracking and the links stay
        self.assertEqual(message.subject, "Invoice 1/2023")
        self.assertEqual(message.author_id, self.partner)
        self.assertEqual((message.model, message.res_id), ("res.partner", self.partner.id))
        self.assertEqual(message.tracking_value_ids, tracking)
        self.assertEqual(message.attachment_ids, attachment)
        self.assertEqual(attachment.name, "faktura.pdf")
        # one stub per object, its hash that of the bytes in the folder
        stubs = message.crm_archive_stub_ids
        self.assertEqual(sorted(stubs.mapped("kind")), ["attachment", "body"])
        for stub in stubs:
            self.assertEqual(stub.sha256, self.sha(self._stored(stub)))
            self.assertEqual(stub.rule_id, rule)
            self.assertEqual(stub.storage_id, self.storage)
        body_stub = stubs.filtered(lambda s: s.kind == "body")
        self.assertEqual(self._stored(body_stub), raw_body.encode())
        self.assertEqual(self._stored(stubs - body_stub), PDF)
        self.assertEqual((rule.message_count, rule.archived_bytes), (1, size))
        self.assertEqual((self.storage.message_count, self.storage.archived_bytes), (1, size))
        # search on subject and author still works
        found = self.env["mail.message"].search([("subject", "ilike", "1/2023"), ("author_id", "=", self.partner.id)])
        self.assertIn(message, found)

    def test_restore_gives_back_identical_bytes(self):
        message = self._post(self.partner, BODY, [("faktura.pdf", PDF), ("notatka.txt", "zażółć\n".encode())])
        raw_body = self._raw_body(message)
        before = {att.id: att.raw for att in message.attachment_ids}
        checksums = {att.id: att.checksum for att in message.attachment_ids}
        self._rule()._run()
        self.assertEqual(self._raw_body(message), "")
        keys = message.crm_archive_stub_ids.mapped("key")

        self.assertEqual(message._crm_archive_restore(), 1)

        self.assertFalse(message.crm_archived)
        self.assertFalse(message.crm_archive_stub_ids)
        self.assertEqual(self._raw_body(message), raw_body)
        self.assertEqual({att.id: att.raw for att in message.attachment_ids}, before)
        self.assertEqual({att.id: att.checksum for att in message.attachment_ids}, checksums)
        # the stored objects are removed only once the restore is committed
        self.assertTrue(all(os.path.exists(os.path.join(self.folder, key)) for key in keys))
        self.env.cr.postcommit.run()  # what the commit does
        self.assertFalse(any(os.path.exists(os.path.join(self.folder, key)) for key in keys))
        # and archiving again works
        self.assertEqual(self._rule(name="Again")._run()[0], 1)

    def test_deleting_an_archived_message_deletes_its_copies_after_commit(self):
        message = self._post(self.partner, BODY, [("faktura.pdf", PDF)])
        self._rule()._run()
        paths = [os.path.join(self.folder, key) for key in message.crm_archive_stub_ids.mapped("key")]
        self.assertEqual(len(paths), 2)
        message.unlink()
        self.assertTrue(all(os.path.exists(path) for path in paths))  # a rollback would still find them
        self.env.cr.postcommit.run()
        self.assertFalse(any(os.path.exists(path) for path in paths))

    def test_restore_a_thread_and_a_selection_through_the_wizard(self):
        first = self._post(self.partner, BODY)
        second = self._post(self.partner, BODY + "<p>2</p>", [("a.pdf", PDF)])
        third = self._post(self.other_partner, BODY + "<p>3</p>")
        bodies = {m.id: self._raw_body(m) for m in first | second | third}
        self._rule()._run()
        self.assertTrue(all((first | second | third).mapped("crm_archived")))
        Wizard = self.env["crm.mail.archive.wizard"].with_user(self.admin)
        Wizard.create(
            {"operation": "restore", "scope": "thread", "thread_ref": f"res.partner,{self.partner.id}"}
        ).action_apply()
        self.assertEqual((first | second).mapped("crm_archived"), [False, False])
        self.assertTrue(third.crm_archived)
        Wizard.with_context(active_model="mail.message", active_ids=third.ids).create(
            {"operation": "restore"}
        ).action_apply()
        self.assertFalse(third.crm_archived)
        self.assertEqual({m.id: self._raw_body(m) for m in first | second | third}, bodies)

    def test_archive_now_on_a_selection_and_on_a_thread(self):
        old = self._post(self.partner, BODY)
        recent = self._post(self.partner, BODY, date="2026-11-29 08:00:00")
        elsewhere = self._post(self.other_partner, BODY)
        Wizard = self.env["crm.mail.archive.wizard"].with_user(self.admin)
        Wizard.with_context(active_model="mail.message", active_ids=recent.ids).create({}).action_apply()
        self.assertTrue(recent.crm_archived)
        self.assertFalse(old.crm_archived)
        Wizard.create({"scope": "thread", "thread_ref": f"res.partner,{self.partner.id}"}).action_apply()
        self.assertTrue(old.crm_archived)
        self.assertFalse(elsewhere.crm_archived)

    def test_dry_run_counts_without_moving(self):
        first = self._post(self.partner, BODY, [("faktura.pdf", PDF)])
        second = self._post(self.other_partner, "<p>krótka</p>")
        self._post(self.partner, BODY, date="2026-11-01 08:00:00")  # too recent
        bodies = {m.id: self._raw_body(m) for m in first | second}
        rule = self._rule()

        rule.action_dry_run()

        expected = sum(len(body.encode()) for body in bodies.values()) + len(PDF)
        self.assertEqual((rule.dry_run_count, rule.dry_run_bytes), (2, expected))
        self.assertFalse((first | second).mapped("crm_archived") != [False, False])
        self.assertEqual({m.id: self._raw_body(m) for m in first | second}, bodies)
        self.assertEqual(first.attachment_ids.raw, PDF)
        self.assertFalse(self.env["crm.mail.archive.stub"].search([]))
        self.assertEqual(os.listdir(self.folder), [])
        # the real run moves what the dry run announced
        self.assertEqual(rule._run(), (2, expected))

    def test_rule_criteria_select_messages(self):
        email = self._post(self.partner, BODY, [("a.pdf", PDF)])
        note = self._post(self.partner, "<p>notatka</p>", message_type="comment")
        small = self._post(self.other_partner, "<p>x</p>")
        other_model = self._post(self.company, BODY)
        type_email = self.env.ref("crm_mail_archive.message_type_email")
        partner_model = self.env["ir.model"]._get("res.partner")

        def selected(**values):
            rule = self._rule(**values)
            return set(rule._candidates(None))

        self.assertEqual(selected(model_ids=[Command.set(partner_model.ids)]), {email.id, note.id, small.id})
        self.assertEqual(selected(message_type_ids=[Command.set(type_email.ids)]), {email.id, small.id, other_model.id})
        self.assertEqual(selected(attachment_filter="with"), {email.id})
        self.assertEqual(selected(attachment_filter="without"), {note.id, small.id, other_model.id})
        self.assertEqual(selected(min_size_kb=1), {email.id, other_model.id})
        self.assertEqual(selected(min_size_kb=5, include_attachments=False), set())
        self.assertEqual(selected(min_size_kb=5), {email.id})
        self.assertEqual(selected(domain=f"[('res_id', '=', {self.other_partner.id})]"), {small.id})
        self.assertEqual(selected(older_than_days=3650), set())
        comment = self.env.ref("mail.mt_comment")
        self.assertEqual(
            selected(subtype_ids=[Command.set(comment.ids)], model_ids=[Command.set(partner_model.ids)]),
            {email.id, note.id, small.id},
        )

    def test_rule_without_criteria_needs_confirmation(self):
        with self.assertRaises(ValidationError):
            self._rule(older_than_days=0)
        with self.assertRaises(ValidationError):
            self._rule(domain="[('id', '>'")
        message = self._post(self.partner, BODY, date="2026-11-29 08:00:00")
        rule = self._rule(older_than_days=0, confirm_all=True)
        self.assertGreaterEqual(rule._run()[0], 1)  # every message of the database with a body
        self.assertTrue(message.crm_archived)
        self.assertFalse(self.env["mail.message"].search([("crm_archived", "=", False), ("body", "!=", False)]))

    def test_shared_attachments_stay_where_another_record_needs_them(self):
        message = self._post(self.partner, BODY, [("own.pdf", PDF)])
        own = message.attachment_ids
        # the same file attached to another message too
        shared = self.env["ir.attachment"].create(
            {"name": "shared.pdf", "raw": PDF + b"s", "res_model": "res.partner", "res_id": self.partner.id}
        )
        message.attachment_ids = [Command.link(shared.id)]
        self._post(self.partner, "<p>reply</p>", date="2026-11-29 08:00:00").attachment_ids = [Command.link(shared.id)]
        # a file of another record (e.g. the PDF of an invoice mailed from its chatter)
        foreign = self.env["ir.attachment"].create(
            {"name": "invoice.pdf", "raw": PDF + b"f", "res_model": "res.company", "res_id": self.company.id}
        )
        # a record's binary field
        field_file = self.env["ir.attachment"].search(
            [("res_model", "=", "res.partner"), ("res_field", "!=", False)], limit=1
        ) or self.env["ir.attachment"].create(
            {
                "name": "image_1920",
                "raw": PDF + b"b",
                "res_model": "res.partner",
                "res_id": self.partner.id,
                "res_field": "image_1920",
            }
        )
        # a file another record refers to through a relational field (here a mail template's files;
        # an invoice's main attachment is the many2one case of the same check)
        main = self.env["ir.attachment"].create(
            {"name": "main.pdf", "raw": PDF + b"m", "res_model": "res.partner", "res_id": self.partner.id}
        )
        self.env["mail.template"].create(
            {
                "name": "Oferta",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "attachment_ids": [Command.link(main.id)],
            }
        )
        message.attachment_ids = [Command.link(foreign.id), Command.link(field_file.id), Command.link(main.id)]
        kept_contents = {att.id: att.raw for att in shared | foreign | field_file | main}

        self._rule()._run()

        self.assertTrue(message.crm_archived)
        self.assertEqual((own.file_size, own.store_fname, own.db_datas), (0, False, False))
        self.assertEqual(message.crm_archive_stub_ids.attachment_id, own)
        self.assertEqual({att.id: att.raw for att in shared | foreign | field_file | main}, kept_contents)

    def test_storage_refusing_writes_stops_the_run_and_clears_nothing(self):
        first = self._post(self.partner, BODY, [("a.pdf", PDF)])
        second = self._post(self.partner, BODY + "<p>2</p>")
        bodies = {m.id: self._raw_body(m) for m in first | second}
        # a storage whose root is a file: every write is refused by the file system
        blocker = os.path.join(self.folder, "not-a-folder")
        with open(blocker, "w") as handle:
            handle.write("x")
        broken = self.env["crm.mail.archive.storage"].create(
            {"name": "Broken", "protocol": "file", "root_path": blocker}
        )
        rule = self._rule(storage_id=broken.id, batch_size=1)

        with self.assertRaisesRegex(ArchiveStorageError, "Broken could not write"):
            rule._run()

        self.assertEqual((first | second).mapped("crm_archived"), [False, False])
        self.assertEqual({m.id: self._raw_body(m) for m in first | second}, bodies)
        self.assertEqual(first.attachment_ids.raw, PDF)
        self.assertFalse(self.env["crm.mail.archive.stub"].search([]))

    def test_scheduled_action_records_the_failure_and_the_space(self):
        message = self._post(self.partner, BODY, [("a.pdf", PDF)])
        rule = self._rule()
        broken_rule = self._rule(
            name="Broken",
            storage_id=self.env["crm.mail.archive.storage"]
            .create({"name": "Nowhere", "protocol": "nosuchprotocol", "root_path": "x"})
            .id,
            sequence=1,
        )
        self.env["crm.mail.archive.rule"]._cron_archive()

        self.assertTrue(message.crm_archived)
        runs = self.env["crm.mail.archive.run"].search([])
        failed = runs.filtered(lambda r: r.rule_id == broken_rule)
        self.assertEqual(failed.state, "failed")
        self.assertIn("Nowhere could not open", failed.error)
        self.assertIn("Nowhere could not open", broken_rule.last_run_result)
        done = runs.filtered(lambda r: r.rule_id == rule)
        self.assertEqual((done.state, done.message_count), ("done", 1))
        self.assertGreater(done.message_table_before, 0)
        self.assertGreater(done.message_toast_before + done.message_table_after, 0)
        self.assertIn("1 message(s)", rule.last_run_result)

    def test_rolled_back_after_the_storage_write_leaves_the_message_whole(self):
        """A kill between the storage write and the commit: the message stays in the database
        whole, the orphan object is overwritten by the next run, which archives it readably."""
        message = self._post(self.partner, BODY, [("a.pdf", PDF)])
        raw_body = self._raw_body(message)
        rule = self._rule()

        class Killed(Exception):
            pass

        with self.assertRaises(Killed), self.env.cr.savepoint():
            rule._run()
            self.assertTrue(os.listdir(self.folder))  # the objects were written
            raise Killed()
        self.env.invalidate_all()

        self.assertFalse(message.crm_archived)
        self.assertEqual(self._raw_body(message), raw_body)
        self.assertEqual(message.attachment_ids.raw, PDF)
        self.assertFalse(self.env["crm.mail.archive.stub"].search([]))
        # rerun: archived and readable, byte for byte
        self.assertEqual(rule._run()[0], 1)
        self.assertEqual(message.crm_archive_read()["body"], raw_body)
        message._crm_archive_restore()
        self.assertEqual(self._raw_body(message), raw_body)
        self.assertEqual(message.attachment_ids.raw, PDF)

    def test_rule_filter_on_an_unknown_field_is_refused_on_save(self):
        """Breaker's finding 2: a filter on a field messages do not have is refused when saved."""
        with self.assertRaisesRegex(ValidationError, "cannot be applied to messages"), self.env.cr.savepoint():
            self._rule(name="Zły filtr", domain="[('nie_ma_pola', '=', 1)]")
        self.assertFalse(self.env["crm.mail.archive.rule"].search([("name", "=", "Zły filtr")]))
        rule = self._rule()
        with self.assertRaisesRegex(ValidationError, "cannot be applied to messages"), self.env.cr.savepoint():
            rule.domain = "[('date', 'zawiera', 1)]"

    def test_one_failing_rule_does_not_stop_the_scheduled_archive(self):
        """Breaker's finding 2: a rule whose filter no longer applies (a field gone with an
        uninstalled addon) fails alone, with its reason; the next rule still runs and no run
        stays "running"."""
        message = self._post(self.partner, BODY, [("a.pdf", PDF)])
        broken = self._rule(name="Zły filtr", sequence=1)
        good = self._rule(name="Stare", sequence=2)
        # written behind the ORM's back, as a field removed later leaves it
        self.env.cr.execute(
            "UPDATE crm_mail_archive_rule SET domain = %s WHERE id = %s", ["[('nie_ma_pola', '=', 1)]", broken.id]
        )
        broken.invalidate_recordset(["domain"])

        self.env["crm.mail.archive.rule"]._cron_archive()

        self.assertTrue(message.crm_archived)
        runs = self.env["crm.mail.archive.run"].search([])
        self.assertEqual(sorted(runs.mapped("state")), ["done", "failed"])
        failed = runs.filtered(lambda run: run.rule_id == broken)
        self.assertIn("cannot be applied to messages", failed.error)
        self.assertIn("nie_ma_pola", broken.last_run_result)
        self.assertIn("1 message(s)", good.last_run_result)
        # a dry run of the broken rule says why instead of a server error
        with self.assertRaisesRegex(ValidationError, "cannot be applied to messages"):
            broken.action_dry_run()

    def test_files_of_mail_sent_from_a_template_are_archived(self):
        """Breaker's finding 5: ``mail.template.send_mail`` stores the files of the mail it makes
        on the message itself (res_model mail.message, res_id the message): they are the
        message's own and leave with it, once the e-mail has left."""
        message = self._post(self.partner, BODY)
        own = self.env["ir.attachment"].create(
            {"name": "Ponaglenie.pdf", "raw": PDF, "res_model": "mail.message", "res_id": message.id}
        )
        message.attachment_ids = [Command.link(own.id)]
        queued = self._post(self.other_partner, BODY + "<p>w kolejce</p>")
        queued_file = self.env["ir.attachment"].create(
            {"name": "Nota.pdf", "raw": PDF + b"q", "res_model": "mail.message", "res_id": queued.id}
        )
        queued.attachment_ids = [Command.link(queued_file.id)]
        mail = self.env["mail.mail"].create({"mail_message_id": queued.id, "state": "outgoing", "body_html": BODY})
        queued_body = self._raw_body(queued)

        self.assertEqual(self._rule()._run()[0], 1)

        self.assertTrue(message.crm_archived)
        self.assertEqual(message.crm_archive_stub_ids.attachment_id, own)
        self.assertEqual(own.file_size, 0)
        # an e-mail still waiting to be sent stays whole, its files with it; once sent, it goes
        self.assertFalse(queued.crm_archived)
        self.assertEqual((self._raw_body(queued), queued_file.raw), (queued_body, PDF + b"q"))
        mail.state = "sent"
        self.assertEqual(self._rule(name="Again")._run()[0], 1)
        self.assertEqual(queued.crm_archive_stub_ids.attachment_id, queued_file)
        message._crm_archive_restore()
        self.assertEqual(own.raw, PDF)
