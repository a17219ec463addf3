"""XLSX workbooks of the dunning reports and the run preview (``xlsxwriter``, typed cells)."""

import io

import xlsxwriter

from odoo import fields

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(sheets):
    """An XLSX workbook of ``sheets``, as bytes.

    :param sheets: a list of ``(name, columns, rows)``: ``columns`` a list of
        ``(header, kind)`` with kind ``text``, ``int``, ``money``, ``percent``, ``date`` or
        ``datetime``; ``rows`` a list of value lists in the columns' order (False/None: empty)
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#DDDDDD", "text_wrap": True}),
        "money": workbook.add_format({"num_format": "#,##0.00"}),
        "percent": workbook.add_format({"num_format": "0.0"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }
    for name, columns, rows in sheets:
        sheet = workbook.add_worksheet(name[:31])
        for col, (header, kind) in enumerate(columns):
            sheet.write_string(0, col, header, formats["header"])
            sheet.set_column(col, col, 30 if kind == "text" else 14)
        sheet.freeze_panes(1, 0)
        for row, values in enumerate(rows, start=1):
            for col, ((_header, kind), value) in enumerate(zip(columns, values, strict=True)):
                if value is None or value is False:
                    continue
                if kind in ("date", "datetime"):
                    sheet.write_datetime(row, col, fields.Datetime.to_datetime(value), formats[kind])
                elif kind in ("int", "money", "percent"):
                    sheet.write_number(row, col, value, formats.get(kind))
                else:
                    sheet.write_string(row, col, str(value))
        if rows:
            sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    workbook.close()
    return buffer.getvalue()
