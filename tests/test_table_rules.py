"""R1–R4 with root-cause analysis, R8, R9 on tables."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import form
from toolkit.rules.table import check_table
from toolkit.table import Table, UnitInfo

DATA = Path(__file__).parent / "data"
LEAF_ROWS = tuple(k for k in form.SEC3_KEYS if k != form.RESULTS_TOTAL_KEY)


def sample() -> Table:
    return Table.loads((DATA / "sample-emin-2024.json").read_text(encoding="utf-8"))


def where(findings) -> list[tuple[str, str | None, str | None]]:
    return [(f.rule, f.key, f.column) for f in findings]


def test_sample_has_exactly_one_root_at_34_1_total() -> None:
    findings, notes = check_table(sample(), "sample.json")
    assert where(findings) == [("R2", "三.四.1", "总计")]
    message = findings[0].message
    assert "0 ≠ 自然人1+商业企业0+科研机构0+社会公益组织0+法律服务机构0+其他0 = 1" in message
    assert "由此引起" in message and "R3" in message  # the cascade is named once, inside the root
    assert notes == []


def test_locate_gives_sheet_and_cell() -> None:
    cells = {("sec3", "三.四.1", 6): ("Sheet1", "J40")}
    findings, _ = check_table(sample(), "x.xlsx", locate=lambda k: cells.get(k, (None, None)))
    assert [(f.rule, f.sheet, f.cell) for f in findings] == [("R2", "Sheet1", "J40")]


def test_consistent_table_has_no_findings() -> None:
    fixed = sample().with_totals()
    assert check_table(fixed, "x")[0] == []


def test_blank_cells_skip_their_identities_and_say_so() -> None:
    table = sample().with_totals()
    table.sec3["三.五.2"][1] = None
    findings, notes = check_table(table, "x")
    assert findings == []
    assert len(notes) == 1 and "跳过 2 项" in notes[0]  # R2 of its row and R1 of its column


def test_r4_names_the_block_total() -> None:
    table = Table().with_totals()
    table.sec4[9] = 2
    assert where(check_table(table, "x")[0]) == [("R4", None, "未经复议直接起诉·总计")]


def test_r8_rules_for_a_township_and_not_for_a_city_government() -> None:
    table = Table().with_totals()
    table.sec2[form.SEC2_RULES_KEY] = [1, 0, 1]
    township = UnitInfo(level=form.UNIT_LEVELS[-2].label)
    city = UnitInfo(level="设区的市级人民政府")
    assert where(check_table(table, "x", info=township)[0]) == [("R8", form.SEC2_RULES_KEY, None)]
    assert check_table(table, "x", info=city)[0] == []


def test_r9_in_force_below_made() -> None:
    table = Table().with_totals()
    table.sec2[form.SEC2_NORMATIVE_KEY] = [3, 0, 2]
    findings = check_table(table, "x")[0]
    assert [(f.rule, f.key, f.severity) for f in findings] == [("R9", form.SEC2_NORMATIVE_KEY, "warning")]


@st.composite
def consistent_tables(draw) -> Table:
    """A random table where R1–R4 hold: leaves drawn, 一 chosen so that R3 holds per column."""
    table = Table()
    small = st.integers(0, 6)
    for key in (*form.RESULT_KEYS, form.CARRIED_OUT_KEY):
        table.sec3[key] = [draw(small) for _ in range(form.TOTAL_COL)] + [0]
    for c in range(form.TOTAL_COL):
        concluded = sum(table.sec3[k][c] for k in form.RESULT_KEYS) + table.sec3[form.CARRIED_OUT_KEY][c]
        carried_in = draw(st.integers(0, concluded))
        table.sec3[form.CARRIED_IN_KEY][c] = carried_in
        table.sec3[form.RECEIVED_KEY][c] = concluded - carried_in
    table.sec4 = [draw(small) for _ in range(form.SEC4_WIDTH)]
    return table.with_totals()


@settings(max_examples=150, deadline=None)
@given(consistent_tables(), st.data())
def test_one_wrong_cell_gives_exactly_one_finding_at_that_cell(table: Table, data) -> None:
    assert check_table(table, "x")[0] == []
    key = data.draw(st.sampled_from(form.SEC3_KEYS))
    col = data.draw(st.integers(0, form.TOTAL_COL))
    delta = data.draw(st.integers(-3, 3).filter(bool))
    if table.sec3[key][col] + delta < 0:
        delta = -delta
    table.sec3[key][col] += delta
    findings, _ = check_table(table, "x")
    assert len(findings) == 1
    assert (findings[0].key, findings[0].column) == (key, form.SEC3_COLUMNS[col])


@settings(max_examples=50, deadline=None)
@given(consistent_tables(), st.integers(0, form.SEC4_WIDTH - 1), st.integers(1, 3))
def test_one_wrong_section4_cell_gives_one_r4(table: Table, index: int, delta: int) -> None:
    table.sec4[index] += delta
    findings, _ = check_table(table, "x")
    block = index // 5
    assert [(f.rule, f.column) for f in findings] == [("R4", form.sec4_column_name(block * 5 + 4))]
