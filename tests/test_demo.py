"""``xxgk demo``: the whole flow on the bundled examples, from the installed package's data."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.demo import examples_root


@pytest.mark.slow  # LibreOffice makes the PDF, where installed
def test_demo_makes_every_output(tmp_path: Path) -> None:
    out = tmp_path / "演示"
    result = CliRunner().invoke(app, ["demo", str(out)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.rglob("*") if p.is_file()}
    assert {
        "依申请公开登记台账模板.xlsx",
        "政府信息公开年报统计表模板.xlsx",
        "政府信息公开工作年度报告模板.docx",
    } <= names
    assert "4-示范县2024年统计表.xlsx" in names
    assert "5-示范县2024年政府信息公开工作年度报告.docx" in names
    assert "5-示范县2024年政府信息公开工作年度报告.html" in names
    assert len(list((out / "3-各单位统计表").glob("*.xlsx"))) == 6
    assert len(list((out / "2-检查标注").glob("*.xlsx"))) == 4
    assert "R24" in result.stdout and "完成" in result.stdout


def test_examples_ship_with_the_package() -> None:
    root = examples_root()
    assert (root / "应报送单位名单.csv").is_file()
    assert len(list((root / "台账").glob("*.xlsx"))) == 6


def test_demo_into_a_place_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    """v18: an existing file, or a file in the middle of the path, is a clear exit 2, never a traceback."""
    afile = tmp_path / "afile"
    afile.write_text("x")
    for target in (afile, afile / "demo"):
        result = CliRunner().invoke(app, ["demo", str(target)])
        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "无法在这里生成演示文件" in result.output and str(target) in result.output, result.output
    assert afile.read_text() == "x"


def test_demo_works_on_a_copy_of_the_examples_it_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pip-installed xxgk has no examples/ folder: the demo copies them into its own folder and every
    step names that copy (here without the PDF, which needs LibreOffice)."""
    import toolkit.report.fill as fill
    from toolkit.demo import demo

    real = fill.fill_report
    monkeypatch.setattr(fill, "fill_report", lambda *a, **k: real(*a, **{**k, "pdf": False}))
    out = tmp_path / "演示"
    result = demo(out)
    copied = out / "examples"
    assert sorted(p.name for p in copied.iterdir()) == sorted(
        p.name for p in examples_root().iterdir() if p.suffix != ".py" and p.name != "__pycache__"
    )
    step2 = next(line for line in result.lines if line.startswith("2. "))
    assert step2.startswith(f"2. 检查 {copied / 'with-errors'}：4 个文件，4 个错误")
