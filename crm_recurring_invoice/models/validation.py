"""Checks of values arriving in ``create``/``write`` before the ORM converts or stores them.

Odoo turns a wrong type into a ``ValueError``/``TypeError`` while converting, and an integer
beyond 32 bits or a non-finite number into a database error on INSERT; both reach an RPC
client as a traceback. :func:`check_values` answers them with a ``ValidationError`` naming the
field, in the user's language, before anything is written.
"""

import math

from odoo import _, fields
from odoo.exceptions import MissingError, UserError, ValidationError
from odoo.models import BaseModel

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
FLOAT_LIMIT = 1e15  # far beyond any price or quantity, far below what breaks rounding
TEXT_LIMIT = 100_000  # characters of a description or note
CHAR_LIMIT = 1_000  # characters of a name
DATE_MIN, DATE_MAX = 1900, 2999


def _refuse(model, name, message):
    label = model._fields[name]._description_string(model.env)
    raise ValidationError(_("%(field)s: %(problem)s", field=label, problem=message))


def _check_date(model, name, value):
    try:
        value = fields.Date.to_date(value)
    except (TypeError, ValueError):
        _refuse(model, name, _("%(value)r is not a date (use YYYY-MM-DD).", value=str(value)[:40]))
    if not DATE_MIN <= value.year <= DATE_MAX:
        _refuse(model, name, _("the year must be between %(min)s and %(max)s.", min=DATE_MIN, max=DATE_MAX))


def _check_integer(model, name, field, value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        _refuse(model, name, _("%(value)r is not a whole number.", value=str(value)[:40]))
    if not INT_MIN <= value <= INT_MAX:
        _refuse(model, name, _("%(value)s is out of range.", value=value))


def _check_float(model, name, field, value):
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        _refuse(model, name, _("%(value)r is not a number.", value=str(value)[:40]))
    if not math.isfinite(value) or abs(value) > FLOAT_LIMIT:
        _refuse(model, name, _("%(value)s is out of range.", value=value))


def _check_text(model, name, field, value):
    if not isinstance(value, str):
        _refuse(model, name, _("a text is expected."))
    if len(value) > (CHAR_LIMIT if field.type == "char" else TEXT_LIMIT):
        _refuse(model, name, _("the text is too long (%(length)s characters).", length=len(value)))


def _check_selection(model, name, field, value):
    allowed = [key for key, _label in field._description_selection(model.env)]
    if value not in allowed:
        _refuse(
            model, name, _("%(value)r is not one of %(allowed)s.", value=str(value)[:40], allowed=", ".join(allowed))
        )


def _check_many2one(model, name, field, value):
    if isinstance(value, BaseModel):
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= INT_MAX:
        _refuse(model, name, _("%(value)r is not a record id.", value=str(value)[:40]))
    if not model.env[field.comodel_name].browse(value).exists():
        _refuse(model, name, _("record %(id)s does not exist.", id=value))


def _check_boolean(model, name, field, value):
    if not isinstance(value, (bool, int)):
        _refuse(model, name, _("true or false is expected."))


CHECKS = {
    "integer": _check_integer,
    "float": _check_float,
    "monetary": _check_float,
    "date": lambda model, name, field, value: _check_date(model, name, value),
    "char": _check_text,
    "text": _check_text,
    "html": _check_text,
    "selection": _check_selection,
    "many2one": _check_many2one,
    "boolean": _check_boolean,
}


def check_values(model, vals):
    """Refuse values of the wrong type, out of the column's range, or oversized.

    :param model: the model (any recordset of it) the values are for
    :param vals: a dict of field values as given to ``create``/``write``
    :raise ValidationError: on the first wrong value (False and None, "empty", always pass)
    """
    if not isinstance(vals, dict):
        raise ValidationError(_("Values must be given as a dictionary of field names and values."))
    for name, value in vals.items():
        field = model._fields.get(name)
        check = field is not None and CHECKS.get(field.type)
        if check and value is not None and value is not False:
            check(model, name, field, value)


def check_records(records, operation="read", single=False):
    """Refuse a public method called over RPC on ids that are not ids, on records that do not
    exist, or on records the user may not ``operation`` (another company's, say).

    :param single: the method works on exactly one record
    :raise UserError: ids that are not positive integers, or not one record when ``single``
    :raise MissingError: records that do not exist
    :raise AccessError: records out of the user's rights or companies
    """
    bad = [i for i in records._ids if not isinstance(i, int) or isinstance(i, bool) or not 0 < i <= INT_MAX]
    if bad:
        raise UserError(_("%(ids)s: not a record id.", ids=", ".join(str(i)[:40] for i in bad[:5])))
    if single and len(records) != 1:
        raise UserError(
            _(
                "This action works on one %(model)s at a time, not %(count)s.",
                model=records._description,
                count=len(records),
            )
        )
    missing = records - records.exists()
    if missing:
        raise MissingError(
            _(
                "%(model)s %(ids)s does not exist or has been deleted.",
                model=records._description,
                ids=", ".join(str(i) for i in missing.ids[:5]),
            )
        )
    records.check_access(operation)
