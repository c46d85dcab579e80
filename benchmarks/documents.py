"""Scenario (d) of ``benchmarks/run.py``: reading a folder of 100 published report PDFs (issue 16,
item 5: at most 1.5× the bare pdfplumber ``extract_tables`` of the same files, both on both cores).

    python benchmarks/run.py --only d,e      # measured beside its floor, into RESULTS.md
    python benchmarks/documents.py           # the same, results into benchmarks/.data/RESULTS-documents.md

Scenario (e) (issue 17 item 5) times the assessor's whole command, ``xxgk check FOLDER --summary
评估结果.xlsx``, over 100 published reports (a third each PDF, Word and web page: ``mixed_reports``),
in the same run as (d)'s floor, and gives reports per second.

The PDFs are made once and cached in ``benchmarks/.data/reports-100/``: Word reports written by
tests/pdf_fixtures.py (python-docx, the three official tables with their merged cells; the numbers
differ from file to file; one in three has 表三 broken across two pages, half of those without
the header repeated) and exported by LibreOffice headless in one run, as units' Word/WPS exports
are. LibreOffice is needed only to make them.

Both sides are one whole process over the folder, using both cores:

- **floor**: ``pdfplumber.open`` and ``page.extract_tables()`` on every page of every file, in a
  pool of 2 processes (``fork``);
- **xxgk**: ``xxgk check FOLDER`` — the gate, ``read_pdf`` (layout, table finding, grids,
  passages), the label-based 统计表 reader, the table rules and the narrative audit of each report,
  ``check``'s own worker processes.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / ".data"
COUNT = 100
JOBS = 2
VERSION = 1  # bump when the generated reports change: the cache is rebuilt

FLOOR = """
import sys, pathlib
from concurrent.futures import ProcessPoolExecutor
import multiprocessing
import pdfplumber

def one(path):
    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_tables()) for page in pdf.pages)

if __name__ == "__main__":
    paths = sorted(pathlib.Path(sys.argv[1]).glob("*.pdf"))
    with ProcessPoolExecutor(int(sys.argv[2]), mp_context=multiprocessing.get_context("fork")) as pool:
        tables = sum(pool.map(one, paths, chunksize=1))
    print(len(paths), "files", tables, "tables")
"""


def reports(count: int = COUNT) -> Path:
    """The folder of ``count`` report PDFs, made once (LibreOffice) and reused."""
    folder = DATA / f"reports-{count}"
    stamp = DATA / f"reports-{count}.json"
    params = {"count": count, "version": VERSION}
    cached = stamp.exists() and json.loads(stamp.read_text(encoding="utf-8")) == params
    if cached and len(list(folder.glob("*.pdf"))) == count:
        return folder
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("scenario d makes its PDFs with LibreOffice: install libreoffice-writer-nogui")
    sys.path.insert(0, str(REPO / "tests"))
    sys.path.insert(0, str(REPO))
    from pdf_fixtures import report_docx, sample_table, to_pdf

    shutil.rmtree(folder, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-docx-") as work:
        sources = []
        for i in range(count):
            options: dict[str, object] = {}
            if i % 3 == 1:
                options = {"break_sec3_at": 4 + i % 3, "repeat_header": i % 2 == 0}
            source = Path(work) / f"report-{i + 1:03d}.docx"
            source.write_bytes(report_docx(sample_table(i), **options))  # type: ignore[arg-type]
            sources.append(source)
        to_pdf(soffice, sources, folder)
    stamp.write_text(json.dumps(params), encoding="utf-8")
    return folder


MIXED_VERSION = 1  # bump when the mixed folder's reports change


def mixed_reports(count: int = COUNT) -> Path:
    """Scenario (e)'s folder: ``count`` published reports, about a third each PDF (the first of
    ``reports()``), Word (tests/document_fixtures.py ``write_report_docx``) and web pages in GB2312
    (``report_html``), each with its own numbers; made once and reused."""
    folder = DATA / f"reports-mixed-{count}"
    stamp = DATA / f"reports-mixed-{count}.json"
    params = {"count": count, "version": MIXED_VERSION, "pdf_version": VERSION}
    cached = stamp.exists() and json.loads(stamp.read_text(encoding="utf-8")) == params
    if cached and len([p for p in folder.iterdir() if p.is_file()]) == count:
        return folder
    pdfs = sorted(reports().glob("*.pdf"))
    sys.path.insert(0, str(REPO / "tests"))
    sys.path.insert(0, str(REPO))
    from document_fixtures import report_html, write_report_docx
    from pdf_fixtures import sample_table

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    n_pdf = count - 2 * (count // 3)
    for pdf in pdfs[:n_pdf]:
        shutil.copy(pdf, folder / pdf.name)
    for i in range(count // 3):
        write_report_docx(sample_table(1000 + i), folder / f"report-word-{i + 1:03d}.docx")
        (folder / f"report-web-{i + 1:03d}.html").write_bytes(report_html(sample_table(2000 + i)))
    stamp.write_text(json.dumps(params), encoding="utf-8")
    return folder


def summary_command(xxgk: list[str], folder: Path, out: Path) -> list[str]:
    """``xxgk check FOLDER --summary OUT.xlsx``: the assessor's whole command (issue 17 item 5)."""
    return [*xxgk, "check", str(folder), "--summary", str(out)]


def floor_command(folder: Path, jobs: int = JOBS) -> list[str]:
    """The floor: bare pdfplumber over the folder, a whole process with a pool of ``jobs``."""
    return [sys.executable, "-c", FLOOR, str(folder), str(jobs)]


def check_command(xxgk: list[str], folder: Path) -> list[str]:
    """Ours: the reviewer's whole command over the folder (gate, reading, the table rules, the
    narrative audit; ``check`` spreads the files over both cores)."""
    return [*xxgk, "check", str(folder)]


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*.pdf")) / (1 << 20)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    import run

    extra = sys.argv[1:]
    if "--out" not in extra:  # never overwrite the full run's RESULTS.md with this one scenario
        extra += ["--out", str(DATA / "RESULTS-documents.md")]
    sys.exit(run.main(["--only", "d,e", *extra]))
