"""The PDF copy of the report, by LibreOffice headless (``fill-report --pdf``).

LibreOffice runs on the .docx's bytes in a temporary folder, with a temporary user profile (so a
running LibreOffice or a broken profile does not interfere) and a timeout. When it is missing or
fails, the caller gets a note in Chinese, not an error: the .docx is the report, the PDF a copy.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["NO_SOFFICE_NOTE", "docx_to_pdf"]

SOFFICE_TIMEOUT = 180  # seconds
NO_SOFFICE_NOTE = "未安装 LibreOffice，未生成 PDF（Debian：apt-get install libreoffice-writer-nogui）"


def soffice() -> str | None:
    """The LibreOffice command on this machine, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, notes: list[str]) -> bytes | None:
    """The PDF of the .docx bytes ``docx``, by LibreOffice headless; a note (and None) when it cannot.
    Nothing is written outside a temporary folder: the caller writes the PDF."""
    soffice_path = soffice()
    if soffice_path is None:
        notes.append(NO_SOFFICE_NOTE)
        return None
    with tempfile.TemporaryDirectory(prefix="xxgk-pdf-") as folder:
        work = Path(folder)
        profile, out = work / "profile", work / "out"
        out.mkdir()
        source = work / "report.docx"
        source.write_bytes(docx)
        args = [
            soffice_path,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(source),
        ]
        try:
            subprocess.run(
                args, capture_output=True, timeout=SOFFICE_TIMEOUT, check=False, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired:
            notes.append(f"LibreOffice 转换超时（{SOFFICE_TIMEOUT} 秒），未生成 PDF")
            return None
        except OSError:
            notes.append("无法运行 LibreOffice，未生成 PDF")
            return None
        produced = out / "report.pdf"
        if not produced.is_file() or produced.stat().st_size == 0:
            notes.append("LibreOffice 未能转换出 PDF，可在 Word/WPS 中打开年报后另存为 PDF")
            return None
        return produced.read_bytes()
