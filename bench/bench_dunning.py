"""Dunning: who is at which level, ours beside OCA credit control's line computation.

Data per size N (``make bench-dunning``; 400, 2,000 and 20,000): N/4 customers with an e-mail,
a mobile and a salesperson, four posted customer invoices each (N in all), every one 11 to 130
days past its due date (spread so that every level is reached); the first 2,000 invoices are
created and posted through the ORM, those beyond are copies of them made in SQL (the customer,
name and dates set anew; posting 20,000 invoices would take longer than the benchmark itself
on 2 cores); one dunning scheme of ours
(10 days: e-mail; 30 days: e-mail and SMS; 60 days: e-mail and a task), the company default;
one OCA credit control policy over the receivable account (10 days after the due date, then
20 and 30 days after the previous reminder), the company's policy. Committed and ``ANALYZE``d,
both addons installed in the same database.

Contenders (the clock stops after the last commit):

* ``peer``: OCA ``account_credit_control`` 18.0 from PyPI: a credit control run of today over
  the policy, ``generate_credit_lines()`` (its line computation: one credit control line per
  overdue invoice at the level it reached);
* ``ours``: ``crm.dunning.scheme._dunning_plan(company, today)``: which level each invoice is
  at and which actions the run takes for which customer (what a run decides before it acts),
  timed five times over for a steadier clock (its rate counts the invoices of the five plans);
* ``ours_run``: the full run, ``_dunning_run(company)``: the plan executed, e-mails rendered
  and queued (``mail.mail``, not sent), SMS queued, tasks created, the ledger written; its rate
  is in customers per second; at 400 and 2,000 invoices only (100 and 500 customers: the
  query count per customer is compared between them).

Checks on every run: the peer made a line for each of the N invoices; our plan covers the N
invoices, each at the level its days give, one group per customer and level; the full run
queued one e-mail per group, one SMS per customer at the 30-day level, one task per customer at
the 60-day level and wrote a ledger row per invoice and action.

Extra lines: ``RESULT dunning-run size=<n> customers=<c> customers_per_s=<x>
queries_per_customer=<q>`` (the query count per customer must not grow with the customers) and
``RESULT dunning-linearity sizes=<a>,<b> ours_time_ratio=<t(b)/t(a)> ours_cpu_ratio=<same by CPU
seconds> ours_queries=<q(a)>,<q(b)> ...`` for each pair of sizes (target at 2,000 -> 20,000: at
most 11; on a shared machine the CPU ratio is the fairer one).
"""

from datetime import date, timedelta
from itertools import pairwise

from harness import SMOKE, Bench

from odoo import Command
from odoo.tools import SQL

QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_create_nosubscribe": True, "mail_notrack": True}
LEVELS = ((10, ("email",)), (30, ("email", "sms")), (60, ("email", "task")))
INVOICES_PER_CUSTOMER = 4
BATCH = 500
PLAN_ROUNDS = 5  # the plan is timed five times over (units: invoices planned), a steadier clock
ORM_INVOICES = 20 if SMOKE else 2_000  # smoke: the copies are checked too

bench = Bench(
    "dunning",
    addons=["crm_dunning"],
    sizes=(400, 2_000, 20_000),
    smoke_sizes=(40,),
    peer=("odoo-addon-account-credit-control>=18.0,<18.1", "account_credit_control"),
    unit="invoices/s",
)


def days_late(customer_no, invoice_no):
    """11 to 130 days: every level (10, 30, 60) is reached by some invoices of most customers."""
    return 11 + (customer_no * 37 + invoice_no * 29) % 120


def expected_level(days):
    return max(offset for offset, _kinds in LEVELS if offset <= days)


@bench.build
def build(env, size):
    company = env.company
    if not company.chart_template:
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
    company.write({"email": "biuro@firma.example.com"})
    company.partner_id.tz = "Europe/Warsaw"
    today = date.today()
    salesperson = env.ref("base.user_admin")
    count = size // INVOICES_PER_CUSTOMER
    partners = (
        env["res.partner"]
        .with_context(**QUIET)
        .create(
            [
                {
                    "name": f"Bench customer {i:06d}",
                    "email": f"customer{i}@example.com",
                    "mobile": f"+48 600 {i // 1000:03d} {i % 1000:03d}",
                    "user_id": salesperson.id,
                }
                for i in range(count)
            ]
        )
    )
    # up to ORM_INVOICES invoices created and posted through the ORM; beyond, copies of them
    orm_customers = min(count, ORM_INVOICES // INVOICES_PER_CUSTOMER)
    Move = env["account.move"].with_context(**QUIET)
    vals_list = [
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": today - timedelta(days=days_late(i, k)),
            "invoice_date_due": today - timedelta(days=days_late(i, k)),
            "invoice_line_ids": [Command.create({"name": "Services", "price_unit": 100.0 + k, "tax_ids": []})],
        }
        for i, partner in enumerate(partners[:orm_customers])
        for k in range(INVOICES_PER_CUSTOMER)
    ]
    sources = []
    for start in range(0, len(vals_list), BATCH):
        moves = Move.create(vals_list[start : start + BATCH])
        moves.action_post()
        sources += moves.ids
        env.cr.commit()
        env.invalidate_all()
    copied = copy_invoices(env, sources, partners, orm_customers, today)
    mail_template = env.ref("crm_dunning.mail_template_overdue")
    sms_template = env.ref("crm_dunning.sms_template_overdue")
    kinds = {
        "email": {"kind": "email", "mail_template_id": mail_template.id},
        "sms": {"kind": "sms", "sms_template_id": sms_template.id},
        "task": {"kind": "task", "task_user": "salesperson", "task_deadline_days": 3},
    }
    env["crm.dunning.scheme"].create(
        {
            "code": "BENCH",
            "name": "Bench scheme",
            "company_id": company.id,
            "is_default": True,
            "level_ids": [
                Command.create(
                    {
                        "sequence": n,
                        "name": f"{offset} days",
                        "day_offset": offset,
                        "action_ids": [Command.create(kinds[kind]) for kind in action_kinds],
                    }
                )
                for n, (offset, action_kinds) in enumerate(LEVELS)
            ],
        }
    )
    receivable = env["account.account"].search(
        [("account_type", "=", "asset_receivable"), ("company_ids", "in", company.id)]
    )
    peer_template = env.ref("account_credit_control.email_template_credit_control_base")
    policy = env["credit.control.policy"].create(
        {
            "name": "Bench policy",
            "company_id": company.id,
            "account_ids": [Command.set(receivable.ids)],
            "level_ids": [
                Command.create(
                    {
                        "name": f"Level {level}",
                        "level": level,
                        "computation_mode": "net_days" if level == 1 else "previous_date",
                        "delay_days": delay,
                        "email_template_id": peer_template.id,
                        "channel": "email",
                        "custom_text": "Please pay.",
                        "custom_mail_text": "<p>Please pay.</p>",
                    }
                )
                for level, delay in ((1, 10), (2, 20), (3, 30))
            ],
        }
    )
    company.credit_policy_id = policy
    return {"customers": len(partners), "invoices": len(sources) + copied, "copied_in_sql": copied}


def columns(env, table):
    env.cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id' "
            "ORDER BY ordinal_position",
            table,
        )
    )
    return [row[0] for row in env.cr.fetchall()]


def copy_invoices(env, sources, partners, orm_customers, today):
    """The invoices of the customers after the first ``orm_customers``, as copies in SQL of the
    posted ones (``sources``, in customer and invoice order): every column of the invoice and
    its lines copied, only the customer, the name and the dates set anew. Posting 20,000
    invoices through the ORM takes longer than the whole benchmark; both contenders read the
    copies as they read the originals (posted, unpaid, a receivable line each).

    Set-based: a temporary table maps each copy (its new id drawn from the sequence) to its
    source, customer, name and date; then one ``INSERT ... SELECT`` for the invoices and one for
    their lines per batch of customers (18,000 copies in a few seconds, not one statement each).

    :return: the number of invoices copied
    """
    move_columns, line_columns = columns(env, "account_move"), columns(env, "account_move_line")
    env.cr.execute(
        """CREATE TEMPORARY TABLE bench_copy (new_id int, source_id int, partner_id int, partner_name varchar,
                                              name varchar, number int, day date) ON COMMIT DROP"""
    )
    rows, copied = [], 0
    for i in range(orm_customers, len(partners)):
        partner = partners[i]
        for k in range(INVOICES_PER_CUSTOMER):
            copied += 1
            rows.append(
                (
                    sources[(i % orm_customers) * INVOICES_PER_CUSTOMER + k],
                    partner.id,
                    partner.name,
                    f"BENCH/{copied:06d}",
                    copied,
                    today - timedelta(days=days_late(i, k)),
                )
            )
    if not rows:
        env.cr.commit()
        return 0
    source_ids, partner_ids, names, numbers, numbered, days = zip(*rows, strict=True)
    env.cr.execute(
        """INSERT INTO bench_copy (new_id, source_id, partner_id, partner_name, name, number, day)
           SELECT nextval('account_move_id_seq'), s, p, pn, n, c, d
             FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::varchar[], %s::int[], %s::date[])
                  AS u(s, p, pn, n, c, d)""",
        [list(source_ids), list(partner_ids), list(names), list(numbers), list(numbered), list(days)],
    )
    move_values = {
        "partner_id": SQL("c.partner_id"),
        "commercial_partner_id": SQL("c.partner_id"),
        "partner_shipping_id": SQL("c.partner_id"),
        "invoice_partner_display_name": SQL("c.partner_name"),
        "name": SQL("c.name"),
        "sequence_prefix": SQL("%s", "BENCH/"),
        "sequence_number": SQL("c.number"),
        "payment_reference": SQL("c.name"),
        "access_token": SQL("NULL"),
        "date": SQL("c.day"),
        "invoice_date": SQL("c.day"),
        "invoice_date_due": SQL("c.day"),
    }
    line_values = {
        "move_id": SQL("c.new_id"),
        "partner_id": SQL("c.partner_id"),
        "move_name": SQL("c.name"),
        "date": SQL("c.day"),
        "invoice_date": SQL("c.day"),
        "date_maturity": SQL("CASE WHEN t.date_maturity IS NULL THEN NULL ELSE c.day END"),
    }

    def copy(table, cols, overrides, join, extra=()):
        """INSERT INTO table (extra + cols) SELECT ... FROM table t JOIN bench_copy c ON join."""
        return SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s t JOIN bench_copy c ON %s",
            SQL.identifier(table),
            SQL(", ").join([SQL.identifier(col) for col, _value in extra] + [SQL.identifier(col) for col in cols]),
            SQL(", ").join(
                [value for _col, value in extra] + [overrides.get(col, SQL.identifier("t", col)) for col in cols]
            ),
            SQL.identifier(table),
            join,
        )

    env.cr.execute(
        copy("account_move", move_columns, move_values, SQL("c.source_id = t.id"), [("id", SQL("c.new_id"))])
    )
    env.cr.execute(copy("account_move_line", line_columns, line_values, SQL("c.source_id = t.move_id")))
    env.cr.commit()
    return copied


def company_and_today(env):
    company = env.company
    return company, env["crm.dunning.scheme"]._company_today(company)


@bench.contender("peer")
def peer(env, size):
    company, today = company_and_today(env)
    run = env["credit.control.run"].create(
        {"date": today, "company_id": company.id, "policy_ids": [Command.set(company.credit_policy_id.ids)]}
    )

    def compute():
        run.generate_credit_lines()
        return len(run.line_ids)

    return compute


@bench.contender("ours")
def ours(env, size):
    company, today = company_and_today(env)
    Scheme = env["crm.dunning.scheme"]
    # warm-up on one customer: the registry, the query plan's caches
    Scheme._dunning_plan(company, today, partners=env["res.partner"].search([], limit=1))

    def plan():
        for _round in range(PLAN_ROUNDS - 1):
            Scheme._dunning_plan(company, today)
        groups = Scheme._dunning_plan(company, today)
        return {"plan": [(group.level_id, list(group.amounts)) for group in groups]}

    return plan


@bench.contender("ours_run", sizes=(400, 2_000))
def ours_run(env, size):
    company, _today = company_and_today(env)
    Scheme = env["crm.dunning.scheme"]
    return lambda: len(Scheme._dunning_run(company))


def check_plan(env, size, result):
    """Each of the ``size`` invoices planned once, at the level its days give."""
    offsets = {level.id: level.day_offset for level in env["crm.dunning.level"].search([])}
    planned = {}
    for level_id, move_ids in result["plan"]:
        for move_id in move_ids:
            assert move_id not in planned, f"invoice {move_id} planned twice"
            planned[move_id] = offsets[level_id]
    assert len(planned) == size, f"our plan covers {len(planned)} of {size} invoices"
    today = env["crm.dunning.scheme"]._company_today(env.company)
    moves = env["account.move"].search_read([("move_type", "=", "out_invoice")], ["invoice_date_due"])
    wrong = [m["id"] for m in moves if planned.get(m["id"]) != expected_level((today - m["invoice_date_due"]).days)]
    assert not wrong, f"{len(wrong)} invoices planned at the wrong level, e.g. {wrong[:5]}"
    return len(result["plan"])


@bench.check
def check(env, size, contender, result):
    customers = size // INVOICES_PER_CUSTOMER
    if contender == "peer":
        lines = env["credit.control.line"].search_count([])
        assert lines == size, f"the peer made {lines} credit control lines for {size} invoices"
        return {"lines": lines}
    if contender == "ours":
        return {"groups": check_plan(env, size, result), "units": size * PLAN_ROUNDS}
    # ours_run: the plan executed
    env.cr.execute(
        """SELECT a.kind, COUNT(*), COUNT(DISTINCT (g.partner_id, g.level_id))
             FROM crm_dunning_ledger g JOIN crm_dunning_action a ON a.id = g.action_id
            WHERE g.state = 'done' GROUP BY a.kind"""
    )
    done = {kind: (rows, groups) for kind, rows, groups in env.cr.fetchall()}
    failed = env["crm.dunning.ledger"].search_count([("state", "!=", "done")])
    assert not failed, f"{failed} actions failed or were replaced"
    mails = env["mail.mail"].search_count([("email_to", "like", "@example.com")])
    sms = env["sms.sms"].search_count([])
    tasks = env["crm.task"].search_count([])
    assert done["email"][0] == size, f"e-mail ledger rows: {done['email'][0]}, not one per invoice ({size})"
    assert mails == done["email"][1], f"{mails} e-mails queued for {done['email'][1]} customer-level groups"
    assert sms == done["sms"][1], f"{sms} SMS queued for {done['sms'][1]} groups"
    assert tasks == done["task"][1], f"{tasks} tasks for {done['task'][1]} groups"
    queued = env["mail.mail"].search_count([("state", "!=", "outgoing")])
    assert not queued, f"{queued} e-mails were not left queued"
    return {"units": customers, "customers": customers, "mails": mails, "sms": sms, "tasks": tasks}


@bench.summary
def summary(results):
    lines = []
    for size, runs in results.items():
        run = runs.get("ours_run")
        if run:
            customers = run["facts"]["customers"]
            lines.append(
                f"dunning-run size={size} customers={customers} customers_per_s={run['rate']:.1f} "
                f"queries_per_customer={run['queries'] / customers:.1f} mails={run['facts']['mails']} "
                f"load={run['load']:.1f}"
            )
    sizes = sorted(size for size in results if results[size].get("ours"))
    for small, big in pairwise(sizes):
        parts = [f"dunning-linearity sizes={small},{big} target<={big / small * 1.1:.0f}"]
        for name in ("ours", "ours_run", "peer"):
            first, second = results[small].get(name), results[big].get(name)
            if first and second:
                cpu = (second["cpu"] + second["db_cpu"]) / max(first["cpu"] + first["db_cpu"], 1e-9)
                parts.append(f"{name}_time_ratio={second['wall'] / first['wall']:.2f} {name}_cpu_ratio={cpu:.2f}")
                parts.append(f"{name}_queries={first['queries']},{second['queries']}")
        lines.append(" ".join(parts))
    return lines


if __name__ == "__main__":
    bench.main()
