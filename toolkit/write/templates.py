"""``xxgk template``: write the blank standard workbooks."""

from __future__ import annotations

from pathlib import Path

from toolkit import form
from toolkit.errors import UsageError
from toolkit.outputs import output_file, refuse_existing, safe_file_name
from toolkit.table import Table, UnitInfo

#: the file names of the committed blank templates in workbooks/
DEFAULT_NAMES = {"log": "依申请公开登记台账模板.xlsx", "stats": "政府信息公开年报统计表模板.xlsx"}
_NAMED = {"log": "{year}年依申请公开登记台账.xlsx", "stats": "{year}年政府信息公开年报统计表.xlsx"}


def default_name(kind: str, unit: str = "", year: int | None = None) -> str:
    """The file name of a template made for ``unit`` and ``year``: always one file in the current folder
    (or the folder given), whatever the unit's name holds ("/", "..", ":", 200 characters)."""
    if not unit and year is None:
        return DEFAULT_NAMES[kind]
    return safe_file_name(unit, _NAMED[kind].format(year=year if year is not None else ""))


def template(
    kind: str,
    output: Path | None = None,
    *,
    unit: str = "",
    year: int | None = None,
    force: bool = False,
    carry_over: Path | None = None,
) -> Path:
    """Write the blank 台账 (``kind="log"``) or 统计表 (``kind="stats"``); return its path.

    ``output`` may be a file or an existing folder (the default name is used inside it). An existing
    file is never replaced (it may be a filled 台账) unless ``force``. ``carry_over``: last year's
    台账, whose pending cases start the new one (``write.carry_over``).
    """
    if kind not in DEFAULT_NAMES:
        raise UsageError(f"未知的模板类型“{kind}”，可选：log（台账）、stats（统计表）")
    if carry_over is not None:
        from toolkit.write.carry_over import carried_log

        return carried_log(carry_over, output, unit=unit, year=year, force=force)
    if year is not None and year not in form.YEARS:
        raise UsageError(f"统计年度 {year} 不合理，请填写 4 位年份，如 2024")
    unit = unit.strip()
    path = output_file(output, default_name(kind, unit, year), ".xlsx", "输出文件")
    refuse_existing(path, force=force)
    info = UnitInfo(name=unit, year=year)
    if kind == "log":
        from toolkit.write.log_workbook import write_log_workbook

        return write_log_workbook(path, info)
    from toolkit.write.stats_workbook import write_stats_workbook

    return write_stats_workbook(Table(unit=unit, year=year), path, info)


def write_standard_workbooks(folder: Path) -> list[Path]:
    """(Re)generate the committed blank templates of workbooks/: ``python -m toolkit.write.templates``."""
    return [template(kind, Path(folder) / name, force=True) for kind, name in DEFAULT_NAMES.items()]


if __name__ == "__main__":  # pragma: no cover
    import sys

    for written in write_standard_workbooks(Path(sys.argv[1] if len(sys.argv) > 1 else "workbooks")):
        print(written)
