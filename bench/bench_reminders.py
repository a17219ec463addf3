"""Przypominacz at scale: one user's systray list (first 20) beside Odoo's activity systray.

Data per size S (``make bench-reminders``; sizes 10,000 and 100,000): the measured user has S
open items across every reminder source (activities, meetings, CRM tasks, offers nearing
expiry, recurring invoice templates), deadlines spread like a busy salesperson's (a fifth
overdue up to 90 days, the rest over the coming year); nine other users hold ten times as much
(twice as much in smoke mode). One prototype of each source per user is made with the ORM, the
rest are SQL copies of it with their own deadlines (an ORM build of 1.1 million records would
take the machine for an hour; the sources read only the copied columns).

Contenders (latency, one JSON-RPC-like call each: fresh cursor, rolled back):

* ``ours``: ``crm.reminder.get_reminder_summary(limit=20)``, what the bell calls;
* ``peer``: ``res.users._get_activity_groups()``, Odoo's activity systray (activities only).

Checks: ours lists 20 distinct items, earliest deadline first, each the measured user's; the
peer counts the user's activities (core reads at most 1,000). ``RESULT reminders-queries``
says whether our query count stayed the same from the small size to the large one.
"""

from datetime import date, timedelta

from harness import Bench

from odoo import Command
from odoo.tools import SQL

OTHER_USERS = 9
SHARES = {"activity": 0.4, "meeting": 0.2, "task": 0.2, "offer": 0.1, "template": 0.1}
CUSTOMERS = 200
LISTED = 20

bench = Bench(
    "reminders",
    addons=["crm_reminders", "crm_offers", "crm_recurring_invoice", "crm_dunning"],
    sizes=(10_000, 100_000),
    smoke_sizes=(200, 1_000),
    kind="latency",
    runs=40,
)


def others_factor():
    from harness import SMOKE

    return 2 if SMOKE else 10


# ------------------------------------------------------------------------------ data

# A day from 90 days ago to 365 days ahead; a working hour on that day (naive UTC).
RANDOM_DAY = "(CURRENT_DATE + (floor(random() * 456)::int - 90) + 0 * g)"
RANDOM_AT = f"({RANDOM_DAY} + interval '7 hours' + floor(random() * 9) * interval '1 hour')"


def multiply(env, record, copies, **overrides):
    """``copies`` SQL copies of ``record`` (one row of its table), the columns in ``overrides``
    replaced by SQL expressions over the copy number ``g`` and the ``lateral`` row ``r``."""
    env.flush_all()  # the copies are of the row as the ORM left it (computed fields included)
    table = record._table
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'", [table]
    )
    columns = [row[0] for row in env.cr.fetchall()]
    lateral = overrides.pop("lateral", "SELECT 1 AS one")
    values = SQL(", ").join(SQL(overrides[c]) if c in overrides else SQL.identifier("t", c) for c in columns)
    env.cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s t, generate_series(1, %s) g, LATERAL (%s WHERE g > 0) r"
            " WHERE t.id = %s RETURNING id",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(c) for c in columns),
            values,
            SQL.identifier(table),
            copies,
            SQL(lateral),
            record.id,
        )
    )
    return [row[0] for row in env.cr.fetchall()]


def give_items(env, user, total, customers, journal, product):
    """``total`` open items of ``user`` across the sources (see SHARES)."""
    quiet = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
    quiet.update(mail_create_nosubscribe=True, mail_activity_quick_update=True, no_mail_to_attendees=True)
    env = env(context=quiet)
    count = {kind: max(1, int(total * share)) for kind, share in SHARES.items()}
    count["activity"] = total - sum(n for kind, n in count.items() if kind != "activity")
    today = date.today()
    customer_array = "ARRAY[%s]" % ",".join(str(i) for i in customers.ids)
    activity = env["mail.activity"].create(
        {
            "res_model_id": env["ir.model"]._get_id("res.partner"),
            "res_id": customers[0].id,
            "activity_type_id": env.ref("mail.mail_activity_data_todo").id,
            "summary": "Follow-up",
            "date_deadline": today,
            "user_id": user.id,
        }
    )
    multiply(
        env,
        activity,
        count["activity"] - 1,
        date_deadline=RANDOM_DAY,
        res_id=f"({customer_array})[1 + mod(g, {len(customers)})]",
    )
    event = env["calendar.event"].create(
        {
            "name": "Meeting",
            "start": today + timedelta(days=1),
            "stop": today + timedelta(days=1, hours=1),
            "user_id": user.id,
            "partner_ids": [Command.set(user.partner_id.ids)],
        }
    )
    new_events = multiply(
        env,
        event,
        count["meeting"] - 1,
        lateral=f"SELECT {RANDOM_AT} AS at",
        start="r.at",
        stop="r.at + interval '1 hour'",
        start_date="r.at::date",
        stop_date="r.at::date",
    )
    env.cr.execute(
        "INSERT INTO calendar_event_res_partner_rel (calendar_event_id, res_partner_id) SELECT unnest(%s::int[]), %s",
        [new_events, user.partner_id.id],
    )
    task = env["crm.task"].create(
        {"name": "Call back", "kind": "call", "partner_id": customers[0].id, "user_id": user.id, "deadline": today}
    )
    multiply(
        env, task, count["task"] - 1, deadline=RANDOM_AT, partner_id=f"({customer_array})[1 + mod(g, {len(customers)})]"
    )
    offer = (
        env["sale.order"]
        .with_context(default_is_offer=True)
        .create({"partner_id": customers[0].id, "user_id": user.id, "validity_date": today})
    )
    multiply(env, offer, count["offer"] - 1, validity_date=RANDOM_DAY)
    template = env["crm.recurring.template"].create(
        {
            "name": f"Subscription of {user.name}",
            "journal_id": journal.id,
            "user_id": user.id,
            "interval_number": 1,
            "interval_unit": "month",
            "date_start": today,
            "line_ids": [
                Command.create({"product_id": product.id, "name": "Hosting", "quantity": 1, "price_unit": 10})
            ],
            "partner_ids": [Command.create({"partner_id": customers[0].id})],
        }
    )
    template.action_start()
    multiply(env, template, count["template"] - 1, next_generation_date=RANDOM_DAY)
    return count


@bench.build
def build(env, size):
    env.cr.execute("SELECT setseed(0.2026)")
    group_ids = [env.ref("base.group_user").id, env.ref("crm_reminders.group_crm_user").id]
    group_ids.append(env.ref("sales_team.group_sale_salesman").id)
    users = env["res.users"].create(
        [
            {
                "name": f"Bench user {i}",
                "login": f"bench{i}",
                "tz": "Europe/Warsaw",
                "groups_id": [Command.set(group_ids)],
            }
            for i in range(OTHER_USERS + 1)
        ]
    )
    customers = env["res.partner"].create([{"name": f"Customer {i}", "is_company": True} for i in range(CUSTOMERS)])
    # a sales journal is all a template needs here (no chart of accounts: nothing is invoiced)
    journal = env["account.journal"].create({"name": "Bench sales", "type": "sale", "code": "BNCH"})
    product = env["product.product"].create({"name": "Hosting", "type": "service", "list_price": 10})
    mine = give_items(env, users[0], size, customers, journal, product)
    per_other = size * others_factor() // OTHER_USERS
    for user in users[1:]:
        give_items(env, user, per_other, customers, journal, product)
    env.flush_all()
    return {"user_items": sum(mine.values()), "others_items": per_other * OTHER_USERS, **mine}


# ------------------------------------------------------------------------------ contenders


def measured_user(env):
    return env["res.users"].search([("login", "=", "bench0")]).id


@bench.contender("ours")
def ours(env, size):
    uid = measured_user(env)
    return lambda env: env(user=uid)["crm.reminder"].get_reminder_summary(limit=LISTED)


@bench.contender("peer")
def peer(env, size):
    uid = measured_user(env)
    return lambda env: env(user=uid)["res.users"]._get_activity_groups()


# ------------------------------------------------------------------------------ checks

OWNER = {
    "mail.activity": "SELECT user_id FROM mail_activity WHERE id = %s",
    "crm.task": "SELECT user_id FROM crm_task WHERE id = %s",
    "sale.order": "SELECT user_id FROM sale_order WHERE id = %s",
    "crm.recurring.template": "SELECT user_id FROM crm_recurring_template WHERE id = %s",
    "calendar.event": "SELECT u.id FROM calendar_event_res_partner_rel r JOIN res_users u"
    " ON u.partner_id = r.res_partner_id WHERE r.calendar_event_id = %s",
}


@bench.check
def check(env, size, contender, result):
    uid = measured_user(env)
    if contender == "ours":
        items = result["items"]
        keys = [item["key"] for item in items]
        assert len(items) == LISTED, f"ours listed {len(items)} items, not {LISTED}"
        assert len(set(keys)) == len(keys), f"duplicate reminders: {keys}"
        deadlines = [item["deadline"] for item in items]
        assert deadlines == sorted(deadlines), "the list is not in deadline order"
        for key in keys:
            model, res_id, _stamp = key.split(":")
            env.cr.execute(OWNER[model], [int(res_id)])
            owners = {row[0] for row in env.cr.fetchall()}
            assert uid in owners, f"{key} is not the measured user's"
        return {"listed": len(items), "sources": len({item["source"] for item in items}), "due": result["count"]}
    counted = sum(group["total_count"] + group["planned_count"] for group in result)
    activities = env["mail.activity"].search_count([("user_id", "=", uid)])
    assert counted == min(activities, 1000), f"the peer counted {counted} activities of {activities}"
    return {"activities_counted": counted}


@bench.summary
def queries_flat(results):
    """Our query count at each size: the same at every size means it does not grow with the data."""
    counts = {size: runs["ours"]["queries_per_call"] for size, runs in results.items() if runs.get("ours")}
    if len(counts) < 2:
        return []
    listed = " ".join(f"size_{size}={count}" for size, count in counts.items())
    return [f"reminders-queries {listed} flat={len(set(counts.values())) == 1}"]


if __name__ == "__main__":
    bench.main()
