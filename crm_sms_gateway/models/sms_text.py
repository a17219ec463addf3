"""Pure SMS text and number rules, kept out of the ORM and tested alone.

- :func:`count_segments`: encoding (GSM-7 or UCS-2) and the number of parts a text is billed as;
- :func:`transliterate`: Polish (and other Latin) diacritics to plain letters, so a text can
  stay in GSM-7 (one segment is 160 characters instead of 70);
- :func:`check_sender_name`: the alphanumeric sender (at most 11 characters);
- :func:`normalize_number`: a phone number in E.164, or the reason it cannot take an SMS.
"""

import re
import unicodedata
from datetime import timedelta
from typing import NamedTuple

import phonenumbers

# GSM 03.38 basic character set (one septet each).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: each character costs an escape plus itself, two septets.
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_MULTI = 160, 153
UCS2_SINGLE, UCS2_MULTI = 70, 67

# Letters NFKD cannot split into a base letter and a combining mark.
_EXTRA_TRANSLITERATION = {
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ø": "o",
    "Ø": "O",
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "„": '"',
    "”": '"',
    "“": '"',
    "’": "'",
    "‘": "'",
    "–": "-",
    "—": "-",
    "…": "...",
    "\u00a0": " ",
}

SENDER_MAX_LENGTH = 11
_SENDER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .\-]*$")

# phonenumbers types that can receive an SMS (or may: it cannot always tell mobile from fixed).
_SMS_CAPABLE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    phonenumbers.PhoneNumberType.PAGER,
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
    phonenumbers.PhoneNumberType.UNKNOWN,
}


class Segments(NamedTuple):
    """How a text is billed: ``encoding`` is ``"GSM-7"`` or ``"UCS-2"``, ``units`` the septets
    or UTF-16 code units it needs, ``segments`` the parts (0 for an empty text), ``per_segment``
    the capacity of one part at that count, ``remaining`` what still fits in the last part."""

    encoding: str
    units: int
    segments: int
    per_segment: int
    remaining: int


def is_gsm7(text):
    """True when every character of ``text`` exists in the GSM-7 alphabet (with extension)."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def count_segments(text):
    """Return the :class:`Segments` of ``text``.

    GSM-7: 160 septets in one part, 153 a part when concatenated; extension characters (``€``,
    ``[``, ...) take two septets. Any other character (Polish diacritics, emoji) switches the
    whole text to UCS-2: 70 code units in one part, 67 a part; characters outside the Basic
    Multilingual Plane (most emoji) take two UTF-16 units each.
    """
    text = text or ""
    if is_gsm7(text):
        encoding, single, multi = "GSM-7", GSM7_SINGLE, GSM7_MULTI
        units = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
    else:
        encoding, single, multi = "UCS-2", UCS2_SINGLE, UCS2_MULTI
        units = len(text.encode("utf-16-le")) // 2
    if units == 0:
        return Segments(encoding, 0, 0, single, single)
    if units <= single:
        return Segments(encoding, units, 1, single, single - units)
    segments = -(-units // multi)
    return Segments(encoding, units, segments, multi, segments * multi - units)


def transliterate(text):
    """Replace letters with diacritics by their base letters (``ą`` -> ``a``, ``ł`` -> ``l``)
    and typographic quotes/dashes by ASCII ones; characters that are GSM-7 already (``é``,
    ``ä``, ``ñ`` ...) and those without a Latin base (emoji) are kept as they are."""
    out = []
    for ch in text or "":
        if ch in GSM7_BASIC or ch in GSM7_EXTENSION:
            out.append(ch)
        elif ch in _EXTRA_TRANSLITERATION:
            out.append(_EXTRA_TRANSLITERATION[ch])
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            out.append(base if base and is_gsm7(base) else ch)
    return "".join(out)


def check_sender_name(sender):
    """Return ``None`` when ``sender`` is a valid alphanumeric sender name, else the reason
    (an English message the caller translates): at most 11 characters, letters of the Latin
    alphabet, digits, spaces, dots and hyphens, starting with a letter or a digit."""
    if not sender:
        return None
    if len(sender) > SENDER_MAX_LENGTH:
        return "too_long"
    if not _SENDER_RE.match(sender):
        return "forbidden_characters"
    return None


class NormalizedNumber(NamedTuple):
    """``e164`` the number in E.164 when it can take an SMS, else ``None`` and ``error`` one of
    ``"missing"``, ``"invalid"``, ``"fixed_line"``."""

    e164: str | None
    error: str | None
    region: str | None


def normalize_number(number, country_code=None):
    """Normalise ``number`` to E.164.

    :param str number: as typed (``"601 234 567"``, ``"+48 601-234-567"``, ``"0048..."``)
    :param str country_code: ISO code of the partner's country, else the company's (``"PL"``),
        used when the number has no international prefix
    :return: a :class:`NormalizedNumber`; fixed lines fail with ``"fixed_line"`` when
        ``phonenumbers`` can tell them from mobiles (in Poland it can; in the USA it cannot)
    """
    number = (number or "").strip()
    if not number:
        return NormalizedNumber(None, "missing", None)
    if number.startswith("00"):
        number = "+" + number[2:]
    region = (country_code or "").upper() or None
    try:
        parsed = phonenumbers.parse(number, None if number.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return NormalizedNumber(None, "invalid", region)
    if not phonenumbers.is_valid_number(parsed):
        return NormalizedNumber(None, "invalid", region)
    region = phonenumbers.region_code_for_number(parsed)
    if phonenumbers.number_type(parsed) not in _SMS_CAPABLE_TYPES:
        return NormalizedNumber(None, "fixed_line", region)
    return NormalizedNumber(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), None, region)


def quiet_until(local_now, start_hour, end_hour):
    """When quiet hours hold at ``local_now``, the local datetime they end; else ``None``.

    :param datetime local_now: the recipient's wall-clock time (naive or aware)
    :param float start_hour: e.g. 21.0 (21:00); quiet hours may span midnight
    :param float end_hour: e.g. 8.0 (08:00); equal to ``start_hour``: never quiet
    """
    if start_hour == end_hour:
        return None
    hour = local_now.hour + local_now.minute / 60 + local_now.second / 3600
    if start_hour < end_hour:
        quiet = start_hour <= hour < end_hour
    else:
        quiet = hour >= start_hour or hour < end_hour
    if not quiet:
        return None
    end = local_now.replace(hour=int(end_hour), minute=round(end_hour % 1 * 60), second=0, microsecond=0)
    return end if end > local_now else end + timedelta(days=1)
