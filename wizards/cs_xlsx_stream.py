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


def _text(element):
    """The text of a shared or inline string: its <t>, or its rich-text runs' <t> (phonetic runs left out)."""
    parts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts += [t.text or "" for t in child if _local(t.tag) == "t"]
    return "".join(parts)


def _iter_elements(stream, tag):
    """Each ``tag`` element (any namespace) of an XML stream, dropped once the caller has it."""
    for _event, element in etree.iterparse(stream, events=("end",), tag="{*}" + tag, **_PARSER_OPTIONS):
        yield element
        element.clear(keep_tail=True)
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]


def iter_shared_strings(book, name):
    """(index, text) of each shared string, in order."""
    with book.open(name) as stream:
        for index, item in enumerate(_iter_elements(stream, "si")):
            yield index, _text(item)


def _column(reference):
    """0-based column of a cell reference ("C12" -> 2)."""
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - 96
        else:
            break
    return number - 1


def _value(cell):
    kind = cell.get("t") or "n"
    if kind == "inlineStr":
        inline = next((c for c in cell if _local(c.tag) == "is"), None)
        return None if inline is None else _text(inline)
    raw = next((c.text for c in cell if _local(c.tag) == "v"), None)
    if raw is None:
        return None
    if kind == "s":
        return SharedString(int(raw))
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind in ("str", "e", "d"):
        return raw
    raw = raw.strip()
    if "." in raw or "e" in raw or "E" in raw:
        return float(raw)
    return int(raw)


def iter_rows(book, name):
    """(row number, [cell values]) of the sheet, from row 1, a missing row given as an empty one."""
    expected = 1
    with book.open(name) as stream:
        for row in _iter_elements(stream, "row"):
            number = int(row.get("r") or expected)
            while expected < number:
                yield expected, []
                expected += 1
            cells = []
            for cell in row:
                if _local(cell.tag) != "c":
                    continue
                reference = cell.get("r")
                column = _column(reference) if reference else len(cells)
                value = _value(cell)
                if column >= len(cells):
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
