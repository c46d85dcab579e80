"""The official tables' layouts (toolkit.report.layout) are the one source of the Word tables and
the HTML tables: both copies show the same cells at the same grid places with the same spans."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest

from toolkit import form
from toolkit.report import html as report_html
from toolkit.report.docx import Span, table_spans
from toolkit.report.layout import TableLayout, sec2_layout, sec3_layout, sec4_layout, table_layouts
from toolkit.report.template import write_report_template


class _Cells(HTMLParser):
    """The <th>/<td> of one HTML table, row by row: (rowspan, colspan, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[list[Any]]] = []
        self.cell: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            a = dict(attrs)
            self.cell = [int(a.get("rowspan") or 1), int(a.get("colspan") or 1), ""]
            self.rows[-1].append(self.cell)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td"):
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell[2] += data


def html_spans(page: str) -> list[Span]:
    """The visible cells of an HTML table with their grid places (rowspans taken into account)."""
    parser = _Cells()
    parser.feed(page)
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(parser.rows):
        c = 0
        for rowspan, colspan, text in row:
            while (r, c) in taken:
                c += 1
            out.append(Span(r, c, rowspan, colspan, text))
            taken |= {(r + i, c + k) for i in range(rowspan) for k in range(colspan)}
            c += colspan
    return out


def placeholders(layout: TableLayout) -> dict[str, str]:
    """Each value cell's number shown as its placeholder, as the Word template shows it."""
    return {c.name: c.content for c in layout.cells if c.name}


@pytest.fixture(scope="module")
def word_tables(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    path: Path = tmp_path_factory.mktemp("layout") / "t.docx"
    return docx.Document(str(write_report_template(path))).tables


@pytest.mark.parametrize(
    ("index", "build"),
    [
        (0, lambda values: report_html.sec2_table_html(values)),
        (1, report_html.sec3_table_html),
        (2, report_html.sec4_table_html),
    ],
)
def test_the_html_table_is_the_word_table(word_tables: list[Any], index: int, build: Any) -> None:
    layout = list(table_layouts().values())[index]
    word = sorted(
        (s.row, s.col, s.rowspan, s.colspan, s.text.replace("\n", ""))
        for s in table_spans(word_tables[index])
    )
    web = sorted(
        (s.row, s.col, s.rowspan, s.colspan, s.text) for s in html_spans(build(placeholders(layout)))
    )
    assert web == word
    assert len(web) == len(layout.cells)


@pytest.mark.parametrize("parts", [(0,), (1, 2), (3,), (0, 3)])
def test_section2_parts_are_the_sub_tables_of_the_whole(parts: tuple[int, ...]) -> None:
    whole = sec2_layout()
    starts = [c.row for c in whole.cells if c.role == "title"] + [whole.n_rows]
    expected = []
    row = 0
    for part in parts:
        top, bottom = starts[part], starts[part + 1]
        for c in whole.cells:
            if top <= c.row < bottom:
                expected.append((c.row - top + row, c.col, c.rowspan, c.colspan, c.content))
        row += bottom - top
    got = [(c.row, c.col, c.rowspan, c.colspan, c.content) for c in sec2_layout(parts).cells]
    assert sorted(got) == sorted(expected)
    web = html_spans(report_html.sec2_table_html(placeholders(whole), parts))
    assert sorted((s.row, s.col, s.rowspan, s.colspan, s.text) for s in web) == sorted(got)


def test_a_change_of_the_form_changes_both_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(form, "SEC3_APPLICANT_HEAD", "申请人的情况")
    monkeypatch.setattr(form, "SEC4_LITIGATION", "行政诉讼案件")
    layout3, layout4 = sec3_layout(), sec4_layout()
    assert "申请人的情况" in {c.text for c in layout3.cells}
    assert "行政诉讼案件" in {c.text for c in layout4.cells}
    assert "申请人的情况" in {s.text for s in html_spans(report_html.sec3_table_html(placeholders(layout3)))}
    assert "行政诉讼案件" in {s.text for s in html_spans(report_html.sec4_table_html(placeholders(layout4)))}


def test_every_layout_covers_its_grid_once() -> None:
    for layout in table_layouts().values():
        layout.check()
        assert [c for row in layout.rows() for c in row] == sorted(layout.cells, key=lambda c: (c.row, c.col))
        assert {c.scope for c in layout.cells if c.role not in ("value", "note")} <= {
            "col",
            "colgroup",
            "row",
            "rowgroup",
        }
        assert all(not c.scope for c in layout.cells if c.role == "value")
