"""The official form as data: every label against an independent transcription, and the
form's internal consistency."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit import form

TRANSCRIPTION = Path(__file__).parent / "data" / "official-labels.txt"


def _blocks() -> dict[str, list[list[str]]]:
    blocks: dict[str, list[list[str]]] = {}
    current = None
    for line in TRANSCRIPTION.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("["):
            current = line[1 : line.index("]")]
            blocks[current] = []
            continue
        assert current is not None
        blocks[current].append([field.strip() for field in line.split(" | ")])
    return blocks


BLOCKS = _blocks()


def _split(field: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field.split(";"))


def test_section_headings() -> None:
    assert tuple(row[0] for row in BLOCKS["sections"]) == form.SECTION_HEADINGS
    assert tuple(row[0] for row in BLOCKS["overview_subheads"]) == form.OVERVIEW_SUBHEADS


def test_section2_tables() -> None:
    expected = [(header, _split(columns), _split(rows)) for header, columns, rows in BLOCKS["sec2"]]
    assert [(t.header, t.columns, t.rows) for t in form.SEC2_TABLES] == expected
    assert BLOCKS["sec2_content_label"][0][0] == form.SEC2_CONTENT_LABEL
    assert [t.kind for t in form.SEC2_TABLES] == ["count", "count", "count", "fee"]


def test_section3_rows_keys_and_labels() -> None:
    assert [(r.key, r.label) for r in form.SEC3_ROWS] == [tuple(row) for row in BLOCKS["sec3_rows"]]


def test_section3_heads_columns_and_note() -> None:
    applicant_head, legal_group, results_head = BLOCKS["sec3_head"][0]
    assert applicant_head == form.SEC3_APPLICANT_HEAD
    assert legal_group == form.SEC3_LEGAL_PERSON_GROUP
    assert results_head == form.SEC3_RESULTS_HEAD
    assert list(form.SEC3_COLUMNS) == BLOCKS["sec3_columns"][0]
    assert BLOCKS["sec3_note"][0][0] == form.SEC3_NOTE
    assert form.SEC3_COLUMNS[:6] == form.APPLICANT_TYPES


def test_section3_groups() -> None:
    groups = [g for g in form.RESULT_GROUPS if g.has_group_cell]
    assert [(g.label, g.leaves[0], g.leaves[-1]) for g in groups] == [tuple(r) for r in BLOCKS["sec3_groups"]]
    # （一）and（二）are their own leaf, labelled by their row
    single = [g for g in form.RESULT_GROUPS if not g.has_group_cell]
    assert [(g.key, g.leaves) for g in single] == [("三.一", ("三.一",)), ("三.二", ("三.二",))]
    assert [g.short for g in form.RESULT_GROUPS] == [
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
    ]


def test_section4() -> None:
    review, litigation, direct, after_review = BLOCKS["sec4_heads"][0]
    assert (review, litigation) == (form.SEC4_REVIEW, form.SEC4_LITIGATION)
    assert (review, direct, after_review) == form.SEC4_BLOCKS
    assert list(form.SEC4_BLOCK_COLUMNS) == BLOCKS["sec4_block_columns"][0]
    assert form.SEC4_WIDTH == 15
    assert [form.sec4_index(b, "总计") for b in form.SEC4_BLOCKS] == [4, 9, 14]
    assert form.sec4_column_name(10) == f"{after_review}·结果维持"


def test_layout_2019_markers() -> None:
    assert tuple(row[0] for row in BLOCKS["layout2019"]) == form.LAYOUT_2019_MARKERS


def test_internal_consistency() -> None:
    form.check_consistency()
    assert len(form.SEC3_ROWS) == 25
    assert len(form.RESULT_KEYS) == 21
    leaves = [k for g in form.RESULT_GROUPS for k in g.leaves]
    assert leaves == list(form.RESULT_KEYS)  # the groups partition the leaves, in order
    assert tuple(r.label for r in form.SEC3_ROWS[2:23]) == form.RESULT_LABELS
    assert all(form.SEC3_ROW[k].explain for k in form.RESULT_KEYS)
    assert set(form.APPLICANT_TYPE_NOTES) == set(form.APPLICANT_TYPES)


def test_case_log_columns_use_the_form_lists() -> None:
    by_name = form.LOG_COLUMN
    assert by_name[form.LOG_APPLICANT_TYPE].choices == form.APPLICANT_TYPES
    assert by_name[form.LOG_RESULT].choices == form.RESULT_LABELS
    assert [c.name for c in form.LOG_COLUMNS if c.required] == ["申请编号", "收到日期", "申请人类型"]
    assert {c.name for c in form.LOG_COLUMNS if c.personal} >= {"申请人", "申请内容"}
    review = {c.name: c for c in form.REVIEW_COLUMNS}
    assert review[form.REVIEW_TYPE].choices == form.SEC4_BLOCKS
    assert review[form.REVIEW_RESULT].choices == ("结果维持", "结果纠正", "其他结果")
    assert len({c.name for c in form.LOG_COLUMNS}) == len(form.LOG_COLUMNS)


@pytest.mark.parametrize(("found", "official"), [tuple(r) for r in BLOCKS["drift"]])
def test_drift_normalises_to_the_official_label(found: str, official: str) -> None:
    found = found.replace("\\n", "\n")
    if official in form.SEC2_KEYS:
        assert form.sec2_key_by_label()[form.normalize_label(found)] == official
    else:
        assert form.normalize_label(found) == form.normalize_label(official)


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("（3） \n不予\n公开", "(三)不予公开"),
        ("1、属于国家秘密", "1.属于国家秘密"),
        ("1．属于国家秘密", "1.属于国家秘密"),
        ('３.危及"三安全一稳定"', "3.危及三安全一稳定"),
        ("总\u200b计", "总计"),
        ("總計", "总计"),
        ("法人或其他組織", "法人或其他组织"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_label(text: object, normalised: str) -> None:
    assert form.normalize_label(text) == normalised


def test_every_row_label_is_found_after_drift() -> None:
    index = form.sec3_row_by_label()
    for row in form.SEC3_ROWS:
        assert index[form.normalize_label(row.label)] == row.key
    assert index[form.normalize_label("（七） 总 计")] == "三.七"
    assert index[form.normalize_label("总计")] == "三.七"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("（1）属于国家秘密", "三.三.1"),
        ("(1)属于国家秘密", "三.三.1"),
        ("（一）属于国家秘密", "三.三.1"),
        ("①属于国家秘密", "三.三.1"),
        ("1 属于国家秘密", "三.三.1"),
        ("1属于国家秘密", "三.三.1"),
        ("属于国家秘密", "三.三.1"),
        ("⑤要求行政机关确认或重新出具已获取信息", "三.五.5"),
        ("（3）补正后申请内容仍不明确", "三.四.3"),
        ("3 其他", "三.六.3"),
        ("（三）其他", "三.六.3"),
        ("重复申请", "三.五.2"),
    ],
)
def test_leaf_rows_are_found_by_their_numbering_variants(typed: str, key: str) -> None:
    assert form.sec3_row_by_label()[form.normalize_label(typed)] == key


def test_bare_leaf_forms_never_shadow_another_label() -> None:
    index = form.sec3_row_by_label()
    assert form.normalize_label("其他") not in index  # 三.六.3 without its number is the column 其他
    official = {form.normalize_label(r.label): r.key for r in form.SEC3_ROWS}
    names = {
        form.normalize_label(n)
        for n in (
            *form.SEC3_COLUMNS,
            *form.SEC4_BLOCK_COLUMNS,
            *form.SEC2_KEYS,
            *(g.label for g in form.RESULT_GROUPS),
        )
    }
    for variant, key in index.items():
        if variant in official:
            assert official[variant] == key  # the official labels keep their own row
        else:  # a variant is never another column or group label (the bare 总计 is LABEL_DRIFT)
            assert variant not in names or variant == form.normalize_label(form.SEC3_TOTAL_COLUMN), variant
    # every variant names a row; rows without a number (（一）予以公开) gain no bare form
    assert set(index.values()) == set(form.SEC3_KEYS)
    assert form.normalize_label("予以公开") not in index


def test_result_labels_accept_numbered_bare_and_group_forms() -> None:
    index = form.result_key_by_label()
    for key in form.RESULT_KEYS:
        assert index[form.normalize_label(form.SEC3_ROW[key].label)] == key
    assert index[form.normalize_label("1、本机关不掌握相关政府信息")] == "三.四.1"
    assert index[form.normalize_label("不予公开-属于国家秘密")] == "三.三.1"
    assert index[form.normalize_label("其他处理-其他")] == "三.六.3"
    assert index[form.normalize_label("部分公开")] == "三.二"
    assert form.normalize_label("其他") not in index  # ambiguous alone: never guessed


def test_unit_levels_for_rule_r8() -> None:
    can = {u.label for u in form.UNIT_LEVELS if u.can_make_rules}
    assert can == {"国务院部门", "省级人民政府", "设区的市级人民政府"}


def test_no_official_label_is_spelled_outside_the_form_module() -> None:
    """A label typed twice is a bug: the package's other modules must take labels from form."""
    labels = {r.label for r in form.SEC3_ROWS if len(r.label) > 4}
    labels |= {t.header for t in form.SEC2_TABLES} | set(form.SECTION_HEADINGS) | {form.SEC3_NOTE}
    labels |= {g.label for g in form.RESULT_GROUPS}
    package = Path(form.__file__).parent
    offenders = []
    for path in package.rglob("*.py"):
        if path.name == "form.py":
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [(path.name, label) for label in labels if label in text]
    assert offenders == []


def abbreviates(short: str, label: str) -> bool:
    """Whether ``short`` is made of ``label``'s characters, in order (本年办结 of 本年度办理结果…)."""
    rest = iter(label)
    return all(char in rest for char in short)


def test_abbreviation_rule() -> None:
    assert abbreviates("本年办结", "三、本年度办理结果（七）总计")
    assert not abbreviates("办结本年", "三、本年度办理结果（七）总计")
    assert not abbreviates("本年新收", "四、结转下年度继续办理")


def test_section2_short_column_names() -> None:
    """Every value column of every sub-table has one short name, a part of its label, unique
    within its sub-table."""
    assert len(form.SEC2_SHORT_COLUMNS) == len(form.SEC2_TABLES)
    for table, shorts in zip(form.SEC2_TABLES, form.SEC2_SHORT_COLUMNS, strict=True):
        assert len(shorts) == table.width and len(set(shorts)) == len(shorts)
        for short, column in zip(shorts, table.columns, strict=True):
            assert short and short in column, (short, column)


def test_section3_short_row_names() -> None:
    """Every row outside the result leaves (and the results' total) has one short name, an
    abbreviation of its label as the table prints it (a row under the results head with that head);
    the result groups' short names are their labels without number and note."""
    assert set(form.SEC3_SHORT_ROWS) == {r.key for r in form.SEC3_ROWS if r.kind != "result"}
    for key, short in form.SEC3_SHORT_ROWS.items():
        row = form.SEC3_ROW[key]
        printed = form.SEC3_RESULTS_HEAD + row.label if row.kind == "total" else row.label
        assert abbreviates(short, printed), (key, short)
    assert abbreviates(form.SEC3_RECEIVED_BY_TYPE, form.SEC3_SHORT_ROWS[form.RECEIVED_KEY])
    assert all(g.short and g.short in g.label for g in form.RESULT_GROUPS)


def test_section4_short_names() -> None:
    assert set(form.SEC4_SHORT) == set(form.SEC4_SHORT_TOTALS) == {form.SEC4_REVIEW, form.SEC4_LITIGATION}
    for label, short in form.SEC4_SHORT.items():
        assert short and short in label
    for label, total in form.SEC4_SHORT_TOTALS.items():
        assert total.startswith(label) and total != label


def test_short_names_are_unique_and_spelled_only_in_the_form_module() -> None:
    """The narrative's names never collide, and the report modules take them from form."""
    names = [
        *form.SEC3_SHORT_ROWS.values(),
        *(g.short for g in form.RESULT_GROUPS),
        *form.SEC4_SHORT_TOTALS.values(),
        form.SEC3_RECEIVED_BY_TYPE,
        *form.SEC4_SHORT.values(),
    ]
    assert len(set(names)) == len(names)
    shorts = set(names) | {s for shorts in form.SEC2_SHORT_COLUMNS for s in shorts}
    report = Path(form.__file__).parent / "report"
    offenders = []
    for path in report.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for short in shorts:
            offenders += [(path.name, short) for q in "\"'" for end in (q, "_") if f"{q}{short}{end}" in text]
    assert offenders == []
