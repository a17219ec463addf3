"""Scale-out of recurring invoice generation over real processes (issue 11).

With *Parallel workers* = 2 in Settings, the generation scheduled action exists twice. Two
separate Odoo processes, started at the same instant, run the ready scheduled actions the way
Odoo's cron threads do (``ir.cron._process_jobs``): each takes one action, each action its
share of the templates, and together they invoice every due period exactly once. A second case
starts two processes on the *same* share at once: the row locks (``FOR UPDATE SKIP LOCKED``) and
the ledger's unique key still leave no duplicate and nothing undone.
"""

import datetime
import time

import odoo_process

WORKER_SCRIPT = r"""
import time
from odoo.addons.base.models.ir_cron import ir_cron
mode, start_at = argv[0], float(argv[1])
time.sleep(max(0.0, start_at - time.time()))
if mode == "cron":
    ir_cron._process_jobs(registry.db_name)
else:
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        print("generated", env["crm.recurring.template"]._cron_generate(worker=0, workers=1))
print("finished")
"""


def _install(db):
    db.call("ir.module.module", "update_list")
    module = db.call("ir.module.module", "search", [("name", "=", "crm_recurring_invoice")])
    db.call("ir.module.module", "button_immediate_install", module)
    if not db.call("account.journal", "search", [("type", "=", "sale")]):
        company = db.call("res.company", "search", [], limit=1)[0]
        db.call("account.chart.template", "try_loading", "generic_coa", company, False)


def _templates(db, count, name):
    journal = db.call("account.journal", "search", [("type", "=", "sale")], limit=1)[0]
    start = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    partners = db.call("res.partner", "create", [{"name": f"{name} customer {i}"} for i in range(count)])
    ids = db.call(
        "crm.recurring.template",
        "create",
        [
            {
                "name": f"{name} {i}",
                "journal_id": journal,
                "date_start": start.isoformat(),
                "line_ids": [(0, 0, {"name": "Hosting", "price_unit": 100, "tax_ids": [(6, 0, [])]})],
                "partner_ids": [(0, 0, {"partner_id": partners[i]})],
            }
            for i in range(count)
        ],
    )
    db.call("crm.recurring.template", "action_start", ids)
    # periods due today: the previous month and the current one (pre-paid, on the 1st)
    return ids, 2 * count


def _run_two(db, mode):
    """Two real Odoo processes started at the same instant; returns their outputs."""
    start_at = time.time() + 8  # both have loaded their registry by then
    processes = [odoo_process.start(db.name, WORKER_SCRIPT, mode, str(start_at)) for _ in range(2)]
    outputs = [p.communicate(timeout=600)[0] for p in processes]
    for process, output in zip(processes, outputs, strict=True):
        assert process.returncode == 0, output
        assert "finished" in output, output
    return outputs


def _ledger(db, template_ids):
    rows = db.call(
        "crm.recurring.period",
        "search_read",
        [("template_id", "in", template_ids)],
        fields=["template_partner_id", "period_start", "move_id"],
    )
    moves = db.call("account.move", "search_count", [("recurring_template_id", "in", template_ids)])
    return rows, moves


def test_two_processes_share_one_run(fresh_db):
    db = fresh_db
    _install(db)
    settings = db.call("res.config.settings", "create", {"crm_cron_workers": 2})
    db.call("res.config.settings", "execute", [settings])
    main = db.call(
        "ir.model.data",
        "search_read",
        [("module", "=", "crm_recurring_invoice"), ("name", "=", "ir_cron_generate")],
        fields=["res_id"],
    )[0]["res_id"]
    crons = db.call(
        "ir.cron",
        "search_read",
        ["|", ("id", "=", main), ("crm_main_cron_id", "=", main)],
        fields=["crm_worker_index", "lastcall"],
    )
    assert sorted(c["crm_worker_index"] for c in crons) == [0, 1]
    cron_ids = [c["id"] for c in crons]
    template_ids, expected = _templates(db, 16, "Parallel")

    # only our two actions are due: Odoo's other scheduled actions wait
    others = db.call("ir.cron", "search", [("id", "not in", cron_ids)])
    db.call("ir.cron", "write", others, {"nextcall": "2100-01-01 00:00:00"})
    past = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M:%S")
    db.call("ir.cron", "write", cron_ids, {"nextcall": past})

    _run_two(db, "cron")

    rows, moves = _ledger(db, template_ids)
    keys = [(r["template_partner_id"][0], r["period_start"]) for r in rows]
    assert len(rows) == expected, "nothing skipped"
    assert len(set(keys)) == len(keys), "nothing twice"
    assert moves == expected
    assert all(r["move_id"] for r in rows)
    ran = db.call("ir.cron", "read", cron_ids, ["lastcall"])
    assert all(c["lastcall"] for c in ran), "both worker actions ran"
    progress = db.call("ir.cron.progress", "search_read", [("cron_id", "in", cron_ids)], fields=["cron_id", "done"])
    done = {}
    for p in progress:
        done[p["cron_id"][0]] = done.get(p["cron_id"][0], 0) + p["done"]
    assert sum(done.values()) == len(template_ids), f"each template in exactly one share: {done}"
    assert all(done.get(cron_id) for cron_id in cron_ids), f"both shares had work: {done}"
    assert not db.server.new_log_problems()


def test_two_processes_on_the_same_share(fresh_db):
    db = fresh_db
    _install(db)
    template_ids, expected = _templates(db, 16, "Overlap")
    outputs = _run_two(db, "direct")
    rows, moves = _ledger(db, template_ids)
    keys = [(r["template_partner_id"][0], r["period_start"]) for r in rows]
    assert len(rows) == expected, outputs
    assert len(set(keys)) == len(keys)
    assert moves == expected
