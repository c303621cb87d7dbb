"""Read the first sheet of an XLSX workbook row by row in constant memory.

openpyxl reads a workbook's shared strings table whole, even in read-only mode: a bank's 200,000-line balance
query holds 400,000 distinct texts (every key, every name) there. Here the zip members are parsed as streams
(lxml ``iterparse``, each element dropped once read); the shared strings go to the caller as (index, text) pairs
(the import COPYs them into a PostgreSQL temporary table) and a cell that refers to one is given as a
:class:`SharedString` (its index), resolved by the caller a chunk of rows at a time.

Cells come as openpyxl gives them with ``data_only=True``: None, str (shared, inline or formula strings,
error codes), int or float (``<v>`` with a ".", "e" or "E" is a float), bool.
"""

import posixpath
import zipfile

from lxml import etree

_OFFICE_DOCUMENT = "/officeDocument"
_SHARED_STRINGS = "/sharedStrings"
_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": False}


class SharedString(int):
    """A cell holding the shared string of this index (resolved later, by the caller)."""

    __slots__ = ()


def _local(tag):
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _attribute(element, name):
    """An attribute by its local name, whatever its namespace (transitional or strict OOXML)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _read_xml(book, name):
    with book.open(name) as stream:
        return etree.parse(stream, etree.XMLParser(**_PARSER_OPTIONS)).getroot()


def _relations(book, part):
    """{id: (type, target path)} of a part's relationships."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in book.NameToInfo:
        return {}
    relations = {}
    for rel in _read_xml(book, rels_name):
        target = rel.get("Target") or ""
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        relations[rel.get("Id")] = (rel.get("Type") or "", path)
    return relations


def xlsx_parts(book):
    """(first sheet path, shared strings path or None) of an open ``zipfile.ZipFile`` workbook."""
    workbook = next(
        (path for kind, path in _relations(book, "").values() if kind.endswith(_OFFICE_DOCUMENT)),
        "xl/workbook.xml",
    )
    relations = _relations(book, workbook)
    root = _read_xml(book, workbook)
    sheet = next((e for e in root.iter() if _local(e.tag) == "sheet"), None)
    if sheet is None:
        raise KeyError("the workbook has no sheet")
    sheet_path = relations[_attribute(sheet, "id")][1]
    strings = next((path for kind, path in relations.values() if kind.endswith(_SHARED_STRINGS)), None)
    if strings is not None and strings not in book.NameToInfo:
        strings = None
    return sheet_path, strings


def _text(element, t_tag, r_tag):
    """The text of a shared or inline string: its <t>, or its rich-text runs' <t> (phonetic runs left out)."""
    if len(element) == 1 and element[0].tag == t_tag:
        return element[0].text or ""
    parts = []
    for child in element:
        if child.tag == t_tag:
            parts.append(child.text or "")
        elif child.tag == r_tag:
            parts += [t.text or "" for t in child if t.tag == t_tag]
    return "".join(parts)


def _iter_elements(stream, tag):
    """Each ``tag`` element (any namespace) of an XML stream, dropped once the caller has it."""
    for _event, element in etree.iterparse(stream, events=("end",), tag="{*}" + tag, **_PARSER_OPTIONS):
        yield element
        element.clear(keep_tail=True)
        while element.getprevious() is not None:
            del element.getparent()[0]


def _namespace(element):
    tag = element.tag
    return tag[: tag.rfind("}") + 1]


def iter_shared_strings(book, name):
    """(index, text) of each shared string, in order."""
    with book.open(name) as stream:
        ns = None
        for index, item in enumerate(_iter_elements(stream, "si")):
            if ns is None:
                ns = _namespace(item)
                t_tag, r_tag = ns + "t", ns + "r"
            yield index, _text(item, t_tag, r_tag)


_DIGITS = "0123456789"


def _column(letters, columns={}):  # noqa: B006 (a cache shared by every call)
    """0-based column of a cell reference's letters ("C" -> 2)."""
    column = columns.get(letters)
    if column is None:
        number = 0
        for char in letters.upper():
            number = number * 26 + ord(char) - 64
        column = columns[letters] = number - 1
    return column


def iter_rows(book, name):
    """(row number, [cell values]) of the sheet, from row 1, a missing row given as an empty one."""
    expected = 1
    ns = None
    with book.open(name) as stream:
        for row in _iter_elements(stream, "row"):
            if ns is None:
                ns = _namespace(row)
                c_tag, v_tag, is_tag, t_tag, r_tag = (ns + t for t in ("c", "v", "is", "t", "r"))
            number = row.get("r")
            number = int(number) if number else expected
            while expected < number:
                yield expected, []
                expected += 1
            cells = []
            for cell in row:
                if cell.tag != c_tag:
                    continue
                kind = cell.get("t")
                value = None
                if kind == "inlineStr":
                    for child in cell:
                        if child.tag == is_tag:
                            value = _text(child, t_tag, r_tag)
                else:
                    raw = None
                    for child in cell:
                        if child.tag == v_tag:
                            raw = child.text
                    if raw is not None:
                        if kind is None or kind == "n":
                            raw = raw.strip()
                            value = float(raw) if ("." in raw or "e" in raw or "E" in raw) else int(raw)
                        elif kind == "s":
                            value = SharedString(raw)
                        elif kind == "b":
                            value = raw.strip() in ("1", "true")
                        else:  # str (a formula's text), e (an error: #N/A), d (an ISO date)
                            value = raw
                reference = cell.get("r")
                column = _column(reference.rstrip(_DIGITS)) if reference else len(cells)
                if column == len(cells):
                    cells.append(value)
                else:
                    if column > len(cells):
                        cells += [None] * (column - len(cells) + 1)
                    cells[column] = value
            yield number, cells
            expected = number + 1


def count_rows(book, name):
    """The sheet's last row number, from its <dimension> when it has one, else by reading its rows."""
    with book.open(name) as stream:
        for _event, element in etree.iterparse(stream, events=("start",), **_PARSER_OPTIONS):
            tag = _local(element.tag)
            if tag == "dimension":
                last = (element.get("ref") or "").rpartition(":")[2]
                digits = "".join(c for c in last if c.isdigit())
                if ":" in (element.get("ref") or "") and digits:
                    return int(digits)
                break
            if tag == "sheetData":
                break
    last = 0
    for last, _cells in iter_rows(book, name):  # noqa: B007
        pass
    return last


def open_workbook(stream):
    """A ``zipfile.ZipFile`` over a binary stream (not read into memory)."""
    return zipfile.ZipFile(stream)
