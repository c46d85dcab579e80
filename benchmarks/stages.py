"""Where an ``xxgk`` run spends its time and memory, step by step, without a profiler's overhead.

    python benchmarks/stages.py aggregate benchmarks/.data/log-100000 -o /tmp/o.xlsx --year 2024
    python benchmarks/stages.py check benchmarks/.data/rollup-1000x50/unit-0001.xlsx

Runs the real command line (``toolkit.cli.main``) with the steps of the pipeline wrapped: each
wrapper adds its wall time (summed over files; nested steps are also counted in their parent)
and notes the process's resident memory when the step ends and the peak so far. Steps that a
later toolkit renames are skipped with a note. A measuring aid for benchmarks/README.md, not a
benchmark: the numbers of record come from ``run.py``.
"""

from __future__ import annotations

import functools
import importlib
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

#: (module, attribute, label): patched where the caller looks the name up at call time
STEPS = (
    ("toolkit.gate.inputs", "collect_inputs", "collect inputs (hash)"),
    ("toolkit.gate.workbook", "inspect_workbook", "safety gate (read + unzip + scan)"),
    ("toolkit.read.formulas", "formulas_without_values", "formulas without cached values"),
    ("toolkit.rules.analyse", "_open", "calamine open"),
    ("toolkit.read.log", "looks_like_log", "recognise 台账"),
    ("toolkit.read.log", "read_log", "read_log (all)"),
    ("toolkit.read.log_cases", "sheet_rows", "  read_log: sheet_rows (calamine loads a sheet)"),
    ("toolkit.read.log_cases", "_CaseParser.case", "  read_log: _CaseParser.case (one per row)"),
    ("toolkit.read.log_cases", "_row_kind", "  read_log: _row_kind (rows not plainly cases)"),
    ("toolkit.rules.log", "check_log", "check_log (L1–L7)"),
    ("toolkit.rules.table", "check_sec2", "check_sec2"),
    ("toolkit.aggregate", "_duplicate_cases", "duplicate cases across units"),
    ("toolkit.aggregate", "count_log", "count_log"),
    ("toolkit.write.stats_workbook", "write_stats_workbook", "write 统计表 (all)"),
    ("toolkit.write.stats_workbook", "finish", "  write: xlsxwriter close + bulk rows + save"),
    ("toolkit.write.textrows", "splice_rows", "    write: bulk rows into the sheet XML"),
)
PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024


class Step:
    def __init__(self, label: str) -> None:
        self.label = label
        self.seconds = 0.0
        self.calls = 0
        self.rss_after = 0.0
        self.peak_after = 0.0


def rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * PAGE / MB


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def wrap(step: Step, fn: Callable[..., Any], *, returns_callable: bool = False) -> Callable[..., Any]:
    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            step.seconds += time.perf_counter() - started
            step.calls += 1
            step.rss_after = rss_mb()
            step.peak_after = peak_mb()

    return timed


def main() -> int:
    steps: list[Step] = []
    skipped: list[str] = []
    for module_name, attribute, label in STEPS:
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")  # "Class.method" patches the method on the class
        for part in path:
            owner = getattr(owner, part, None)
        fn = getattr(owner, name, None)
        if fn is None:
            skipped.append(f"{module_name}.{attribute}")
            continue
        step = Step(label)
        steps.append(step)
        setattr(owner, name, wrap(step, fn))
    # the trace sheet is written by a closure that provenance.trace_sheet returns
    import toolkit.aggregate as aggregate_module

    trace_step = Step("  write: 明细 sheet (headers; rows prepared)")
    steps.append(trace_step)
    make_trace = aggregate_module.trace_sheet
    aggregate_module.trace_sheet = lambda traces: wrap(trace_step, make_trace(traces))

    from toolkit.cli import main as cli_main

    sys.argv = ["xxgk", *sys.argv[1:]]
    started = time.perf_counter()
    code = 0
    try:
        cli_main()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0
    total = time.perf_counter() - started
    out = sys.stderr
    print(f"\n{'step':<40} {'calls':>7} {'seconds':>9} {'RSS after':>10} {'peak so far':>12}", file=out)
    for step in steps:
        if step.calls:
            print(
                f"{step.label:<40} {step.calls:>7} {step.seconds:>9.2f} {step.rss_after:>8.0f} MB"
                f" {step.peak_after:>9.0f} MB",
                file=out,
            )
    print(
        f"{'whole command (after imports)':<40} {'':>7} {total:>9.2f} {'':>10} {peak_mb():>9.0f} MB", file=out
    )
    if skipped:
        print(f"not found (renamed?): {', '.join(skipped)}", file=out)
    return code


if __name__ == "__main__":
    sys.exit(main())
