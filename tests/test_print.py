"""Every workbook we write, on paper: rendered by LibreOffice to PDF and read back with poppler.

Each kind is rendered once per session (the 台账 and 统计表 templates, a roll-up of three 台账 with
all its sheets — its 明细 over several pages —, an annotated copy with its 检查结果 sheet and a 台账
started from last year's pending cases), then
checked: every page A4; every text of the 说明 sheets, every label of the tables and every case ID
of 明细 whole in the PDF text (a cut page edge or a cell too narrow loses its start or end); no two
words printed over each other (a row too low for its wrapped text).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from engine import require_soffice
from log_fixtures import case, write_log

from toolkit import form
from toolkit.aggregate import aggregate
from toolkit.check import check
from toolkit.table import Table, UnitInfo
from toolkit.write.annotate import RESULTS_SHEET
from toolkit.write.carry_over import carried_log
from toolkit.write.stats_workbook import write_stats_workbook
from toolkit.write.templates import template
from toolkit.write.xlsx import PRINTABLE_WIDTH

TIMEOUT = 300
A4 = (595.3, 841.9)  # points
COUNTY = "示范县人民政府"
UNITS = ("城关镇人民政府", "东湖乡人民政府", "西山街道办事处")
#: the unit's explanation of a broken R11, written across the 校验 sheet (a long wrapped text)
NOTE = "2024 年 3 月乡镇区划调整，原北岭镇并入城关镇，" * 6 + "上年结转与上年统计表的结转下年度不一致。"
CASES_PER_UNIT = 160  # enough for the 明细 of the roll-up to run over several pages
WHITESPACE = re.compile(r"\s+")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@dataclass
class Rendered:
    book: Path
    pdf: Path

    def pages(self) -> list[str]:
        """The text of each page (pdftotext -layout)."""
        text = _run(["pdftotext", "-layout", str(self.pdf), "-"])
        return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")

    def flat(self) -> str:
        """The whole text with no whitespace, in the order LibreOffice drew it (a wrapped cell's
        lines one after the other)."""
        return WHITESPACE.sub("", _run(["pdftotext", "-raw", str(self.pdf), "-"]))

    def page_sizes(self) -> list[tuple[float, float]]:
        info = _run(["pdfinfo", "-f", "1", "-l", "9999", str(self.pdf)])
        return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]

    def words(self) -> list[list[tuple[float, float, float, float, str]]]:
        """The words of each page with their boxes (pdftotext -bbox)."""
        html = _run(["pdftotext", "-bbox", str(self.pdf), "-"])
        pages = html.split("<page ")[1:]
        return [
            [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page)]
            for page in pages
        ]


def _run(args: list[str]) -> str:
    if shutil.which(args[0]) is None:  # as engine.require_soffice: a failure in CI, else a skip
        if os.environ.get("CI"):
            pytest.fail(f"{args[0]} 未安装：CI 必须安装 poppler-utils")
        pytest.skip(f"{args[0]} (poppler-utils) not installed (set CI to make this a failure)")
    return subprocess.run(args, capture_output=True, check=True, timeout=TIMEOUT).stdout.decode("utf-8")


def _render(books: list[Path], out: Path) -> None:
    """All ``books`` to PDF in one LibreOffice run, with a private profile."""
    soffice = require_soffice()
    profile = Path(tempfile.mkdtemp(prefix="xxgk-lo-print-"))
    try:
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *map(str, books),
            ],
            capture_output=True,
            check=True,
            timeout=TIMEOUT,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _unit_log(path: Path, n: int, unit: str) -> Path:
    """A 台账 whose cases take every result, in the grouped labels of the dropdown."""
    from toolkit.read.log_values import RESULT_CHOICES

    cases = [
        case(
            id=f"{unit[:2]}-2024-{i:03d}",
            received=date(2024, 1 + i % 11, 1 + i % 27),
            concluded=date(2024, 1 + i % 11, 2 + i % 27),
            applicant_type=form.APPLICANT_TYPES[(n + i) % len(form.APPLICANT_TYPES)],
            result=RESULT_CHOICES[i % len(RESULT_CHOICES)],
        )
        for i in range(CASES_PER_UNIT)
    ]
    return write_log(path, cases, unit=unit)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One workbook of each kind we write (see the module's docstring)."""
    root = tmp_path_factory.mktemp("books")
    return _books(root)


@pytest.fixture(scope="module")
def rendered(
    books: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Rendered]]:
    out = tmp_path_factory.mktemp("pdf")
    _render(list(books.values()), out)
    yield {kind: Rendered(book, out / f"{book.stem}.pdf") for kind, book in books.items()}


def _books(root: Path) -> dict[str, Path]:
    books = {
        "log": template("log", root / "台账模板.xlsx"),
        "stats": template("stats", root / "统计表模板.xlsx"),
    }
    logs = [_unit_log(root / f"log{n}.xlsx", n, unit) for n, unit in enumerate(UNITS)]
    roster = root / "名单.csv"
    roster.write_text("单位名称\n" + "\n".join((*UNITS, "北岭镇人民政府")) + "\n", encoding="utf-8-sig")
    last = Table(COUNTY, 2023)
    last.sec3[form.CARRIED_OUT_KEY][0] = 3  # R11 breaks: explained by NOTE
    previous = write_stats_workbook(last, root / "2023年统计表.xlsx", UnitInfo(name=COUNTY, year=2023))
    result = aggregate(
        logs, root / "汇总统计表.xlsx", unit=COUNTY, roster=roster, previous=previous, previous_note=NOTE
    )
    assert result.ok and result.output is not None
    books["rollup"] = result.output
    faulty = [
        case(id="2024-001"),
        case(id="2024-002", result="（三）不予公开：3.其他"),  # a leaf under the wrong group (L2)
        case(id="2024-003", received="三月五日"),
        case(id="2024-004", concluded=date(2023, 1, 1)),
    ]
    annotated = root / "annotated"
    check([write_log(root / "有问题的台账.xlsx", faulty)], annotate_dir=annotated)
    (books["annotated"],) = annotated.glob("*.xlsx")
    pending = [  # last year's applications still open on 31 December: they start next year's 台账
        case(id=f"2023-{i:03d}", received=date(2023, 12, 1 + i), concluded=None, result=None)
        for i in range(12)
    ]
    last_year = write_log(root / "2023年台账.xlsx", pending, year=2023)
    books["carried"] = carried_log(last_year, root / "2024年台账.xlsx")
    return books


def _cell_texts(book: Path, sheet: str) -> list[str]:
    ws = openpyxl.load_workbook(book)[sheet]
    return [str(v) for row in ws.iter_rows(values_only=True) for v in row if v not in (None, "")]


def _missing(texts: list[str], flat: str) -> list[str]:
    return [t for t in texts if WHITESPACE.sub("", t) not in flat]


KINDS = ("log", "stats", "rollup", "annotated", "carried")


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_every_page_is_a4(rendered: dict[str, Rendered], kind: str) -> None:
    sizes = rendered[kind].page_sizes()
    assert sizes
    for w, h in sizes:
        assert sorted((round(w, 1), round(h, 1))) == sorted(A4), (kind, w, h)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["log", "stats", "rollup", "carried"])
def test_guide_prints_whole(rendered: dict[str, Rendered], kind: str) -> None:
    """填表说明: every cell's text whole (it was cut at the left edge of the 统计表's first page)."""
    texts = _cell_texts(rendered[kind].book, form.SHEET_GUIDE)
    assert texts
    assert _missing(texts, rendered[kind].flat()) == []


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["log", "stats", "rollup", "carried"])
def test_unit_sheet_labels_and_notes_print_whole(rendered: dict[str, Rendered], kind: str) -> None:
    texts = _cell_texts(rendered[kind].book, form.SHEET_UNIT)
    assert _missing(texts, rendered[kind].flat()) == []


@pytest.mark.slow
def test_table_labels_print_whole(rendered: dict[str, Rendered]) -> None:
    flat = rendered["stats"].flat()
    labels = [row.label for row in form.SEC3_ROWS] + [g.label for g in form.RESULT_GROUPS]
    labels += [*form.SEC3_COLUMNS, *form.SEC4_BLOCK_COLUMNS, *form.SEC4_BLOCKS]
    labels += [t for t in _cell_texts(rendered["stats"].book, form.SHEET_CHECKS) if not t.startswith("=")]
    assert _missing(labels, flat) == []


@pytest.mark.slow
def test_log_headers_print_whole(rendered: dict[str, Rendered]) -> None:
    names = [c.name for c in (*form.LOG_COLUMNS, *form.REVIEW_COLUMNS)]
    assert _missing(names, rendered["log"].flat()) == []


@pytest.mark.slow
def test_rollup_sheets_print_whole(rendered: dict[str, Rendered]) -> None:
    r = rendered["rollup"]
    flat = r.flat()
    book = openpyxl.load_workbook(r.book)
    for sheet in ("来源", "分单位", "名单核对"):
        texts = [t for t in _cell_texts(r.book, sheet) if not t.startswith("=")]
        assert _missing(texts, flat) == [], sheet
    assert "北岭镇人民政府" in flat  # the roster's missing unit
    assert len(book.sheetnames) > 6


@pytest.mark.slow
def test_every_case_id_of_the_trace_prints_whole(rendered: dict[str, Rendered]) -> None:
    r = rendered["rollup"]
    pages = r.pages()
    tokens = [set(page.split()) for page in pages]
    ids = [f"{unit[:2]}-2024-{i:03d}" for unit in UNITS for i in range(CASES_PER_UNIT)]
    missing = [i for i in ids if not any(i in t for t in tokens)]
    assert missing == []
    trace_pages = [n for n, t in enumerate(tokens) if any(i in t for i in ids)]
    assert len(trace_pages) >= 2, "the fixture should make 明细 run over pages"


@pytest.mark.slow
def test_annotated_results_sheet_prints_whole(rendered: dict[str, Rendered]) -> None:
    r = rendered["annotated"]
    texts = _cell_texts(r.book, RESULTS_SHEET)
    assert len(texts) > 10
    assert _missing(texts, r.flat()) == []


def _overlaps(words: list[tuple[float, float, float, float, str]]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes cover each other (more than a sliver: glyph boxes touch)."""
    found = []
    ordered = sorted(words, key=lambda w: w[1])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b[1] >= a[3]:
                break
            dx = min(a[2], b[2]) - max(a[0], b[0])
            dy = min(a[3], b[3]) - max(a[1], b[1])
            if dx > 2 and dy > 0.3 * min(a[3] - a[1], b[3] - b[1]):
                found.append((a[4], b[4]))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_no_text_is_printed_over_other_text(rendered: dict[str, Rendered], kind: str) -> None:
    for n, words in enumerate(rendered[kind].words(), start=1):
        if kind == "annotated" and not any(w[4] == "如何修改" for w in words):
            continue  # the copied sheets are the unit's own (here a fixture without our formats)
        assert _overlaps(words) == [], (kind, n)


@pytest.mark.slow
def test_trace_pages_repeat_the_header_and_hold_every_column(rendered: dict[str, Rendered]) -> None:
    """明细 runs over pages: each repeats the header row and holds all the columns (none printed
    on a page of its own)."""
    ids = {f"{unit[:2]}-2024-{i:03d}" for unit in UNITS for i in range(CASES_PER_UNIT)}
    pages = [page for page in rendered["rollup"].pages() if ids & set(page.split())]
    assert len(pages) >= 2
    for page in pages:
        assert all(head in page for head in ("单位", "行", *form.APPLICANT_TYPES)), page[:200]


@pytest.mark.slow
def test_previous_year_note_prints_whole(rendered: dict[str, Rendered]) -> None:
    assert WHITESPACE.sub("", NOTE) in rendered["rollup"].flat()


# ---- without LibreOffice: the print set-up of every sheet as written ---------------------------


def _printed_sheets(book: Path) -> list[object]:
    wb = openpyxl.load_workbook(book)
    return [ws for ws in wb.worksheets if ws.sheet_state == "visible"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_sheet_is_set_up_for_a4_one_page_wide(books: dict[str, Path], kind: str) -> None:
    for ws in _printed_sheets(books[kind]):
        if kind == "annotated" and ws.title != RESULTS_SHEET:
            continue  # the unit's own sheets, as the unit set them up
        assert ws.page_setup.paperSize == 9, (kind, ws.title)
        assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0, (kind, ws.title)


@pytest.mark.parametrize("kind", KINDS)
def test_no_column_is_wider_than_a_page(books: dict[str, Path], kind: str) -> None:
    """LibreOffice does not shrink a page holding one column: a column wider than the page is cut."""
    for ws in _printed_sheets(books[kind]):
        if kind == "annotated" and ws.title != RESULTS_SHEET:
            continue
        widest = PRINTABLE_WIDTH[ws.page_setup.orientation or "portrait"]
        for letter, dim in ws.column_dimensions.items():
            assert (dim.width or 0) <= widest, (kind, ws.title, letter, dim.width)


def test_wrapped_rows_are_high_enough(books: dict[str, Path]) -> None:
    """A row of long labels has a height for its lines (LibreOffice and WPS do not fit it)."""
    ws = openpyxl.load_workbook(books["rollup"])[form.SHEET_CHECKS]
    width = ws.column_dimensions["B"].width

    def units(text: str) -> int:  # a CJK character is as wide as two Latin ones
        return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)

    long_rows = [r for r in range(5, ws.max_row + 1) if units(str(ws.cell(r, 2).value or "")) > width]
    assert long_rows
    for r in long_rows:
        assert (ws.row_dimensions[r].height or 0) >= 30, (r, ws.cell(r, 2).value)


@pytest.mark.slow
def test_carried_cases_print_whole(rendered: dict[str, Rendered]) -> None:
    """The rows carried into a new 台账 (written by us, so high enough for their wrapped texts)."""
    r = rendered["carried"]
    ws = openpyxl.load_workbook(r.book)[form.SHEET_LOG]
    texts = [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str) and v]
    assert "2023-011" in texts
    assert _missing(texts, r.flat()) == []
