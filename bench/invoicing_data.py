"""The invoicing data both recurring-invoice benchmarks build: a seller with a chart of accounts,
two taxed service products and ``size`` customers with an e-mail address.

Not a benchmark itself (the harness runs ``bench_*.py`` only); ``bench_recurring`` and
``bench_recurring_send`` import it so that they measure the same kind of invoice.
"""

from odoo import Command

PRODUCTS = (("Bench hosting", 120.0), ("Bench support", 80.0))
# creation without chatter messages, followers or tracking: the data, not its history
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_create_nosubscribe": True}


def products(env):
    """The two bench products, in creation order."""
    return env["product.product"].search([("name", "in", [name for name, _price in PRODUCTS])], order="id")


def create_seller_and_customers(env, size):
    """Load the generic chart on ``env.company`` if it has none, create the products with the
    company's sale tax and ``size`` English-speaking customers; return the customers."""
    company = env.company
    if not company.chart_template:
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
    tax = company.account_sale_tax_id
    env["product.product"].with_context(**QUIET).create(
        [
            {"name": name, "type": "service", "list_price": price, "taxes_id": [Command.set(tax.ids)]}
            for name, price in PRODUCTS
        ]
    )
    return (
        env["res.partner"]
        .with_context(**QUIET)
        .create(
            [
                {"name": f"Bench customer {i:05d}", "email": f"customer{i:05d}@example.com", "lang": "en_US"}
                for i in range(size)
            ]
        )
    )
