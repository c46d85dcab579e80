"""The PDF copy of the report, by LibreOffice headless (``fill-report --pdf``).

LibreOffice runs on the .docx's bytes in a temporary folder, with a temporary user profile (so a
running LibreOffice or a broken profile does not interfere) and a timeout. When it is missing or
fails, the caller gets a note in Chinese, not an error: the .docx is the report, the PDF a copy.

The PDF is only as right as the fonts of the machine that makes it: when the official 公文 fonts
(方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) are not installed, LibreOffice substitutes others and
the note names each missing font and what fontconfig gives in its place (``font_note``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path

from toolkit.report.docx import FONT_BODY, FONT_HEADING1, FONT_HEADING2, FONT_TITLE

__all__ = ["NO_SOFFICE_NOTE", "OFFICIAL_FONTS", "docx_to_pdf", "font_note", "installed_fonts", "substitutes"]

#: the 公文 fonts of the report (GB/T 9704): title, body, level-1 and level-2 headings
OFFICIAL_FONTS = (FONT_TITLE, FONT_BODY, FONT_HEADING1, FONT_HEADING2)
FONTCONFIG_TIMEOUT = 30  # seconds

SOFFICE_TIMEOUT = 180  # seconds
NO_SOFFICE_NOTE = "未安装 LibreOffice，未生成 PDF（Debian：apt-get install libreoffice-writer-nogui）"


def soffice() -> str | None:
    """The LibreOffice command on this machine, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def installed_fonts() -> set[str] | None:
    """Every font family name fontconfig knows on this machine (each of a font's names: 黑体 and
    SimHei), or None when ``fc-list`` is not there to ask."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run(
            [fc_list, ":", "family"], capture_output=True, timeout=FONTCONFIG_TIMEOUT, check=True
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return None
    return {name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()}


def substitutes(fonts: Collection[str]) -> dict[str, str]:
    """font → the family fontconfig gives for Chinese text in that font (``fc-match``)."""
    fc_match = shutil.which("fc-match")
    out: dict[str, str] = {}
    if fc_match is None:
        return out
    for font in fonts:
        try:
            found = subprocess.run(
                [fc_match, "-f", "%{family[0]}", f"{font}:lang=zh-cn"],
                capture_output=True,
                timeout=FONTCONFIG_TIMEOUT,
                check=True,
            ).stdout.decode("utf-8", "replace")
        except (OSError, subprocess.SubprocessError):
            continue
        if found.strip():
            out[font] = found.strip()
    return out


def font_note(installed: Collection[str], replaced: Mapping[str, str]) -> str | None:
    """The note of ``--pdf`` when official fonts are missing from ``installed`` (the family names of
    the machine): each one with the font put in its place (``replaced``), or None when all are there."""
    missing = [font for font in OFFICIAL_FONTS if font not in installed]
    if not missing:
        return None
    named = "、".join(
        f"{font}（用“{replaced[font]}”代替）" if replaced.get(font) else f"{font}（用其他字体代替）"
        for font in missing
    )
    return (
        f"本机没有安装公文字体：{named}，PDF 中这些文字的字体与正式公文不同。"
        "发布前请在装有这些字体的电脑上用 Word/WPS 打开年报另存为 PDF，或先安装这些字体再生成"
    )


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
        installed = installed_fonts()
        if installed is not None:
            missing = [font for font in OFFICIAL_FONTS if font not in installed]
            note = font_note(installed, substitutes(missing))
            if note is not None:
                notes.append(note)
        return produced.read_bytes()
