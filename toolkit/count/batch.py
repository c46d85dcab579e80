"""The inputs of one run, read and checked together: what ``check`` shows is what ``aggregate`` counts.

``read_inputs`` takes what the user named (files, folders, .zip attachments) through the one collector
(toolkit.gate.inputs) and analyses every file found (toolkit.rules.analyse), in worker processes when there
are many (``analyse_all``). ``across`` finds what is wrong only across inputs: a table that already holds
other inputs' cases (R25, toolkit.count.overlap), the same unit twice (R24), the same case in two units'
台账 (L4). ``check`` and ``aggregate`` both call these, so the reviewer's check shows what the roll-up will
block on.

Worker processes never outlive the run: they leave Ctrl-C and a closed terminal (SIGINT, SIGHUP) to the
parent, which ends them when it is interrupted; on Linux they are also ended when the parent dies
(PR_SET_PDEATHSIG), whatever killed it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit import form
from toolkit.count.overlap import Coverage, double_counting
from toolkit.count.roster import Submitted, duplicate_units, unit_key
from toolkit.files import shown
from toolkit.findings import FileReport, Finding
from toolkit.gate.inputs import Collected, InputFile, collect_inputs
from toolkit.rules.analyse import Analysed, analyse_file
from toolkit.table import UnitInfo

__all__ = [
    "PARALLEL_MIN_FILES",
    "Across",
    "Inputs",
    "across",
    "analyse_all",
    "duplicate_cases",
    "read_inputs",
    "unit_of",
]

#: a document found in a folder in which no official table was found
_TABLES = "、".join((form.SHEET_TABLE2, form.SHEET_TABLE3, form.SHEET_TABLE4))
SKIP_NO_TABLES = f"文档中没有找到统计表（{_TABLES}），不是年度报告，未读取"
PARALLEL_MIN_FILES = 16  # below this, starting worker processes costs more than it saves
MAX_WORKERS = 4


@dataclass
class Inputs:
    """Everything a run was given: ``unreadable`` (refused before reading: a zip that cannot be opened, ...),
    ``analysed`` (each distinct file, read and checked, in ``collected.files``' order) and what the
    collector did not read (``collected``: duplicates, skipped files, annotated copies)."""

    collected: Collected
    unreadable: list[FileReport] = field(default_factory=list)
    analysed: list[tuple[InputFile, Analysed]] = field(default_factory=list)

    @property
    def reports(self) -> list[FileReport]:
        return self.unreadable + [one.report for _, one in self.analysed]


def read_inputs(
    paths: Sequence[Path | str],
    workdir: Path,
    *,
    calendar: Any = None,
    progress: Callable[[int, int, str], None] | None = None,
    year: int | None = None,
) -> Inputs:
    """Collect ``paths`` (zips unpacked into ``workdir``) and analyse every file found; ``year``
    (``aggregate --year``) chooses between several tables stacked in one workbook."""
    collected = collect_inputs(paths, workdir)
    inputs = Inputs(collected)
    for display, reason, code in collected.errors:
        inputs.unreadable.append(FileReport(display, "unknown", error=reason, reason=code))
    files = list(collected.files)
    results = analyse_all(files, calendar, year)
    given = {shown(Path(p)) for p in paths}
    try:
        for n, (item, one) in enumerate(zip(files, results, strict=True), start=1):
            if progress:
                progress(n, len(files), item.display)
            if one.report.reason == "no_tables" and item.display not in given:
                # a document in a folder without the tables (a cover letter, a readme): not an input
                collected.skipped.append((item.display, SKIP_NO_TABLES))
                continue
            inputs.analysed.append((item, one))
    finally:
        results.close()  # interrupted here (in ``progress``): the workers are ended now, not when collected
    return inputs


# --- reading in parallel -------------------------------------------------------------------------


def _analyse_one(path: Path, display: str, calendar: Any, year: int | None = None) -> Analysed:
    return analyse_file(path, calendar=calendar, display=display, year=year)


def analyse_all(
    files: Sequence[InputFile], calendar: Any, year: int | None = None
) -> Generator[Analysed, None, None]:
    """Read and check every input, in order; on several cores, in worker processes (the files
    are independent; results come back in input order, so the output is the same)."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(files) < PARALLEL_MIN_FILES or workers < 2:
        for item in files:
            yield _analyse_one(item.path, item.display, calendar, year)
        return
    from concurrent.futures import ProcessPoolExecutor

    # imported once, before the workers fork
    import toolkit.gate.workbook
    import toolkit.read.stats
    import toolkit.rules.table  # noqa: F401

    pool = ProcessPoolExecutor(workers, initializer=_worker_start, initargs=(os.getpid(),))
    try:
        yield from pool.map(
            _analyse_one,
            [f.path for f in files],
            [f.display for f in files],
            [calendar] * len(files),
            [year] * len(files),
            chunksize=max(1, min(32, len(files) // (workers * 4))),
        )
    except BaseException:  # Ctrl-C, SIGTERM, SIGHUP (cli: KeyboardInterrupt), or the reader gave up
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _worker_start(parent: int) -> None:
    """In each worker process: Ctrl-C and a closed terminal are the parent's to handle (it ends the
    workers), SIGTERM ends the worker at once (not the parent's unwinding handler, inherited by fork),
    and on Linux the worker is ended when its parent dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):  # no libc to ask: the parent's own shutdown remains
            pass
    if os.getppid() != parent:  # the parent died before the line above: nobody will collect the results
        os._exit(1)


def _stop(pool: Any) -> None:
    """End the workers now: queued files are dropped and running ones stopped (``shutdown`` alone would
    wait for every file already queued)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError):  # already gone
            process.terminate()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(timeout=5)


# --- across inputs -------------------------------------------------------------------------------


@dataclass
class Across:
    """What is wrong only across the inputs of a run."""

    findings: list[Finding] = field(default_factory=list)  # R25, then R24, then L4
    notes: list[str] = field(default_factory=list)  # 汇总 tables whose units cannot be told
    blocked: set[str] = field(default_factory=set)  # inputs (as shown) R25 blocks
    submitted: list[Submitted] = field(default_factory=list)  # the units given, R25-blocked files left out


def unit_of(one: Analysed) -> tuple[str, int | None, UnitInfo | None]:
    """The unit an analysed input names (maybe ""), its 统计年度 and its 单位信息 (None for a JSON table)."""
    if one.log is not None:
        return one.log.info.name, one.log.info.year, one.log.info
    if one.stats is not None:
        info = one.stats.info
        return info.name or one.stats.table.unit, info.year or one.stats.table.year, info
    assert one.table is not None
    return one.table.unit, one.table.year, None


def across(
    analysed: Sequence[tuple[InputFile, Analysed]],
    names: Sequence[str],
    covers: Mapping[str, tuple[str, ...] | None],
    rollup_unit: str | None,
) -> Across:
    """The findings across ``analysed`` (every input read without an error), whose units are ``names``
    (in the same order). ``covers``: for each 统计表 (by its display), the units it names as ours in its
    来源/分单位 sheets (toolkit.write.provenance.covered_units), None when it is not ours."""
    coverage: list[Coverage] = []
    submitted: list[Submitted] = []
    for (item, one), name in zip(analysed, names, strict=True):
        scope = one.stats.info.scope if one.stats is not None else ""
        coverage.append(Coverage(item.display, name, one.report.kind, scope, covers.get(item.display)))
        submitted.append(Submitted(name, item.display))
    # R25 first: a file counted twice as a whole is one finding, not also R24 (a unit twice, a roster line)
    overlaps = double_counting(coverage, rollup_unit)
    out = Across(list(overlaps.findings), list(overlaps.unclear), set(overlaps.blocked))
    out.submitted = [s for s in submitted if s.path not in overlaps.blocked]
    out.findings += duplicate_units(out.submitted)
    out.findings += duplicate_cases(analysed)
    return out


def duplicate_cases(analysed: Sequence[tuple[InputFile, Analysed]]) -> list[Finding]:
    """The same application in two units' 台账 (same 申请编号, 收到日期 and 申请人类型): L4.

    Within one workbook that is L4 of the workbook's own checks, so one 台账 needs nothing here.
    ``seen`` keeps where each case was first met as (input, case): an address string per case
    would cost a million strings; addresses are made only for a duplicate.
    """
    logs = [(item, one.log) for item, one in analysed if one.log is not None]
    if len(logs) < 2:
        return []
    # the same unit's 台账 twice is one R24 finding (duplicate_units), not one L4 per case
    units = [unit_key(log.info.name) if log.info.name else None for _, log in logs]
    seen: dict[tuple[str, Any, Any], tuple[int, Any]] = {}
    findings: list[Finding] = []
    for n, (item, log) in enumerate(logs):
        for case in log.cases:
            if not case.case_id:
                continue
            key = (case.case_id, case.received, case.applicant_type)
            first = seen.setdefault(key, (n, case))
            if first[0] == n or (units[n] is not None and units[first[0]] == units[n]):
                continue
            first_item = logs[first[0]][0]
            first_cell = f"{first[1].sheet}!{first[1].cells.get(form.LOG_ID)}"
            findings.append(
                Finding(
                    "L4",
                    item.display,
                    f"申请编号“{case.case_id[:30]}”（收到日期 {case.received}）与 {first_item.display} "
                    f"{first_cell} 是同一件申请，汇总时会重复计算",
                    "同一件申请只能由一个单位登记：请与对方单位核对，删除多余的一行",
                    sheet=case.sheet,
                    cell=case.cells.get(form.LOG_ID),
                )
            )
    return findings
