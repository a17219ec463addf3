from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL, create_index, make_index_name
from odoo.tools.safe_eval import safe_eval

from .crm_reminder_source_mixin import read_rows
from .input_checks import check_values
from .reminder_time import LEAD_UNIT_SELECTION, MAX_LEAD, lead_delta, lead_in_range

# Bounds of what a client may send (see input_checks): a domain may be long.
INPUT_LIMITS = {"domain": 10_000}


class CrmReminderSource(models.Model):
    """A kind of deadline the Przypominacz collects for each user.

    Two kinds exist so that both programmers and administrators can add deadlines:

    * ``code``: the model named by ``model_id`` inherits ``crm.reminder.source.mixin`` and
      implements its ``_crm_reminder_items`` (see the readme's how-to); the built-in
      sources (tasks, activities, calendar events) and other addons of the suite (offers,
      recurring invoices, dunning) use it.
    * ``field``: no code; an administrator picks a model, a date field, a user field, a
      domain and a lead time, and the engine queries that model itself.
    """

    _name = "crm.reminder.source"
    _description = "Reminder Source"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    model_id = fields.Many2one("ir.model", required=True, ondelete="cascade")
    model = fields.Char(related="model_id.model", string="Model Name")
    kind = fields.Selection(
        [("code", "Python method"), ("field", "Date field")],
        required=True,
        default="field",
        help="Python method: the model is a reminder source in code (crm.reminder.source.mixin). "
        "Date field: the reminder is built from the fields chosen below.",
    )
    date_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('ttype', 'in', ('date', 'datetime')), ('store', '=', True)]",
    )
    user_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('ttype', '=', 'many2one'), ('relation', '=', 'res.users'),"
        " ('store', '=', True)]",
    )
    domain = fields.Char(default="[]", help="Only records matching this domain give reminders.")
    lead_time = fields.Integer(
        default=0, help="How long before the deadline the reminder falls due; 0 uses each user's own lead time."
    )
    lead_unit = fields.Selection(LEAD_UNIT_SELECTION, default="hours", required=True)

    @api.constrains("lead_time", "lead_unit")
    def _check_lead_time(self):
        for source in self:
            if source.lead_time < 0:
                raise ValidationError(
                    _("The lead time of reminder source %(name)s cannot be negative.", name=source.name)
                )
            if not lead_in_range(source.lead_time, source.lead_unit):
                raise ValidationError(
                    _(
                        "The lead time of reminder source %(name)s cannot exceed %(days)s days.",
                        name=source.name,
                        days=MAX_LEAD.days,
                    )
                )

    @api.constrains("kind", "model_id", "date_field_id", "user_field_id", "domain")
    def _check_fields(self):
        """Refuse a no-code source the engine could not query, at save time rather than in
        every user's reminder list later."""
        for source in self.sudo().filtered(lambda s: s.kind == "field"):
            date_field = source.date_field_id
            if not date_field:
                raise ValidationError(_("Reminder source %(name)s needs a date field.", name=source.name))
            if date_field.model_id != source.model_id or date_field.ttype not in ("date", "datetime"):
                raise ValidationError(
                    _(
                        "Field %(field)s of reminder source %(name)s is not a date or date and time field "
                        "of model %(model)s.",
                        field=date_field.field_description,
                        name=source.name,
                        model=source.model_id.name,
                    )
                )
            if not date_field.store:
                raise ValidationError(
                    _("Field %(field)s is not stored, reminders cannot search it.", field=date_field.field_description)
                )
            user_field = source.user_field_id
            if (
                not user_field
                or user_field.model_id != source.model_id
                or user_field.ttype != "many2one"
                or user_field.relation != "res.users"
                or not user_field.store
            ):
                raise ValidationError(
                    _(
                        "Reminder source %(name)s needs a stored user field (a link to a user) of model %(model)s.",
                        name=source.name,
                        model=source.model_id.name,
                    )
                )
            try:
                domain = source._get_domain()
                self.env[source.model].sudo().search_count(domain, limit=1)
            except Exception as error:  # any parse or field error of the typed domain
                raise ValidationError(
                    _("The domain of reminder source %(name)s is not valid: %(error)s", name=source.name, error=error)
                ) from error
        for source in self.sudo().filtered(lambda s: s.kind == "code"):
            model = self.env.get(source.model_id.model)
            if model is None or not isinstance(model, self.pool["crm.reminder.source.mixin"]):
                raise ValidationError(
                    _(
                        "Model %(model)s does not offer reminders from code (crm.reminder.source.mixin); "
                        "use the kind 'Date field' instead.",
                        model=source.model_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, vals, INPUT_LIMITS)
        sources = super().create(vals_list)
        sources._ensure_index()
        self.env.registry.clear_cache()  # _active_sources
        return sources

    def write(self, vals):
        check_values(self, vals, INPUT_LIMITS)
        res = super().write(vals)
        if {"kind", "model_id", "date_field_id", "user_field_id"} & set(vals):
            self._ensure_index()
        self.env.registry.clear_cache()  # _active_sources
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()  # _active_sources
        return res

    @api.model
    @tools.ormcache("self.env.lang")
    def _active_sources(self):
        """``(id, name, model, kind, lead)`` of the active sources in their order, ``lead`` the
        source's own lead time or None: what the engine reads on every refresh of every
        user's list, cached until a source changes (three queries less per list)."""
        return tuple(
            (source.id, source.name, source.model, source.kind, source._lead_delta())
            for source in self.sudo().search([])
        )

    def _ensure_index(self):
        """Index (user field, date field) of a no-code source's table: the reminder list
        reads "this user's records by date" on every refresh, and an administrator's custom
        fields have no index of their own."""
        for source in self.sudo().filtered(lambda s: s.kind == "field" and s.date_field_id and s.user_field_id):
            Model = self.env.get(source.model)
            if Model is None or not Model._auto or Model._abstract:
                continue
            user_column, date_column = source.user_field_id.name, source.date_field_id.name
            create_index(
                self.env.cr,
                make_index_name(Model._table, f"{user_column}_{date_column}_crm_reminder"),
                Model._table,
                [SQL.identifier(user_column).code, SQL.identifier(date_column).code],
            )

    def _get_domain(self):
        self.ensure_one()
        return safe_eval(self.domain or "[]")

    def _lead_delta(self):
        """The source's own lead time, or None when each user's lead time applies."""
        self.ensure_one()
        if not self.lead_time:
            return None
        return lead_delta(self.lead_time, self.lead_unit)

    def _field_items(self, user, date_to, limit=None):
        """Items of a no-code source: records of ``model`` whose user field is ``user`` and
        whose date field is at most ``date_to``, earliest first, that ``user`` may read (the
        engine has checked his access rights)."""
        self.ensure_one()
        Model = self.env[self.model]
        date_name = self.date_field_id.name
        is_date = self.date_field_id.ttype == "date"
        bound = date_to.date() if is_date else date_to
        domain = [(self.user_field_id.name, "=", user.id), (date_name, "<=", bound)] + self._get_domain()
        name_field = Model._fields.get(Model._rec_name)
        if name_field and name_field.store and not name_field.translate:
            # The stored name comes in the same query: no display_name computed per record.
            rows = read_rows(Model, user, domain, ["id", Model._rec_name, date_name], f"{date_name}, id", limit)
        else:
            ids_dates = read_rows(Model, user, domain, ["id", date_name], f"{date_name}, id", limit)
            records = Model.sudo().browse([id_ for id_, _deadline in ids_dates])
            rows = [(record.id, record.display_name, row[1]) for record, row in zip(records, ids_dates, strict=True)]
        return [
            {"res_id": id_, "title": name or "", "deadline": deadline, "all_day": is_date}
            for id_, name, deadline in rows
        ]
