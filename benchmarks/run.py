"""Benchmarks of ``xxgk`` against the bare calamine read and the naive pandas read (issue 6).

    python benchmarks/run.py                 # full: 1,000 × 50, 100k, 1M, check; 3 runs each
    python benchmarks/run.py --quick         # smoke check: 100 × 50, 10k, check; 1 run (< 1 min)
    python benchmarks/run.py --only a,c      # some scenarios only
    python benchmarks/run.py --only d        # 100 report PDFs against pdfplumber (benchmarks/documents.py)
    python benchmarks/run.py --only d,e      # and check --summary of 100 mixed reports, reports per second
    python benchmarks/run.py --profile b1m   # pyinstrument profile of one scenario's xxgk run

Inputs are generated deterministically (fixed seeds) into ``benchmarks/.data/`` and reused while
their parameters and the generator version are unchanged. Every measured command is its own
process: wall time from start to exit, peak memory from the kernel's accounting of that child
(``os.wait4`` → ``ru_maxrss``). Each scenario's xxgk command is measured next to two baselines
run in the same invocation on the same files: the bare python-calamine read (the floor) and the
naive ``pandas.read_excel(path, sheet_name=None, engine="openpyxl")``.

This file imports only the standard library at module level; the generator imports toolkit and
xlsxwriter when it runs. It writes only under ``benchmarks/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / ".data"
YEAR = 2024
ROLLUP_UNIT = "示范县人民政府"
GENERATOR_VERSION = 1  # bump when the generated files change: the cache is rebuilt
EPOCH = date(1899, 12, 30)  # Excel serial 0 (1900 date system)
MB = 1024 * 1024

# ---------------------------------------------------------------------------------------------
# Synthetic 台账 (deterministic)
# ---------------------------------------------------------------------------------------------
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红文斌海燕云飞鹏宇浩然晨欣怡佳琪子涵梓轩"
PLACES = (
    "城关镇",
    "东河乡",
    "西山镇",
    "南岭村",
    "北湖街道",
    "青石村",
    "桃源社区",
    "柳树湾村",
    "红星村",
    "新华街道",
)
SUBJECTS = (
    "征地补偿款发放明细",
    "房屋征收补偿方案及评估报告",
    "道路改造工程招投标文件",
    "低保对象名单及审批材料",
    "环境影响评价批复",
    "集体土地使用权证发放情况",
    "拆迁安置房分配方案",
    "农村危房改造补助资金使用情况",
    "年度财政预算执行情况",
    "行政处罚决定书",
)
OFFICES = ("党政办", "自然资源所", "财政所", "社会事务办", "综合执法队", "经济发展办", "规划建设办")


@dataclass(frozen=True)
class LogSpec:
    """One synthetic 台账: ``cases`` applications of unit ``index`` for YEAR."""

    path: Path
    index: int
    cases: int
    constant_memory: bool = False

    @property
    def unit(self) -> str:
        return f"示范县第{self.index:04d}单位"


def _serial(day: date) -> int:
    return (day - EPOCH).days


def _weighted(rng: random.Random, items: Sequence[str], weights: Sequence[float]) -> Callable[[], str]:
    cum: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)

    def pick() -> str:
        return rng.choices(items, cum_weights=cum, k=1)[0]

    return pick


def case_rows(rng: random.Random, spec: LogSpec) -> Any:
    """Yield the 申请台账 rows (values in ``form.LOG_COLUMNS`` order; dates as Excel serials).

    About 5% carried in from the previous year, 5% carried out to the next, the rest received
    and concluded within the year and within the statutory 20 working days; every applicant
    type and result leaf occurs; a few corrections, extensions and fees.
    """
    from toolkit import form

    applicant = _weighted(rng, form.APPLICANT_TYPES, (80, 8, 2, 3, 4, 3))
    results = form.RESULT_LABELS
    result = _weighted(rng, results, [50, 12] + [38 / (len(results) - 2)] * (len(results) - 2))
    method = _weighted(rng, form.APPLY_METHODS, (15, 30, 45, 5, 1, 4))
    reply = _weighted(rng, form.REPLY_METHODS, (30, 20, 30, 10, 8, 2))
    first, last = date(YEAR, 1, 1), date(YEAR, 12, 10)
    span = (last - first).days
    for i in range(1, spec.cases + 1):
        kind = rng.random()
        corrected: date | None = None
        if kind < 0.05:  # carried in: received late last year, concluded early this year
            received = date(YEAR - 1, 12, 15) + timedelta(days=rng.randint(0, 16))
            concluded: date | None = date(YEAR, 1, 2) + timedelta(days=rng.randint(0, 6))
        elif kind < 0.10:  # carried out: received in December, still open
            received = date(YEAR, 12, 10) + timedelta(days=rng.randint(0, 21))
            concluded = None
        else:
            received = first + timedelta(days=rng.randint(0, span))
            if rng.random() < 0.03:
                corrected = received + timedelta(days=rng.randint(1, 5))
                concluded = corrected + timedelta(days=rng.randint(1, 12))
            else:
                concluded = received + timedelta(days=rng.randint(1, 14))
        fee = 0
        if concluded is not None and rng.random() < 0.02:
            fee = rng.choice((10, 20, 50))
        content = f"请公开{rng.choice(PLACES)}{rng.choice(SUBJECTS)}"
        remark = (
            ""
            if rng.random() < 0.8
            else f"已电话联系申请人，{rng.choice(('同意延期', '补正材料已收', '邮寄送达'))}"
        )
        yield (
            f"U{spec.index:04d}-{YEAR}-{i:07d}",  # unique across units (no L4 between units)
            _serial(received),
            applicant(),
            rng.choice(SURNAMES) + rng.choice(GIVEN) + ("" if rng.random() < 0.5 else rng.choice(GIVEN)),
            content,
            _serial(concluded) if concluded else None,
            result() if concluded else None,
            method(),
            _serial(corrected) if corrected else None,
            "是" if rng.random() < 0.02 else "否",
            reply(),
            fee,
            rng.choice(OFFICES),
            remark or None,
        )


def review_rows(rng: random.Random, count: int, index: int) -> Any:
    from toolkit import form

    for i in range(1, count + 1):
        filed = date(YEAR, 1, 5) + timedelta(days=rng.randint(0, 300))
        done = rng.random() < 0.7
        concluded = filed + timedelta(days=rng.randint(20, 55)) if done else None
        yield (
            f"U{index:04d}-复-{YEAR}-{i:05d}",
            rng.choice(form.SEC4_BLOCKS),
            _serial(filed),
            _serial(concluded) if concluded else None,
            rng.choice(form.SEC4_RESULTS) if done else None,
            f"U{index:04d}-{YEAR}-{rng.randint(1, 50):07d}",
            None,
        )


def write_log(spec: LogSpec) -> Path:
    """Write one filled 台账 in our layout (the sheets of ``xxgk template log``).

    Small logs are built in memory like the template (shared strings, as Excel and WPS save);
    with ``constant_memory`` the workbook streams row by row to disk (inline strings), which is
    the only way to write a million rows in bounded memory. Every sheet is written in row order
    so both modes give the same cells.
    """
    import xlsxwriter

    from toolkit import form
    from toolkit.files import FIXED_DATE
    from toolkit.table import Table, UnitInfo
    from toolkit.write.xlsx import (
        FONT,
        Styles,
        finish,
        list_refs,
        new_workbook,
        write_sec2_sheet,
        write_stamp,
        write_unit_sheet,
    )

    rng = random.Random(f"xxgk-bench-{GENERATOR_VERSION}-{spec.index}-{spec.cases}")
    spec.path.parent.mkdir(parents=True, exist_ok=True)
    tmp = spec.path.with_name(spec.path.name + ".part")
    if spec.constant_memory:
        wb = xlsxwriter.Workbook(
            str(tmp),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_format_properties": {"font_name": FONT, "font_size": 11},
            },
        )
        wb.set_properties({"created": FIXED_DATE, "author": "xxgk-bench"})
        buffer = None
    else:
        wb, buffer = new_workbook()
    styles = Styles.create(wb)
    from toolkit.write.log_workbook import log_lists

    lists = log_lists()
    info = UnitInfo(
        name=spec.unit,
        year=YEAR,
        level="乡镇人民政府、街道办事处",
        contact=rng.choice(SURNAMES) + rng.choice(GIVEN),
        phone=f"0571-{rng.randint(80000000, 89999999)}",
        address=f"示范县{rng.choice(PLACES)}人民路{rng.randint(1, 200)}号",
        postcode="311100",
    )
    write_unit_sheet(wb, styles, info.values(), list_refs(lists), kind="log")

    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    _write_table(
        wb, form.SHEET_LOG, [c.name for c in form.LOG_COLUMNS], case_rows(rng, spec), {1, 5, 8}, date_format
    )

    sec2 = Table().sec2
    normative = rng.randint(0, 6)
    sec2[form.SEC2_NORMATIVE_KEY] = [normative, rng.randint(0, 2), normative + rng.randint(0, 30)]
    for key in form.SEC2_TABLES[1].rows + form.SEC2_TABLES[2].rows:
        sec2[key] = rng.randint(0, 400)
    write_sec2_sheet(wb, styles, form.SHEET_SEC2, sec2)

    reviews = max(rng.randint(0, 2), spec.cases // 500)
    _write_table(
        wb,
        form.SHEET_REVIEW,
        [c.name for c in form.REVIEW_COLUMNS],
        review_rows(rng, reviews, spec.index),
        {2, 3},
        date_format,
    )
    _write_lists(wb, lists, styles)
    write_stamp(wb, "log")
    if buffer is None:
        wb.close()
        tmp.replace(spec.path)
    else:
        finish(wb, buffer, spec.path)
    return spec.path


def _write_table(
    wb: Any, name: str, header: Sequence[str], rows: Any, date_cols: set[int], date_format: Any
) -> None:
    ws = wb.add_worksheet(name)
    for c, text in enumerate(header):
        ws.write_string(0, c, text)
    write_string, write_number = ws.write_string, ws.write_number
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                write_string(r, c, value)
            elif c in date_cols:
                write_number(r, c, value, date_format)
            else:
                write_number(r, c, value)


def _write_lists(wb: Any, lists: dict[str, tuple[str, ...]], styles: Any) -> None:
    """``toolkit.write.xlsx.write_lists`` written row by row (constant_memory drops earlier rows)."""
    from toolkit import form

    ws = wb.add_worksheet(form.SHEET_LISTS)
    columns = list(lists.items())
    for c, (name, _) in enumerate(columns):
        ws.write_string(0, c, name, styles.header)
    for r in range(1, max(len(v) for _, v in columns) + 1):
        for c, (_, values) in enumerate(columns):
            if r <= len(values):
                ws.write_string(r, c, values[r - 1])
    ws.hide()


# ---------------------------------------------------------------------------------------------
# The inputs of each run mode, cached in benchmarks/.data
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sizes:
    units: int
    cases_per_unit: int
    big: tuple[int, ...]


FULL = Sizes(units=1000, cases_per_unit=50, big=(100_000, 1_000_000))
QUICK = Sizes(units=100, cases_per_unit=50, big=(10_000,))


def _stamp(folder: Path) -> Path:
    """Beside the folder, not in it: a folder of inputs holds only the inputs."""
    return folder.with_name(folder.name + ".params.json")


def _stamp_ok(folder: Path, params: dict[str, Any]) -> bool:
    stamp = _stamp(folder)
    try:
        return json.loads(stamp.read_text(encoding="utf-8")) == params
    except (OSError, ValueError):
        return False


def _write_stamp(folder: Path, params: dict[str, Any]) -> None:
    _stamp(folder).write_text(json.dumps(params, ensure_ascii=False), encoding="utf-8")


def rollup_inputs(units: int, cases: int, jobs: int) -> Path:
    folder = DATA / f"rollup-{units}x{cases}"
    params = {"version": GENERATOR_VERSION, "units": units, "cases": cases, "year": YEAR}
    if _stamp_ok(folder, params):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    specs = [LogSpec(folder / f"unit-{i:04d}.xlsx", i, cases) for i in range(1, units + 1)]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(write_log, specs, chunksize=16))
    _write_stamp(folder, params)
    say(f"  generated {units} 台账 × {cases} cases in {time.perf_counter() - started:.1f} s → {_rel(folder)}")
    return folder


def big_input(cases: int) -> Path:
    folder = DATA / f"log-{cases}"
    params = {"version": GENERATOR_VERSION, "cases": cases, "year": YEAR}
    path = folder / f"log-{cases}.xlsx"
    if _stamp_ok(folder, params) and path.exists():
        return path
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    write_log(LogSpec(path, 9000 + cases % 997, cases, constant_memory=cases > 200_000))
    _write_stamp(folder, params)
    say(f"  generated one 台账 of {cases:,} cases in {time.perf_counter() - started:.1f} s → {_rel(path)}")
    return path


# ---------------------------------------------------------------------------------------------
# Measuring a process
# ---------------------------------------------------------------------------------------------
@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int | None  # exit code; None when killed at the time cap


#: Runs one command and reports its wall time and peak RSS. A child's ru_maxrss starts from the
#: resident size of the process it was spawned from (vfork/fork share or copy its pages until
#: exec), so commands are spawned by this small launcher (python -S, a few MB), never by this
#: script, whose generator imports would otherwise set a floor of ~60 MB under every number.
LAUNCHER = """
import json, os, signal, sys, time
report, cap, log, cmd = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4:]
fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
killed = []
started = time.perf_counter()
pid = os.posix_spawn(cmd[0], cmd, os.environ, setsid=True,
                     file_actions=[(os.POSIX_SPAWN_DUP2, fd, 1), (os.POSIX_SPAWN_DUP2, fd, 2)])
def kill(*_):
    killed.append(1)
    os.killpg(pid, signal.SIGKILL)
signal.signal(signal.SIGALRM, kill)
signal.setitimer(signal.ITIMER_REAL, cap)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
signal.setitimer(signal.ITIMER_REAL, 0)
with open(report, "w") as f:
    json.dump({"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "killed": bool(killed),
               "code": os.waitstatus_to_exitcode(status)}, f)
"""


def measure(cmd: Sequence[str], log: Path, cap: float) -> Run:
    """Run ``cmd`` (absolute program path first) through the launcher: wall time from spawn to
    exit, and the peak RSS of the command (its own children included, from ``wait4``)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    report = log.with_suffix(".json")
    launcher = [sys.executable, "-S", "-c", LAUNCHER, str(report), str(cap), str(log), *cmd]
    subprocess.run(launcher, cwd=REPO, check=True)
    data = json.loads(report.read_text(encoding="utf-8"))
    peak = data["maxrss_kb"] * 1024 / MB  # kilobytes on Linux
    return Run(data["seconds"], peak, None if data["killed"] else data["code"])


CALAMINE_READ = """
import sys, pathlib
from python_calamine import CalamineWorkbook
paths = []
for arg in sys.argv[1:]:
    p = pathlib.Path(arg)
    paths += sorted(p.glob("*.xlsx")) if p.is_dir() else [p]
cells = 0
for p in paths:
    book = CalamineWorkbook.from_path(str(p))
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python()
        cells += sum(len(r) for r in rows)
print(len(paths), "files", cells, "cells")
"""

PANDAS_READ = """
import sys, pathlib
import pandas as pd
paths = []
for arg in sys.argv[1:]:
    p = pathlib.Path(arg)
    paths += sorted(p.glob("*.xlsx")) if p.is_dir() else [p]
rows = 0
for p in paths:
    frames = pd.read_excel(p, sheet_name=None, engine="openpyxl")
    rows += sum(len(f) for f in frames.values())
print(len(paths), "files", rows, "rows")
"""


def compile_package() -> str:
    """Compile toolkit's bytecode, as ``pip install`` does, and say so for RESULTS.md.

    An editable install writes its .pyc files at first import — unless PYTHONDONTWRITEBYTECODE is
    set, as on this project's machines, when every run would compile the package's sources anew
    (about 0.08 s of each command). Users run an installed package: compiled once, at install."""
    import compileall

    import toolkit

    package = Path(toolkit.__file__).parent
    if not compileall.compile_dir(str(package), quiet=1):
        raise SystemExit(f"could not compile {package}")
    flag = os.environ.get("PYTHONDONTWRITEBYTECODE")
    env = f"PYTHONDONTWRITEBYTECODE={flag} here" if flag else "PYTHONDONTWRITEBYTECODE unset here"
    return f"compiled to bytecode before the runs, as `pip install` does ({env})"


def xxgk_command() -> list[str]:
    """The installed console script, run by this interpreter (no pyenv shim in the timing)."""
    script = Path(sys.executable).parent / "xxgk"
    if script.exists():
        return [sys.executable, str(script)]
    found = shutil.which("xxgk")
    return [found] if found else [sys.executable, "-m", "toolkit.cli"]


# ---------------------------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------------------------
@dataclass
class Measured:
    label: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def seconds(self) -> float | None:
        ok = [r.seconds for r in self.runs if r.code is not None]
        return statistics.median(ok) if ok else None

    @property
    def peak_mb(self) -> float | None:
        return max((r.peak_mb for r in self.runs), default=None)

    def spread(self) -> str:
        times = [r.seconds for r in self.runs if r.code is not None]
        if len(times) < 2:
            return ""
        return f"{min(times):.2f}–{max(times):.2f}"


@dataclass
class Scenario:
    key: str
    title: str
    inputs: str  # description of the files
    xxgk: list[str]
    read_args: list[str]
    target_ratio: float | None = None  # xxgk ≤ target × bare
    target_seconds: float | None = None  # xxgk < target s
    target_mb: float | None = None  # xxgk peak < target MB
    naive: bool = True
    naive_cap: float = 3600.0
    naive_note: str = ""
    floor: str = "bare calamine read"  # the label of the floor the ratio is taken to
    floor_cmd: list[str] | None = None  # its command (default: the calamine read of read_args)
    per_second: int | None = None  # inputs processed: a note gives inputs per second
    results: dict[str, Measured] = field(default_factory=dict)
    verdicts: list[tuple[str, bool | None, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def say(text: str) -> None:
    print(text, flush=True)


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def _size_mb(paths: Sequence[Path]) -> float:
    return sum(p.stat().st_size for p in paths) / MB


def build_scenarios(args: argparse.Namespace, sizes: Sizes, only: set[str]) -> list[Scenario]:
    out_dir = DATA / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    xxgk = xxgk_command()
    scenarios: list[Scenario] = []
    need_rollup = only & {"a", "c"}
    folder = rollup_inputs(sizes.units, sizes.cases_per_unit, args.jobs) if need_rollup else None
    if "a" in only and folder is not None:
        files = sorted(folder.glob("*.xlsx"))
        scenarios.append(
            Scenario(
                "a",
                f"(a) roll-up of {sizes.units:,} unit 台账 × {sizes.cases_per_unit} cases",
                f"{len(files):,} files, {_size_mb(files):.1f} MB, "
                f"{sizes.units * sizes.cases_per_unit:,} cases",
                [
                    *xxgk,
                    "aggregate",
                    str(folder),
                    "-o",
                    str(out_dir / "a-rollup.xlsx"),
                    "--unit",
                    ROLLUP_UNIT,
                    "--year",
                    str(YEAR),
                ],
                [str(folder)],
                target_ratio=3.0,
            )
        )
    for cases in sizes.big:
        key = "b" + _short(cases)
        if key not in only and "b" not in only:
            continue
        path = big_input(cases)
        is_million = cases >= 1_000_000
        naive = not args.quick or not is_million
        scenarios.append(
            Scenario(
                key,
                f"(b) one 台账 of {cases:,} cases",
                f"1 file, {_size_mb([path]):.1f} MB"
                + (" (written with constant_memory: inline strings)" if cases > 200_000 else ""),
                [*xxgk, "aggregate", str(path), "-o", str(out_dir / f"{key}.xlsx"), "--year", str(YEAR)],
                [str(path)],
                target_ratio=3.0,
                target_mb=1.5 * 1024 if is_million else None,
                naive=naive,
                naive_cap=args.naive_cap if is_million else 3600.0,
                naive_note=(f"naive read run once, capped at {args.naive_cap:.0f} s" if is_million else ""),
            )
        )
    if "d" in only:
        import documents  # benchmarks/documents.py: the report PDFs and both commands

        reports = documents.reports()
        floor, ours = documents.floor_command(reports), documents.check_command(xxgk, reports)
        scenarios.append(
            Scenario(
                "d",
                f"(d) reading {documents.COUNT} report PDFs ({documents.JOBS} processes each side)",
                f"{documents.COUNT} files, {documents.size_mb(reports):.1f} MB",
                ours,
                [str(reports)],
                target_ratio=1.5,
                naive=False,
                floor="bare pdfplumber extract_tables",
                floor_cmd=floor,
            )
        )
    if "e" in only:
        import documents  # benchmarks/documents.py: the mixed folder and the summary command

        pdfs = documents.reports()
        mixed = documents.mixed_reports()
        floor = documents.floor_command(pdfs)
        kinds = sorted({p.suffix for p in mixed.iterdir()})
        scenarios.append(
            Scenario(
                "e",
                f"(e) xxgk check --summary of {documents.COUNT} published reports ({', '.join(kinds)})",
                f"{documents.COUNT} files, {_size_mb(list(mixed.iterdir())):.1f} MB; the floor reads the "
                f"{documents.COUNT} PDFs of (d)",
                documents.summary_command(xxgk, mixed, out_dir / "e-评估结果.xlsx"),
                [str(mixed)],
                naive=False,
                floor="bare pdfplumber extract_tables",
                floor_cmd=floor,
                per_second=documents.COUNT,
            )
        )
    if "c" in only and folder is not None:
        one = sorted(folder.glob("*.xlsx"))[0]
        scenarios.append(
            Scenario(
                "c",
                f"(c) xxgk check of one unit's 台账 ({sizes.cases_per_unit} cases)",
                f"1 file, {one.stat().st_size / 1024:.0f} KB",
                [*xxgk, "check", str(one)],
                [str(one)],
                target_seconds=0.5,
            )
        )
    return scenarios


def _short(cases: int) -> str:
    return f"{cases // 1_000_000}m" if cases % 1_000_000 == 0 else f"{cases // 1000}k"


def run_scenario(sc: Scenario, args: argparse.Namespace) -> None:
    say(f"\n{sc.title} — {sc.inputs}")
    logs = DATA / "logs"
    floor = sc.floor_cmd or [sys.executable, "-c", CALAMINE_READ, *sc.read_args]
    commands: dict[str, tuple[list[str], float]] = {sc.floor: (floor, args.cap), "xxgk": (sc.xxgk, args.cap)}
    if sc.naive:
        commands["naive pandas+openpyxl"] = ([sys.executable, "-c", PANDAS_READ, *sc.read_args], sc.naive_cap)
    # warm the page cache (not measured): every command then reads the files from memory
    measure(commands[sc.floor][0], logs / f"{sc.key}-warmup.log", args.cap)
    for label in commands:
        sc.results[label] = Measured(label)
    for n in range(args.runs):
        for label, (cmd, cap) in commands.items():
            measured = sc.results[label]
            if n > 0 and label.startswith("naive") and sc.naive_note:
                continue  # the capped naive read of the 1M case runs once
            if n > 0 and measured.runs and measured.runs[0].seconds > args.long:
                measured.note = f"1 run (the first took > {args.long:.0f} s)"
                continue
            run = measure(cmd, logs / f"{sc.key}-{label.split()[0]}-{n + 1}.log", cap)
            measured.runs.append(run)
            status = (
                "" if run.code == 0 else (f" exit {run.code}" if run.code is not None else " KILLED at cap")
            )
            say(f"  run {n + 1}  {label:<24} {run.seconds:8.2f} s  {run.peak_mb:8.1f} MB{status}")
            if run.code not in (0, None, *_findings_code(sc)) and label == "xxgk":
                tail = (logs / f"{sc.key}-xxgk-{n + 1}.log").read_text(encoding="utf-8", errors="replace")
                say("  xxgk failed:\n" + tail[-2000:])
    if sc.naive_note and "naive pandas+openpyxl" in sc.results:
        sc.results["naive pandas+openpyxl"].note = sc.naive_note
    judge(sc)
    sanity(sc)


def _findings_code(sc: Scenario) -> tuple[int, ...]:
    """Exit codes that are an answer, not a failure: 1 (errors found) for ``check``."""
    return () if "aggregate" in sc.xxgk else (1,)


def judge(sc: Scenario) -> None:
    x = sc.results["xxgk"]
    bare = sc.results[sc.floor].seconds
    seconds = x.seconds
    if seconds is None:
        sc.verdicts.append(("xxgk finished", False, "did not finish"))
        return
    ok_codes = (0, *_findings_code(sc))  # check: 1 = findings in the file
    failed = any(r.code not in ok_codes for r in x.runs)
    if failed:
        sc.verdicts.append(("xxgk exit code", False, "non-zero exit: see benchmarks/.data/logs"))
    if sc.per_second:
        sc.notes.append(
            f"{sc.per_second / seconds:.1f} inputs per second ({sc.per_second} in {seconds:.2f} s)"
        )
    if sc.target_ratio is not None and bare:
        ratio = seconds / bare
        met = ratio <= sc.target_ratio
        by = (
            ""
            if met
            else f" — missed: {seconds - sc.target_ratio * bare:.2f} s over the target "
            f"({sc.target_ratio * bare:.2f} s), {ratio / sc.target_ratio - 1:.1%} too slow"
        )
        sc.verdicts.append((f"≤ {sc.target_ratio:g}× bare read", met, f"{ratio:.2f}×{by}"))
    if sc.target_seconds is not None:
        met = seconds < sc.target_seconds
        by = (
            ""
            if met
            else f" — missed by {seconds - sc.target_seconds:.2f} s ({seconds / sc.target_seconds:.2f}×)"
        )
        sc.verdicts.append((f"< {sc.target_seconds:g} s whole process", met, f"{seconds:.2f} s{by}"))
    if sc.target_mb is not None and x.peak_mb is not None:
        met = x.peak_mb < sc.target_mb
        by = (
            "" if met else f" — missed by {x.peak_mb - sc.target_mb:.0f} MB ({x.peak_mb / sc.target_mb:.2f}×)"
        )
        sc.verdicts.append((f"peak < {sc.target_mb / 1024:g} GB", met, f"{x.peak_mb:.0f} MB{by}"))


def sanity(sc: Scenario) -> None:
    """What the aggregate wrote (not timed): its trace rows against two per counted case."""
    if "aggregate" not in sc.xxgk:
        return
    output = Path(sc.xxgk[sc.xxgk.index("-o") + 1])
    if not output.exists():
        sc.notes.append("no output written")
        return
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(output))
        trace = book.get_sheet_by_name("明细")
        rows = trace.height - 1
        sources = book.get_sheet_by_name("来源").to_python()
        counted = sum(int(r[5]) for r in sources[3:] if len(r) > 5 and isinstance(r[5], int | float) and r[0])
    except Exception as err:  # a report, not a test: say what went wrong
        sc.notes.append(f"could not read the output: {type(err).__name__}")
        return
    # 明细 holds one row per unit and table row, each cell listing its case IDs (not a row per case)
    note = f"output {output.stat().st_size / MB:.1f} MB; 明细 has {rows:,} rows for {counted:,} counted cases"
    sc.notes.append(note)


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------
def machine() -> list[tuple[str, str]]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = []
    from importlib.metadata import version

    for dist in ("python-calamine", "pandas", "openpyxl", "xlsxwriter", "typer", "xxgk"):
        try:
            versions.append(f"{dist} {version(dist)}")
        except Exception:
            versions.append(f"{dist} ?")
    commit = "?"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "toolkit"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        commit += " (toolkit/ has uncommitted changes)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        pass
    return [
        ("CPU", f"{cpu} — {os.cpu_count()} logical cores ({usable} usable)"),
        ("RAM", ram),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("Libraries", ", ".join(versions)),
        ("Commit", commit),
    ]


def machine_rows(args: argparse.Namespace) -> list[tuple[str, str]]:
    return [*machine(), ("xxgk code", args.bytecode)]


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def table_rows(sc: Scenario) -> list[list[str]]:
    bare = sc.results[sc.floor].seconds
    naive = sc.results.get("naive pandas+openpyxl")
    naive_s = naive.seconds if naive else None
    rows = []
    for label, m in sc.results.items():
        s = m.seconds
        killed = any(r.code is None for r in m.runs)
        shown = f"> {max(r.seconds for r in m.runs):.0f} (killed)" if killed and s is None else _fmt(s)
        vs_bare = _fmt(s / bare) + "×" if s is not None and bare else "—"
        vs_naive = _fmt(s / naive_s, 3) + "×" if s is not None and naive_s else "—"
        note = "; ".join(x for x in (m.note, f"range {m.spread()} s" if m.spread() else "") if x)
        rows.append([label, str(len(m.runs)), shown, _fmt(m.peak_mb, 0), vs_bare, vs_naive, note])
    return rows


HEADS = ["command", "runs", "median s", "peak MB", "× bare", "× naive", "notes"]


def print_table(scenarios: Sequence[Scenario]) -> None:
    say("\n" + "=" * 100)
    for sc in scenarios:
        say(f"{sc.title} — {sc.inputs}")
        rows = [HEADS, *table_rows(sc)]
        widths = [max(_width(r[i]) for r in rows) for i in range(len(HEADS))]
        for r in rows:
            say(
                "  "
                + "  ".join(_pad(cell, widths[i], right=i in (1, 2, 3, 4, 5)) for i, cell in enumerate(r))
            )
        for what, met, detail in sc.verdicts:
            mark = "MET   " if met else "MISSED"
            say(f"  target {what}: {mark} {detail}")
        for note in sc.notes:
            say(f"  note: {note}")
        say("")


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def markdown(
    scenarios: Sequence[Scenario],
    args: argparse.Namespace,
    started: datetime,
    loads: tuple[str, str],
    elapsed: float,
    command: str,
) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC in {elapsed / 60:.1f} min by `{command}`"
        f"{' (quick mode: a smoke check, not the targets of issue 6)' if args.quick else ''}.",
        "Each row is a whole process (start-up included): median wall time of the runs, and the",
        "largest peak resident memory among them. The baselines ran in the same invocation, on the",
        "same files, interleaved with the xxgk runs: the **bare** python-calamine read (open every",
        "workbook, `to_python()` every sheet) is the floor; the **naive** read is",
        '`pandas.read_excel(path, sheet_name=None, engine="openpyxl")`.',
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in machine_rows(args)],
        f"| Load average | {loads[0]} at start, {loads[1]} at end (a shared machine: expect noise) |",
        "",
        "## Targets",
        "",
        "| scenario | target | measured | |",
        "|---|---|---|---|",
    ]
    for sc in scenarios:
        for what, met, detail in sc.verdicts:
            lines.append(f"| {sc.title} | {what} | {detail} | {'met' if met else '**missed**'} |")
    lines.append("")
    for sc in scenarios:
        lines += [f"## {sc.title}", "", f"Inputs: {sc.inputs}.", "", "Command: `" + _shown(sc.xxgk) + "`", ""]
        lines.append("| " + " | ".join(HEADS) + " |")
        lines.append("|" + "|".join("---" if i in (0, 6) else "---:" for i in range(len(HEADS))) + "|")
        for row in table_rows(sc):
            lines.append("| " + " | ".join(row) + " |")
        lines.append("")
        for note in sc.notes:
            lines.append(f"- {note}")
        if sc.notes:
            lines.append("")
    return "\n".join(lines) + "\n"


def _shown(cmd: Sequence[str]) -> str:
    parts = list(cmd)
    if parts and parts[0] == sys.executable:
        parts = parts[1:]
    parts = [Path(p).name if p.endswith("/xxgk") else p for p in parts]
    return " ".join(_rel(Path(p)) if p.startswith(str(REPO)) else p for p in parts)


# ---------------------------------------------------------------------------------------------
# Profiling
# ---------------------------------------------------------------------------------------------
def profile(scenarios: Sequence[Scenario]) -> None:
    import importlib.util

    if importlib.util.find_spec("pyinstrument") is None:
        raise SystemExit("pyinstrument is not installed: pip install pyinstrument (profiling only)")
    for sc in scenarios:
        args = sc.xxgk[sc.xxgk.index("aggregate") if "aggregate" in sc.xxgk else sc.xxgk.index("check") :]
        out = HERE / ".data" / f"profile-{sc.key}.txt"
        cmd = [sys.executable, "-m", "pyinstrument", "-o", str(out), "-m", "toolkit.cli", *args]
        say(f"profiling {sc.title}: {_shown(cmd)}")
        started = time.perf_counter()
        subprocess.run(cmd, cwd=REPO, check=False, stdout=subprocess.DEVNULL)
        say(f"  {time.perf_counter() - started:.1f} s → {_rel(out)}")


# ---------------------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="small inputs, 1 run: a smoke check in under a minute"
    )
    parser.add_argument("--runs", type=int, default=None, help="runs per command (default 3; 1 with --quick)")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="markdown results (default benchmarks/RESULTS.md; "
        "benchmarks/.data/RESULTS-quick.md with --quick)",
    )
    parser.add_argument(
        "--only", default="a,b,c", help="scenarios: a, b (all sizes), b100k, b1m, c, d, e (default a,b,c)"
    )
    parser.add_argument("--cap", type=float, default=1800, help="kill any command after this many seconds")
    parser.add_argument(
        "--naive-cap",
        type=float,
        default=300,
        help="time cap of the naive read of the 1M-case file (default 300 s)",
    )
    parser.add_argument(
        "--long",
        type=float,
        default=240,
        help="a command whose first run takes longer than this runs once (default 240 s)",
    )
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="processes generating the inputs"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile the xxgk run of the chosen scenarios "
        "with pyinstrument (into benchmarks/.data/profile-*.txt) instead of timing",
    )
    args = parser.parse_args(argv)
    args.runs = args.runs or (1 if args.quick else 3)
    if args.out is None:
        args.out = DATA / "RESULTS-quick.md" if args.quick else HERE / "RESULTS.md"
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    sizes = QUICK if args.quick else FULL
    command = (
        "python benchmarks/run.py" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    )

    started_at = datetime.now(UTC)
    started = time.perf_counter()
    load_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    sys.path.insert(0, str(REPO))  # the generator imports toolkit (installed editable anyway)
    sys.path.insert(0, str(HERE))  # scenario d's generator: benchmarks/documents.py
    args.bytecode = compile_package()
    say(f"generating inputs into {_rel(DATA)} (cached)")
    scenarios = build_scenarios(args, sizes, only)
    if args.profile:
        profile(scenarios)
        return 0
    done: list[Scenario] = []
    for sc in scenarios:
        run_scenario(sc, args)
        done.append(sc)
        load_end = " ".join(f"{x:.2f}" for x in os.getloadavg())
        text = markdown(
            done, args, started_at, (load_start, load_end), time.perf_counter() - started, command
        )
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")  # after each scenario: a long run leaves partial results
    print_table(done)
    say(f"written {_rel(args.out)} ({(time.perf_counter() - started) / 60:.1f} min)")
    missed = any(met is False for sc in done for _, met, _ in sc.verdicts)
    return 1 if missed and not args.quick else 0


if __name__ == "__main__":
    sys.exit(main())
