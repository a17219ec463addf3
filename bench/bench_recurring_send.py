"""Recurring invoices end to end: generated, posted and e-mailed with their PDF, beside Odoo's own
Send & Print of the same posted invoices.

Data per size N (``make bench-recurring_send``; 100 and 1,000): N customers with an e-mail
address, two taxed service products, templates of 100 customers each (Optima's own use), monthly,
due today, "Post and e-mail" with Odoo's invoice mail template.

Contenders (the clock stops after the last commit; mails are queued, never delivered):

* ``ours``: ``crm.recurring.template._cron_generate()``: the N invoices generated, posted, their
  PDFs printed up to 80 per wkhtmltopdf call (``account.pdf_generation_batch``) and cut per invoice by Odoo's own
  split, stored as each invoice's PDF, one e-mail queued per invoice;
* ``ours_post``: the same without e-mailing (the templates set to "Post"), to show what the
  generation and posting alone cost;
* ``peer``: Odoo's Send & Print from the invoice list on the N invoices generated and posted
  beforehand (untimed): the batch wizard opened on them (``account.move.send.batch.wizard``,
  its summary computed as the dialog shows it), *Send*, then its background job
  ``account.move._cron_account_move_send`` run until nothing is left, one committed
  transaction per job (ten invoices per job and per wkhtmltopdf call), as the scheduled action
  runs it. Its mails are queued as ours are (``mail_notify_force_send=False``).

wkhtmltopdf loads the report's styles and fonts from an Odoo server, as it does in production:
each timed process starts one on a free port (``report.url``) serving the same database, and
prints one invoice untimed first so the asset bundles exist. The patched-Qt build that
``tools/bootstrap.sh`` fetches (``.state/wkhtmltopdf``) is used when present: Debian's own build
cannot print several documents in one call, so Send & Print's batches fail with it (the peer is
then left out, and ours prints one invoice per call).

Checks on every run: N posted invoices, each with exactly one PDF stored as its
``invoice_pdf_report_file`` and main attachment, exactly one queued e-mail per invoice (none
twice) carrying a PDF; for a sample of invoices, the PDF's text (poppler's ``pdftotext``) holds
the invoice's own number and not its neighbour's.

Extra line: ``RESULT recurring_send-pdf size=<n> ours_pdf_s=<PDFs/s> peer_pdf_s=<PDFs/s>
ours_wkhtmltopdf_share=<x> peer_wkhtmltopdf_share=<x> ours_wkhtmltopdf_calls=<n> ...`` (the share
of the wall time spent inside wkhtmltopdf calls).
"""

import atexit
import os
import resource
import shutil
import socket
import subprocess
import time
import urllib.request
from datetime import date

from harness import ROOT, SMOKE, Bench, log
from invoicing_data import QUIET, create_seller_and_customers, products

from odoo import Command

PATCHED_WKHTMLTOPDF = ROOT / ".state" / "wkhtmltopdf"
if (PATCHED_WKHTMLTOPDF / "wkhtmltopdf").exists():
    os.environ["PATH"] = f"{PATCHED_WKHTMLTOPDF}:{os.environ['PATH']}"
SHARED_TEMPLATE_SIZE = 100
QUEUED = {"mail_notify_force_send": False}
SAMPLE = 5  # invoices whose PDF text is read


def batch_printing():
    """Whether the wkhtmltopdf on PATH prints several documents in one call (patched Qt)."""
    binary = shutil.which("wkhtmltopdf")
    if not binary:
        return False
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30, check=False)
    return "patched qt" in version.stdout.lower()


BATCH_PRINTING = batch_printing()

bench = Bench(
    "recurring_send",
    addons=["crm_recurring_invoice"],
    sizes=(100, 1_000),
    smoke_sizes=(3,),
    unit="invoices/s",
)


# ------------------------------------------------------------------------------ data


@bench.build
def build(env, size):
    partners = create_seller_and_customers(env, size)
    env.company.write({"email": "invoices@bench.example.com", "name": "Bench Seller"})
    day = date.today()
    mail_template = env.ref("account.email_template_edi_invoice")
    lines = [
        Command.create(
            {"product_id": product.id, "name": product.name, "quantity": 1, "price_unit": product.list_price}
        )
        for product in products(env)
    ]
    vals_list = [
        {
            "name": f"Template {start // SHARED_TEMPLATE_SIZE}",
            "interval_unit": "month",
            "day_of_month": day.day,
            "date_start": day,
            "after_generation": "send",
            "mail_template_id": mail_template.id,
            "line_ids": lines,
            "partner_ids": [
                Command.create({"partner_id": partner.id}) for partner in partners[start : start + SHARED_TEMPLATE_SIZE]
            ],
        }
        for start in range(0, size, SHARED_TEMPLATE_SIZE)
    ]
    templates = env["crm.recurring.template"].with_context(**QUIET).create(vals_list)
    templates.action_start()
    return {"customers": len(partners), "templates": len(templates), "batch_printing": BATCH_PRINTING}


# ------------------------------------------------------------------------------ preparation


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_assets(env):
    """Start an Odoo server on this database for wkhtmltopdf to load styles and fonts from, as in
    production; stopped when this process ends."""
    db = env.cr.dbname
    port = free_port()
    logfile = ROOT / ".state" / f"{db}-asset-server.log"
    server = subprocess.Popen(
        [
            str(ROOT / "tools" / "odoo.sh"),
            "-d",
            db,
            f"--db-filter=^{db}$",
            f"--http-port={port}",
            "--http-interface=127.0.0.1",
            f"--gevent-port={free_port()}",
            "--max-cron-threads=0",
            "--workers=0",
            "--log-level=warn",
            f"--logfile={logfile}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    atexit.register(server.terminate)
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(240):
        try:
            urllib.request.urlopen(f"{url}/web/health", timeout=5)
            break
        except OSError:
            time.sleep(0.5)
    else:
        raise RuntimeError(f"the asset server did not start (log {logfile})")
    env["ir.config_parameter"].set_param("report.url", url)
    env.cr.commit()
    return server


class WkhtmltopdfClock:
    """The wkhtmltopdf processes started in this process from now on: how many, how many
    documents they printed, the wall time during which at least one ran (several may run at
    once), and their CPU seconds (``RUSAGE_CHILDREN``: the asset server, never waited for, is not
    in it). Also the CPU seconds of the asset server they load styles and fonts from."""

    def __init__(self, asset_server):
        self.asset_server = asset_server
        self.intervals, self.calls, self.pages = [], 0, 0
        self.cpu = self.children_cpu()
        self.asset_cpu = process_cpu(asset_server.pid)
        clock = self

        class TimedPopen(subprocess.Popen):
            def __init__(self, args, *rest, **kwargs):
                # a print (its last argument the PDF), not the version check
                self.clocked = "wkhtmltopdf" in os.path.basename(str(args[0])) and str(args[-1]).endswith(".pdf")
                if self.clocked:
                    clock.calls += 1
                    clock.pages += sum(1 for arg in args if "report.body.tmp." in os.path.basename(str(arg)))
                    self.started = time.perf_counter()
                super().__init__(args, *rest, **kwargs)

            def _clock(self):
                if self.clocked and self.returncode is not None:
                    clock.intervals.append((self.started, time.perf_counter()))
                    self.clocked = False

            def poll(self):
                result = super().poll()
                self._clock()
                return result

            def wait(self, timeout=None):
                result = super().wait(timeout)
                self._clock()
                return result

        subprocess.Popen = TimedPopen

    @staticmethod
    def children_cpu():
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def busy(self):
        """Wall seconds during which at least one wkhtmltopdf process ran."""
        total, end = 0.0, None
        for start, stop in sorted(self.intervals):
            if end is None or start > end:
                total += stop - start
                end = stop
            elif stop > end:
                total += stop - end
                end = stop
        return total

    def facts(self):
        return {
            "wkhtmltopdf_s": round(self.busy(), 2),
            "wkhtmltopdf_cpu_s": round(self.children_cpu() - self.cpu, 2),
            "wkhtmltopdf_calls": self.calls,
            "printed": self.pages,
            "asset_server_cpu_s": round(process_cpu(self.asset_server.pid) - self.asset_cpu, 2),
        }


def process_cpu(pid):
    """CPU seconds used so far by process ``pid`` (0.0 when unreadable)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def warm_up(env):
    """Untimed: an Odoo server for the assets, then one invoice created, posted and printed
    (asset bundles generated, wkhtmltopdf and the report templates loaded) and rolled back."""
    server = serve_assets(env)
    partner = env["res.partner"].search([("name", "=like", "Bench customer %")], limit=1)
    move = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": date.today(),
            "invoice_line_ids": [Command.create({"product_id": products(env)[0].id, "price_unit": 1.0})],
        }
    )
    move.action_post()
    env["ir.actions.report"]._render_qweb_pdf("account.account_invoices", move.ids)
    env.cr.rollback()
    env.invalidate_all()
    return server


@bench.contender("ours")
def ours(env, size):
    clock = WkhtmltopdfClock(warm_up(env))

    def work():
        env["crm.recurring.template"]._cron_generate()
        return clock.facts()

    return work


@bench.contender("ours_post")
def ours_post(env, size):
    warm_up(env)
    env["crm.recurring.template"].search([]).write({"after_generation": "post"})
    env.cr.commit()

    def work():
        env["crm.recurring.template"]._cron_generate()
        return {"wkhtmltopdf_s": 0.0, "wkhtmltopdf_cpu_s": 0.0, "wkhtmltopdf_calls": 0, "printed": 0}

    return work


def send_and_print(env, moves):
    """What a user does from the invoice list: select, Send & Print, Send; then the scheduled
    action's job (ten invoices each) run until done, each job committed as ``ir.cron`` does."""
    wizard = (
        env["account.move.send.batch.wizard"].with_context(active_model="account.move", active_ids=moves.ids).create({})
    )
    wizard.summary_data  # noqa: B018 - computed as the dialog shows it
    wizard.action_send_and_print()
    env.cr.commit()
    Move = env["account.move"].with_context(**QUEUED)
    while Move.search_count([("sending_data", "!=", False)], limit=1):
        Move._cron_account_move_send()
        env.cr.commit()
        env.invalidate_all()


if BATCH_PRINTING:

    @bench.contender("peer")
    def peer(env, size):
        """Odoo's Send & Print on the same invoices, generated and posted untimed."""
        server = warm_up(env)
        env["crm.recurring.template"].search([]).write({"after_generation": "post"})
        env["crm.recurring.template"]._cron_generate()
        env.cr.commit()
        env.cr.execute("ANALYZE")
        moves = env["account.move"].search([("move_type", "=", "out_invoice"), ("state", "=", "posted")])
        clock = WkhtmltopdfClock(server)

        def work():
            send_and_print(env, moves)
            return clock.facts()

        return work

else:
    log(
        "# no wkhtmltopdf on patched Qt (tools/bootstrap.sh fetches one into .state/wkhtmltopdf): "
        "Send & Print cannot print its batches with Debian's build, so the peer is left out"
    )


# ------------------------------------------------------------------------------ checks


def pdf_text(content):
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, timeout=60, check=True)
    return done.stdout.decode()


@bench.check
def check(env, size, contender, result):
    moves = env["account.move"].search([("move_type", "=", "out_invoice")], order="id")
    assert len(moves) == size, f"{contender}: {len(moves)} invoices, not {size}"
    assert set(moves.mapped("state")) == {"posted"}, f"{contender}: not every invoice is posted"
    facts = dict(result or {})
    if contender == "ours_post":
        facts["units"] = size
        return facts
    pdfs = env["ir.attachment"].search(
        [("res_model", "=", "account.move"), ("res_field", "=", "invoice_pdf_report_file")]
    )
    by_move = {}
    for pdf in pdfs:
        by_move.setdefault(pdf.res_id, []).append(pdf)
    assert set(by_move) == set(moves.ids), f"{contender}: {len(set(moves.ids) - set(by_move))} invoices without PDF"
    assert all(len(found) == 1 for found in by_move.values()), f"{contender}: an invoice has two PDFs"
    assert all(move.message_main_attachment_id.id == by_move[move.id][0].id for move in moves), (
        f"{contender}: a PDF is not its invoice's main attachment"
    )
    env.cr.execute(
        """SELECT res_id, count(*) FROM mail_mail m JOIN mail_message msg ON msg.id = m.mail_message_id
            WHERE msg.model = 'account.move' AND m.state = 'outgoing' GROUP BY res_id"""
    )
    mails = dict(env.cr.fetchall())
    assert set(mails) == set(moves.ids), f"{contender}: {len(set(moves.ids) - set(mails))} invoices without mail"
    assert set(mails.values()) == {1}, f"{contender}: an invoice e-mailed twice"
    sample = moves[:: max(len(moves) // SAMPLE, 1)][:SAMPLE]
    for move in sample:
        raw = by_move[move.id][0].raw
        assert raw.startswith(b"%PDF"), f"{contender}: {move.name}'s attachment is not a PDF"
        text = pdf_text(raw)
        neighbour = moves[(moves.ids.index(move.id) + 1) % len(moves)]
        assert move.name in text, f"{contender}: {move.name} is not in its own PDF"
        assert len(moves) == 1 or neighbour.name not in text, f"{contender}: {neighbour.name} is in {move.name}'s PDF"
        message = env["mail.message"].search(
            [("model", "=", "account.move"), ("res_id", "=", move.id), ("message_type", "=", "comment")]
        )
        assert len(message) == 1, f"{contender}: {len(message)} e-mail messages on {move.name}"
        names = message.attachment_ids.mapped("name")
        assert message.attachment_ids.mapped("raw") == [raw], f"{contender}: {move.name}'s mail carries {names}"
    facts["units"] = len(by_move)
    return facts


def all_cpu(run):
    """CPU seconds of the whole work: Odoo, its PostgreSQL backend, wkhtmltopdf, asset server."""
    facts = run["facts"]
    return run["cpu"] + run["db_cpu"] + facts.get("wkhtmltopdf_cpu_s", 0) + facts.get("asset_server_cpu_s", 0)


@bench.summary
def pdf_lines(results):
    lines = []
    for size, runs in results.items():
        parts = [f"recurring_send-pdf size={size}"]
        for name in ("ours", "peer"):
            run = runs.get(name)
            if not run:
                parts.append(f"{name}_pdf_s=-")
                continue
            facts = run["facts"]
            parts.append(f"{name}_pdf_s={run['rate']:.2f}")
            parts.append(f"{name}_wkhtmltopdf_share={facts.get('wkhtmltopdf_s', 0) / max(run['wall'], 1e-9):.2f}")
            parts.append(f"{name}_wkhtmltopdf_calls={facts.get('wkhtmltopdf_calls', 0)}")
            parts.append(f"{name}_wkhtmltopdf_s={facts.get('wkhtmltopdf_s', 0)}")
            parts.append(f"{name}_wkhtmltopdf_cpu_s={facts.get('wkhtmltopdf_cpu_s', 0)}")
            parts.append(f"{name}_asset_server_cpu_s={facts.get('asset_server_cpu_s', 0)}")
            parts.append(f"{name}_all_cpu_s={all_cpu(run):.2f}")
        if runs.get("ours") and runs.get("peer"):
            parts.append(f"ratio={runs['ours']['rate'] / runs['peer']['rate']:.2f}")
            parts.append(f"all_cpu_ratio={all_cpu(runs['peer']) / max(all_cpu(runs['ours']), 1e-9):.2f}")
        if runs.get("ours") and runs.get("ours_post"):
            # the e-mailing part of ours alone: its time minus the generation and posting time
            mailing = runs["ours"]["wall"] - runs["ours_post"]["wall"]
            parts.append(f"ours_send_only_pdf_s={size / mailing:.2f}" if mailing > 0 else "ours_send_only_pdf_s=-")
        parts.append("batch_printing=" + ("yes" if BATCH_PRINTING else "no"))
        lines.append(" ".join(parts))
    if SMOKE:
        return [line.replace(" ratio=", " smoke_ratio=") for line in lines]
    return lines


if __name__ == "__main__":
    bench.main()
