"""Mail archive, issue 15 "Nothing lost": a real archive process killed midway.

An Odoo process applies an archive rule the way the scheduled action does (batches committed
one by one) and is killed with SIGKILL as soon as its first batches are in. Whatever instant
the kill hit (a storage write, the clearing, the commit), every message is then either whole
in the database or archived and readable byte for byte from the storage; a rerun archives the
rest, and every message reads back as it was.
"""

import base64
import os
import signal
import time

import odoo_process

WORKER_SCRIPT = r"""
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    print("archived", env["crm.mail.archive.rule"].search([])._run(commit=True), flush=True)
print("finished", flush=True)
"""

MESSAGES = 400


def _worker(db):
    return odoo_process.start(db.name, WORKER_SCRIPT)


def _setup(db, folder):
    module = db.call("ir.module.module", "search", [("name", "=", "crm_mail_archive")])
    db.call("ir.module.module", "button_immediate_install", module)
    partner = db.call("res.partner", "create", {"name": "Hurtownia Kowalski"})
    subtype = db.ref("mail.mt_comment")
    bodies = {}
    for start in range(0, MESSAGES, 100):
        values = [
            {
                "model": "res.partner",
                "res_id": partner,
                "message_type": "email",
                "subtype_id": subtype,
                "subject": f"Kill {i}",
                "date": "2021-03-01 10:00:00",
                "body": f"<p>Wiadomość {i}: " + os.urandom(1500).hex() + "</p>",
            }
            for i in range(start, start + 100)
        ]
        ids = db.call("mail.message", "create", values)
        for message_id in ids[::10]:
            attachment = db.call(
                "ir.attachment",
                "create",
                {
                    "name": f"plik-{message_id}.bin",
                    "datas": base64.b64encode(os.urandom(20_000)).decode(),
                    "res_model": "res.partner",
                    "res_id": partner,
                },
            )
            db.call("mail.message", "write", [message_id], {"attachment_ids": [(4, attachment)]})
    for row in db.call("mail.message", "search_read", [("subject", "=like", "Kill %")], fields=["body"]):
        bodies[row["id"]] = row["body"]
    storage = db.call(
        "crm.mail.archive.storage", "create", {"name": "Kill folder", "protocol": "file", "root_path": str(folder)}
    )
    db.call(
        "crm.mail.archive.rule",
        "create",
        {
            "name": "Kill",
            "storage_id": storage,
            "older_than_days": 365,
            "batch_size": 10,
            "domain": "[('subject', '=like', 'Kill %')]",
        },
    )
    return bodies


def _state(db, bodies):
    """:return: (archived ids, whole ids); asserts each message is one or the other."""
    archived, whole = [], []
    rows = db.call("mail.message", "read", list(bodies), ["body", "crm_archived", "crm_archive_stub_ids"])
    for row in rows:
        if row["crm_archived"]:
            assert row["crm_archive_stub_ids"], f"message {row['id']} archived without stubs"
            read = db.call("mail.message", "crm_archive_read", [row["id"]])
            assert read["body"] == bodies[row["id"]], f"message {row['id']} reads back different"
            archived.append(row["id"])
        else:
            assert row["body"] == bodies[row["id"]], f"message {row['id']} lost its body without being archived"
            assert not row["crm_archive_stub_ids"], f"message {row['id']} has stubs but is not archived"
            whole.append(row["id"])
    return archived, whole


def test_killed_archive_run_loses_nothing(fresh_db, tmp_path):
    db = fresh_db
    bodies = _setup(db, tmp_path / "archive")
    worker = _worker(db)
    deadline = time.time() + 300
    try:
        while time.time() < deadline and worker.poll() is None:
            if db.call("crm.mail.archive.stub", "search_count", []) >= 20:
                break
            time.sleep(0.05)
        assert worker.poll() is None, "the run ended before it could be killed: " + worker.stdout.read()
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.wait(timeout=60)
    archived, whole = _state(db, bodies)
    assert archived, "some batches were committed before the kill"
    assert whole, "the kill came before the end"

    rerun = _worker(db)
    output = rerun.communicate(timeout=600)[0]
    assert rerun.returncode == 0 and "finished" in output, output
    archived, whole = _state(db, bodies)
    assert whole == [] and len(archived) == MESSAGES
    attachments = db.call("crm.mail.archive.stub", "search_count", [("kind", "=", "attachment")])
    assert attachments == MESSAGES // 10
    assert not db.server.new_log_problems()
