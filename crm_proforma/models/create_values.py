"""Checks of ``create()`` values that reach us over RPC, before anything is written.

``create_proforma`` is a public API: its values may come from another addon (trusted Python)
or from any JSON-RPC client. The ORM turns a wrong type into a ``TypeError``/``ValueError``, an
id beyond PostgreSQL's integer into a database error, and a missing record into a foreign-key
error; the caller then sees a traceback. :class:`CreateValuesChecker` walks the values (and the
x2many commands inside them) against the model's fields, collects the ids per model, checks
them with one query per model, and raises one clear ``UserError`` in the user's language naming
the document, the line and the field.
"""

import datetime
import math
from collections import defaultdict

from odoo import Command, fields
from odoo.exceptions import UserError

# PostgreSQL's ``integer`` (ids, integer columns)
MAX_INT = 2**31 - 1
# Amounts and quantities beyond this are typing errors, and overflow the numeric columns.
MAX_FLOAT = 1e15
MAX_CHAR_LENGTH = 4096
MAX_TEXT_LENGTH = 1_000_000
NUMBER_TYPES = (int, float)
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
        label = field._description_string(self.env)
        checker = getattr(self, f"_check_{field.type}", None)
        if checker:
            problem = checker(field, value, where)
            if problem:
                raise self._error(where, self.env._("%(field)s: %(problem)s", field=label, problem=problem))

    # one method per field type: return a problem text, or None when the value is fine

    def _check_boolean(self, field, value, where):
        if not isinstance(value, (bool, int)):
            return self.env._("expected true or false, got %(value)s.", value=_short(value))
        return None

    def _check_integer(self, field, value, where):
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_INT:
            return self.env._("expected a whole number, got %(value)s.", value=_short(value))
        return None

    def _check_float(self, field, value, where):
        if isinstance(value, bool) or not isinstance(value, NUMBER_TYPES):
            return self.env._("expected a number, got %(value)s.", value=_short(value))
        if not math.isfinite(value) or abs(value) > MAX_FLOAT:
            return self.env._("%(value)s is out of range.", value=value)
        return None

    _check_monetary = _check_float

    def _check_char(self, field, value, where, limit=MAX_CHAR_LENGTH):
        if not isinstance(value, str):
            return self.env._("expected a text, got %(value)s.", value=_short(value))
        if len(value) > limit:
            return self.env._(
                "the text is too long (%(length)s characters, at most %(limit)s).", length=len(value), limit=limit
            )
        return None

    def _check_text(self, field, value, where):
        return self._check_char(field, value, where, limit=MAX_TEXT_LENGTH)

    _check_html = _check_text

    def _check_selection(self, field, value, where):
        if value not in field.get_values(self.env):
            return self.env._("%(value)s is not one of the allowed values.", value=_short(value))
        return None

    def _check_date(self, field, value, where):
        if isinstance(value, datetime.date) or _parses(fields.Date.to_date, value):
            return None
        return self.env._("expected a date as YYYY-MM-DD, got %(value)s.", value=_short(value))

    def _check_datetime(self, field, value, where):
        if isinstance(value, datetime.date) or _parses(fields.Datetime.to_datetime, value):
            return None
        return self.env._("expected a date and time as YYYY-MM-DD HH:MM:SS, got %(value)s.", value=_short(value))

    def _check_json(self, field, value, where):
        if not isinstance(value, dict):
            return self.env._("expected a dictionary, got %(value)s.", value=_short(value))
        return None

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


def is_record_id(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_INT


def _is_command(command):
    """Tell whether ``command`` has the shape of an x2many command: ``(code, id, values)``."""
    if not isinstance(command, (list, tuple)) or not command:
        return False
    code = command[0]
    if isinstance(code, bool) or not isinstance(code, int) or code not in COMMANDS:
        return False
    return code == Command.CLEAR or len(command) == 3


def _parses(to_value, value):
    """Tell whether ``value`` is a short string that ``to_value`` (a date parser) accepts."""
    if not isinstance(value, str) or len(value) > 32:
        return False
    try:
        return bool(to_value(value))
    except ValueError:
        return False


def _short(value, limit=60):
    """A value as shown in a message: at most ``limit`` characters of its repr."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
