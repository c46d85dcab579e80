"""The guarantees of issue 7, each over the whole hostile-input corpus (tests/corpus/make_corpus.py).

Every kind of the corpus goes through ``check``, ``aggregate`` and ``fill-report``, by the real
command line: in-process (``toolkit.cli.main`` with ``sys.argv``, every kind through every command)
and in a subprocess (``python -m toolkit.cli``: ``check`` over the whole corpus at once — text,
--json, a GBK console —, ``aggregate`` once per kind, the unreadable kinds together in one run,
``fill-report`` for a few). The runs are made once per session, the subprocesses in the background
while the in-process runs go on; each test below judges one guarantee over all of them:

- the exit code of each command is the one the corpus table says (0 fine, 1 problems, 2 unreadable);
- no traceback or Python exception name reaches the user; a rejection is one line naming the file
  and saying what to do; no terminal control characters from a cell reach the console;
- input files are byte-identical (SHA-256) and untouched (mtime) after every command;
- nothing is lost: rows read = counted + excluded, and rows read = the rows with content in the XML;
- no partial output and no temp file, even when the write is interrupted;
- injected formulas stay text in every workbook we write (the 统计表, annotated copies);
- memory stays bounded on the bombs (RLIMIT_AS of 1.5 GB);
- no applicant's name, contact or request text in any output, message or report.
"""

from __future__ import annotations

import concurrent.futures
import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from corpus import (
    TEMP_GLOB,
    changed,
    content_rows,
    control_characters,
    formulas,
    leaks,
    output_problems,
    snapshot,
    zip_text,
)
from corpus.make_corpus import (
    AGG_UNIT,
    CONTROL_UNIT,
    HTML_UNIT,
    INJECTED,
    INJECTED_ID,
    KIND,
    KINDS,
    PENDING,
    REASON,
    TEMPLATE_LOG_UNIT,
    TEMPLATE_UNIT,
    build_corpus,
    footnote_template,
    personal_needles,
)

from toolkit.errors import REASONS

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX: a FIFO, signals, RLIMIT_AS, /proc")
pytestmark = [pytestmark, pytest.mark.slow]  # building the corpus takes most of a minute

NEEDLES = personal_needles()
#: pieces of the injected formulas: no <f> element of ours may hold one
PAYLOADS = ("cmd|", "evil.example", "SUM(1+1)", "notepad", "HYPERLINK")
#: a rejection says what to do: one of these words of instruction
ACTION = re.compile(r"请|可忽略|再试|重新|另存|删除|改为|使用|指定|索取|提交|检查|核对|升级|取消|关闭")
BOMBS = (
    "merge_overlap",
    "merge_overlap_1000",
    "dense_review",
    "zip_bomb_ratio",
    "zip_bomb_declared",
    "zip_bomb_lying",
    "zip_bomb_overlap",
    "zip_bomb_members",
    "nested_archive",
    "entity_bomb",
    "external_entity",
    "far_cell",
    "far_cell_first",
    "far_cell_attributes",
    "far_cell_quotes",
    "far_cell_prefixed",
)
MEMORY_LIMIT = 1536 << 20
SUBPROCESS_TIMEOUT = 300

# --- known bugs (each also has a focused test with the reproduction) -----------------------------
NO_ACTION: dict[str, str] = {}  # kinds with a known bug (strict xfail); all fixed
EXCEPTION_NAME: dict[str, str] = {}  # kinds with a known bug (strict xfail); all fixed
CONTROL_TO_CONSOLE: dict[str, str] = {}  # kinds with a known bug (strict xfail); all fixed
ROWS_LOST: dict[str, str] = {}  # kinds with a known bug (strict xfail); all fixed


def _xfail(names: dict[str, str], kinds=KINDS) -> list:
    """The kinds as parameters: a known bug of ``names`` a strict xfail, a kind whose fix is not
    merged yet (``PENDING``) a lenient one (it passes once the fix lands: then drop it from PENDING)."""
    return [
        pytest.param(k.name, marks=pytest.mark.xfail(strict=True, reason=names[k.name]), id=k.name)
        if k.name in names
        else pytest.param(k.name, marks=pytest.mark.xfail(strict=False, reason=PENDING[k.name]), id=k.name)
        if k.name in PENDING
        else pytest.param(k.name, id=k.name)
        for k in kinds
    ]


# --- running the commands ------------------------------------------------------------------------
@dataclass
class Run:
    kind: str
    command: str
    mode: str  # in-process | subprocess
    code: int | str
    out: str
    err: str
    outdir: Path | None = None
    changed: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.out + self.err

    @property
    def outputs(self) -> list[Path]:
        if self.outdir is None or not self.outdir.exists():
            return []
        return sorted(p for p in self.outdir.rglob("*") if p.is_file())

    @property
    def temps(self) -> list[Path]:
        if self.outdir is None or not self.outdir.exists():
            return []
        return sorted(self.outdir.rglob(TEMP_GLOB))

    def json(self) -> dict:
        return json.loads(self.out)

    def __str__(self) -> str:
        return f"[{self.mode}] xxgk {self.command} ({self.kind}) → {self.code}\n{self.text[-3000:]}"


def run_main(args: list[str]) -> tuple[int | str, str, str]:
    """``xxgk ARGS`` in this process, through ``toolkit.cli.main`` (the console entry point)."""
    from toolkit import cli

    out_b, err_b = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_b, encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(err_b, encoding="utf-8", write_through=True)
    saved = sys.argv, sys.stdout, sys.stderr
    sys.argv, sys.stdout, sys.stderr = ["xxgk", *args], out, err
    code: int | str
    try:
        cli.main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except Exception:  # escaped main(): the guarantee is broken; keep the traceback for the report
        code = "exception"
        err.write(traceback.format_exc())
    finally:
        sys.argv, sys.stdout, sys.stderr = saved
    return code, out_b.getvalue().decode("utf-8", "replace"), err_b.getvalue().decode("utf-8", "replace")


def cli_command() -> list[str]:
    return [sys.executable, "-m", "toolkit.cli"]


def run_subprocess(args: list[str], *, cwd: Path, env: dict | None = None, limit: int | None = None):
    def preexec() -> None:
        import resource

        if limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    done = subprocess.run(
        [*cli_command(), *args],
        cwd=cwd,
        capture_output=True,
        timeout=SUBPROCESS_TIMEOUT,
        env={**os.environ, **(env or {})},
        preexec_fn=preexec if limit is not None else None,
        check=False,
    )
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


# --- the session: build once, run everything once -------------------------------------------------
@pytest.fixture(scope="session")
def corpus_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("corpus")


@pytest.fixture(scope="session")
def corpus(corpus_root) -> dict[str, Path]:
    return build_corpus(corpus_root)


@pytest.fixture(scope="session")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("runs")


def _unit(path: Path) -> list[str]:
    """--unit for a folder or a zip (several units); a single file keeps its own unit name."""
    return ["--unit", AGG_UNIT] if path.is_dir() or path.suffix == ".zip" else []


def _commands(kind: str, path: Path, out: Path) -> dict[str, list[str]]:
    return {
        "check": ["check", str(path)],
        "check --json --annotate": ["check", str(path), "--json", "--annotate", str(out / "annotate")],
        "aggregate --json": [
            "aggregate",
            str(path),
            "-o",
            str(out / "aggregate" / "统计表.xlsx"),
            *_unit(path),
            "--json",
        ],
        "fill-report --html": ["fill-report", str(path), "-o", str(out / "fill" / "年度报告.docx"), "--html"],
    }


def _outdir(command: str, out: Path) -> Path:
    return (
        out
        / {
            "check": "check",
            "check --json --annotate": "annotate",
            "aggregate --json": "aggregate",
            "fill-report --html": "fill",
        }[command]
    )


#: unreadable inputs that ``aggregate`` refuses file by file: one subprocess reads them all at once
BATCHED = tuple(
    k.name for k in KINDS if k.check == 2 and k.aggregate == 2 and k.name not in ("zero_bytes", "lock_file")
)
#: ``fill-report`` in a subprocess: a report written, refused tables, a 台账, a bomb, a folder
FILL_SUBPROCESS = (
    "valid_stats",
    "sample_layout",
    "layout_2019",
    "valid_log",
    "zip_bomb_ratio",
    "chinese_paths",
)


def _subprocess_job(kind: str, command: str, args: list[str], outdir: Path, watched: list[Path]) -> Run:
    outdir.mkdir(parents=True, exist_ok=True)
    before = snapshot(watched)
    code, out, err = run_subprocess(args, cwd=outdir)
    return Run(kind, command, "subprocess", code, out, err, outdir, changed(before, snapshot(watched)))


def _batch_job(name: str, args: list[str], cwd: Path, root: Path, env: dict | None) -> Run:
    before = snapshot([root])
    code, out, err = run_subprocess(args, cwd=cwd, env=env)
    return Run("*", name, "subprocess", code, out, err, None, changed(before, snapshot([root])))


@pytest.fixture(scope="session")
def background(corpus, corpus_root, work):
    """Every subprocess run, started first and run in the background while the in-process runs go
    on (``in_process`` depends on this fixture): ``check`` over the whole corpus (text, --json, a
    GBK console), ``aggregate`` per kind (the unreadable kinds in one run), some ``fill-report``."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2))
    jobs: dict[tuple[str, str], concurrent.futures.Future] = {}
    paths = [str(corpus[k.name]) for k in KINDS if k.name not in PENDING]
    small = [str(corpus[k.name]) for k in KINDS if not k.name.startswith("million") and k.name not in PENDING]
    for name, args in (
        ("check", ["check", *paths]),
        ("check --json", ["check", *paths, "--json"]),
        ("check (GBK console)", ["check", *small]),
    ):
        env = {"PYTHONIOENCODING": "gbk"} if "GBK" in name else None
        jobs[("*", name)] = pool.submit(_batch_job, name, args, work, corpus_root, env)
    batched = [corpus[name] for name in BATCHED]
    out = work / "subprocess" / "unreadable"
    jobs[("*", "aggregate")] = pool.submit(
        _subprocess_job,
        "*",
        "aggregate",
        ["aggregate", *map(str, batched), "-o", str(out / "统计表.xlsx")],
        out,
        batched,
    )
    for kind in KINDS:
        path = corpus[kind.name]
        out = work / "subprocess" / kind.name
        if kind.name not in BATCHED:
            args = ["aggregate", str(path), "-o", str(out / "aggregate" / "统计表.xlsx"), *_unit(path)]
            jobs[(kind.name, "aggregate")] = pool.submit(
                _subprocess_job, kind.name, "aggregate", args, out / "aggregate", [path]
            )
        if kind.name in FILL_SUBPROCESS:
            args = ["fill-report", str(path), "-o", str(out / "fill" / "年度报告.docx"), "--html"]
            jobs[(kind.name, "fill-report")] = pool.submit(
                _subprocess_job, kind.name, "fill-report", args, out / "fill", [path]
            )
    yield jobs
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="session")
def in_process(background, corpus, work) -> dict[tuple[str, str], Run]:
    runs: dict[tuple[str, str], Run] = {}
    for kind in KINDS:
        path = corpus[kind.name]
        out = work / "in-process" / kind.name
        for command, args in _commands(kind.name, path, out).items():
            outdir = _outdir(command, out)
            outdir.mkdir(parents=True, exist_ok=True)
            before = snapshot([path])
            code, stdout, stderr = run_main(args)
            runs[(kind.name, command)] = Run(
                kind.name,
                command,
                "in-process",
                code,
                stdout,
                stderr,
                outdir,
                changed(before, snapshot([path])),
            )
    return runs


@pytest.fixture(scope="session")
def batch(background) -> dict[str, Run]:
    return {command: future.result() for (kind, command), future in background.items() if kind == "*"}


@pytest.fixture(scope="session")
def subprocesses(background, corpus, batch) -> dict[tuple[str, str], Run]:
    """Per kind: its own subprocess runs, and for a batched kind its share of the batch aggregate
    (the lines that name it)."""
    runs = {key: future.result() for key, future in background.items() if key[0] != "*"}
    whole = batch["aggregate"]
    for name in BATCHED:
        path = str(corpus[name])
        lines = "\n".join(line for line in whole.text.splitlines() if path in line)
        runs[(name, "aggregate")] = Run(
            name, "aggregate", "subprocess", whole.code, lines, "", None, whole.changed
        )
    return runs


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def runs_of(kind: str, in_process, subprocesses) -> list[Run]:
    return [r for (k, _c), r in in_process.items() if k == kind] + [
        r for (k, _c), r in subprocesses.items() if k == kind
    ]


def files_of(report: dict, path: Path) -> list[dict]:
    """The entries of a check --json report for the file or folder ``path``."""
    prefix = str(path)
    inside = (prefix + os.sep, prefix + " › ")  # a folder's files, a zip's members
    return [f for f in report["files"] if f["path"] == prefix or f["path"].startswith(inside)]


# =================================================================================================
# The corpus itself
# =================================================================================================
def test_corpus_has_every_kind_asked_for(corpus):
    assert len(KINDS) >= 40
    assert set(corpus) == set(KIND)
    asked = {
        "encrypted",
        "xls",
        "xlsm_macro",
        "ods",
        "truncated",
        "zip_bomb_ratio",
        "zip_bomb_declared",
        "entity_bomb",
        "wps_dimension",
        "sheet_renamed",
        "sheet_missing",
        "column_missing",
        "column_extra",
        "column_duplicated",
        "columns_reordered",
        "merged_data",
        "hidden_rows",
        "formula_no_cache",
        "external_link",
        "text_in_number",
        "fullwidth_digits",
        "dates_text_valid",
        "dates_text_invalid",
        "dates_impossible",
        "dates_other_years",
        "dates_future",
        "dup_ids_one_file",
        "dup_ids_across_units",
        "layout_2019",
        "layout_hybrid",
        "empty_workbook",
        "million_rows",
        "formula_injection",
        "control_chars",
        "chinese_paths",
        "gbk_zip",
        "et_renamed",
        "csv_as_xlsx",
        "docx_as_xlsx",
        "zero_bytes",
        "lock_file",
    }
    assert asked <= set(KIND)


def test_corpus_is_rebuilt_byte_for_byte(corpus, tmp_path):
    names = ["valid_log", "valid_stats", "sample_layout", "gbk_zip", "zip_bomb_lying", "stats_text_number"]
    again = build_corpus(tmp_path, names)
    for name in names:
        assert snapshot([again[name]]).popitem()[1][0] == snapshot([corpus[name]]).popitem()[1][0], name


def test_kept_binaries_are_small():
    for path in (Path(__file__).parent / "corpus" / "files").iterdir():
        assert path.stat().st_size < 50_000, path


# =================================================================================================
# Exit codes: 0 fine, 1 problems found, 2 unreadable — and the outcome each kind must get
# =================================================================================================
@pytest.mark.parametrize("name", _xfail({}))
def test_check_outcome(name, corpus, in_process):
    kind = KIND[name]
    run = in_process[(name, "check")]
    assert run.code == kind.check, run
    report = in_process[(name, "check --json --annotate")]
    assert report.code == kind.check, report
    data = report.json()
    rules = {f["rule"] for file in data["files"] for f in file["findings"]} | {
        f["rule"] for f in data["across"]
    }
    assert not kind.rule or kind.rule in rules, (rules, run)
    said = [file.get("error") or "" for file in data["files"]] + [
        n for f in data["files"] for n in f.get("notes", [])
    ]
    said += data.get("notes", [])  # the run's own: files of a folder or zip not read
    assert not kind.says or any(kind.says in s for s in said), (said, run)
    assert data["ok"] == (kind.check == 0)


@pytest.mark.parametrize("name", _xfail({}))
def test_aggregate_outcome(name, in_process, subprocesses):
    kind = KIND[name]
    for run in (in_process[(name, "aggregate --json")], subprocesses[(name, "aggregate")]):
        assert run.code == kind.aggregate, run
        written = [p for p in run.outputs if p.suffix == ".xlsx" and p.parent == run.outdir]
        assert bool(written) == (kind.aggregate == 0), (written, run)


@pytest.mark.parametrize("name", _xfail({}))
def test_fill_report_outcome(name, in_process, subprocesses):
    kind = KIND[name]
    runs = [in_process[(name, "fill-report --html")]]
    if (name, "fill-report") in subprocesses:
        runs.append(subprocesses[(name, "fill-report")])
    for run in runs:
        assert run.code == kind.fill, run
        names = sorted(p.name for p in run.outputs)
        assert names == (["年度报告.docx", "年度报告.html"] if kind.fill == 0 else []), run


def test_check_over_the_whole_corpus_in_one_subprocess(corpus, batch):
    run = batch["check --json"]
    assert run.code == 2, run  # the corpus holds unreadable files
    data = run.json()
    for kind in (k for k in KINDS if k.name not in PENDING):  # left out of the batches
        files = files_of(data, corpus[kind.name])
        if not files:  # the same bytes as another kind's file: read once (as aggregate), said to be a copy
            assert any(
                s["path"].startswith(str(corpus[kind.name])) and "内容完全相同" in s["reason"]
                for s in data["skipped"]
            ), kind.name
            continue
        if kind.check == 2:
            assert any(f.get("error") for f in files), (kind.name, files)
        elif kind.check == 1:
            assert not any(f.get("error") for f in files), (kind.name, files)
            across = [f for f in data["across"] if f["path"].startswith(str(corpus[kind.name]))]
            assert any(f["severity"] == "error" for file in files for f in file["findings"] + across), (
                kind.name,
                files,
            )
        else:
            assert not any(f.get("error") for f in files), (kind.name, files)
            assert not any(f["severity"] == "error" for file in files for f in file["findings"]), kind.name


# =================================================================================================
# No traceback; one line per rejection, naming the file and what to do
# =================================================================================================
@pytest.mark.parametrize("name", _xfail(EXCEPTION_NAME))
def test_no_traceback_reaches_the_user(name, in_process, subprocesses, batch):
    for run in runs_of(name, in_process, subprocesses):
        assert run.code in (0, 1, 2), run
        assert not output_problems(run.text), run
    for run in batch.values():
        lines = [line for line in run.text.splitlines() if KIND[name].path in line]
        assert not output_problems("\n".join(lines)), lines


def test_no_traceback_in_the_whole_corpus_batches(batch):
    for run in batch.values():
        problems = [
            p for p in output_problems(run.text) if "UnicodeDecodeError" not in p
        ]  # json_gbk: xfail above
        assert not problems, run
        assert run.code == 2, run


def _rejection_lines(run: Run) -> list[str]:
    return [line for line in run.text.splitlines() if line.startswith(("× /", "错误：")) and "：" in line]


@pytest.mark.parametrize("name", _xfail(NO_ACTION, [k for k in KINDS if 2 in (k.check, k.aggregate, k.fill)]))
def test_every_rejection_is_one_line_naming_the_file_and_what_to_do(name, corpus, in_process, subprocesses):
    kind = KIND[name]
    path = str(corpus[name])
    for run in runs_of(name, in_process, subprocesses):
        if run.code != 2 or "--json" in run.command:
            continue
        lines = _rejection_lines(run)
        assert lines, run
        for line in lines:  # a usage error about all inputs names the option to use instead
            assert path in line or (line.startswith("错误：") and "--" in line), (line, run)
            assert ACTION.search(line.split("：", 1)[1]), (line, run)
    report = in_process[(name, "check --json --annotate")].json()
    for file in files_of(report, corpus[name]):
        error = file.get("error")
        if error:
            assert "\n" not in error and "\r" not in error, error
            assert file["reason"] in REASONS, file  # the stable code beside the words
            assert file["path"].startswith(path)
    if kind.check == 2:  # exactly one line for the file in the text report
        text = in_process[(name, "check")].text
        assert len([line for line in text.splitlines() if line.startswith(f"× {path}")]) >= 1, text


@pytest.mark.parametrize("name", sorted(REASON))
def test_every_refusal_carries_its_reason_code(name, corpus, in_process):
    """--json's "reason" is the code other systems act on: each hostile kind has its own."""
    report = in_process[(name, "check --json --annotate")].json()
    assert {f["reason"] for f in files_of(report, corpus[name]) if f.get("error")} == {REASON[name]}


@pytest.mark.parametrize("name", _xfail({}, [k for k in KINDS if k.check == 1]))
def test_every_finding_names_file_sheet_cell_and_the_fix(name, corpus, in_process):
    data = in_process[(name, "check --json --annotate")].json()
    text = in_process[(name, "check")].text
    findings = [f for file in data["files"] for f in file["findings"]] + data.get("across", [])
    assert findings
    for finding in findings:
        assert finding["path"].startswith(str(corpus[name])), finding
        assert finding["message"].strip() and finding["hint"].strip(), finding
        assert "\n" not in finding["message"], finding
        if finding["cell"]:
            assert finding["sheet"], finding
            assert re.fullmatch(r"[A-Z]{1,3}[1-9][0-9]{0,6}", finding["cell"]), finding
            assert f"{finding['sheet']}!{finding['cell']}" in text, finding
    # cell-level rules of a 台账 always carry their cell
    for finding in findings:
        if (
            finding["rule"] in ("L1", "L2", "L3", "L4", "L7", "R5", "R7")
            and data["files"][0]["kind"] == "log"
        ):
            assert finding["cell"], finding


@pytest.mark.parametrize("name", _xfail(CONTROL_TO_CONSOLE))
def test_no_terminal_control_characters_reach_the_console(name, in_process, subprocesses):
    """A cell can carry ESC/BEL sequences (clear the screen, retitle the window, hide text)."""
    for run in runs_of(name, in_process, subprocesses):
        text = run.text
        if "--json" in run.command and run.out.strip():  # JSON escapes them: look at its strings
            text = "\n".join(_strings(run.json())) + run.err
        assert not control_characters(text), (control_characters(text), run)


def test_messages_reach_a_gbk_console(batch):
    """A Windows console in China is GBK: every character either shows or is replaced, never a crash."""
    run = batch["check (GBK console)"]
    assert run.code == 2
    assert not [p for p in output_problems(run.text) if "UnicodeDecodeError" not in p], run
    assert run.out.count("\n") >= len(KINDS)


# =================================================================================================
# Inputs never modified
# =================================================================================================
@pytest.mark.parametrize("name", _xfail({}))
def test_inputs_are_byte_identical_after_every_command(name, in_process, subprocesses):
    for run in runs_of(name, in_process, subprocesses):
        assert run.changed == [], run


def test_inputs_are_byte_identical_after_the_batches(batch):
    for run in batch.values():
        assert run.changed == [], run


# =================================================================================================
# Nothing lost
# =================================================================================================
@pytest.mark.parametrize("name", _xfail({}))
def test_accounting_adds_up(name, in_process):
    run = in_process[(name, "aggregate --json")]
    data = run.json()
    if run.code == 2 and "accounting" not in data:  # a usage error: nothing was read, the outcome in JSON
        assert run.err.startswith("错误：") and run.err.count("\n") == 1, run
        assert data["ok"] is False and data["reason"], data
        return
    accounting = data["accounting"]
    assert accounting["rows_read"] == accounting["counted"] + len(accounting["excluded"]), accounting
    for excluded in accounting["excluded"]:
        assert excluded["path"] and excluded["sheet"] and excluded["row"] >= 1 and excluded["reason"], (
            excluded
        )
    if data["ok"] and all(u["kind"] == "log" for u in data["units"]):
        # every counted row lands in the table once: an application in 一 or 二, a case in 表四
        table = data["table"]
        applications = table["sec3"]["一"][-1] + table["sec3"]["二"][-1]
        reviews = table["sec4"][4] + table["sec4"][9] + table["sec4"][14]
        assert applications + reviews == accounting["counted"], (table, accounting)
        assert applications == table["sec3"]["三.七"][-1] + table["sec3"]["四"][-1]


def _log_rows_in_xml(path: Path) -> int | None:
    """Rows with content of the case-log sheets (but their header rows) and under the header of
    复议诉讼, read from the XML; None when the file is not a 台账 that can be read."""
    from python_calamine import CalamineWorkbook

    from toolkit.check import analyse_file

    analysed = analyse_file(path)
    if analysed.log is None or analysed.report.error:
        return None
    log = analysed.log
    book = CalamineWorkbook.from_path(str(path))

    def first_row(sheet: str) -> int:
        head = book.get_sheet_by_name(sheet).to_python(nrows=10)
        return next((i + 1 for i, r in enumerate(head) if any(str(v).strip() for v in r)), 1)

    # every row with content but the header: rows above it (a title …) are listed as not counted
    rows = len([r for r in content_rows(path, log.log_sheet, 0) if r != log.header_row])
    for sheet in log.log_sheets[1:]:  # every further case-log sheet (申请台账 (2) …) is read too
        rows += len(content_rows(path, sheet, first_row(sheet)))
    if log.review_sheet is not None:
        rows += len(content_rows(path, log.review_sheet, first_row(log.review_sheet)))
    return rows


@pytest.mark.parametrize(
    "name", _xfail(ROWS_LOST, [k for k in KINDS if k.path.endswith((".xlsx", ".xlsm")) and k.check < 2])
)
def test_no_row_is_lost(name, corpus, in_process):
    """rows_read counts every row with content below the headers, as the XML holds them."""
    expected = _log_rows_in_xml(corpus[name])
    if expected is None:
        return  # a 统计表
    run = in_process[(name, "aggregate --json")]
    if "accounting" in run.json():  # not a usage error
        assert run.json()["accounting"]["rows_read"] == expected, run


def test_rows_after_a_million_are_still_accounted_for(corpus, in_process):
    for name in ("million_rows", "million_rows_wide"):
        accounting = in_process[(name, "aggregate --json")].json()["accounting"]
        assert [e["row"] for e in accounting["excluded"]] == [1_048_576], accounting


def test_a_million_row_sheet_is_read_without_a_call_per_row(corpus):
    """The 1,048,576 rows stream through calamine and one loop: the toolkit's Python and built-in
    calls number a few thousand, where one per row would be over a million."""
    import toolkit

    package = str(Path(toolkit.__file__).parent)
    calls = [0]

    def count(frame, event, _arg):
        if event in ("call", "c_call") and frame.f_code.co_filename.startswith(package):
            calls[0] += 1

    sys.setprofile(count)
    try:
        code, out, _err = run_main(["check", str(corpus["million_rows_wide"])])
    finally:
        sys.setprofile(None)
    assert code == 0, out
    assert calls[0] < 100_000, calls


def test_wps_dimension_reads_exactly_as_the_valid_log(in_process):
    valid = in_process[("valid_log", "aggregate --json")].json()
    for name in (
        "wps_dimension",
        "no_dimension",
        "hidden_rows",
        "columns_reordered",
        "column_extra",
        "sheet_variant",
        "hidden_log_sheet",
        "xlsm_macro",
        "external_link",
        "formula_cached",
    ):
        data = in_process[(name, "aggregate --json")].json()
        assert data["table"]["sec3"] == valid["table"]["sec3"], name
        assert data["accounting"]["rows_read"] == valid["accounting"]["rows_read"], name


def test_gbk_member_names_are_decoded(in_process):
    data = in_process[("gbk_zip", "aggregate --json")].json()
    paths = sorted(u["path"] for u in data["units"])
    assert [p.split(" › ", 1)[1] for p in paths] == [
        "东湖乡/台账 2024年.xlsx",
        "教育局统计表（定稿）.xlsx",
    ], paths


def test_chinese_folder_and_file_names_are_named_as_they_are(corpus, in_process):
    text = in_process[("chinese_paths", "check")].text
    assert "台账 最终版 v2 (1).xlsx" in text and "示范乡 统计表【定稿】.xlsx" in text, text


# =================================================================================================
# No partial output, no temp file
# =================================================================================================
@pytest.mark.parametrize("name", _xfail({}))
def test_no_partial_output_and_no_temp_file(name, in_process, subprocesses):
    for run in runs_of(name, in_process, subprocesses):
        assert run.temps == [], run
        if run.code != 0 and run.command.startswith(("aggregate", "fill-report")):
            assert run.outputs == [], run


class _HalfThenFail:
    """A file object that writes half of what it is given, then fails as ``error`` says."""

    def __init__(self, fh, error: BaseException) -> None:
        self.fh, self.error = fh, error

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self.fh.__exit__(*exc)

    def write(self, data: bytes) -> int:
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        raise self.error


def _interrupting(monkeypatch, out: Path, error: BaseException) -> None:
    """Make the write of any file under ``out`` fail half-way (the default report template that
    fill-report writes to a temp folder first is left alone)."""
    import toolkit.files

    real = os.fdopen

    def fdopen(fd, mode):
        fh = real(fd, mode)
        return _HalfThenFail(fh, error) if os.readlink(f"/proc/self/fd/{fd}").startswith(str(out)) else fh

    monkeypatch.setattr(toolkit.files.os, "fdopen", fdopen)


def _replace_fails(monkeypatch, out: Path) -> None:
    import toolkit.files

    real = os.replace

    def replace(src, dst):
        if str(dst).startswith(str(out)):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(toolkit.files.os, "replace", replace)


@pytest.mark.parametrize("how", ["disk full on rename", "Ctrl-C mid-write", "I/O error mid-write"])
@pytest.mark.parametrize("command", ["aggregate", "fill-report", "check --annotate"])
def test_an_interrupted_write_leaves_nothing(how, command, corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    source = {"aggregate": "valid_log", "fill-report": "valid_stats", "check --annotate": "dup_ids_one_file"}[
        command
    ]
    args = {
        "aggregate": ["aggregate", str(corpus[source]), "-o", str(out / "统计表.xlsx")],
        "fill-report": ["fill-report", str(corpus[source]), "-o", str(out / "年度报告.docx"), "--html"],
        "check --annotate": ["check", str(corpus[source]), "--annotate", str(out)],
    }[command]
    if how == "disk full on rename":
        _replace_fails(monkeypatch, out)
    else:
        _interrupting(
            monkeypatch, out, KeyboardInterrupt() if how.startswith("Ctrl-C") else OSError(5, "I/O error")
        )
    before = snapshot([corpus[source]])
    code, stdout, stderr = run_main(args)
    if how.startswith("Ctrl-C"):
        assert code in (2, 130), stdout + stderr  # 130: see test_bug_ctrl_c_is_silent_and_exits_130
    else:
        assert code == (1 if command == "check --annotate" else 2), stdout + stderr
    assert not output_problems(stdout + stderr), stdout + stderr
    assert not out.exists() or [p for p in out.rglob("*") if p.is_file()] == [], list(out.rglob("*"))
    assert changed(before, snapshot([corpus[source]])) == []
    if how.startswith("Ctrl-C"):
        pass
    elif command == "check --annotate":  # the report stands; the copy is a note
        assert "未能写出标注副本" in stdout, stdout
    else:
        assert stderr.startswith("错误：") and str(out) in stderr and ACTION.search(stderr), stderr


_SLOW_WRITER = """
import os, sys, time
from pathlib import Path
import toolkit.files
marker = Path(sys.argv[1])
real = os.fdopen

class Slow:
    def __init__(self, fh): self.fh = fh
    def __enter__(self): return self
    def __exit__(self, *exc): return self.fh.__exit__(*exc)
    def write(self, data):
        self.fh.write(data[: len(data) // 2]); self.fh.flush()
        marker.write_text("writing")
        time.sleep(60)

toolkit.files.os.fdopen = lambda fd, mode: Slow(real(fd, mode))
sys.argv = ["xxgk", *sys.argv[2:]]
from toolkit.cli import main
main()
"""


def _kill_mid_write(corpus, tmp_path, sig) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path / "out"
    marker = tmp_path / "marker"
    script = tmp_path / "slow_writer.py"
    script.write_text(textwrap.dedent(_SLOW_WRITER), encoding="utf-8")
    args = [
        sys.executable,
        str(script),
        str(marker),
        "aggregate",
        str(corpus["valid_log"]),
        "-o",
        str(out / "统计表.xlsx"),
    ]
    proc = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while not marker.exists():  # until the write starts (or the run ends without one: a failure)
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    assert list(out.glob(TEMP_GLOB)), "the temp file should exist while writing"
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(args, proc.returncode, stdout, stderr), out


def test_ctrl_c_while_writing_leaves_nothing(corpus, tmp_path):
    done, out = _kill_mid_write(corpus, tmp_path, signal.SIGINT)
    text = (done.stdout + done.stderr).decode("utf-8", "replace")
    assert done.returncode in (2, 130), text  # 130: see test_bug_ctrl_c_is_silent_and_exits_130
    assert not output_problems(text), text
    assert [p.name for p in out.iterdir()] == [], list(out.iterdir())


def test_bug_ctrl_c_is_silent_and_exits_130(corpus, tmp_path):
    done, _out = _kill_mid_write(corpus, tmp_path, signal.SIGINT)
    assert done.returncode == 2
    assert "已中断" in done.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_sigterm_while_writing_leaves_nothing(corpus, tmp_path, sig):
    """SIGTERM (kill, a CI timeout) and SIGHUP (a closed terminal or SSH session) unwind alike."""
    done, out = _kill_mid_write(corpus, tmp_path, sig)
    assert done.returncode == 2, done.stderr.decode("utf-8", "replace")
    assert not (out / "统计表.xlsx").exists()
    assert [p.name for p in out.iterdir()] == []


def test_sigkill_while_writing_never_leaves_a_half_output(corpus, tmp_path):
    """SIGKILL cannot be handled; the half-written bytes are only ever in the hidden temp file."""
    _done, out = _kill_mid_write(corpus, tmp_path, signal.SIGKILL)
    assert not (out / "统计表.xlsx").exists()
    assert all(p.name.startswith(".xxgk-") and p.suffix == ".tmp" for p in out.iterdir())


# =================================================================================================
# Injected formulas stay text
# =================================================================================================
def _workbooks_written(in_process) -> list[Path]:
    return [p for run in in_process.values() for p in run.outputs if p.suffix in (".xlsx", ".xlsm")]


def test_no_formula_of_ours_carries_an_injected_text(in_process):
    books = _workbooks_written(in_process)
    assert len(books) > 20
    for book in books:
        bad = [(part, f) for part, f in formulas(book) if any(p in f for p in PAYLOADS)]
        assert not bad, (book, bad)


def test_injected_texts_are_strings_in_the_statistics_workbook(in_process):
    import openpyxl

    for name, unit in (("formula_injection_valid", "@示范镇人民政府"), ("html_injection", HTML_UNIT)):
        book = in_process[(name, "aggregate --json")].outdir / "统计表.xlsx"
        wb = openpyxl.load_workbook(book)
        cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        injected = [c for c in cells if c.value == unit or any(p in c.value for p in PAYLOADS)]
        assert injected, name
        for cell in injected:
            assert cell.data_type == "s", (name, cell.coordinate, cell.value)
        # the 明细 sheet lists the 申请编号 behind each number, the injected one first
        assert any(c.value.startswith(INJECTED_ID) for c in cells) or name != "formula_injection_valid"


def test_injected_texts_stay_strings_in_the_annotated_copy(in_process):
    import openpyxl

    run = in_process[("formula_injection", "check --json --annotate")]
    copies = [p for p in run.outputs if p.suffix == ".xlsx"]
    assert len(copies) == 1, run
    wb = openpyxl.load_workbook(copies[0])
    values = {
        c.value: c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    }
    for text in (*INJECTED.values(), INJECTED_ID):
        assert text in values, text
        assert values[text].data_type == "s", text
    results = wb.worksheets[0]
    assert results.title == "检查结果"
    for row in results.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                assert cell.data_type == "s", cell.value
    assert not [f for _part, f in formulas(copies[0]) if any(p in f for p in PAYLOADS)]


def test_html_in_a_unit_name_is_escaped_in_the_web_report(in_process, work):
    stats = in_process[("html_injection", "aggregate --json")].outdir / "统计表.xlsx"
    assert HTML_UNIT in zip_text(stats)
    out = work / "html-injection" / "年度报告.docx"
    code, stdout, stderr = run_main(["fill-report", str(stats), "-o", str(out), "--html"])
    assert code == 0, stdout + stderr
    html = out.with_suffix(".html").read_text(encoding="utf-8")
    assert "&lt;img src=x" in html and "<img src=x" not in html


# =================================================================================================
# Memory bounded on the bombs
# =================================================================================================
@pytest.fixture(scope="module")
def limited(corpus, work) -> dict[str, tuple[int, str, str]]:
    """The bombs under RLIMIT_AS = 1.5 GB: ``check`` and ``aggregate`` over all of them at once, and
    the 29-million-cell sheet (which must be read, not refused) on its own."""
    bombs = [str(corpus[name]) for name in (*BOMBS, "zip_of_bomb")]
    out = work / "limited"
    out.mkdir()
    return {
        "check": run_subprocess(["check", *bombs], cwd=out, limit=MEMORY_LIMIT),
        "aggregate": run_subprocess(
            ["aggregate", *bombs, "-o", str(out / "o.xlsx")], cwd=out, limit=MEMORY_LIMIT
        ),
        "million": run_subprocess(["check", str(corpus["million_rows_wide"])], cwd=out, limit=MEMORY_LIMIT),
        "million aggregate": run_subprocess(
            ["aggregate", str(corpus["million_rows_wide"]), "-o", str(out / "m.xlsx")],
            cwd=out,
            limit=MEMORY_LIMIT,
        ),
    }


@pytest.mark.parametrize("name", [*BOMBS, "zip_of_bomb"])
def test_memory_stays_bounded_on_the_bombs(name, corpus, limited):
    kind = KIND[name]
    for command in ("check", "aggregate"):
        code, out, err = limited[command]
        assert code == 2, (command, out, err)
        assert not output_problems(out + err), (command, out, err)
        assert "MemoryError" not in out + err and "memory" not in (out + err).lower()
        lines = [line for line in out.splitlines() if line.startswith(f"× {corpus[name]}")]
        assert lines, (command, out)
        if command == "check" and kind.says:
            assert kind.says in lines[0], lines


def test_memory_stays_bounded_on_a_million_rows(limited):
    for command in ("million", "million aggregate"):
        code, out, err = limited[command]
        assert code == 0, (out, err)
        assert ("1048576" in out or "未计入 1 行" in out) and not output_problems(out + err), out


# =================================================================================================
# Personal data stays home
# =================================================================================================
def _texts_written(run: Run) -> list[tuple[str, str]]:
    """(what, text) of everything a run wrote: reports, 统计表, annotated copies' 检查结果 and notes."""
    import openpyxl

    texts = []
    for path in run.outputs:
        if path.suffix in (".docx", ".html") or (
            path.suffix == ".xlsx" and run.command.startswith("aggregate")
        ):
            texts.append((str(path), zip_text(path)))
        elif path.suffix in (".xlsx", ".xlsm"):  # an annotated copy: only what we added is ours
            wb = openpyxl.load_workbook(path)
            results = wb.worksheets[0]
            cells = [str(c.value) for row in results.iter_rows() for c in row if c.value is not None]
            comments = [
                c.comment.text for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment
            ]
            texts.append((f"{path} 检查结果", "\n".join(cells + comments)))
    return texts


@pytest.mark.parametrize("name", _xfail({}))
def test_no_personal_data_leaves_the_case_log(name, in_process, subprocesses, batch):
    for run in runs_of(name, in_process, subprocesses):
        assert not leaks(run.text, NEEDLES), (leaks(run.text, NEEDLES), run)
        for what, text in _texts_written(run):
            assert not leaks(text, NEEDLES), (what, leaks(text, NEEDLES))


def test_no_personal_data_in_the_whole_corpus_batches(batch):
    for run in batch.values():
        assert not leaks(run.text, NEEDLES), leaks(run.text, NEEDLES)


def test_the_whole_flow_keeps_personal_data_home(in_process, work):
    """台账 → 统计表 → 年度报告 (docx and HTML): none of them holds an applicant's data."""
    for name in ("column_extra", "merged_data", "formula_injection_valid"):
        stats = in_process[(name, "aggregate --json")].outdir / "统计表.xlsx"
        assert stats.exists(), name
        out = work / "flow" / name / "年度报告.docx"
        code, stdout, stderr = run_main(["fill-report", str(stats), "-o", str(out), "--html"])
        assert code == 0, stdout + stderr
        for path in (stats, out, out.with_suffix(".html")):
            assert not leaks(zip_text(path), NEEDLES), (name, path)
        assert not leaks(stdout + stderr, NEEDLES)


def test_the_needles_are_really_in_the_inputs(corpus):
    """The leak checks look for something that is there to leak."""
    text = zip_text(corpus["valid_log"]) + zip_text(corpus["column_extra"])
    assert all(needle in text for needle in NEEDLES), [n for n in NEEDLES if n not in text]


# =================================================================================================
# Focused reproductions of the bugs the corpus found (all fixed; kept as regression tests)
# =================================================================================================
def test_bug_gbk_json_message_names_a_python_exception(corpus):
    code, out, _err = run_main(["check", str(corpus["json_gbk"])])
    assert code == 2
    assert "UnicodeDecodeError" not in out, out


def test_bug_dtd_rejection_says_what_to_do(corpus):
    _code, out, _err = run_main(["check", str(corpus["entity_bomb"])])
    line = next(line for line in out.splitlines() if line.startswith("× "))
    assert ACTION.search(line.split("：", 1)[1]), line


def test_bug_case_id_escape_sequence_reaches_messages(corpus):
    from toolkit.check import check

    report = check([corpus["control_chars"]])
    messages = [f.message for f in report.findings]
    assert not control_characters("\n".join(messages)), messages


def test_bug_unit_name_escape_sequence_reaches_the_console(corpus, tmp_path):
    code, out, err = run_subprocess(
        ["aggregate", str(corpus["unit_control"]), "-o", str(tmp_path / "o.xlsx")], cwd=tmp_path
    )
    assert code == 0
    assert CONTROL_UNIT not in out
    assert not control_characters(out + err), out


def test_bug_aggregate_overwrites_an_input_named_as_output(corpus, tmp_path):
    import shutil

    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    shutil.copyfile(corpus["valid_log"], a)
    shutil.copyfile(corpus["dup_ids_across_units"] / "西山镇台账.xlsx", b)
    before = snapshot([a, b])
    code, out, err = run_main(["aggregate", str(a), str(b), "-o", str(a), "--unit", AGG_UNIT])
    assert changed(before, snapshot([a, b])) == [], out + err
    assert code == 2 and str(a) in err, out + err


def test_bug_review_row_outside_the_columns_is_dropped_silently(corpus):
    from toolkit.check import analyse_file
    from toolkit.count.cases import count_log

    log = analyse_file(corpus["notes_outside_columns"]).log
    # 复议诉讼 rows 2–3 are the two cases, J5 a note; 申请台账 has 6 applications and a note in row 21
    assert len(log.reviews) == 2
    assert [row for row, _ in log.review_skipped_rows] == [5]
    counted = count_log(log, log.info.year)
    assert counted.rows_read == 6 + 1 + 2 + 1 == counted.counted + len(counted.excluded)


# =================================================================================================
# Issue 14: values are never template source (v13); an .xlsm annotated (v11); GBK file names (v05)
# =================================================================================================
def test_template_syntax_in_values_is_published_as_typed(corpus, in_process, work):
    """台账 → 统计表 → 年度报告, with the default template and with one whose footnote quotes
    {{单位名称}} in a document of two sections (docxtpl renders footnotes once per section)."""
    footnoted = footnote_template(work / "脚注模板.docx")
    stats = in_process[("template_text_log", "aggregate --json")].outdir / "统计表.xlsx"
    assert TEMPLATE_LOG_UNIT in zip_text(stats)
    sources = [(stats, TEMPLATE_LOG_UNIT), (corpus["template_unit_stats"], TEMPLATE_UNIT)]
    for i, (source, unit) in enumerate(sources):
        for template in (None, footnoted):
            out = work / "template-syntax" / f"{i}{'f' if template else ''}" / "年度报告.docx"
            args = ["fill-report", str(source), "-o", str(out), "--html"]
            code, stdout, stderr = run_main([*args, *(["-t", str(template)] if template else [])])
            assert code == 0, stdout + stderr
            assert not output_problems(stdout + stderr), stderr
            for path in (out, out.with_suffix(".html")):
                assert unit in zip_text(path), (path, unit)
            if template is not None:
                with zipfile.ZipFile(out) as zf:
                    notes = zip_text_of(zf.read("word/footnotes.xml"))
                assert f"报送单位：{unit}" in notes, notes
    report = in_process[("template_unit_stats", "fill-report --html")].outdir / "年度报告.docx"
    assert TEMPLATE_UNIT in zip_text(report)


def zip_text_of(xml: bytes) -> str:
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", xml.decode("utf-8")))


def test_an_xlsm_with_a_finding_is_annotated_without_a_word_on_stderr(corpus, tmp_path):
    code, out, err = run_subprocess(
        ["check", str(corpus["xlsm_finding"]), "--annotate", str(tmp_path / "标注")], cwd=tmp_path
    )
    assert code == 1, out + err
    assert err == "", err
    assert [p.suffix for p in (tmp_path / "标注").iterdir()] == [".xlsm"], out


@pytest.mark.parametrize("name", ["gbk_file_name", "gbk_file_name_zip"])
def test_a_file_name_that_is_not_utf8_is_reported_not_a_traceback(name, corpus, tmp_path):
    folder = str(corpus[name])
    for args in (
        ["check", folder, "--json"],
        ["aggregate", folder, "-o", str(tmp_path / "统计表.xlsx"), "--unit", AGG_UNIT, "--json"],
        ["aggregate", folder, "-o", str(tmp_path / "统计表2.xlsx"), "--unit", AGG_UNIT],
    ):
        code, out, err = run_subprocess(args, cwd=tmp_path)
        assert code == 0, (args, out, err)
        assert not output_problems(out + err), (args, err)
        if "--json" in args:
            assert json.loads(out)["ok"] is True, out
