from datetime import date, datetime
from typing import TypedDict

from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL, create_index, make_index_name


class _ReminderItemRequired(TypedDict):
    res_id: int
    title: str
    deadline: datetime | date


class ReminderItem(_ReminderItemRequired, total=False):
    """One item a reminder source answers: the shape every source keeps to.

    Required:

    * ``res_id`` (int): id of a record of the source's model. With the deadline it makes the
      reminder's key, under which each user's snooze and dismissal are stored.
    * ``title`` (str): what the list shows, in the user's language.
    * ``deadline`` (datetime or date): a datetime is naive UTC (as Odoo stores it); a date
      (a day without a time) falls due at the start of the user's working day, in his time
      zone, and is overdue from the next day on.

    Optional:

    * ``all_day`` (bool): the deadline is a day even though given as a datetime (its date
      counts, as for a date).
    * ``urgency`` (str): ``"low"``, ``"normal"`` (default) or ``"high"``; an overdue item is
      always ``"high"``.
    * ``link_model`` (str), ``link_id`` (int): the record the entry opens, when it is not
      the source's own record (an activity opens its document).
    """


def user_reader(Model, user):
    """``Model`` as ``user`` reads it: his access rights, record rules and companies.

    The companies are those the caller selected when the caller is ``user`` (the web client's
    company switcher), else all of ``user``'s allowed companies: the scheduled action's or an
    administrator's company selection is not the user's.
    """
    reader = Model.with_user(user)
    if Model.env.uid != user.id and reader.env.context.get("allowed_company_ids"):
        reader = reader.with_context(allowed_company_ids=[])
    return reader


def read_rows(Model, user, domain, fnames, order, limit=None, where=None):
    """Rows (tuples of ``fnames``' values) of ``Model`` matching ``domain`` that ``user`` may
    read, in one SQL query, without loading records in the cache.

    ``where`` (an ``SQL`` over the model's table, optional) is added to the query's conditions:
    for what a domain cannot say but an index answers (e.g. the overlap of a time range, see
    ``calendar.event``).

    ``user``'s record rules (his companies included) apply whatever environment ``Model``
    has, superuser or another user's; his access rights on the model are the engine's
    business (it checks them once per source). A model's own Python ``_search`` refinements
    (as mail.activity's) do not apply: the rows are those the rules allow.
    """
    reader = user_reader(Model, user)
    rules = reader.env["ir.rule"]._compute_domain(Model._name, "read")
    Reader = reader.sudo()
    Reader.flush_model([fname for fname in fnames if fname != "id"])  # pending writes, if any
    query = Reader._search(expression.AND([domain, rules]) if rules else domain, order=order, limit=limit)
    if where is not None:
        query.add_where(where)
    columns = [Reader._field_to_sql(Reader._table, fname, query) for fname in fnames]
    return Reader.env.execute_query(query.select(*columns))


class CrmReminderSourceMixin(models.AbstractModel):
    """Inherit this to make a model a reminder source, then register it with a
    ``crm.reminder.source`` record of kind ``code`` (see the readme's how-to).

    The engine (``crm.reminder``) asks every active source, for one user at a time, for the
    items due by the end of the list's window; it then adds the key, the overdue flag, the
    due/upcoming state and the urgency of overdue items, leaves out what the user snoozed or
    dismissed, merges the sources and sorts by deadline.
    """

    _name = "crm.reminder.source.mixin"
    _description = "Reminder Source"

    # True: every item names a record read in the same call (by _crm_reminder_rows or a
    # search), so none can be gone. False: the engine drops items whose record no longer
    # exists (one more query per list).
    _crm_reminder_live = True

    # Columns of an index for the query of _crm_reminder_items, e.g. ("user_id",
    # "validity_date"): the bell reads "this user's records by deadline, first 20" on every
    # refresh, and without such an index PostgreSQL sorts all of the user's records each time
    # (10,000 offers: 20 ms). Created with the model's table.
    _crm_reminder_index = ()

    def _auto_init(self):
        res = super()._auto_init()
        if self._crm_reminder_index and self._auto and not self._abstract:
            create_index(
                self.env.cr,
                make_index_name(self._table, "_".join(self._crm_reminder_index) + "_crm_reminder"),
                self._table,
                [SQL.identifier(column).code for column in self._crm_reminder_index],
            )
        return res

    @api.model
    def _crm_reminder_items(self, source, user, date_to, limit=None, now=None):
        """The reminder items of ``user`` from this model.

        :param source: the ``crm.reminder.source`` record asking (its name, lead time)
        :param user: the ``res.users`` record whose reminders these are; read what he may
            read (``_crm_reminder_rows`` does), whatever environment ``self`` has
        :param date_to: naive UTC end of the window: items with a deadline after it are not
            wanted; overdue ones (deadline before now) are, however old
        :param limit: at most this many items, earliest deadline first (None: all)
        :param now: naive UTC moment of the list (the engine's clock: use it, not the
            system's, for "not ended yet" or "today")
        :return: a list of :class:`ReminderItem`
        """
        raise NotImplementedError(f"{self._name} is a reminder source but does not implement _crm_reminder_items")

    @api.model
    def _crm_reminder_rows(self, user, domain, fnames, order, limit=None, where=None):
        """Rows of this model for ``_crm_reminder_items``: see :func:`read_rows`."""
        return read_rows(self, user, domain, fnames, order, limit, where)
