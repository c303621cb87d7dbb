"""Cell helpers shared by the addon's spreadsheets (models/cs_xlsx_report.py) and its tests."""

import xlsxwriter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Spreadsheets carry data, never formulas: a ticket title "=1+1" or "=HYPERLINK(...)" stays text.
WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}


def cs_new_workbook(out):
    """An xlsxwriter workbook that never turns user text into formulas or links."""
    return xlsxwriter.Workbook(out, WORKBOOK_OPTIONS)


def cs_write_cell(sheet, row, col, value, cell_format=None):
    """Write one cell by its Python type: numbers as numbers, everything else as text.

    Text always goes through ``write_string`` (never the type-guessing ``write``), so user text,
    codes and account numbers ("0012...") stay exactly as typed.
    """
    if isinstance(value, bool) or value is None:
        value = "" if value in (None, False) else str(value)
    if isinstance(value, int | float):
        return sheet.write_number(row, col, value, cell_format)
    if value == "":
        return sheet.write_blank(row, col, None, cell_format)
    return sheet.write_string(row, col, str(value), cell_format)


def cs_write_row(sheet, row, values, cell_format=None):
    """``cs_write_cell`` for each value of a row, from column 0."""
    for col, value in enumerate(values):
        cs_write_cell(sheet, row, col, value, cell_format)
