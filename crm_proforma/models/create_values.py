"""Checks of ``create()`` values that reach us over RPC, before anything is written.

``create_proforma`` is a public API: its values may come from another addon (trusted Python)
or from any JSON-RPC client. The ORM turns a wrong type into a ``TypeError``/``ValueError``, an
id beyond PostgreSQL's integer into a database error, and a missing record into a foreign-key
error; the caller then sees a traceback. :class:`CreateValuesChecker` walks the values (and the
x2many commands inside them) against the model's fields, checks each value with the suite's
checks (``crm_reminders.models.input_checks``), collects the ids per model, checks them with
one query per model, and raises one clear ``UserError`` in the user's language naming the
document, the line and the field.
"""

from collections import defaultdict

from odoo import Command
from odoo.exceptions import UserError

from odoo.addons.crm_reminders.models.input_checks import field_value_problem, is_record_id

# A document's texts may be longer than a name: a line's description, the terms.
TEXT_LIMITS = {"char": 4096, "text": 1_000_000, "html": 1_000_000}
RELATIONAL = ("many2one", "one2many", "many2many")
COMMANDS = {int(command) for command in Command}


class CreateValuesChecker:
    """Validate ``create()`` values of ``model`` and the records they refer to.

    :param model: the (empty) recordset of the model the values are for; its environment's
        user decides which referenced records may be used (record rules apply unless it is
        the superuser).
    """

    def __init__(self, model):
        self.env = model.env
        self.model = model
        self.ids_by_model = defaultdict(dict)  # model name -> {id: (where, field)}

    def check(self, vals_list, where_fmt):
        """Check every dict of ``vals_list``; raise ``UserError`` on the first problem.

        :param vals_list: the values, one dict per record to create.
        :param where_fmt: a callable ``index -> str`` naming record ``index`` in messages.
        """
        for index, vals in enumerate(vals_list):
            self._check_vals(self.model, vals, where_fmt(index))
        self._check_ids_exist()

    def _error(self, where, message):
        return UserError(self.env._("%(where)s: %(message)s", where=where, message=message))

    def _check_vals(self, model, vals, where):
        if not isinstance(vals, dict):
            raise self._error(where, self.env._("values must be given as a dictionary of field names and values."))
        for fname, value in vals.items():
            field = model._fields.get(fname) if isinstance(fname, str) else None
            if field is None:
                raise self._error(where, self.env._("%(field)s is not a field of this document.", field=_short(fname)))
            self._check_value(model, field, value, where)

    def _check_value(self, model, field, value, where):
        if value is None or value is False:
            return
        if field.type in RELATIONAL:
            problem = getattr(self, f"_check_{field.type}")(field, value, where)
        else:
            problem = field_value_problem(model, field, value, TEXT_LIMITS.get(field.type))
        if problem:
            label = field._description_string(self.env)
            raise self._error(where, self.env._("%(field)s: %(problem)s", field=label, problem=problem))

    def _check_many2one(self, field, value, where):
        if not is_record_id(value):
            return self.env._("expected the id of a record, got %(value)s.", value=_short(value))
        self.ids_by_model[field.comodel_name].setdefault(value, (where, field))
        return None

    def _check_one2many(self, field, value, where):
        if not isinstance(value, (list, tuple)):
            return self.env._("expected a list of commands, got %(value)s.", value=_short(value))
        comodel = self.env[field.comodel_name]
        for position, command in enumerate(value, start=1):
            if field.type == "many2many" and is_record_id(command):
                self.ids_by_model[field.comodel_name].setdefault(command, (where, field))
                continue
            if not _is_command(command):
                return self.env._(
                    "item %(position)s is not a valid command: %(value)s.", position=position, value=_short(command)
                )
            code = command[0]
            if code == Command.CLEAR:
                continue
            if code in (Command.UPDATE, Command.DELETE, Command.UNLINK, Command.LINK):
                if not is_record_id(command[1]):
                    return self.env._(
                        "item %(position)s does not name a record id: %(value)s.",
                        position=position,
                        value=_short(command),
                    )
                self.ids_by_model[field.comodel_name].setdefault(command[1], (where, field))
            if code in (Command.CREATE, Command.UPDATE):
                line_where = self.env._("%(where)s, line %(position)s", where=where, position=position)
                self._check_vals(comodel, command[2], line_where)
            if code == Command.SET:
                ids = command[2]
                if not isinstance(ids, (list, tuple)) or not all(is_record_id(id_) for id_ in ids):
                    return self.env._(
                        "item %(position)s does not list record ids: %(value)s.",
                        position=position,
                        value=_short(command),
                    )
                for id_ in ids:
                    self.ids_by_model[field.comodel_name].setdefault(id_, (where, field))
        return None

    _check_many2many = _check_one2many

    def _check_ids_exist(self):
        """One query per model: every referred id exists and the user may use it."""
        for model_name, refs in self.ids_by_model.items():
            comodel = self.env[model_name].with_context(active_test=False)
            found = set(comodel.search([("id", "in", list(refs))]).ids)
            for id_, (where, field) in refs.items():
                if id_ not in found:
                    raise self._error(
                        where,
                        self.env._(
                            "%(field)s: record #%(id)s does not exist or you may not use it.",
                            field=field._description_string(self.env),
                            id=id_,
                        ),
                    )


def _is_command(command):
    """Tell whether ``command`` has the shape of an x2many command: ``(code, id, values)``."""
    if not isinstance(command, (list, tuple)) or not command:
        return False
    code = command[0]
    if isinstance(code, bool) or not isinstance(code, int) or code not in COMMANDS:
        return False
    return code == Command.CLEAR or len(command) == 3


def _short(value, limit=60):
    """A value as shown in a message: at most ``limit`` characters of its repr."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
