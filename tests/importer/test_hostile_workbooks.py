"""Workbooks written to hurt the reader: rows as wide as the file claims, cells repeated
thousands of times, damaged values and XML nested or swollen past what a sheet holds. Each is
refused in French (or read within bounded memory) and writes nothing."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from collections.abc import Callable

import pytest

from core.services import import_readers
from core.services.import_model import ImportRejected
from core.services.importer import import_bytes
from tests.accounts import who

from .conftest import PEOPLE, counts, to_csv, to_xlsx

P = PEOPLE[0]
SHEET = "xl/worksheets/sheet1.xml"
ODS_NS = (b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')

MANIFEST = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            b'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
            b'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
            b'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
            b'manifest:media-type="text/xml"/></manifest:manifest>')


def rewritten(data: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    """The archive ``data`` with ``member`` passed through ``change``."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            archive.writestr(info.filename, change(content) if info.filename == member else content)
    return out.getvalue()


def xlsx_sheet(change: Callable[[bytes], bytes]) -> bytes:
    """A person list « Zoé » whose sheet XML went through ``change``."""
    return rewritten(to_xlsx([P[:1], ["Zoé"]], ("personnes",)), SHEET, change)


def ods(rows: bytes) -> bytes:
    """An ODS person list whose sheet holds the table rows ``rows`` (raw XML)."""
    content = (b'<?xml version="1.0" encoding="UTF-8"?><office:document-content ' + ODS_NS
               + b' office:version="1.2"><office:body><office:spreadsheet>'
               + b'<table:table table:name="personnes">' + rows
               + b"</table:table></office:spreadsheet></office:body></office:document-content>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content)
    return out.getvalue()


def ods_row(*cells: bytes, repeat: int = 1) -> bytes:
    return b'<table:table-row table:number-rows-repeated="%d">%s</table:table-row>' % (
        repeat, b"".join(cells))


def ods_text(text: bytes, repeat: int = 1) -> bytes:
    return (b'<table:table-cell office:value-type="string" table:number-columns-repeated="%d">'
            b"<text:p>%s</text:p></table:table-cell>" % (repeat, text))


def refused(app, data: bytes, line: int | None, message: str) -> None:
    before = counts(app)
    with pytest.raises(ImportRejected) as caught:
        import_bytes(app, who(app, "sonia"), "personnes", data, "personnes.fichier")
    issue = caught.value.issues[0]
    assert (issue.line, message in issue.message) == (line, True), caught.value.msg
    assert counts(app) == before


def test_a_declared_dimension_does_not_widen_the_rows(known):
    # « A1:XFD1000 » and a cell on row 1000 made 1,000 rows of 16,384 cells (130 MB here;
    # 13 GB from a 5 KB file at 100,000 rows).
    data = xlsx_sheet(lambda xml: re.sub(rb'<dimension ref="[^"]*" ?/>',
                                         b'<dimension ref="A1:XFD1000"/>', xml).replace(
        b"</sheetData>", b'<row r="1000"><c r="A1000" t="inlineStr"><is><t>Lou</t></is></c>'
                         b"</row></sheetData>"))
    tracemalloc.start()
    try:
        report = import_bytes(known, who(known, "sonia"), "personnes", data, "p.xlsx",
                              dry_run=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.counts["persons"] == 2
    assert peak < 30 * 2**20, f"{peak // 2**20} MB"


def test_a_filled_cell_past_the_last_column_read_is_refused(known):
    far = b'<c r="BM2" t="inlineStr"><is><t>cach\xc3\xa9</t></is></c></row>'
    data = xlsx_sheet(lambda xml: re.sub(rb"(<row r=\"2\">.*?)</row>", lambda m: m[1] + far, xml))
    refused(known, data, 2, "au-delà de la colonne 64")


def test_a_styled_blank_cell_far_right_is_no_problem(known):
    data = xlsx_sheet(lambda xml: xml.replace(b"</row></sheetData>",
                                              b'<c r="XFD2" s="0"/></row></sheetData>'))
    report = import_bytes(known, who(known, "sonia"), "personnes", data, "p.xlsx", dry_run=True)
    assert report.counts["persons"] == 1


def test_cells_repeated_a_thousand_times_are_refused_at_once(known):
    # Ten cells repeated 1,024 times on a row repeated 3,000 times: 30 million cells (240 MB),
    # from a file of under a kilobyte.
    data = ods(ods_row(ods_text(b"pseudo")) + ods_row(*[ods_text(b"x", 1024)] * 10, repeat=3000))
    refused(known, data, 2, "au-delà de la colonne 64")


def test_blank_cells_repeated_to_the_sheet_edge_are_no_problem(known):
    blank = b'<table:table-cell table:number-columns-repeated="1020"/>'
    data = ods(ods_row(ods_text(b"pseudo"), blank) + ods_row(ods_text(b"Zo\xc3\xa9"), blank))
    report = import_bytes(known, who(known, "sonia"), "personnes", data, "p.ods", dry_run=True)
    assert report.counts["persons"] == 1


def test_a_csv_header_of_a_thousand_columns_is_one_refusal(known):
    # It was one « colonne inconnue » per column: a million problems (800 MB) from 2 MB.
    with pytest.raises(ImportRejected) as caught:
        import_bytes(known, who(known, "sonia"), "personnes",
                     to_csv([[*P, *["x"] * 1000], ["Zoé"]]), "p.csv")
    assert [(i.line, "au-delà de la colonne 64" in i.message) for i in caught.value.issues] == [
        (1, True)]


@pytest.mark.parametrize("cell", [b'<c r="A2" t="n"><v>abc</v></c>', b'<c r="A2" t="s"><v>99</v></c>',
                                  b'<c r="A2" t="d"><v>2026-13-45</v></c>',
                                  b'<c r="A2" t="b"><v>oui</v></c>', b'<c r="ZZZZZ2"><v>1</v></c>'])
def test_a_damaged_xlsx_cell_is_refused_at_its_row(known, cell):
    # openpyxl's ValueError or IndexError ended the command in « Erreur inattendue », with no
    # line and no import_failed event.
    refused(known, xlsx_sheet(lambda xml: re.sub(rb'<c r="A2".*?</c>', cell, xml)), 2,
            "Cellule illisible")


@pytest.mark.parametrize("cell", [
    b'<table:table-cell office:value-type="float" office:value="abc"/>',
    b'<table:table-cell office:value-type="date" office:date-value="2026-02-30"/>',
    b'<table:table-cell office:value-type="date" office:date-value="2026-03-03T25:00:00"/>',
    b'<table:table-cell office:value-type="time" office:time-value="PT10H99M00S"/>',
    b'<table:table-cell table:number-columns-repeated="deux"/>',
    # A negative repeat dropped the cell, and with it the person, without a word.
    b'<table:table-cell office:value-type="string" table:number-columns-repeated="-1">'
    b"<text:p>Lou</text:p></table:table-cell>"])
def test_a_damaged_ods_cell_is_refused_at_its_row(known, cell):
    refused(known, ods(ods_row(ods_text(b"pseudo")) + ods_row(ods_text(b"Zo\xc3\xa9"))
                       + ods_row(cell)), 3, "Cellule illisible")


def test_a_workbook_whose_manifest_omits_its_content_is_refused(known):
    # odfpy then loads no sheet at all: an AttributeError, « Erreur inattendue ».
    data = rewritten(ods(ods_row(ods_text(b"pseudo"))), "META-INF/manifest.xml",
                     lambda xml: re.sub(rb'<manifest:file-entry manifest:full-path="content.xml"'
                                        rb"[^>]*/>", b"", xml))
    refused(known, data, None, "Classeur illisible")


@pytest.mark.parametrize("nested", [
    ods_text(b"<text:span>" * 2000 + b"Lou" + b"</text:span>" * 2000),
    b"<table:table-cell>" + b"<table:table>" * 2000 + b"</table:table>" * 2000
    + b"</table:table-cell>"])
def test_xml_nested_thousands_deep_is_refused(known, nested):
    # odfpy walks the document recursively: a RecursionError, « Erreur inattendue ».
    refused(known, ods(ods_row(ods_text(b"pseudo")) + ods_row(nested)), None,
            "anormalement imbriqué")


def test_an_ods_of_too_many_elements_is_refused_before_odfpy_holds_them(known, monkeypatch):
    # 20 MB of « <text:s/> » held 1.5 GB in odfpy's document; the unzipped limit let 200 MB by.
    monkeypatch.setattr(import_readers, "MAX_XML_ELEMENTS", 1000)
    refused(known, ods(ods_row(ods_text(b"pseudo")) + ods_row(ods_text(b"Lou" + b"<text:s/>" * 1000))),
            None, "anormalement imbriqué ou volumineux")


def test_a_billion_laughs_is_refused(known):
    entities = b"".join(b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10))
    data = rewritten(ods(ods_row(ods_text(b"pseudo")) + ods_row(ods_text(b"&l9;"))), "content.xml",
                     lambda xml: xml.replace(b"?><office", b'?><!DOCTYPE d [<!ENTITY l0 "ha">'
                                             + entities + b"]><office"))
    refused(known, data, None, "Classeur illisible")


def with_member(data: bytes, member: str, content: bytes) -> bytes:
    """The archive ``data`` with ``member`` added (or replaced)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != member:
                archive.writestr(info.filename, source.read(info.filename))
        archive.writestr(member, content)
    return out.getvalue()


@pytest.mark.parametrize("part,limit", [("xl/styles.xml", "MAX_STYLE_ELEMENTS"),
                                        ("xl/sharedStrings.xml", "MAX_XML_ELEMENTS")])
def test_an_xlsx_part_openpyxl_loads_whole_is_bounded_before_it_does(known, monkeypatch,
                                                                     part, limit):
    # openpyxl reads the sheet row by row but its styles and shared strings whole: 300,000
    # cell formats (18 MB from a 59 KB file) took 300 MB and 6 s, and 200 MB was let by.
    assert getattr(import_readers, limit) >= 250_000  # bounds a real workbook stays under
    monkeypatch.setitem(import_readers.XLSX_WHOLE, part, 150)  # openpyxl's own styles: 94
    data = to_xlsx([P[:1], ["Zoé"]], ("personnes",))
    if part == "xl/styles.xml":
        xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        swollen = rewritten(data, part, lambda xml: xml.replace(b"</cellXfs>",
                                                                 xf * 100 + b"</cellXfs>"))
    else:
        swollen = with_member(data, part, b'<sst xmlns="http://schemas.openxmlformats.org/'
                              b'spreadsheetml/2006/main">' + b"<si><t>x</t></si>" * 100
                              + b"</sst>")
    refused(known, swollen, None, "anormalement imbriqué ou volumineux")
    import_bytes(known, who(known, "sonia"), "personnes", data, "personnes.xlsx")  # within
