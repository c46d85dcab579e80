"""What a county publishes and prints (issue 18, items 2 and 3).

The web copy in a real browser (headless Chromium from Debian's packages): with its ``<style>``
removed, as a CMS does, the tables still have their borders (and the check fails on a page whose
inline borders were removed too); every table cell carries its border, padding and alignment
inline; printed, the first page holds the complete title. The Word report: the contact line (R27),
the 成文日期 in the 落款, headings and captions kept with their tables, the font warning of
``--pdf``, the year-on-year sentences of the default template with ``--previous``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from test_fill_report import UNIT, YEAR, squeeze, varied_table, write_stats

from toolkit import form
from toolkit.report.fill import fill_report

BROWSER_TIMEOUT = 120  # seconds
WINDOW = (1200, 4400)  # wide and tall enough for the whole default report
DARK = 96  # a grey level at or below this is ink
LONG_RULE = 300  # pixels: a dark horizontal run this long is a table border, never text
TALL_RULE = 150  # pixels: a dark vertical run this tall is a table border


# ---------------------------------------------------------------------------------------
# The browser
# ---------------------------------------------------------------------------------------
def browser_path() -> str | None:
    """Debian's headless Chromium (chromium-headless-shell), or the full chromium."""
    return shutil.which("chromium-headless-shell") or shutil.which("chromium")


def require_browser() -> str:
    """The browser; in CI its absence fails the test, elsewhere it skips it."""
    path = browser_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium 未安装：CI 必须安装 chromium-headless-shell")
        pytest.skip("headless Chromium not installed (set CI to make this a failure)")
    return path


def browse(page: Path, work: Path, *args: str) -> None:
    """Run headless Chromium on ``page`` with a private profile (and no sandbox as root)."""
    command = [
        require_browser(),
        "--headless",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        f"--user-data-dir={work / 'profile'}",
        *(["--no-sandbox"] if os.geteuid() == 0 else []),
        *args,
        page.as_uri(),
    ]
    subprocess.run(
        command, capture_output=True, timeout=BROWSER_TIMEOUT, check=True, stdin=subprocess.DEVNULL
    )


def screenshot(page: Path, work: Path) -> Path:
    out = work / f"{page.stem}.png"
    browse(page, work, f"--screenshot={out}", f"--window-size={WINDOW[0]},{WINDOW[1]}")
    assert out.is_file()
    return out


def print_to_pdf(page: Path, work: Path) -> Path:
    out = work / f"{page.stem}.pdf"
    browse(page, work, f"--print-to-pdf={out}", "--no-pdf-header-footer")
    assert out.is_file()
    return out


def pdf_page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")


def rules(png: Path) -> tuple[int, int]:
    """(rows holding a dark horizontal run ≥ LONG_RULE px, columns holding a dark vertical run ≥
    TALL_RULE px) of a screenshot: text never makes such runs, table borders do."""
    from PIL import Image

    with Image.open(png) as image:
        ink = image.convert("L").point(lambda v: 0 if v <= DARK else 255)
        upright = ink.tobytes()
        turned = ink.transpose(Image.Transpose.ROTATE_90).tobytes()
        width, height = ink.size
    horizontal = re.compile(b"\x00{%d,}" % LONG_RULE)
    vertical = re.compile(b"\x00{%d,}" % TALL_RULE)
    rows = sum(bool(horizontal.search(upright, y * width, (y + 1) * width)) for y in range(height))
    columns = sum(bool(vertical.search(turned, x * height, (x + 1) * height)) for x in range(width))
    return rows, columns


def without_style_element(page: str) -> str:
    """What a CMS that strips ``<style>`` publishes."""
    stripped = re.sub(r"<style>.*?</style>", "", page, flags=re.DOTALL)
    assert "<style" not in stripped and "border" in stripped
    return stripped


def without_inline_borders(page: str) -> str:
    """The negative control: the same page with the borders taken out of the inline styles."""
    stripped = re.sub(r"(?<![-\w])border:[^;\"]*;?", "", page)
    assert re.search(r"(?<![-\w])border:", stripped) is None
    return stripped


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("web")
    table = varied_table()
    stats = write_stats(folder / "统计表.xlsx", table, fee_yuan=Decimal(0))
    result = fill_report(stats, folder / "年度报告.docx", html=True)
    assert result.ok and result.html is not None
    page = result.html.read_text(encoding="utf-8")
    return {"folder": folder, "page": page, "table": table}


# ---------------------------------------------------------------------------------------
# The web copy, read as HTML
# ---------------------------------------------------------------------------------------
class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))


def elements(page: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser.elements


def declarations(style: str) -> dict[str, str]:
    return dict(
        (name.strip(), value.strip())
        for name, _, value in (part.partition(":") for part in style.split(";") if part.strip())
    )


def test_every_table_cell_has_its_border_padding_and_alignment_inline(web: dict[str, Any]) -> None:
    cells = [(tag, attrs) for tag, attrs in elements(web["page"]) if tag in ("td", "th")]
    assert len(cells) > 200  # 表三 alone has 25 rows of 7 numbers
    for tag, attrs in cells:
        style = declarations(attrs.get("style", ""))
        assert style.get("border") == "1px solid #000", (tag, attrs)
        assert style.get("padding"), (tag, attrs)
        assert style.get("text-align") in ("left", "center"), (tag, attrs)
    numbers = [declarations(a["style"]) for t, a in cells if t == "td"]
    assert {s["text-align"] for s in numbers} == {"center"}
    tables = [declarations(a["style"]) for t, a in elements(web["page"]) if t == "table"]
    assert len(tables) == 3
    assert all(s["border-collapse"] == "collapse" for s in tables)


@pytest.mark.parametrize(
    ("tag", "font"),
    [
        ("h1", "方正小标宋简体"),
        ("h2", "黑体"),
        ("h3", "楷体_GB2312"),
        ("p", "仿宋_GB2312"),
        ("table", "仿宋_GB2312"),
    ],
)
def test_the_official_fonts_are_named_inline(web: dict[str, Any], tag: str, font: str) -> None:
    styles = [declarations(a.get("style", "")) for t, a in elements(web["page"]) if t == tag]
    assert styles
    for style in styles:
        assert style["font-family"].split(",")[0] == f"'{font}'", style
        assert "serif" in style["font-family"].split(",")[-1]


def test_the_title_is_one_centred_heading_and_nothing_forces_a_page_break(web: dict[str, Any]) -> None:
    page = web["page"]
    (title,) = re.findall(r"<h1 [^>]*>(.*?)</h1>", page)
    assert title == f"{UNIT}<br>{YEAR}年政府信息公开工作年度报告"
    assert f"<title>{UNIT}{YEAR}年政府信息公开工作年度报告</title>" in page
    h1 = next(declarations(a["style"]) for t, a in elements(page) if t == "h1")
    assert h1["text-align"] == "center"
    assert "page-break-before" not in page and "break-before" not in page


# ---------------------------------------------------------------------------------------
# The web copy in a real browser
# ---------------------------------------------------------------------------------------
@pytest.mark.slow
def test_tables_keep_their_borders_when_a_cms_strips_the_style_element(web: dict[str, Any]) -> None:
    folder: Path = web["folder"]
    published = folder / "published.html"
    published.write_text(without_style_element(web["page"]), encoding="utf-8")
    control = folder / "control.html"
    control.write_text(without_inline_borders(without_style_element(web["page"])), encoding="utf-8")
    rows, columns = rules(screenshot(published, folder))
    # 表三 alone has 29 full-width row boundaries and 11 column borders, 表二 and 表四 add more
    assert rows >= 30, rows
    assert columns >= 8, columns
    # the check can fail: the same page without its inline borders has no rule at all
    assert rules(screenshot(control, folder)) == (0, 0)


@pytest.mark.slow
def test_printed_the_first_page_holds_the_complete_title(web: dict[str, Any]) -> None:
    folder: Path = web["folder"]
    for name, page in (("full", web["page"]), ("stripped", without_style_element(web["page"]))):
        path = folder / f"print-{name}.html"
        path.write_text(page, encoding="utf-8")
        pdf = print_to_pdf(path, folder)
        first = squeeze(pdf_page_text(pdf, 1))
        assert f"{UNIT}{YEAR}年政府信息公开工作年度报告" in first, name
        assert form.SECTION_HEADINGS[0] in first, name
