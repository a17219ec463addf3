"""Checks of what a client sends to our models: values for ``create``/``write``, and the ids a
public method is called on. One module for the whole suite (every crm_* addon imports it).

The ORM turns a wrong type into a ``ValueError``/``TypeError`` and an out-of-range number or
a missing id into a database error: over RPC the user gets a Python traceback. These checks
answer a ``ValidationError``/``UserError`` in the user's language that names the field or the
records instead (issue 16, "bad input gets a clear error"), before anything is written. They
only look at types, sizes, existence and access; business rules stay in constraints.

- :func:`check_values`: the values of one ``create``/``write``.
- :func:`field_value_problem`: what is wrong with one value of one field (for callers that
  walk nested values themselves and name the place in their own message).
- :func:`check_records`: the records a public method is called on.
"""

import math
from datetime import date

from odoo import fields, models
from odoo.exceptions import MissingError, UserError, ValidationError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# PostgreSQL's integer column (ids, Integer fields)
MAX_INT = 2**31 - 1
# A text longer than this in a Char is a mistake or an attack, not a subject or a name.
DEFAULT_CHAR_SIZE = 256
DEFAULT_TEXT_SIZE = 100_000
# Amounts and quantities beyond this are typing errors, and break rounding.
MAX_FLOAT = 1e15
# Dates outside these years are typing errors (a year 9999 deadline, a year 20 invoice).
MIN_YEAR, MAX_YEAR = 1900, 2999


def check_values(model, vals, limits=None):
    """Refuse values of ``vals`` (for ``model``) that the ORM or the database would turn
    into a technical error.

    :param model: the model (any recordset of it) the values are for
    :param vals: dict of field name -> value, as given to ``create``/``write``
    :param limits: optional dict field name -> (minimum, maximum) for numbers, or maximum
        length for texts
    :raise ValidationError: naming the field and what is expected
    """
    if not isinstance(vals, dict):
        raise ValidationError(
            model.env._(_lt("Expected a dictionary of field values, got %(value)s.", value=_shorten(vals)))
        )
    limits = limits or {}
    for name, value in vals.items():
        field = model._fields.get(name)
        if field is None:
            continue
        error = field_value_problem(model, field, value, limits.get(name))
        if error:
            label = field._description_string(model.env)
            message = _lt(
                "Wrong value for %(field)s: %(value)s. %(expected)s",
                field=label,
                value=_shorten(value),
                expected=error,
            )
            raise ValidationError(model.env._(message))


def field_value_problem(model, field, value, limit=None):
    """What is wrong with ``value`` for ``field`` of ``model``, or None when it is fine.

    :param limit: (minimum, maximum) for a number, maximum length for a text
    :return: the problem as a sentence in the user's language ("Expected a whole number.")
    """
    check = CHECKS.get(field.type)
    error = check and check(model, field, value, limit)
    return model.env._(error) if error else None


def is_record_id(value):
    """Tell whether ``value`` can be the id of a record: a positive integer of PostgreSQL's size."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_INT


def check_records(records, operation="read", single=False, label=None):
    """Refuse a public method called (over RPC, say) on ids that are not ids, on records that
    do not exist, or on records the user may not ``operation`` (another company's, say).

    :param records: the recordset the method was called on
    :param operation: the access the method needs: "read", "write", "create" or "unlink"
    :param single: the method works on exactly one record
    :param label: what the records are, as the user calls them ("offer"), translated; by
        default the model's description
    :raise UserError: ids that are not ids, or not exactly one record when ``single``
    :raise MissingError: records that do not exist (any more)
    :raise AccessError: records out of the user's rights or companies
    """
    env = records.env
    label = label or records._description
    bad = [id_ for id_ in records._ids if not is_record_id(id_)]
    if bad:
        raise UserError(env._("%(ids)s: not the id of a record.", ids=", ".join(_shorten(id_) for id_ in bad[:5])))
    if single and len(records) != 1:
        raise UserError(
            env._("This action works on one %(model)s at a time, not %(count)s.", model=label, count=len(records))
        )
    missing = records - records.exists()
    if missing:
        raise MissingError(
            env._(
                "%(model)s #%(ids)s does not exist or has been deleted.",
                model=label,
                ids=", #".join(str(id_) for id_ in missing.ids[:5]),
            )
        )
    records.check_access(operation)


def _shorten(value):
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_text(model, field, value, limit):
    if value is False or value is None:
        return None
    if not isinstance(value, str):
        return _lt("Expected a text.")
    size = limit or field.size or (DEFAULT_CHAR_SIZE if field.type == "char" else DEFAULT_TEXT_SIZE)
    if len(value) > size:
        return _lt("At most %(size)s characters.", size=size)
    return None


def _check_integer(model, field, value, limit):
    if value is False or value is None:
        return None
    if not _is_number(value) or (isinstance(value, float) and not value.is_integer()):
        return _lt("Expected a whole number.")
    low, high = limit or (-MAX_INT, MAX_INT)
    if not low <= value <= high:
        return _lt("Expected a number from %(low)s to %(high)s.", low=low, high=high)
    return None


def _check_float(model, field, value, limit):
    if value is False or value is None:
        return None
    if not _is_number(value) or not math.isfinite(value):
        return _lt("Expected a number.")
    if limit and not limit[0] <= value <= limit[1]:
        return _lt("Expected a number from %(low)s to %(high)s.", low=limit[0], high=limit[1])
    if abs(value) > MAX_FLOAT:
        return _lt("Expected a number of at most 15 digits.")
    return None


def _check_boolean(model, field, value, limit):
    if not isinstance(value, bool) and value not in (0, 1, None):
        return _lt("Expected true or false.")
    return None


def _check_selection(model, field, value, limit):
    if value is False or value is None:
        return None
    allowed = [key for key, _label in field._description_selection(model.env)]
    if value not in allowed:
        return _lt("Expected one of: %(values)s.", values=", ".join(map(str, allowed)))
    return None


def _check_datetime(model, field, value, limit):
    if value is False or value is None:
        return None
    if not isinstance(value, date):
        parse = fields.Datetime.to_datetime if field.type == "datetime" else fields.Date.to_date
        try:
            value = parse(value) if isinstance(value, str) and len(value) <= 30 else None
        except ValueError:
            value = None
        if not value:
            return _lt("Expected a date as YYYY-MM-DD, with the time as HH:MM:SS for a date and time.")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return _lt("Expected a year from %(low)s to %(high)s.", low=MIN_YEAR, high=MAX_YEAR)
    return None


def _check_json(model, field, value, limit):
    if value is False or value is None or isinstance(value, dict):
        return None
    return _lt("Expected a dictionary.")


def _check_many2one(model, field, value, limit):
    if value is False or value is None or isinstance(value, models.BaseModel):
        return None
    if not is_record_id(value):
        return _lt("Expected the id of a record.")
    if not model.env[field.comodel_name].sudo().browse(value).exists():
        return _lt("No such record (it may have been deleted).")
    return None


def _check_x2many(model, field, value, limit):
    if value is False or value is None:
        return None
    if not isinstance(value, (list, tuple)):
        return _lt("Expected a list of ids or of commands.")
    ids = []
    for command in value:
        if isinstance(command, (list, tuple)):
            if not command or command[0] not in range(7) or len(command) > 3:
                return _lt("Expected a list of ids or of commands.")
            if command[0] == fields.Command.SET:
                if len(command) < 3 or not isinstance(command[2], (list, tuple)):
                    return _lt("Expected a list of ids or of commands.")
                ids.extend(command[2])
            elif command[0] in (
                fields.Command.UPDATE,
                fields.Command.DELETE,
                fields.Command.UNLINK,
                fields.Command.LINK,
            ):
                if len(command) < 2:
                    return _lt("Expected a list of ids or of commands.")
                ids.append(command[1])
            elif command[0] == fields.Command.CREATE and field.type == "many2many":
                return _lt("New records cannot be created here; give the ids of existing ones.")
        else:
            ids.append(command)
    if not all(is_record_id(id_) for id_ in ids):
        return _lt("Expected the ids of records.")
    if len(model.env[field.comodel_name].sudo().browse(ids).exists()) != len(set(ids)):
        return _lt("No such record (it may have been deleted).")
    return None


CHECKS = {
    "char": _check_text,
    "text": _check_text,
    "html": _check_text,
    "integer": _check_integer,
    "float": _check_float,
    "monetary": _check_float,
    "json": _check_json,
    "boolean": _check_boolean,
    "selection": _check_selection,
    "date": _check_datetime,
    "datetime": _check_datetime,
    "many2one": _check_many2one,
    "many2many": _check_x2many,
    "one2many": _check_x2many,
}
