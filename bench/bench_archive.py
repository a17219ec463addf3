"""Mail archive at scale: old mail moved to a local folder by the archive rule's scheduled run.

Data per size N (``make bench-archive``; sizes 10,000 and, when asked with ``--sizes``,
100,000): N e-mails on 1 partner per 100 messages, dated 2020, each with a 10 KB body of
random hex text (so that PostgreSQL's TOAST compression does not flatter the figures) and, on
every tenth, a 100 KB random attachment in the filestore. The messages are SQL copies (an ORM
build of 100,000 messages would take longer than the run it feeds); the attachments are made
with the ORM so that they are real filestore files.

Contenders (throughput, messages per second; each on its own copy of the data):

* ``ours``: ``crm.mail.archive.rule._run(commit=True)``, what the scheduled action runs: batches
  of 200, each object written, read back and its SHA-256 checked, then stubs created and the
  bodies and contents cleared, committed per batch;
* ``plain_loop``: the baseline of the issue: a plain Python loop that reads the same bodies and
  files, writes the same bytes into the same kind of folder, reads them back and compares their
  SHA-256 (no ORM, no stubs, nothing cleared);
* ``ours_restore``: restore of 1,000 archived messages (archived untimed first), byte for byte.

Checks: ours archived every message (stubs = N bodies + N/10 files, no body left, every file
emptied), every stored object's hash as recorded (a sample of 50 re-read); the plain loop
wrote as many objects; the restore gave back the 1,000 bodies. Then::

    RESULT archive size=<n> ours=<messages/s> mb_s=<x> peak_mb=<x> freed_mb=<x> plain=<messages/s>
           plain_mb_s=<x> ratio_to_plain=<x> ours_cpu_s=<x> plain_cpu_s=<x> cpu_ratio_to_plain=<x>
           restore=<messages/s> restore_peak_mb=<x>

``peak_mb`` is the Odoo process's peak RSS; ``freed_mb`` the bytes cleared from the database
(bodies and attachment contents) in MB. PostgreSQL and the filestore give the space back to the
disk after ``VACUUM FULL`` and the attachment garbage collection; the run log
(``crm.mail.archive.run``) records the table, TOAST and filestore sizes before and after.
"""

import hashlib
import os
import shutil
from pathlib import Path

from harness import DATA_DIR, Bench

from odoo.tools import SQL

BODY_HEX_CHUNKS = 320  # 320 md5 hex digests = 10,240 characters
ATTACHMENT_BYTES = 100 * 1024
RESTORED = 1_000
ATTACHMENT_CHUNK = 500
MB = 1024 * 1024

bench = Bench("archive", addons=["crm_mail_archive"], sizes=(10_000,), smoke_sizes=(30,), unit="messages/s")


def folder(env, name):
    path = Path(DATA_DIR) / "bench_archive" / env.cr.dbname / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


# ------------------------------------------------------------------------------ data


@bench.build
def build(env, size):
    partners = env["res.partner"].create([{"name": f"Kontrahent {i}"} for i in range(max(size // 100, 1))])
    proto = env["mail.message"].create(
        {
            "model": "res.partner",
            "res_id": partners[0].id,
            "message_type": "email",
            "subtype_id": env.ref("mail.mt_comment").id,
            "subject": "Faktura",
            "body": "<p>x</p>",
            "author_id": partners[0].id,
            "date": "2020-01-01 10:00:00",
        }
    )
    env.flush_all()
    partner_ids = partners.ids
    env.cr.execute(
        SQL(
            """
            INSERT INTO mail_message (model, res_id, message_type, subtype_id, subject, author_id, date,
                                      create_uid, write_uid, create_date, write_date, body)
            SELECT m.model, (%s::int[])[1 + mod(g, %s)], m.message_type, m.subtype_id, 'Faktura ' || g,
                   m.author_id, m.date + g * interval '1 minute', m.create_uid, m.write_uid,
                   m.create_date, m.write_date,
                   '<p>' || (SELECT string_agg(md5(random()::text || g || s), '')
                             FROM generate_series(1, %s) s) || '</p>'
            FROM mail_message m, generate_series(1, %s) g
            WHERE m.id = %s
            """,
            partner_ids,
            len(partner_ids),
            BODY_HEX_CHUNKS,
            size - 1,
            proto.id,
        )
    )
    env.cr.execute(
        SQL(
            "UPDATE mail_message SET body = '<p>' || (SELECT string_agg(md5(random()::text || s), '') "
            "FROM generate_series(1, %s) s) || '</p>' WHERE id = %s",
            BODY_HEX_CHUNKS,
            proto.id,
        )
    )
    rows = env.execute_query(SQL("SELECT id, res_id FROM mail_message WHERE subject LIKE %s ORDER BY id", "Faktura%"))
    with_files = rows[::10]
    attachment_ids = []
    # in chunks: 10,000 files of 100 KB at once would hold a gigabyte in the building process
    for start in range(0, len(with_files), ATTACHMENT_CHUNK):
        chunk = with_files[start : start + ATTACHMENT_CHUNK]
        attachment_ids += (
            env["ir.attachment"]
            .create(
                [
                    {
                        "name": f"faktura_{mid}.pdf",
                        "raw": os.urandom(ATTACHMENT_BYTES),
                        "res_model": "res.partner",
                        "res_id": rid,
                    }
                    for mid, rid in chunk
                ]
            )
            .ids
        )
        env.flush_all()
        env.invalidate_all()
    env.cr.execute(
        SQL(
            "INSERT INTO message_attachment_rel (message_id, attachment_id) SELECT * FROM unnest(%s::int[], %s::int[])",
            [mid for mid, _rid in with_files],
            attachment_ids,
        )
    )
    storage = env["crm.mail.archive.storage"].create({"name": "Bench folder", "protocol": "file", "root_path": "/tmp"})
    env["crm.mail.archive.rule"].create(
        {"name": "Older than a year", "storage_id": storage.id, "older_than_days": 365, "batch_size": 200}
    )
    return {"messages": len(rows), "attachments": len(attachment_ids)}


def _storage(env, name):
    storage = env["crm.mail.archive.storage"].search([], limit=1)
    storage.root_path = str(folder(env, name))
    return storage


def _bench_messages(env):
    return env["mail.message"].search([("subject", "=like", "Faktura%")], order="id")


# ------------------------------------------------------------------------------ contenders


@bench.contender("ours")
def ours(env, size):
    _storage(env, "ours")
    rule = env["crm.mail.archive.rule"].search([], limit=1)
    # warm-up: the candidate query and one storage round trip, nothing archived
    rule._candidates(1)
    rule.storage_id.action_test_connection()
    return lambda: rule._run(commit=True)


@bench.contender("plain_loop")
def plain_loop(env, size):
    root = folder(env, "plain")
    dbname = env.cr.dbname
    filestore = env["ir.attachment"]._filestore()
    ids = _bench_messages(env).ids
    cr = env.cr

    def write_verified(key, data):
        digest = hashlib.sha256(data).hexdigest()
        path = root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            raise RuntimeError(f"{key} came back different")
        return digest

    def run():
        written = moved = 0
        for start in range(0, len(ids), 200):
            batch = ids[start : start + 200]
            cr.execute(SQL("SELECT id, model, res_id, body FROM mail_message WHERE id = ANY(%s)", batch))
            for mid, model, res_id, body in cr.fetchall():
                data = body.encode()
                write_verified(f"{dbname}/{model}/{res_id}/{mid}-body", data)
                written, moved = written + 1, moved + len(data)
            cr.execute(
                SQL(
                    "SELECT r.message_id, a.id, a.res_id, a.store_fname FROM message_attachment_rel r "
                    "JOIN ir_attachment a ON a.id = r.attachment_id WHERE r.message_id = ANY(%s)",
                    batch,
                )
            )
            for mid, aid, res_id, fname in cr.fetchall():
                data = Path(filestore, fname).read_bytes()
                write_verified(f"{dbname}/res.partner/{res_id}/{mid}-attachment-{aid}", data)
                written, moved = written + 1, moved + len(data)
        return written, moved

    return run


@bench.contender("ours_restore")
def ours_restore(env, size):
    _storage(env, "restore")
    messages = _bench_messages(env)[:RESTORED]
    rule = env["crm.mail.archive.rule"].search([], limit=1)
    messages._crm_archive(rule.storage_id, rule=rule)
    env.cr.commit()
    return lambda: messages._crm_archive_restore()


# ------------------------------------------------------------------------------ checks


@bench.check
def check(env, size, contender, result):
    messages = _bench_messages(env)
    files = len(messages) // 10 + (1 if len(messages) % 10 else 0)
    if contender == "plain_loop":
        written, moved = result
        assert written == len(messages) + files, f"plain loop wrote {written} objects"
        return {"units": len(messages), "moved_mb": round(moved / MB, 1)}
    if contender == "ours_restore":
        restored = min(RESTORED, len(messages))
        assert result == restored, f"restored {result} messages, not {restored}"
        left = env["crm.mail.archive.stub"].search_count([])
        assert left == 0, f"{left} stubs left after the restore"
        empty = env.execute_query(
            SQL("SELECT count(*) FROM mail_message WHERE id = ANY(%s) AND body = ''", messages[:restored].ids)
        )[0][0]
        assert empty == 0, f"{empty} restored messages have no body"
        return {"units": restored}
    count, moved = result
    assert count == len(messages), f"ours archived {count} of {len(messages)} messages"
    stubs = env["crm.mail.archive.stub"].search([])
    assert len(stubs) == len(messages) + files, f"{len(stubs)} stubs for {len(messages)} messages"
    left = env.execute_query(SQL("SELECT count(*) FROM mail_message WHERE id = ANY(%s) AND body <> ''", messages.ids))[
        0
    ][0]
    assert left == 0, f"{left} bodies left in the database"
    full = env["ir.attachment"].search_count([("id", "in", stubs.attachment_id.ids), ("file_size", ">", 0)])
    assert full == 0, f"{full} attachments kept their content"
    counts = stubs[:: max(len(stubs) // 50, 1)]._verify()
    assert counts["mismatch"] == counts["missing"] == 0, f"verification: {dict(counts)}"
    return {"units": count, "moved_mb": round(moved / MB, 1), "freed_mb": round(moved / MB, 1)}


@bench.summary
def summary(results):
    lines = []
    for size, runs in results.items():
        ours_run, plain, restore = runs.get("ours"), runs.get("plain_loop"), runs.get("ours_restore")
        if not ours_run:
            continue
        moved = ours_run["facts"].get("moved_mb", 0)
        parts = [
            f"size={size}",
            f"ours={ours_run['rate']:.1f}",
            f"mb_s={moved / ours_run['wall']:.2f}" if ours_run["wall"] else "mb_s=-",
            f"peak_mb={ours_run['rss_mb']:.0f}",
            f"freed_mb={ours_run['facts'].get('freed_mb', 0)}",
        ]
        if plain:
            ours_cpu, plain_cpu = ours_run["cpu"] + ours_run["db_cpu"], plain["cpu"] + plain["db_cpu"]
            parts += [
                f"plain={plain['rate']:.1f}",
                f"plain_mb_s={plain['facts'].get('moved_mb', 0) / plain['wall']:.2f}"
                if plain["wall"]
                else "plain_mb_s=-",
                f"ratio_to_plain={ours_run['rate'] / plain['rate']:.2f}" if plain["rate"] else "ratio_to_plain=-",
                # CPU seconds (Odoo process + PostgreSQL backend): the fair figure on a busy machine
                f"ours_cpu_s={ours_cpu:.2f}",
                f"plain_cpu_s={plain_cpu:.2f}",
                f"cpu_ratio_to_plain={plain_cpu / max(ours_cpu, 1e-9):.2f}",
            ]
        if restore:
            parts += [f"restore={restore['rate']:.1f}", f"restore_peak_mb={restore['rss_mb']:.0f}"]
        lines.append("archive " + " ".join(parts))
    return lines


if __name__ == "__main__":
    bench.main()
