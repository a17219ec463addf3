"""Every addon's Polish translation loads with Odoo's own .po reader.

Odoo reads each entry when an administrator activates Polish; one malformed reference (such as a
`#: code:` line without its line number) makes that fail for the whole addon.
"""

import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PO_FILES = sorted(ROOT.glob("crm_*/i18n/pl.po"))


@pytest.fixture(scope="module")
def po_reader():
    odoo_root = os.environ.get("ODOO_ROOT")
    if odoo_root and odoo_root not in sys.path:
        sys.path.insert(0, odoo_root)
    from odoo.tools.translate import PoFileReader

    return PoFileReader


def test_every_addon_has_a_polish_translation():
    addons = {p.parent.name for p in ROOT.glob("crm_*/__manifest__.py")}
    assert {p.parent.parent.name for p in PO_FILES} == addons


@pytest.mark.parametrize("po_file", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_polish_translation_loads_in_odoo(po_reader, po_file):
    entries = list(po_reader(str(po_file)))
    assert entries, f"{po_file} holds no translation"
    assert all(entry["module"] == po_file.parent.parent.name for entry in entries if entry.get("module"))
    assert any(entry["value"] for entry in entries), f"{po_file} translates nothing"


@pytest.mark.parametrize("po_file", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_polish_translation_is_complete_and_follows_the_export(po_file):
    """pl.po holds exactly the terms of the addon's .pot (Odoo's own export), each translated,
    none fuzzy, each with the references Odoo needs to apply it to a menu, field, view or code.

    A term missing here shows in English in the Polish web client; a term without references
    is read but never applied.
    """
    import polib

    addon = po_file.parent.parent.name
    pot = polib.pofile(str(po_file.parent / f"{addon}.pot"))
    po = polib.pofile(str(po_file))
    exported = {(e.msgctxt, e.msgid) for e in pot if not e.obsolete}
    translated = {(e.msgctxt, e.msgid) for e in po if not e.obsolete}
    assert exported - translated == set(), f"{addon}: terms of the .pot missing from pl.po"
    assert translated - exported == set(), f"{addon}: pl.po terms the .pot no longer has"
    assert [e.msgid for e in po if not e.obsolete and not e.translated()] == [], f"{addon}: untranslated"
    assert [e.msgid for e in po if "fuzzy" in e.flags] == [], f"{addon}: fuzzy"
    assert [e.msgid for e in po if not e.obsolete and not e.occurrences] == [], f"{addon}: no references"
