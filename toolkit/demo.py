"""``xxgk demo``: the whole flow on the bundled fictional county (示范县), into one folder.

the bundled examples copied into the folder (``examples/``: a pip-installed xxgk has no examples
folder of its own, and README's commands run in the demo folder as in a clone) → templates → check
(with the examples' typical mistakes, annotated copies) → each unit's own 统计表 → the county roll-up
with its roster and last year's table → the annual report (docx, html, pdf when LibreOffice is
installed). Offline, from the installed package's data; every step reads the copy it names.
"""

from __future__ import annotations

import errno
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from toolkit.errors import OutputError, UsageError
from toolkit.files import os_reason
from toolkit.outputs import path_error

COUNTY = "示范县人民政府"
EXAMPLES = "examples"  # the copy's name: README's commands (examples/台账 …) run in the demo folder
YEAR = 2024


@dataclass
class DemoResult:
    folder: Path
    lines: list[str] = field(default_factory=list)  # what was made, for the console
    made: list[Path] = field(default_factory=list)


def examples_root() -> Path:
    """The bundled examples (package data of ``toolkit.examples``, i.e. the repo's examples/)."""
    root = Path(str(resources.files("toolkit.examples")))
    if not (root / "台账").is_dir():
        raise UsageError("找不到内置示例数据（examples/），请重新安装 xxgk")
    return root


def demo(folder: Path, *, say: Callable[[str], None] | None = None) -> DemoResult:
    from toolkit.aggregate import aggregate
    from toolkit.check import check
    from toolkit.report.fill import fill_report
    from toolkit.report.template import REPORT_TEMPLATE_NAME, write_report_template
    from toolkit.write.templates import template

    folder = Path(folder)
    _make_folder(folder)
    result = DemoResult(folder)

    def note(line: str) -> None:
        result.lines.append(line)
        if say:
            say(line)

    # 0. the example data, copied where the user can open it and run README's commands on it
    examples = _copy_examples(folder / EXAMPLES)
    note(f"0. 示例数据（虚构的示范县各单位的台账、统计表和名单）  →  {examples}")

    # 1. the blank templates
    templates = folder / "1-模板"
    _make_folder(templates)
    made = [template("log", templates, force=True), template("stats", templates, force=True)]
    made.append(write_report_template(templates / REPORT_TEMPLATE_NAME))
    result.made += made
    note(f"1. 空白模板：{', '.join(p.name for p in made)}  →  {templates}")

    # 2. check the units' files with typical mistakes, and write annotated copies
    annotated = folder / "2-检查标注"
    report = check([examples / "with-errors"], annotate_dir=annotated)
    errors = sum(f.errors for f in report.files)
    note(
        f"2. 检查 {examples / 'with-errors'}：{len(report.files)} 个文件，{errors} 个错误；"
        f"标注副本  →  {annotated}"
    )
    for finding in report.findings:
        if finding.is_error:
            note(f"     {finding.rule} {finding.location()}  {finding.message[:60]}")

    # 3. each unit's own 统计表 from its 台账
    units = folder / "3-各单位统计表"
    logs = sorted((examples / "台账").glob("*.xlsx"))
    made_units = 0
    for log in logs:
        out = units / f"{log.stem}{YEAR}年统计表.xlsx"
        one = aggregate([log], out)
        if one.ok:
            result.made.append(out)
            made_units += 1
    note(f"3. 各单位由台账生成统计表：{made_units} 个（共 {len(logs)} 个台账）  →  {units}")

    # 4. the county roll-up: 台账 and a unit's own 统计表, with roster and last year
    county = folder / f"4-示范县{YEAR}年统计表.xlsx"
    rollup = aggregate(
        [examples / "台账", examples / "统计表"],
        county,
        unit=COUNTY,
        roster=examples / "应报送单位名单.csv",
        previous=next((examples / "上年").glob("*.xlsx")),
    )
    if not rollup.ok:
        raise UsageError(
            "示例数据汇总失败：" + "；".join(f.message for f in rollup.all_findings if f.is_error)[:300]
        )
    note(
        f"4. 全县汇总：{len(rollup.units)} 个单位，读取 {rollup.rows_read} 行、计入 {rollup.counted} 行；"
        f"{len(rollup.findings)} 条名单/上年核对提示  →  {county}"
    )
    for finding in rollup.findings:
        note(f"     {finding.rule} {finding.message[:70]}")
    result.made.append(county)

    # 5. the annual report
    report_path = folder / f"5-示范县{YEAR}年政府信息公开工作年度报告.docx"
    filled = fill_report(county, report_path, html=True, pdf=True)
    outputs = [p for p in (filled.docx, filled.html, filled.pdf) if p is not None]
    result.made += outputs
    note(f"5. 年度报告：{', '.join(p.name for p in outputs)}  →  {folder}")
    for line in filled.notes:
        note(f"     {line}")
    return result


def _copy_examples(target: Path) -> Path:
    """The bundled examples (data files only) copied to ``target``, files already there replaced."""
    try:
        shutil.copytree(
            examples_root(), target, ignore=shutil.ignore_patterns("*.py", "__pycache__"), dirs_exist_ok=True
        )
    except (OSError, shutil.Error) as err:
        reason = os_reason(err) if isinstance(err, OSError) else "部分文件无法复制"
        raise OutputError(
            f"无法把示例数据复制到演示文件夹（{reason}），请换一个可以写入的文件夹，如 xxgk demo ~/xxgk-demo",
            path=str(target),
        ) from None
    return target


def _make_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) and prove it can be written, or say why not in Chinese."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as err:
        if err.errno == errno.ENAMETOOLONG:
            raise path_error(err, folder, "演示文件夹", output=True) from None
        raise OutputError(
            f"无法在这里生成演示文件（{os_reason(err)}），请换一个可以写入的文件夹，如 xxgk demo ~/xxgk-demo",
            path=str(folder),
        ) from None
