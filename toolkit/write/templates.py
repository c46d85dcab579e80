"""``xxgk template``: write the blank standard workbooks."""

from __future__ import annotations

from pathlib import Path

from toolkit import form
from toolkit.errors import UsageError
from toolkit.outputs import refuse_existing
from toolkit.table import Table, UnitInfo

#: the file names of the committed blank templates in workbooks/
DEFAULT_NAMES = {"log": "依申请公开登记台账模板.xlsx", "stats": "政府信息公开年报统计表模板.xlsx"}
_NAMED = {
    "log": "{unit}{year}年依申请公开登记台账.xlsx",
    "stats": "{unit}{year}年政府信息公开年报统计表.xlsx",
}


def default_name(kind: str, unit: str = "", year: int | None = None) -> str:
    if not unit and year is None:
        return DEFAULT_NAMES[kind]
    return _NAMED[kind].format(unit=unit, year=year if year is not None else "")


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
    path = Path(output) if output else Path(default_name(kind, unit, year))
    if path.is_dir():
        path = path / default_name(kind, unit, year)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"输出文件应以 .xlsx 结尾：{path}")
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
