"""``--roster`` as people save it (issue 14 v06 and its "debatable" roster item), through the command line.

A roster is read right whatever its encoding (UTF-8 with or without BOM, GBK, UTF-16 from Excel's
"Unicode 文本"), line ends (CR alone from Excel for Mac), separator ("," ";" tab), a title or a note above its
header, or no header at all: the roll-up then lists exactly the unit that did not submit (R24) and no
garbage unit. What cannot be read that way (a huge field, a name of hundreds of characters, several columns
without a header, bytes that are no text) is refused: exit 2, reason ``roster``, a Chinese message naming
what to fix, no output, no input changed, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from cli_helpers import digests, run
from log_fixtures import case, write_log

from toolkit import form
from toolkit.count.roster import MAX_NAME_CHARS, read_roster
from toolkit.errors import UnreadableInput

SUBMITTED = ("甲镇人民政府", "乙镇人民政府")
MISSING = "丙镇人民政府"
EXPECTED = [*SUBMITTED, MISSING]
COUNTY = "示范县人民政府"


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    folder = tmp_path / "台账"
    for n, unit in enumerate(SUBMITTED):
        write_log(folder / f"{unit}.xlsx", [case(id=f"{n}-1")], unit=unit)
    return folder


def lines(*rows: str, end: str = "\n") -> str:
    return end.join(rows) + end


def xlsx(*rows: tuple[object, ...], title: str | None = None) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        wb = openpyxl.Workbook()
        ws = wb.active
        if title:
            ws.append([title])
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
        for row in rows:
            ws.append(list(row))
        wb.save(path)

    return write


NUMBERED = [f"{n},{name},联系人{n}" for n, name in enumerate(EXPECTED, start=1)]

#: name → (file name, bytes or a writer): each a roster of EXPECTED as some office saves it
READ_RIGHT: dict[str, tuple[str, bytes | Callable[[Path], None]]] = {
    "utf-8 plain": ("名单.csv", lines(form.UNIT_NAME, *EXPECTED).encode("utf-8")),
    "utf-8 BOM, CRLF": ("名单.csv", lines(form.UNIT_NAME, *EXPECTED, end="\r\n").encode("utf-8-sig")),
    "GBK, CR only (Excel for Mac)": ("名单.csv", lines(form.UNIT_NAME, *EXPECTED, end="\r").encode("gbk")),
    "GBK, title above the header": (
        "名单.csv",
        lines("2024年应报送单位名单,,", "序号,单位名称,联系人", *NUMBERED).encode("gbk"),
    ),
    "title and a note above the header": (
        "名单.csv",
        lines(
            "示范县2024年政府信息公开年报报送单位", "请于1月15日前报送", "序号,单位名称,联系人", *NUMBERED
        ).encode("utf-8"),
    ),
    "semicolon": (
        "名单.csv",
        lines("序号;单位名称;备注", *(r.replace(",", ";") for r in NUMBERED)).encode("utf-8-sig"),
    ),
    "tab, UTF-16 (Excel's Unicode text)": (
        "名单.txt",
        lines("序号\t单位名称\t联系人", *(r.replace(",", "\t") for r in NUMBERED), end="\r\n").encode(
            "utf-16"
        ),
    ),
    "quoted names with a comma in another column": (
        "名单.csv",
        lines("单位名称,备注", *(f'"{u}","报送人：张三,李四"' for u in EXPECTED)).encode("utf-8"),
    ),
    "one column, no header, a title": ("名单.csv", lines("2024年应报送单位名单", *EXPECTED).encode("gbk")),
    "header with a remark": ("名单.csv", lines("单位名称（全称）", *EXPECTED, "", "").encode("utf-8")),
    "other header name": ("名单.csv", lines("序号,部门名称", *NUMBERED).encode("utf-8")),
    "xlsx, title row above the header": (
        "名单.xlsx",
        xlsx(
            ("序号", "单位名称", "联系人"),
            *((n, u, "张") for n, u in enumerate(EXPECTED, 1)),
            title="2024年应报送单位名单",
        ),
    ),
    "xlsx, one column under a title": ("名单.xlsx", xlsx(*((u,) for u in EXPECTED), title="应报送单位名单")),
}


def write_roster(folder: Path, name: str, content: bytes | Callable[[Path], None]) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        content(path)
    return path


@pytest.mark.parametrize("name, content", READ_RIGHT.values(), ids=READ_RIGHT.keys())
def test_rosters_as_people_save_them_are_read_right(
    logs: Path, tmp_path: Path, name: str, content: bytes | Callable[[Path], None]
) -> None:
    roster = write_roster(tmp_path, name, content)
    assert read_roster(roster) == EXPECTED
    before = digests(tmp_path)
    out = tmp_path / "汇总.xlsx"
    code, stdout, err, exception = run(
        "aggregate", logs, "-o", out, "--unit", COUNTY, "--roster", roster, "--json"
    )
    assert exception is None and code == 0, stdout + err
    r24 = [(f["rule"], Path(f["path"]).name) for f in json.loads(stdout)["findings"] if f["rule"] == "R24"]
    assert r24 == [("R24", roster.name)]  # one unit missing, nothing unexpected
    assert MISSING in json.loads(stdout)["findings"][0]["message"]
    assert out.is_file()
    assert {k: v for k, v in digests(tmp_path).items() if k != out.name} == before


#: name → (file name, content, words the message must hold): rosters refused with what to fix
REFUSED: dict[str, tuple[str, bytes, str]] = {
    "a huge field (csv's field size limit)": (
        "名单.csv",
        (lines(form.UNIT_NAME) + "甲" * 200_000 + "\n").encode("utf-8"),
        "第 2 行",
    ),
    "an unpaired quote joining the lines": (
        "名单.csv",
        lines(form.UNIT_NAME, '"甲镇人民政府', *(["乙镇人民政府"] * 40)).encode("utf-8"),
        "引号",
    ),
    "a name of hundreds of characters": (
        "名单.csv",
        lines(form.UNIT_NAME, "甲镇人民政府", "乙" * (MAX_NAME_CHARS + 1)).encode("utf-8"),
        "第 3 行",
    ),
    "several columns, no header": ("名单.csv", lines(*NUMBERED).encode("utf-8"), form.UNIT_NAME),
    "bytes that are no text": ("名单.csv", b"\x80\x81\xff\xfe\x00" * 10, "另存为"),
    "UTF-16 without a BOM": ("名单.csv", lines(form.UNIT_NAME, *EXPECTED).encode("utf-16-le"), "另存为"),
    "empty": ("名单.csv", b"\r\n,,\r\n", "每行填写一个单位"),
    "a header and no names": ("名单.csv", lines("序号,单位名称").encode("utf-8"), "每行填写一个单位"),
}


@pytest.mark.parametrize("name, content, words", REFUSED.values(), ids=REFUSED.keys())
def test_rosters_that_cannot_be_read_are_refused_with_what_to_fix(
    logs: Path, tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    roster = write_roster(tmp_path, name, content)
    with pytest.raises(UnreadableInput) as refused:
        read_roster(roster)
    assert refused.value.reason == "roster"
    before = digests(tmp_path)
    out = tmp_path / "汇总.xlsx"
    code, stdout, err, exception = run("aggregate", logs, "-o", out, "--unit", COUNTY, "--roster", roster)
    assert exception is None, repr(exception)
    assert code == 2 and "名单" in err and words in err and "请" in err, stdout + err
    assert len(err) < 400  # the message, not the 200,000 characters
    assert not out.exists() and digests(tmp_path) == before


def test_a_roster_that_is_missing_or_a_folder_is_refused(logs: Path, tmp_path: Path) -> None:
    for roster, words in ((tmp_path / "没有这个名单.csv", "找不到"), (logs, "文件夹")):
        with pytest.raises(UnreadableInput) as refused:
            read_roster(roster)
        assert refused.value.reason == "roster"
        code, stdout, err, exception = run(
            "aggregate", logs, "-o", tmp_path / "o.xlsx", "--unit", COUNTY, "--roster", roster
        )
        assert exception is None and code == 2 and words in err, stdout + err


def test_a_file_far_larger_than_any_roster_is_refused_unread(
    logs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.count import roster as roster_module

    monkeypatch.setattr(roster_module, "MAX_ROSTER_BYTES", 1000)
    roster = write_roster(tmp_path, "名单.csv", lines(form.UNIT_NAME, *EXPECTED * 40).encode("utf-8"))
    with pytest.raises(UnreadableInput, match="选错") as refused:
        read_roster(roster)
    assert refused.value.reason == "roster"
    code, stdout, err, exception = run(
        "aggregate", logs, "-o", tmp_path / "o.xlsx", "--unit", COUNTY, "--roster", roster
    )
    assert exception is None and code == 2 and "KiB" in err, stdout + err
