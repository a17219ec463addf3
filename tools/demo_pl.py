"""Make a new `make run` database Polish before the suite is installed into it.

Run by tools/run.sh between installing `base` and installing the suite (with `l10n_pl`): the
main company becomes a Polish firm (PLN, A4, Warsaw time), so that installing `account` and
`l10n_pl` loads Odoo's Polish chart of accounts and taxes (VAT 23/8/5 %) for it; the Odoo demo
customers that our demo records use become Polish firms with made-up names and NIP numbers valid
by checksum; the administrator and the demo user work in Polish.

Usage: python tools/demo_pl.py [--taxes] <odoo options: -d DB --addons-path ... --db_host ...>
With --taxes (after the suite is installed): the demo products, made before the Polish chart
was loaded, get the company's default VAT (23 %), and so do the lines of the demo pro forma and
recurring templates. Tests never use this: they build their own data.
"""

import sys

import odoo
from odoo.modules.registry import Registry
from odoo.tools import config

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)

COMPANY = {
    "name": "Meble Optima Sp. z o.o.",
    "street": "ul. Marszałkowska 84",
    "zip": "00-514",
    "city": "Warszawa",
    "vat": "5261041182",
    "phone": "+48 22 628 45 10",
    "email": "biuro@meble-optima.example.pl",
    "website": "https://meble-optima.example.pl",
    "company_registry": "0000123456",
}

# The Odoo demo partners that crm_* demo records refer to, made Polish.
CUSTOMERS = {
    "base.res_partner_2": {
        "name": "Biuro Projektowe Kwadrat Sp. z o.o.",
        "street": "ul. Piotrkowska 120",
        "zip": "90-006",
        "city": "Łódź",
        "vat": "7792410354",
        "phone": "+48 42 630 11 20",
    },
    "base.res_partner_3": {
        "name": "Wnętrza Gemini Sp. z o.o.",
        "street": "ul. Długa 5",
        "zip": "80-831",
        "city": "Gdańsk",
        "vat": "5843001720",
        "phone": "+48 58 301 22 40",
    },
    "base.res_partner_4": {
        "name": "Hotel Pod Wawelem S.A.",
        "street": "ul. Grodzka 40",
        "zip": "31-044",
        "city": "Kraków",
        "vat": "6772245609",
        "phone": "+48 12 421 55 60",
    },
    "base.res_partner_12": {
        "name": "Kancelaria Nowak i Wspólnicy sp.k.",
        "street": "ul. Świdnicka 8",
        "zip": "50-067",
        "city": "Wrocław",
        "vat": "9512229058",
        "phone": "+48 71 344 18 90",
    },
}


def nip_is_valid(nip):
    """Polish NIP: ten digits, the last one the weighted sum of the first nine modulo 11."""
    if len(nip) != 10 or not nip.isdigit():
        return False
    check = sum(weight * int(digit) for weight, digit in zip(NIP_WEIGHTS, nip, strict=False)) % 11
    return check != 10 and check == int(nip[9])


def make_polish(env):
    poland = env.ref("base.pl")
    pln = env.ref("base.PLN")
    pln.active = True
    env["res.lang"]._activate_lang("pl_PL")
    env["ir.module.module"].search([("state", "=", "installed")])._update_translations(["pl_PL"])
    company = env.ref("base.main_company")
    company.write(
        {
            **COMPANY,
            "country_id": poland.id,
            "currency_id": pln.id,
            "paperformat_id": env.ref("base.paperformat_euro").id,
        }
    )
    company.partner_id.lang = "pl_PL"
    for xmlid, vals in CUSTOMERS.items():
        partner = env.ref(xmlid, raise_if_not_found=False)
        if partner:
            partner.write({**vals, "country_id": poland.id, "state_id": False, "lang": "pl_PL"})
    users = env["res.users"].browse()
    for xmlid in ("base.user_admin", "base.user_demo"):
        users |= env.ref(xmlid, raise_if_not_found=False) or env["res.users"].browse()
    users.write({"lang": "pl_PL", "tz": "Europe/Warsaw"})


def add_default_taxes(env):
    company = env.ref("base.main_company")
    tax = company.account_sale_tax_id
    products = env["product.template"].with_context(active_test=False).search([("sale_ok", "=", True)])
    products.filtered(lambda p: not p.taxes_id).write({"taxes_id": [odoo.Command.set(tax.ids)]})
    for xmlid in ("crm_proforma.proforma_gemini_demo",):
        move = env.ref(xmlid, raise_if_not_found=False)
        if move and move.state == "draft":
            lines = move.invoice_line_ids.filtered(lambda line: line.display_type == "product" and not line.tax_ids)
            lines.write({"tax_ids": [odoo.Command.set(tax.ids)]})
    if "crm.recurring.template.line" in env:
        env["crm.recurring.template.line"].search([("tax_ids", "=", False)])._compute_tax_ids()


def main(argv):
    taxes = "--taxes" in argv
    config.parse_config([arg for arg in argv if arg != "--taxes"])
    for vals in (COMPANY, *CUSTOMERS.values()):
        assert nip_is_valid(vals["vat"]), vals["vat"]
    with Registry(config["db_name"]).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if taxes:
            add_default_taxes(env)
            print(f"[run] {config['db_name']}: demo products and documents carry the default VAT")
        else:
            make_polish(env)
            print(f"[run] {config['db_name']}: Polish demo company {COMPANY['name']} (PLN, A4), Polish demo customers")


if __name__ == "__main__":
    main(sys.argv[1:])
