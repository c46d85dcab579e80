"""办理结果 in a 台账: the template's dropdown shows each result after its group
(``（三）不予公开：1.属于国家秘密``); the reader takes these and the bare official labels of older
台账 alike, and keeps refusing a leaf under the wrong group (L2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from log_fixtures import LOG_NAMES, case, read, write_log
from openpyxl.utils import get_column_letter

from toolkit import form
from toolkit.aggregate import aggregate
from toolkit.read.log_values import RESULT_CHOICES, grouped_result, result_index
from toolkit.write.templates import template

RESULT_LETTER = get_column_letter(LOG_NAMES.index(form.LOG_RESULT) + 1)


def _cases(labels: tuple[str, ...]) -> list[dict[str, object]]:
    """Two applications per result, of two applicant types."""
    return [
        case(
            id=f"2024-{n:03d}",
            received=date(2024, 2, 1 + n % 27),
            concluded=date(2024, 3, 1 + n % 27),
            applicant_type=form.APPLICANT_TYPES[n % 2],
            result=labels[n // 2],
        )
        for n in range(2 * len(labels))
    ]


def test_the_template_dropdown_lists_the_grouped_results(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(template("log", tmp_path / "台账.xlsx"))
    ws = wb[form.SHEET_LOG]
    (dv,) = [dv for dv in ws.data_validations.dataValidation if f"{RESULT_LETTER}2" in dv.sqref]
    sheet, cells = dv.formula1.split("!")
    first, last = cells.replace("$", "").split(":")
    options = [c.value for (c,) in wb[sheet.strip("'")][f"{first}:{last}"]]
    assert options == list(RESULT_CHOICES)
    assert options[2] == "（三）不予公开：1.属于国家秘密" and options[-1] == "（六）其他处理：3.其他"
    assert options[:2] == list(form.RESULT_LABELS[:2])  # （一）and（二）are their own group


def test_grouped_and_bare_labels_count_the_same(tmp_path: Path) -> None:
    grouped = write_log(tmp_path / "grouped.xlsx", _cases(RESULT_CHOICES))
    bare = write_log(tmp_path / "bare.xlsx", _cases(form.RESULT_LABELS))
    assert read(grouped).findings == [] and read(bare).findings == []
    a = aggregate([grouped], tmp_path / "a.xlsx")
    b = aggregate([bare], tmp_path / "b.xlsx")
    assert a.ok and b.ok
    assert a.table.sec3 == b.table.sec3
    for key in form.RESULT_KEYS:
        assert a.table.sec3[key][form.TOTAL_COL] == 2, key


@pytest.mark.parametrize(
    "text",
    [
        "（三）不予公开：1.属于国家秘密",
        "（三）不予公开:1.属于国家秘密",
        "(三)不予公开：1、属于国家秘密",
        " （三）不予公开： 1.属于国家秘密 ",
        "不予公开：1.属于国家秘密",
        "1.属于国家秘密",
    ],
)
def test_ways_of_writing_a_grouped_result_are_read(text: str) -> None:
    assert result_index()[form.normalize_label(text)] == "三.三.1"


@pytest.mark.parametrize(
    "text",
    [
        "（三）不予公开：3.其他",  # 3.其他 is (六)'s
        "（六）其他处理：1.属于国家秘密",
        "（四）无法提供：4.保护第三方合法权益",
        "（七）总计",
        "其他",
    ],
)
def test_a_result_under_the_wrong_group_is_l2(tmp_path: Path, text: str) -> None:
    log = read(write_log(tmp_path / "wrong.xlsx", [case(result=text)]))
    assert [(f.rule, f.cell) for f in log.findings] == [("L2", f"{RESULT_LETTER}2")]
    assert log.cases[0].result_key is None


def test_every_grouped_text_names_its_own_result() -> None:
    index = result_index()
    for key, text in zip(form.RESULT_KEYS, RESULT_CHOICES, strict=True):
        assert grouped_result(key) == text
        assert index[form.normalize_label(text)] == key
        assert index[form.normalize_label(form.SEC3_ROW[key].label)] == key
