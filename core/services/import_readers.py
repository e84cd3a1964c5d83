"""Reading the spreadsheets associations keep: CSV as French Excel or LibreOffice write it,
XLSX and ODS, into one plain table of cells with their line numbers.

The format is recognised from the content, not the file name: a ZIP holding a workbook is
XLSX or ODS, anything else must be text. Text is UTF-8 (with or without BOM), UTF-16 with
a BOM (Excel's « Texte Unicode »), or Windows-1252 when it is not valid UTF-8, and never
silently misread: an encoding is chosen only when it reads the whole file, so bytes that are
neither, or UTF-8 rows around a stray byte, are refused with their line. The separator is
sniffed on the header line among ``;`` ``,`` and tab. Limits (file size, rows, columns,
unzipped size) keep a hostile file from exhausting memory (security.md IN-2). Every problem is an
:class:`Issue` with a line and, where it applies, a column, in French; a file that cannot
be read at all raises :class:`ImportRejected` before any validation.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from xml.parsers import expat

from core import messages as M
from core.services.import_cells import MOJIBAKE
from core.services.import_model import ImportRejected, Issue

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_ENTRIES = 5_000
MAX_COLUMNS = 64
"""Cells read per row. A layout has seven columns at most; without a bound a row is as wide as
the file says: an XLSX dimension of « A1:XFD… » pads every row to 16,384 cells, an ODS cell
repeats itself 1,024 times, and a few kilobytes became gigabytes of rows."""
MAX_XML_DEPTH = 64
"""Nesting of a workbook's XML. A sheet is about ten levels deep; odfpy walks the document
recursively, and a cell nested 2,000 spans deep ended in a RecursionError."""
MAX_XML_ELEMENTS = 2_000_000
"""XML elements of an ODS, or of an XLSX's shared strings. odfpy holds the whole document in
memory, about a kilobyte per element (a 100,000-row register of seven columns has 1.5
million): 200 MB of « <text:s/> », within the unzipped limit, would have taken some 15 GB."""
MAX_STYLE_ELEMENTS = 250_000
"""XML elements of an XLSX's styles, which openpyxl also loads whole, about a kilobyte per
cell format: 300,000 formats (18 MB, from a 59 KB file) took 300 MB and 6 s, and the unzipped
limit allowed ten times that. Excel itself stops at 64,000 cell formats, each an element or
three."""
ODS_PARTS = ("settings.xml", "meta.xml", "styles.xml", "content.xml")
"""What odfpy loads."""
XLSX_WHOLE = {"xl/styles.xml": MAX_STYLE_ELEMENTS, "xl/sharedStrings.xml": MAX_XML_ELEMENTS}
"""What openpyxl loads whole even when reading a sheet row by row, and each one's bound."""
DELIMITERS = (";", ",", "\t")
DELIMITER_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


@dataclass
class Table:
    """The cells of one sheet: the header as written, then each data row with its line."""

    columns: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    header_line: int = 1
    description: str = ""
    """What was read, e.g. « CSV, point-virgule, UTF-8 avec BOM »."""


def reject(message: str, line: int | None = None, column: str | None = None) -> ImportRejected:
    return ImportRejected([Issue(line=line, column=column, message=message)])


def read_table(data: bytes, sheet: str) -> Table:
    """The table in ``data`` (CSV, XLSX or ODS); ``sheet`` names the workbook sheet wanted.

    Raises:
        ImportRejected: empty, too big, binary, badly encoded or unreadable file.
    """
    if len(data) > MAX_BYTES:
        raise reject(M.IMPORT_TOO_BIG.format(size=len(data) // 2**20, limit=MAX_BYTES // 2**20))
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise reject(M.IMPORT_EMPTY)
    if data.startswith(b"PK\x03\x04"):
        return _workbook(data, sheet)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise reject(M.IMPORT_OLD_XLS)
    return _csv(_decode(data))


# --- text ------------------------------------------------------------------------------------

def _decode(data: bytes) -> tuple[str, str]:
    """The text and a description of its encoding."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise reject(M.IMPORT_BINARY) from None
    _refuse_binary(data)
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "UTF-8 avec BOM"
        except UnicodeDecodeError as exc:
            raise reject(M.IMPORT_BAD_ENCODING, _line_at(data, exc.start)) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        stray = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise reject(M.IMPORT_BAD_ENCODING, _line_at(data, exc.start)) from None
    if MOJIBAKE.search(text):
        # UTF-8 rows around a stray byte: read as Windows-1252, their accents would become
        # « Ã© ». Neither encoding reads the whole file, so neither is chosen.
        raise reject(M.IMPORT_MIXED_ENCODING, _line_at(data, stray))
    return text, "Windows-1252"


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _refuse_binary(data: bytes) -> None:
    """Refuse what is not text: control characters other than tab and line breaks."""
    head = data[:8192]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > max(2, len(head) // 100):
        raise reject(M.IMPORT_BINARY)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise reject(M.IMPORT_NUL, _line_at(data, nul))


def _sniff(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _csv(decoded: tuple[str, str]) -> Table:
    text, encoding = decoded
    delimiter = _sniff(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[Any]]] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problem = M.IMPORT_CELL_HUGE if "field larger" in str(exc) else M.IMPORT_QUOTES
            raise reject(problem, line) from None
        rows.append((line, cells))
        if len(rows) > MAX_ROWS + 1:
            raise reject(M.IMPORT_TOO_MANY_ROWS.format(limit=MAX_ROWS))
    description = M.IMPORT_CSV_READ.format(delimiter=DELIMITER_NAMES[delimiter], encoding=encoding)
    return _table(rows, description)


# --- workbooks -------------------------------------------------------------------------

def _workbook(data: bytes, sheet: str) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise reject(M.IMPORT_BINARY) from None
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNZIPPED:
        raise reject(M.IMPORT_ZIP_BOMB)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" in names:
        for part, limit in XLSX_WHOLE.items():
            if part in names:
                _xml_shape(archive, [part], limit)
        return _xlsx(data, sheet)
    if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIME.encode():
        _xml_shape(archive, [n for n in ODS_PARTS if n in names], MAX_XML_ELEMENTS)
        return _ods(data, sheet)
    raise reject(M.IMPORT_NOT_A_SHEET)


def _pick_sheet(names: list[str], wanted: str) -> str:
    from core.persistence.text import alias_key
    for name in names:
        if alias_key(name) == alias_key(wanted):
            return name
    if len(names) == 1:
        return names[0]
    raise reject(M.IMPORT_WRONG_SHEET.format(sheet=wanted, sheets=", ".join(f"« {n} »" for n in names)))


def _xlsx(data: bytes, sheet: str) -> Table:
    from openpyxl import load_workbook  # only XLSX files need it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many types for a damaged file
        raise reject(M.IMPORT_UNREADABLE_SHEET) from None
    try:
        name = _pick_sheet(book.sheetnames, sheet)
        rows = _xlsx_rows(book[name])
    finally:
        book.close()
    return _table(rows, M.IMPORT_SHEET_READ.format(format="XLSX", sheet=name))


def _xlsx_rows(sheet: Any) -> list[tuple[int, list[Any]]]:
    # The dimension the file declares would pad every row to its width (or hide the cells
    # beyond it): each row is read as wide as its own cells.
    sheet.reset_dimensions()
    rows: list[tuple[int, list[Any]]] = []
    values_of = sheet.iter_rows(values_only=True)
    while (values := _next_row(values_of, len(rows) + 1)) is not None:
        line = len(rows) + 1
        if line > MAX_ROWS + 1:
            raise reject(M.IMPORT_TOO_MANY_ROWS.format(limit=MAX_ROWS))
        rows.append((line, [_sheet_value(v) for v in _narrow(values, line)]))
    return rows


def _next_row(rows: Iterator[Sequence[Any]], line: int) -> Sequence[Any] | None:
    """The next row, None at the end; a damaged cell or XML is refused at its row."""
    try:
        return next(rows, None)
    except Exception:  # openpyxl parses each cell as it comes: ValueError, IndexError, KeyError…
        raise reject(M.IMPORT_DAMAGED_CELL, line) from None


def _narrow(cells: Sequence[Any], line: int) -> Sequence[Any]:
    """The first :data:`MAX_COLUMNS` cells of a row; refused if a later one is filled."""
    # A set: a row of styled blank cells to column XFD is 16,384 Nones to look at, each row.
    if len(cells) > MAX_COLUMNS and not all(_blank(c) for c in set(cells[MAX_COLUMNS:])):
        raise reject(M.IMPORT_TOO_WIDE.format(limit=MAX_COLUMNS), line)
    return cells[:MAX_COLUMNS]


def _sheet_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value
    return value


def _xml_shape(archive: zipfile.ZipFile, parts: list[str], limit: int) -> None:
    """Refuse ``parts`` of a workbook when its reader would walk them too deep or hold more
    than ``limit`` elements of them (together), before it does (a streaming pass: nothing is
    kept)."""
    elements = depth = 0

    def start(*_: Any) -> None:
        nonlocal elements, depth
        elements, depth = elements + 1, depth + 1
        if depth > MAX_XML_DEPTH or elements > limit:
            raise reject(M.IMPORT_XML_BOMB)

    def end(*_: Any) -> None:
        nonlocal depth
        depth -= 1

    for name in parts:
        parser = expat.ParserCreate()
        parser.StartElementHandler, parser.EndElementHandler = start, end
        with archive.open(name) as part:
            try:
                parser.ParseFile(part)
            except expat.ExpatError:  # entity expansion past expat's own limits included
                raise reject(M.IMPORT_UNREADABLE_SHEET) from None


def _ods(data: bytes, sheet: str) -> Table:
    from odf.opendocument import load
    from odf.table import Table as OdsTable

    try:
        doc = load(io.BytesIO(data))
    except Exception:  # odfpy raises XML and KeyError alike on a damaged file
        raise reject(M.IMPORT_UNREADABLE_SHEET) from None
    if doc.spreadsheet is None:  # odfpy read no sheet: the manifest does not list it
        raise reject(M.IMPORT_UNREADABLE_SHEET)
    tables = {t.getAttribute("name"): t for t in doc.spreadsheet.getElementsByType(OdsTable)}
    name = _pick_sheet(list(tables), sheet)
    return _table(_ods_rows(tables[name]), M.IMPORT_SHEET_READ.format(format="ODS", sheet=name))


def _ods_rows(table: Any) -> list[tuple[int, list[Any]]]:
    from odf.table import TableRow

    rows, line = [], 0
    for row in table.getElementsByType(TableRow):
        try:
            repeat = _repeat(row, "numberrowsrepeated")
            cells = _ods_cells(row, line + 1)
        except ValueError:  # a repeat, number, date or time that no spreadsheet program wrote
            raise reject(M.IMPORT_DAMAGED_CELL, line + 1) from None
        if not any(c not in (None, "") for c in cells):
            line += repeat  # blank rows, often repeated to the end of the sheet
            continue
        for _ in range(min(repeat, MAX_ROWS + 1)):
            line += 1
            rows.append((line, list(cells)))
        if len(rows) > MAX_ROWS + 1:
            raise reject(M.IMPORT_TOO_MANY_ROWS.format(limit=MAX_ROWS))
    return rows


def _ods_cells(row: Any, line: int) -> list[Any]:
    from odf import teletype

    cells: list[Any] = []
    for cell in row.childNodes:
        if cell.qname[1] not in ("table-cell", "covered-table-cell"):
            continue
        repeat = _repeat(cell, "numbercolumnsrepeated")
        value = _ods_value(cell, teletype.extractText(cell))
        if _blank(value):
            value = None
        elif len(cells) + repeat > MAX_COLUMNS:
            raise reject(M.IMPORT_TOO_WIDE.format(limit=MAX_COLUMNS), line)
        cells.extend([value] * min(repeat, MAX_COLUMNS - len(cells)))  # blanks to column 1024
    return cells


def _repeat(node: Any, attribute: str) -> int:
    """How many times a row or cell repeats: a whole number from 1; a negative one would drop
    its cells without a word."""
    text = node.getAttribute(attribute) or "1"
    if not (text.isascii() and text.isdigit() and int(text) >= 1):
        raise ValueError(text)
    return int(text)


def _ods_value(cell: Any, text: str) -> Any:
    formula = cell.getAttribute("formula")
    if formula:
        return "=" + formula.split(":=", 1)[-1].lstrip("=")
    kind = cell.getAttribute("valuetype")
    if kind in ("float", "percentage", "currency"):
        number = float(cell.getAttribute("value"))
        return int(number) if number.is_integer() else number
    if kind == "date":
        raw = cell.getAttribute("datevalue")
        return date.fromisoformat(raw[:10]) if len(raw) <= 10 or raw[11:] in ("00:00:00", "") \
            else datetime.fromisoformat(raw)
    if kind == "time":
        found = re.fullmatch(r"PT(\d+)H(\d+)M(\d+)(?:\.\d+)?S", cell.getAttribute("timevalue") or "")
        return time(int(found[1]) % 24, int(found[2])) if found else text
    if kind == "boolean":
        return cell.getAttribute("booleanvalue") == "true"
    return text if text != "" else None


# --- common ------------------------------------------------------------------------------

def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _table(rows: list[tuple[int, list[Any]]], description: str) -> Table:
    """The first non-blank row is the header; blank rows are skipped; trailing blank cells go."""
    filled = [(line, cells) for line, cells in rows if not all(_blank(c) for c in cells)]
    if not filled:
        raise reject(M.IMPORT_EMPTY)
    header_line, header = filled[0]
    columns = [str(c).strip() if c is not None else "" for c in header]
    while columns and not columns[-1]:
        columns.pop()
    if len(columns) > MAX_COLUMNS:
        raise reject(M.IMPORT_TOO_WIDE.format(limit=MAX_COLUMNS), header_line)
    body, issues = [], []
    for line, cells in filled[1:]:
        extra = [c for c in cells[len(columns):] if not _blank(c)]
        if extra:
            issues.append(Issue(line=line, message=M.IMPORT_TOO_MANY_CELLS.format(
                found=len(columns) + len(extra), expected=len(columns))))
        body.append((line, (list(cells) + [None] * len(columns))[:len(columns)]))
    if issues:
        raise ImportRejected(issues)
    if not body:
        raise reject(M.IMPORT_HEADER_ONLY)
    return Table(columns=columns, rows=body, description=description, header_line=header_line)
