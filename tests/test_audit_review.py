"""Regressions from the third review of the narrative audit (issue 17): each test is a reviewer's
sentence from a realistic report."""

from __future__ import annotations

import pytest

from toolkit.rules.frame import year_findings
from test_narrative_audit import TITLE, passages


# --- R15: last year's rectification and assessment are no stale year -------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "（一）2023年度存在问题整改情况。",
        "2023年度政务公开第三方评估中，我局位列全区第一。",
        "（一）根据2023年度评估反馈，我局对照问题清单逐项整改。",
        "2023年度绩效考核中指出的问题已全部整改。",
    ],
)
def test_last_years_assessment_and_rectification_are_no_stale_year(text: str) -> None:
    assert year_findings(TITLE, passages(text), "r.txt") == (2024, [])


def test_last_year_used_as_this_year_is_still_r15() -> None:
    _, findings = year_findings(TITLE, passages("2023年，我局坚持以公开为常态、不公开为例外。"), "r.txt")
    assert [f.rule for f in findings] == ["R15"]
