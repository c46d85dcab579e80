"""``check`` reads exactly what ``aggregate`` reads (issue 13 item 3; issue 14 v04, v05, v17, v01's output and
the 10,000 skipped files), through the command line.

Folders and .zip attachments alike, an empty folder refused, the cross-file findings (R24, L4, R25) shown by
``check`` as ``aggregate`` blocks on them, reading in parallel, names that are not UTF-8, an outcome on stdout
for every run (JSON with --json), long lists of skipped files summarised, and no run leaving its extraction
folder or its worker processes behind. Every test asserts the exit code, the rule and the files named, and
that no input's bytes changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from log_fixtures import case, write_log
from typer.testing import CliRunner

from toolkit import form
from toolkit.aggregate import aggregate
from toolkit.cli import app
from toolkit.gate import inputs as gate_inputs

TOWN_A, TOWN_B = "示范县东湖乡人民政府", "示范县西山镇人民政府"
MEMBER = "东湖乡报送材料.zip › 台账.xlsx"


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: object) -> tuple[int, dict]:
    code, out, err = run(*args, "--json")
    assert out.startswith("{"), (code, out, err)
    return code, json.loads(out)


def digests(*roots: Path | bytes) -> dict[bytes, str]:
    """sha256 of every file below ``roots`` (names as bytes: some are not UTF-8)."""
    out = {}
    for root in roots:
        for folder, _dirs, names in os.walk(os.fsencode(root)):
            for name in names:
                path = os.path.join(folder, name)
                with open(path, "rb") as f:
                    out[path] = hashlib.sha256(f.read()).hexdigest()
    return out


def town_log(path: Path, unit: str, prefix: str = "A", bad: bool = False) -> Path:
    cases = [
        case(id=f"{prefix}-{i}", received=date(2024, 2, 1 + i), concluded=date(2024, 2, 10 + i))
        for i in range(3)
    ]
    if bad:
        cases[0]["收到日期"] = "2024-02-30"
    return write_log(path, cases, unit=unit)


def zipped(path: Path, members: dict[str, Path]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        for name, source in members.items():
            z.write(source, name)
    return path


def rules_and_files(findings: list[dict]) -> list[tuple[str, str]]:
    return sorted((f["rule"], Path(f["path"]).name) for f in findings)


# ---- the same inputs as aggregate -------------------------------------------------------------------------


def test_a_zip_in_a_folder_is_checked_as_aggregate_reads_it(tmp_path: Path) -> None:
    """v04: check of a folder holding a unit's .zip attachment read nothing and exited 0."""
    bad = town_log(tmp_path / "src" / "台账.xlsx", TOWN_A, bad=True)
    inbox = tmp_path / "收件箱"
    zipped(inbox / "东湖乡报送材料.zip", {"台账.xlsx": bad})
    before = digests(inbox)
    code, data = run_json("check", inbox, "--annotate", tmp_path / "标注")
    assert code == 1 and not data["ok"]
    (file,) = data["files"]
    assert file["path"] == str(inbox / MEMBER) and file["kind"] == "log"
    assert [(f["rule"], f["sheet"], f["cell"]) for f in file["findings"]] == [("L3", form.SHEET_LOG, "B2")]
    assert [p.name for p in (tmp_path / "标注").iterdir()] == ["台账-检查标注.xlsx"]  # a copy for a member
    code2, data2 = run_json("aggregate", inbox, "-o", tmp_path / "o.xlsx")
    assert code2 == 1 and [(f["rule"], f["path"]) for f in data2["findings"]] == [("L3", str(inbox / MEMBER))]
    assert digests(inbox) == before


def test_a_zip_named_directly_is_checked_member_by_member(tmp_path: Path) -> None:
    a = town_log(tmp_path / "src" / "a.xlsx", TOWN_A)
    b = town_log(tmp_path / "src" / "b.xlsx", TOWN_B, prefix="B", bad=True)
    attachment = zipped(tmp_path / "附件.zip", {"东湖乡/台账.xlsx": a, "西山镇/台账.xlsx": b})
    code, out, _err = run("check", attachment)
    assert code == 1
    assert "附件.zip › 西山镇/台账.xlsx · 申请台账!B2" in out and "L3" in out
    assert "共检查 2 个文件：1 个有错误" in out


@pytest.mark.parametrize("as_json", [False, True])
def test_an_empty_folder_is_refused_with_exit_2(tmp_path: Path, as_json: bool) -> None:
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    (empty / "说明.txt").write_text("没有附件", encoding="utf-8")
    code, out, err = run("check", empty, *(["--json"] if as_json else []))
    assert code == 2 and "没有找到可以检查的" in err and "说明.txt" in err
    if as_json:
        assert json.loads(out) == {
            "ok": False,
            "error": err.strip().removeprefix("错误："),
            "reason": "usage",
        }
    else:
        assert out.strip().splitlines()[-1].startswith("未完成检查")


# ---- what aggregate will block on, shown by check --------------------------------------------------------


def test_the_same_unit_twice_is_r24_in_check_as_in_aggregate(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    first = town_log(inbox / "东湖乡.xlsx", TOWN_A)
    again = town_log(inbox / "东湖乡-重新保存.xlsx", TOWN_A, prefix="A2")  # re-saved: other bytes
    before = digests(inbox)
    code, data = run_json("check", inbox)
    assert code == 1 and not data["ok"]
    assert all(file["findings"] == [] for file in data["files"])  # each file is fine on its own
    # files are read in the order of their names: 东湖乡-重新保存.xlsx first, 东湖乡.xlsx is the second
    assert rules_and_files(data["across"]) == [("R24", first.name)]
    assert str(again) in data["across"][0]["message"]
    code2, data2 = run_json("aggregate", inbox, "-o", tmp_path / "o.xlsx", "--unit", "示范县人民政府")
    assert code2 == 1 and rules_and_files(data2["findings"]) == [("R24", first.name)]
    code3, out, _ = run("check", inbox)
    assert code3 == 1 and "R24" in out and "跨文件" in out.splitlines()[-1]
    assert digests(inbox) == before


def test_the_same_case_in_two_units_is_l4_in_check(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    town_log(inbox / "东湖乡.xlsx", TOWN_A, prefix="X")
    other = town_log(inbox / "西山镇.xlsx", TOWN_B, prefix="X")  # the same 申请编号, dates and types
    code, data = run_json("check", inbox)
    assert code == 1
    assert {(f["rule"], Path(f["path"]).name, f["cell"]) for f in data["across"]} == {
        ("L4", other.name, "A2"),
        ("L4", other.name, "A3"),
        ("L4", other.name, "A4"),
    }


def test_our_own_rollup_left_in_the_folder_is_r25_in_check(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    a = town_log(inbox / "东湖乡.xlsx", TOWN_A)
    town_log(inbox / "西山镇.xlsx", TOWN_B, prefix="B")
    draft = tmp_path / "全县-初稿.xlsx"
    assert aggregate([inbox], draft, unit="示范县人民政府").ok
    draft = draft.rename(inbox / draft.name)
    before = digests(inbox)
    code, data = run_json("check", inbox)
    assert code == 1
    assert rules_and_files(data["across"]) == [("R25", draft.name)]
    assert str(a) in data["across"][0]["message"]
    assert digests(inbox) == before


def test_check_reads_in_parallel_with_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import toolkit.count.batch as batch

    inbox = tmp_path / "in"
    for n in range(batch.PARALLEL_MIN_FILES + 2):
        town_log(inbox / f"u{n:02d}.xlsx", f"单位{n:02d}", prefix=f"{n}", bad=n == 3)
    code, parallel = run_json("check", inbox)
    monkeypatch.setattr(batch, "PARALLEL_MIN_FILES", 10_000)
    code2, serial = run_json("check", inbox)
    assert code == code2 == 1 and parallel == serial
    assert rules_and_files([f for file in parallel["files"] for f in file["findings"]]) == [
        ("L3", "u03.xlsx")
    ]


# ---- names that are not UTF-8 (v05) ----------------------------------------------------------------------


def _gbk_inbox(tmp_path: Path) -> tuple[bytes, Path]:
    """A folder with a 台账 named in GBK (as unzipped on Linux without -O GBK) and a zip named in GBK."""
    log = town_log(tmp_path / "src" / "a.xlsx", TOWN_A)
    other = town_log(tmp_path / "src" / "b.xlsx", TOWN_B, prefix="B")
    inbox = os.fsencode(tmp_path / "in")
    os.makedirs(inbox)
    with open(log, "rb") as src, open(os.path.join(inbox, "台账".encode("gbk") + b".xlsx"), "wb") as dst:
        dst.write(src.read())
    with zipfile.ZipFile(os.fsdecode(os.path.join(inbox, "西山镇".encode("gbk") + b".zip")), "w") as z:
        z.write(other, "台账.xlsx")
    return inbox, tmp_path / "in"


@pytest.mark.parametrize("command", ["check", "aggregate"])
def test_a_name_that_is_not_utf8_is_shown_decoded(tmp_path: Path, command: str) -> None:
    inbox, shown = _gbk_inbox(tmp_path)
    before = digests(inbox)
    extra = ["-o", tmp_path / "o.xlsx", "--unit", "示范县人民政府"] if command == "aggregate" else []
    code, data = run_json(command, inbox, *extra)
    assert code == 0 and data["ok"], data
    paths = [f["path"] for f in data["files"]] if command == "check" else [u["path"] for u in data["units"]]
    assert sorted(paths) == [str(shown / "台账.xlsx"), str(shown / "西山镇.zip › 台账.xlsx")]
    code, out, err = run(command, inbox, *extra)
    assert code == 0 and "已损坏" not in out + err
    assert ("台账.xlsx（台账）" in out) if command == "check" else ("已生成" in out)
    assert digests(inbox) == before


def test_json_is_valid_utf8_in_a_subprocess_with_a_gbk_name(tmp_path: Path) -> None:
    inbox, shown = _gbk_inbox(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "check", inbox, "--json"], capture_output=True, timeout=300
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    data = json.loads(done.stdout.decode("utf-8"))  # strict: no surrogate, no stray byte
    assert str(shown / "台账.xlsx") in [f["path"] for f in data["files"]]


def test_json_output_never_fails_on_a_surrogate(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    from toolkit.cli import _write_json

    _write_json({"path": os.fsdecode("台账".encode("gbk") + b".xlsx"), "bad": ["a\ud800b"]})
    data = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert data == {"path": "台账.xlsx", "bad": ["a\ufffdb"]}


# ---- every run ends stdout with its outcome (v01's script) -----------------------------------------------


def test_a_refused_aggregate_ends_stdout_with_its_outcome(tmp_path: Path) -> None:
    log = town_log(tmp_path / "台账.xlsx", TOWN_A)
    before = digests(tmp_path)
    code, out, err = run("aggregate", log, "-o", log)  # -o equal to the input: refused
    assert code == 2 and err.startswith("错误：")
    last = out.strip().splitlines()[-1]
    assert last.startswith("未生成统计表") and err.strip().removeprefix("错误：") not in out
    code, data = run_json("aggregate", log, "-o", log)
    assert code == 2 and data["ok"] is False and data["reason"] == "usage" and str(log) in data["error"]
    code, data = run_json("check", tmp_path / "没有这个文件.xlsx")
    assert code == 2 and data == {"ok": False, "error": data["error"], "reason": "usage"}
    assert "没有这个文件.xlsx" in data["error"]
    assert digests(tmp_path) == before


# ---- many files not read: summarised, all in --json ------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "aggregate"])
def test_many_skipped_files_are_summarised_by_reason(tmp_path: Path, command: str) -> None:
    inbox = tmp_path / "in"
    town_log(inbox / "台账.xlsx", TOWN_A)
    for n in range(40):
        (inbox / f"扫描件{n:02d}.jpg").write_bytes(b"\xff\xd8\xff")  # (a .pdf is a report since issue 16)
    for n in range(7):
        (inbox / f"~$台账{n}.xlsx").write_bytes(b"lock")
    extra = ["-o", tmp_path / "o.xlsx"] if command == "aggregate" else []
    code, out, _err = run(command, inbox, *extra)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) < 25, out
    assert sum("扫描件" in line for line in lines) == gate_inputs.NOTES_SHOWN
    assert "另有 35 个同类文件" in out and "另有 2 个同类文件" in out
    (tmp_path / "o.xlsx").unlink(missing_ok=True)
    code, data = run_json(command, inbox, *extra)
    assert code == 0 and len(data["skipped"]) == 47
    assert sorted(Path(s["path"]).name for s in data["skipped"])[:1] == ["~$台账0.xlsx"]


def test_many_unreadable_files_are_summarised_by_reason(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    for n in range(12):
        (inbox / f"旧台账{n:02d}.rar").parent.mkdir(parents=True, exist_ok=True)
        (inbox / f"旧台账{n:02d}.rar").write_bytes(b"Rar!\x1a\x07\x00 data")
    code, out, _err = run("check", inbox)
    assert code == 2 and "另有 7 个文件同样无法读取" in out and len(out.splitlines()) < 20
    code, data = run_json("check", inbox)
    assert code == 2 and len(data["files"]) == 12 and {f["reason"] for f in data["files"]} == {"archive"}


# ---- nothing left behind: extraction folders, worker processes --------------------------------------------


def test_extraction_folders_of_dead_runs_are_removed_at_the_next_start(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    dead_pid = int(dead.stdout)
    old = time.time() - gate_inputs.STALE_AFTER - 60
    stale = tmp_path / f"xxgk-inputs-{dead_pid}-abc"
    young = tmp_path / f"xxgk-inputs-{dead_pid}-young"
    alive = tmp_path / f"xxgk-inputs-{os.getppid()}-def"
    other = tmp_path / "xxgk-inputs-notapid"
    for folder in (stale, young, alive, other):
        (folder / "001").mkdir(parents=True)
        (folder / "001" / "0001_台账.xlsx").write_bytes(b"applicants")
    for folder in (stale, alive, other):
        os.utime(folder, (old, old))
    log = town_log(tmp_path / "in" / "台账.xlsx", TOWN_A)
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "check", str(log)], capture_output=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert sorted(p.name for p in tmp_path.glob("xxgk-inputs-*")) == sorted(
        p.name for p in (young, alive, other)
    )


_SLOW_READER = """
import sys, time
from pathlib import Path
import toolkit.count.batch
marker = Path(sys.argv[1])
real = toolkit.count.batch._analyse_one

def slow(path, display, calendar, year=None):
    marker.write_text("reading")
    time.sleep(60)
    return real(path, display, calendar, year)

toolkit.count.batch._analyse_one = slow
sys.argv = ["xxgk", *sys.argv[2:]]
from toolkit.cli import run
run()
"""


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids += [int(k) for k in (task / "children").read_text().split()]
    return kids


def _gone(pids: list[int], timeout: float = 30) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        alive = []
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                alive.append(pid)
        if not alive:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc, PR_SET_PDEATHSIG")
@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_worker_processes_die_with_their_parent(tmp_path: Path, sig: signal.Signals) -> None:
    """v17: a closed terminal (SIGHUP) left worker processes hanging; SIGKILL cannot be handled, the
    workers then die of PR_SET_PDEATHSIG."""
    import toolkit.count.batch as batch

    if min(os.cpu_count() or 1, batch.MAX_WORKERS) < 2:
        pytest.skip("one core: no worker processes")
    inbox = tmp_path / "in"
    for n in range(batch.PARALLEL_MIN_FILES):
        town_log(inbox / f"u{n:02d}.xlsx", f"单位{n:02d}", prefix=f"{n}")
    zipped(inbox / "附件.zip", {"台账.xlsx": inbox / "u00.xlsx"})  # an extraction folder to remove
    before = digests(inbox)
    script, marker = tmp_path / "slow_reader.py", tmp_path / "marker"
    script.write_text(textwrap.dedent(_SLOW_READER), encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": os.pathsep.join(sys.path)}
    args = [sys.executable, str(script), str(marker), "check", str(inbox)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert workers, "the reading should run in worker processes"
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=60)
    assert _gone(workers), [w for w in workers if Path(f"/proc/{w}").exists()]
    if sig != signal.SIGKILL:
        assert proc.returncode == 2 and "已中断" in err.decode("utf-8", "replace")
        assert "Traceback" not in err.decode("utf-8", "replace")
        assert list(tmp_path.glob("xxgk-inputs-*")) == []  # the copies of the 台账 are gone
    assert digests(inbox) == before
