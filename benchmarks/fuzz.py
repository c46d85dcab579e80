"""Fuzz the guarantees with many more examples than the test run: ``python benchmarks/fuzz.py``.

The mutations and the judge are those of tests/test_fuzz.py (valid 台账, 统计表 and a unit's own
table, mutated cell by cell; check --annotate, analyse_file and aggregate on each). Examples are
drawn by hypothesis with a random seed per worker (``--seed`` to repeat a run) and split over
``--jobs`` processes. Nothing is shrunk: every example counts, and the first few failing ones are
written to ``--keep`` (the workbook and its list of mutations) for reproduction.

Prints the counts: examples run, tracebacks seen, inputs changed, rows lost, personal-data leaks
(and exit codes off 0/1/2, partial outputs, injected formulas; the known 复议诉讼 issue apart).
Exit status 1 when any guarantee was broken.

    python benchmarks/fuzz.py --examples 10000 --jobs 2
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"

LABELS = {
    "examples": "examples run",
    "tracebacks": "tracebacks seen",
    "inputs_changed": "inputs changed",
    "rows_lost": "rows lost",
    "leaks": "personal-data leaks",
    "bad_exits": "exit codes other than 0/1/2",
    "partial_outputs": "partial outputs / temp files",
    "formulas_injected": "injected formulas in our outputs",
    "templates_rendered": "cell values rendered as templates",
}


def _setup_path() -> None:
    for path in (str(TESTS), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)


def worker(args: tuple[int, int, str | None, int]) -> dict:
    """Run ``count`` examples drawn with ``seed``; return the counts and a few failures."""
    count, seed, keep, keep_max = args
    _setup_path()
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from test_fuzz import KINDS_OF_VIOLATION, examples, run_example, write_book

    counts: Counter = Counter()
    exits: Counter = Counter()
    failures: list[dict] = []

    @hypothesis_seed(seed)
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(example=examples())
    def run(example) -> None:
        with tempfile.TemporaryDirectory(prefix="xxgk-fuzz-") as tmp:
            try:
                outcome = run_example(example, Path(tmp))
            except Exception as err:  # the judge itself failed: count it, never stop the run
                counts["judge_errors"] += 1
                failures.append({"seed": seed, "example": repr(example), "judge_error": repr(err)})
                return
        counts["examples"] += 1
        counts["review_rows_dropped"] += bool(outcome.review_rows_dropped)
        exits[f"{example.base} check={outcome.check_exit} aggregate={outcome.aggregate_exit}"] += 1
        broken = {k: v for k, v in outcome.violations.items() if v}
        for kind in KINDS_OF_VIOLATION:
            counts[kind] += bool(outcome.violations[kind])
        if broken and keep and len(failures) < keep_max:
            folder = Path(keep) / f"seed{seed}-{counts['examples']:05d}"
            folder.mkdir(parents=True, exist_ok=True)
            write_book(example.book, folder / "input.xlsx")
            (folder / "example.txt").write_text(
                repr(example) + "\n" + json.dumps(broken, ensure_ascii=False, indent=1), encoding="utf-8"
            )
        if broken and len(failures) < keep_max:
            failures.append({"seed": seed, "example": repr(example), "violations": broken})

    run()
    return {"counts": dict(counts), "exits": dict(exits), "failures": failures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000, help="examples to run in all (default 10000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--seed", type=int, default=None, help="base seed (default: random)")
    parser.add_argument("--keep", type=Path, default=None, help="folder for failing examples")
    parser.add_argument("--keep-max", type=int, default=20, help="failing examples kept per worker")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    jobs = max(1, min(args.jobs, args.examples))
    shares = [args.examples // jobs + (i < args.examples % jobs) for i in range(jobs)]
    tasks = [
        (n, seed + i, str(args.keep) if args.keep else None, args.keep_max) for i, n in enumerate(shares)
    ]
    start = time.perf_counter()
    if jobs == 1:
        results = [worker(tasks[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            results = pool.map(worker, tasks)
    elapsed = time.perf_counter() - start

    counts: Counter = Counter()
    exits: Counter = Counter()
    failures = []
    for result in results:
        counts.update(result["counts"])
        exits.update(result["exits"])
        failures += result["failures"]
    broken = sum(counts[k] for k in LABELS if k != "examples") + counts["judge_errors"]
    summary = {
        "command": f"python benchmarks/fuzz.py --examples {args.examples} --jobs {jobs} --seed {seed}",
        "seconds": round(elapsed, 1),
        **{k: counts[k] for k in LABELS},
        "judge_errors": counts["judge_errors"],
        "known_review_rows_dropped": counts["review_rows_dropped"],
        "outcomes": dict(sorted(exits.items())),
        "failures": failures[:10],
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print(summary["command"])
        print(f"{elapsed:.0f} s, {counts['examples'] / max(elapsed, 1e-9):.1f} examples/s")
        for key, label in LABELS.items():
            print(f"{label:34} {counts[key]}")
        print(f"{'judge errors':34} {counts['judge_errors']}")
        print(f"{'复议诉讼 rows neither read nor listed':34} {counts['review_rows_dropped']} examples")
        print("outcomes (base, exit codes):")
        for key, n in sorted(exits.items(), key=lambda kv: -kv[1])[:12]:
            print(f"  {n:6}  {key}")
        for failure in failures[:10]:
            print("FAILED", json.dumps(failure, ensure_ascii=False)[:2000])
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
