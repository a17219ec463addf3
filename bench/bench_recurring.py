"""Invoices per second from recurring templates: crm_recurring_invoice beside OCA contract.

Data per size N (``make bench-recurring``; 500, 2,000 and 5,000): N customers, two taxed
service products (generic chart), N monthly pre-paid OCA contracts of two lines and N of our
templates of two lines with one customer each, all due today.

Contenders (the clock stops after the last commit):

* ``peer``: OCA ``contract`` 18.0 from PyPI, ``cron_recurring_create_invoice()``, what its
  scheduled action runs;
* ``ours``: ``crm.recurring.template._cron_generate()``, one worker;
* ``ours_shared``: the same over templates of 100 customers each (Optima's own use case);
* ``ours_one_template``: one template of all N customers (at 2,000 only);
* ``ours_2workers``: two processes, ``_cron_generate(worker=0|1, workers=2)``;
* ``ceiling``: one ``account.move.create(vals_list)`` of the same invoices, tracking off.

Checks on every run: N invoices, 2N product lines, the total the taxes give, no customer
invoiced twice, no ledger period recorded twice. Extra lines: ``RESULT recurring-shared``
(shared and one-template rates over the one-customer rate, target >= 0.9),
``RESULT recurring-2workers`` (speedup) and ``RESULT recurring-linearity``.
"""

from datetime import date

from harness import Bench
from invoicing_data import PRODUCTS, QUIET, create_seller_and_customers, products

from odoo import Command

SHARED_TEMPLATE_SIZE = 100
BIG_SIZES = (500, 5_000)

bench = Bench(
    "recurring",
    addons=["crm_recurring_invoice"],
    sizes=(500, 2_000, 5_000),
    smoke_sizes=(20,),
    peer=("odoo-addon-contract>=18.0,<18.1", "contract"),
    unit="invoices/s",
)


def customers(env):
    return env["res.partner"].search([("name", "=like", "Bench customer %")], order="id")


def create_templates(env, partners, per_template):
    """Our templates for ``partners``, ``per_template`` customers each, started (so due today)."""
    day = date.today()
    vals_list = []
    for start in range(0, len(partners), per_template):
        chunk = partners[start : start + per_template]
        vals_list.append(
            {
                "name": f"Template {chunk[0].name} (+{len(chunk) - 1})",
                "document_type": "invoice",
                "interval_number": 1,
                "interval_unit": "month",
                "day_mode": "day",
                "day_of_month": day.day,
                "date_start": day,
                "invoicing_mode": "prepaid",
                "end_type": "none",
                "after_generation": "draft",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": f"{product.name} {{period_start}} - {{period_end}}",
                            "quantity": 1,
                            "price_unit": product.list_price,
                        }
                    )
                    for product in products(env)
                ],
                "partner_ids": [Command.create({"partner_id": partner.id}) for partner in chunk],
            }
        )
    Template = env["crm.recurring.template"].with_context(**QUIET)
    templates = Template.browse()
    for start in range(0, len(vals_list), 500):
        templates |= Template.create(vals_list[start : start + 500])
    templates.action_start()
    return templates


@bench.build
def build(env, size):
    partners = create_seller_and_customers(env, size)
    contract_vals = [
        {
            "name": f"Contract {partner.name}",
            "partner_id": partner.id,
            "contract_type": "sale",
            "line_recurrence": False,
            "recurring_rule_type": "monthly",
            "recurring_interval": 1,
            "recurring_invoicing_type": "pre-paid",
            "date_start": date.today(),
            "contract_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": f"{product.name} #START# - #END#",
                        "quantity": 1,
                        "uom_id": product.uom_id.id,
                        "price_unit": product.list_price,
                    }
                )
                for product in products(env)
            ],
        }
        for partner in partners
    ]
    for start in range(0, size, 500):
        env["contract.contract"].with_context(**QUIET).create(contract_vals[start : start + 500])
    templates = create_templates(env, partners, per_template=1)
    return {"customers": len(partners), "contracts": len(contract_vals), "templates": len(templates)}


def ceiling_vals(env):
    """The contenders' invoices as ``account.move.create`` values."""
    day = date.today()
    journal = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1)
    lines = [
        Command.create(
            {
                "product_id": product.id,
                "name": f"{product.name} {day}",
                "quantity": 1,
                "price_unit": product.list_price,
                "display_type": "product",
            }
        )
        for product in products(env)
    ]
    return [
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": day,
            "journal_id": journal.id,
            "invoice_line_ids": lines,
        }
        for partner in customers(env)
    ]


def warm_up(env):
    """One invoice created and rolled back: nobody pays for the first use of ``account.move``
    in a fresh process (a scheduled action runs in a warm server)."""
    env["account.move"].create(ceiling_vals(env)[:1])
    env.flush_all()
    env.cr.rollback()
    env.invalidate_all()


@bench.contender("peer", sizes=BIG_SIZES)
def peer(env, size):
    warm_up(env)
    return lambda: env["contract.contract"].cron_recurring_create_invoice(date_ref=date.today())


@bench.contender("ours")
def ours(env, size):
    warm_up(env)
    return lambda: env["crm.recurring.template"]._cron_generate()


def regroup(env, per_template):
    """Untimed: the one-customer templates replaced by templates of ``per_template`` customers."""
    env["crm.recurring.template"].with_context(active_test=False).search([]).unlink()
    create_templates(env, customers(env), per_template)
    env.cr.commit()
    env.cr.execute("ANALYZE")


@bench.contender("ours_shared")
def ours_shared(env, size):
    regroup(env, SHARED_TEMPLATE_SIZE)
    return ours(env, size)


@bench.contender("ours_one_template", sizes=(2_000,))
def ours_one_template(env, size):
    regroup(env, size)
    return ours(env, size)


@bench.contender("ours_2workers", workers=2, sizes=BIG_SIZES)
def ours_2workers(env, size, worker, workers):
    warm_up(env)
    return lambda: env["crm.recurring.template"]._cron_generate(worker=worker, workers=workers)


@bench.contender("ceiling", sizes=BIG_SIZES)
def ceiling(env, size):
    warm_up(env)
    vals_list = ceiling_vals(env)
    moves = env["account.move"].with_context(tracking_disable=True)
    return lambda: moves.create(vals_list)


@bench.check
def check(env, size, contender, result):
    cr = env.cr
    cr.execute(
        """SELECT count(DISTINCT m.id), count(l.id), count(DISTINCT m.partner_id)
             FROM account_move m JOIN account_move_line l ON l.move_id = m.id AND l.display_type = 'product'
            WHERE m.move_type = 'out_invoice'"""
    )
    invoices, lines, invoiced_customers = cr.fetchone()
    cr.execute("SELECT coalesce(sum(amount_total), 0) FROM account_move WHERE move_type = 'out_invoice'")
    total = float(cr.fetchone()[0])
    company = env.company
    taxes = company.account_sale_tax_id
    expected = size * sum(
        taxes.compute_all(price, currency=company.currency_id)["total_included"] for _name, price in PRODUCTS
    )
    assert invoices == size, f"{contender}: {invoices} invoices, not {size}"
    assert lines == 2 * size, f"{contender}: {lines} product lines, not {2 * size}"
    assert invoiced_customers == size, f"{contender}: {size - invoiced_customers} customers invoiced twice"
    assert abs(total - expected) < 0.005, f"{contender}: total {total:.2f}, not {expected:.2f}"
    cr.execute("SELECT count(*), count(DISTINCT (template_partner_id, period_start)) FROM crm_recurring_period")
    rows, distinct = cr.fetchone()
    assert rows == distinct, f"{contender}: {rows - distinct} ledger periods recorded twice"
    cr.execute(
        "SELECT count(*) FROM mail_message WHERE model IN %s",
        [("account.move", "crm.recurring.template", "contract.contract")],
    )
    return {"units": invoices, "total": round(total, 2), "ledger": rows, "messages": cr.fetchone()[0]}


@bench.summary
def extra_lines(results):
    lines = []
    for size, runs in results.items():
        base = runs.get("ours")
        if base:
            shared = [
                f"{name}_over_ours={runs[name]['rate'] / base['rate']:.2f}"
                for name in ("ours_shared", "ours_one_template")
                if runs.get(name)
            ]
            lines.append(f"recurring-shared size={size} ours={base['rate']:.1f} " + " ".join(shared))
        two = runs.get("ours_2workers")
        if two and base:
            lines.append(
                f"recurring-2workers size={size} ours={two['rate']:.1f} speedup={two['rate'] / base['rate']:.2f}"
            )
    timed = [(size, runs["ours"]) for size, runs in results.items() if runs.get("ours")]
    if len(timed) >= 2:
        (small, first), (big, last) = timed[0], timed[-1]
        cpu = (last["cpu"] + last["db_cpu"]) / max(first["cpu"] + first["db_cpu"], 1e-9)
        lines.append(
            f"recurring-linearity ratio_{big}_over_{small}={last['wall'] / first['wall']:.2f} "
            f"cpu_ratio={cpu:.2f} linear={big / small:.0f}"
        )
    return lines


if __name__ == "__main__":
    bench.main()
