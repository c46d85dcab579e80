"""The official annual-report form (国办公开办函〔2021〕30号) as data.

This module is the only place where an official label, a row key, a column or a group is
spelled. Templates, dropdowns, readers, counting, formulas, checks, the Word tables and the
HTML are all derived from what is defined here. It imports nothing from the rest of the
package, so anything may import it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

FORM_NAME = "国办公开办函〔2021〕30号"

# ---------------------------------------------------------------------------------------
# The six sections of the report, and the five sub-heads of 一、总体情况
# ---------------------------------------------------------------------------------------
SECTION_HEADINGS: tuple[str, ...] = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

OVERVIEW_SUBHEADS: tuple[str, ...] = (
    "（一）主动公开情况",
    "（二）依申请公开情况",
    "（三）政府信息管理情况",
    "（四）平台建设情况",
    "（五）监督保障情况",
)

# ---------------------------------------------------------------------------------------
# Section 二 — 主动公开政府信息情况: four sub-tables
# ---------------------------------------------------------------------------------------
SEC2_CONTENT_LABEL = "信息内容"


@dataclass(frozen=True)
class Sec2Table:
    """One sub-table of section 二: a full-width header row, a column-header row, rows."""

    header: str  # 第二十条第（一）项
    columns: tuple[str, ...]  # the value columns, after 信息内容
    rows: tuple[str, ...]  # row labels; each is also the row's key in the JSON table
    kind: str  # "count" (whole numbers, 件) or "fee" (万元, decimals allowed)

    @property
    def width(self) -> int:
        return len(self.columns)


SEC2_TABLES: tuple[Sec2Table, ...] = (
    Sec2Table(
        "第二十条第（一）项",
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        ("规章", "行政规范性文件"),
        "count",
    ),
    Sec2Table("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",), "count"),
    Sec2Table("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制"), "count"),
    Sec2Table("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",), "fee"),
)

#: all section 二 row keys, in order; triples for the first sub-table, single values after
SEC2_KEYS: tuple[str, ...] = tuple(row for t in SEC2_TABLES for row in t.rows)
#: the rows that carry [本年制发, 本年废止, 现行有效]
SEC2_DOCUMENT_KEYS: tuple[str, ...] = SEC2_TABLES[0].rows
SEC2_RULES_KEY, SEC2_NORMATIVE_KEY = SEC2_DOCUMENT_KEYS
SEC2_FEE_KEY: str = SEC2_TABLES[3].rows[0]


def sec2_table_of(key: str) -> Sec2Table:
    for table in SEC2_TABLES:
        if key in table.rows:
            return table
    raise KeyError(key)


# ---------------------------------------------------------------------------------------
# Section 三 — 收到和处理政府信息公开申请情况
# ---------------------------------------------------------------------------------------
SEC3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
SEC3_APPLICANT_HEAD = "申请人情况"
SEC3_LEGAL_PERSON_GROUP = "法人或其他组织"
SEC3_TOTAL_COLUMN = "总计"
#: the six applicant columns; they are also the six applicant types of the case log
APPLICANT_TYPES: tuple[str, ...] = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
#: when an applicant belongs to a type (local practice; for the 填表说明 of the case log)
APPLICANT_TYPE_NOTES: dict[str, str] = dict(
    zip(
        APPLICANT_TYPES,
        (
            "公民个人（含个体工商户以个人名义申请的）。",
            "公司、企业等营利性组织。",
            "高等院校、科研院所等科研机构。",
            "社会团体、基金会、社会服务机构等公益组织。",
            "律师事务所、公证机构、基层法律服务所等（律师以律所名义申请的）。",
            "以上之外的法人或其他组织，如村（居）委会、机关、事业单位。",
        ),
        strict=True,
    )
)
#: the seven columns of section 三, in the official order
SEC3_COLUMNS: tuple[str, ...] = (*APPLICANT_TYPES, SEC3_TOTAL_COLUMN)
#: the applicant types grouped under 法人或其他组织
LEGAL_PERSON_TYPES: tuple[str, ...] = APPLICANT_TYPES[1:]
TOTAL_COL = len(SEC3_COLUMNS) - 1  # index of 总计

#: the vertical group cell that spans every result row
SEC3_RESULTS_HEAD = "三、本年度办理结果"


@dataclass(frozen=True)
class ResultGroup:
    """A result group of section 三: （一）…（六）. （一）and（二）are their own single leaf."""

    key: str  # 三.一 … 三.六
    label: str  # （三）不予公开
    short: str  # 不予公开 — the name used in narrative sentences
    leaves: tuple[str, ...]  # the keys of its leaf rows

    @property
    def has_group_cell(self) -> bool:
        """Whether the official table shows this group as a separate merged cell."""
        return len(self.leaves) > 1 or self.leaves[0] != self.key


@dataclass(frozen=True)
class Sec3Row:
    key: str
    label: str
    kind: str  # "received" | "carried_in" | "result" | "total" | "carried_out"
    group: str | None  # the ResultGroup key of a result row
    explain: str = ""  # when a case belongs here (for the 填表说明 of the case log)


SEC3_ROWS: tuple[Sec3Row, ...] = (
    Sec3Row("一", "一、本年新收政府信息公开申请数量", "received", None),
    Sec3Row("二", "二、上年结转政府信息公开申请数量", "carried_in", None),
    Sec3Row(
        "三.一",
        "（一）予以公开",
        "result",
        "三.一",
        "申请公开的信息全部予以公开（含告知获取方式和途径的）。",
    ),
    Sec3Row(
        "三.二",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "result",
        "三.二",
        "同一申请中部分公开、部分不予公开或无法提供的，只计入本项，不再计入其他任何情形。",
    ),
    Sec3Row("三.三.1", "1.属于国家秘密", "result", "三.三", "申请的信息依法确定为国家秘密。"),
    Sec3Row("三.三.2", "2.其他法律行政法规禁止公开", "result", "三.三", "法律、行政法规禁止公开的信息。"),
    Sec3Row(
        "三.三.3",
        "3.危及“三安全一稳定”",
        "result",
        "三.三",
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定的信息。",
    ),
    Sec3Row(
        "三.三.4",
        "4.保护第三方合法权益",
        "result",
        "三.三",
        "涉及商业秘密、个人隐私等，公开会损害第三方合法权益的信息。",
    ),
    Sec3Row(
        "三.三.5",
        "5.属于三类内部事务信息",
        "result",
        "三.三",
        "人事管理、后勤管理、内部工作流程等内部事务信息。",
    ),
    Sec3Row(
        "三.三.6",
        "6.属于四类过程性信息",
        "result",
        "三.三",
        "讨论记录、过程稿、磋商信函、请示报告等过程性信息。",
    ),
    Sec3Row("三.三.7", "7.属于行政执法案卷", "result", "三.三", "行政执法案卷信息。"),
    Sec3Row(
        "三.三.8",
        "8.属于行政查询事项",
        "result",
        "三.三",
        "法律、行政法规规定通过专门查询渠道获取的信息，已告知申请人按查询途径办理。",
    ),
    Sec3Row(
        "三.四.1",
        "1.本机关不掌握相关政府信息",
        "result",
        "三.四",
        "经检索，本机关没有制作或获取该信息（可告知负责公开的机关）。",
    ),
    Sec3Row(
        "三.四.2",
        "2.没有现成信息需要另行制作",
        "result",
        "三.四",
        "需要对现有信息进行加工、分析或重新制作才能提供的。",
    ),
    Sec3Row("三.四.3", "3.补正后申请内容仍不明确", "result", "三.四", "经补正后，申请内容仍无法明确的。"),
    Sec3Row(
        "三.五.1",
        "1.信访举报投诉类申请",
        "result",
        "三.五",
        "以政府信息公开申请的形式提出信访、投诉、举报等诉求的。",
    ),
    Sec3Row("三.五.2", "2.重复申请", "result", "三.五", "申请人重复申请公开相同政府信息的。"),
    Sec3Row(
        "三.五.3",
        "3.要求提供公开出版物",
        "result",
        "三.五",
        "要求提供政府公报、报刊、书籍等公开出版物的。",
    ),
    Sec3Row(
        "三.五.4",
        "4.无正当理由大量反复申请",
        "result",
        "三.五",
        "申请人无正当理由大量、反复申请，明显超过合理范围的。",
    ),
    Sec3Row(
        "三.五.5",
        "5.要求行政机关确认或重新出具已获取信息",
        "result",
        "三.五",
        "要求行政机关确认或者重新出具申请人已获取的信息的。",
    ),
    Sec3Row(
        "三.六.1",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "result",
        "三.六",
        "通知补正后，申请人无正当理由逾期不补正的。",
    ),
    Sec3Row(
        "三.六.2",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "result",
        "三.六",
        "发出收费通知后，申请人逾期未缴纳信息处理费的。",
    ),
    Sec3Row(
        "三.六.3",
        "3.其他",
        "result",
        "三.六",
        "以上均不适用的其他情形，如申请人主动撤回申请。",
    ),
    Sec3Row("三.七", "（七）总计", "total", None),
    Sec3Row("四", "四、结转下年度继续办理", "carried_out", None),
)

SEC3_KEYS: tuple[str, ...] = tuple(r.key for r in SEC3_ROWS)
SEC3_ROW: dict[str, Sec3Row] = {r.key: r for r in SEC3_ROWS}
RESULT_KEYS: tuple[str, ...] = tuple(r.key for r in SEC3_ROWS if r.kind == "result")
RESULT_LABELS: tuple[str, ...] = tuple(SEC3_ROW[k].label for k in RESULT_KEYS)
RECEIVED_KEY, CARRIED_IN_KEY = "一", "二"
RESULTS_TOTAL_KEY, CARRIED_OUT_KEY = "三.七", "四"


def _group(key: str, label: str) -> ResultGroup:
    short = re.sub(r"^（.）", "", label)
    short = re.sub(r"（.*）$", "", short)
    return ResultGroup(key, label, short, tuple(r.key for r in SEC3_ROWS if r.group == key))


RESULT_GROUPS: tuple[ResultGroup, ...] = (
    _group("三.一", SEC3_ROW["三.一"].label),
    _group("三.二", SEC3_ROW["三.二"].label),
    _group("三.三", "（三）不予公开"),
    _group("三.四", "（四）无法提供"),
    _group("三.五", "（五）不予处理"),
    _group("三.六", "（六）其他处理"),
)
RESULT_GROUP: dict[str, ResultGroup] = {g.key: g for g in RESULT_GROUPS}

# ---------------------------------------------------------------------------------------
# Section 四 — 政府信息公开行政复议、行政诉讼情况: one row of 15 numbers
# ---------------------------------------------------------------------------------------
SEC4_REVIEW = "行政复议"
SEC4_LITIGATION = "行政诉讼"
#: the three blocks of five columns; they are also the case types of the 复议诉讼 case log
SEC4_BLOCKS: tuple[str, ...] = (SEC4_REVIEW, "未经复议直接起诉", "复议后起诉")
SEC4_BLOCK_COLUMNS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
#: the results a concluded case can have (the first three columns of a block)
SEC4_RESULTS: tuple[str, ...] = SEC4_BLOCK_COLUMNS[:3]
SEC4_PENDING = SEC4_BLOCK_COLUMNS[3]
SEC4_WIDTH = len(SEC4_BLOCKS) * len(SEC4_BLOCK_COLUMNS)  # 15
#: the indexes of the three 总计 columns (4, 9, 14)
SEC4_TOTAL_INDEXES: tuple[int, ...] = tuple(
    b * len(SEC4_BLOCK_COLUMNS) + len(SEC4_BLOCK_COLUMNS) - 1 for b in range(len(SEC4_BLOCKS))
)


def sec4_index(block: str, column: str) -> int:
    return SEC4_BLOCKS.index(block) * len(SEC4_BLOCK_COLUMNS) + SEC4_BLOCK_COLUMNS.index(column)


def sec4_column_name(index: int) -> str:
    """``复议后起诉·结果维持`` for index 10: how findings name a section 四 column."""
    block, column = divmod(index, len(SEC4_BLOCK_COLUMNS))
    return f"{SEC4_BLOCKS[block]}·{SEC4_BLOCK_COLUMNS[column]}"


# ---------------------------------------------------------------------------------------
# Short names: how the report's placeholders and sentences name a row, a column or a block
# (``{{本年新收}}``, ``{{表二_规章_制发}}``, ``{{复议_结果维持}}``). Each shortens its official
# label above; tests/test_form.py holds them to that. The result groups' are ``ResultGroup.short``.
# ---------------------------------------------------------------------------------------
#: section 二: the short name of each value column, per sub-table (parallel to SEC2_TABLES)
SEC2_SHORT_COLUMNS: tuple[tuple[str, ...], ...] = (
    ("制发", "废止", "现行有效"),
    ("数量",),
    ("数量",),
    ("金额",),
)
#: section 三: the short name of each row outside the results (and of the results' total), by key
SEC3_SHORT_ROWS: dict[str, str] = {
    RECEIVED_KEY: "本年新收",
    CARRIED_IN_KEY: "上年结转",
    RESULTS_TOTAL_KEY: "本年办结",
    CARRIED_OUT_KEY: "结转下年度",
}
#: section 三: the short name of the 本年新收 row before an applicant type (新收_自然人)
SEC3_RECEIVED_BY_TYPE = "新收"
#: section 四: 行政复议, and 行政诉讼 (its two blocks together)
SEC4_SHORT: dict[str, str] = {SEC4_REVIEW: "复议", SEC4_LITIGATION: "诉讼"}
#: section 四: the names of their totals
SEC4_SHORT_TOTALS: dict[str, str] = {SEC4_REVIEW: "行政复议总数", SEC4_LITIGATION: "行政诉讼总数"}


# ---------------------------------------------------------------------------------------
# The case log (台账) and the workbooks' own vocabulary
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LogColumn:
    name: str
    kind: str  # "text" | "date" | "choice" | "money"
    required: bool = False
    personal: bool = False  # never copied into a 统计表, a report or a message
    width: float = 12
    choices: tuple[str, ...] = ()
    note: str = ""  # shown as the header cell's comment


APPLY_METHODS: tuple[str, ...] = ("当面申请", "信函申请", "网络申请", "电子邮件申请", "传真申请", "其他")
REPLY_METHODS: tuple[str, ...] = ("纸质文件", "电子邮件", "网上答复", "当面领取", "邮寄", "其他")
YES_NO: tuple[str, ...] = ("是", "否")

LOG_ID, LOG_RECEIVED, LOG_APPLICANT_TYPE, LOG_APPLICANT, LOG_CONTENT = (
    "申请编号",
    "收到日期",
    "申请人类型",
    "申请人",
    "申请内容",
)
LOG_CONCLUDED, LOG_RESULT, LOG_METHOD, LOG_CORRECTED, LOG_EXTENDED = (
    "办结日期",
    "办理结果",
    "申请方式",
    "补正日期",
    "是否延期",
)
LOG_REPLY_METHOD, LOG_FEE, LOG_OFFICE, LOG_REMARK = "答复方式", "收费金额（元）", "承办科室", "备注"

LOG_COLUMNS: tuple[LogColumn, ...] = (
    LogColumn(LOG_ID, "text", required=True, width=14, note="本单位内唯一，如 2024-001"),
    LogColumn(LOG_RECEIVED, "date", required=True, width=12, note="收到申请的日期，如 2024-03-05"),
    LogColumn(LOG_APPLICANT_TYPE, "choice", required=True, width=14, choices=APPLICANT_TYPES),
    LogColumn(LOG_APPLICANT, "text", personal=True, width=14, note="仅本单位留存，不进入统计表和年报"),
    LogColumn(LOG_CONTENT, "text", personal=True, width=30, note="仅本单位留存，不进入统计表和年报"),
    LogColumn(LOG_CONCLUDED, "date", width=12, note="尚未办结的留空"),
    LogColumn(LOG_RESULT, "choice", width=34, choices=RESULT_LABELS, note="尚未办结的留空"),
    LogColumn(LOG_METHOD, "choice", width=12, choices=APPLY_METHODS),
    LogColumn(LOG_CORRECTED, "date", width=12, note="要求补正的，填写收到补正材料的日期"),
    LogColumn(LOG_EXTENDED, "choice", width=10, choices=YES_NO, note="经批准延长答复期限的选“是”"),
    LogColumn(LOG_REPLY_METHOD, "choice", width=12, choices=REPLY_METHODS),
    LogColumn(LOG_FEE, "money", width=12, note="实际收取的信息处理费，单位：元；未收费填 0 或留空"),
    LogColumn(LOG_OFFICE, "text", width=14),
    LogColumn(LOG_REMARK, "text", personal=True, width=24),
)
LOG_COLUMN: dict[str, LogColumn] = {c.name: c for c in LOG_COLUMNS}

# The 复议诉讼 case log (section 四): one row per case
REVIEW_ID, REVIEW_TYPE, REVIEW_FILED, REVIEW_CONCLUDED, REVIEW_RESULT, REVIEW_APPLICATION, REVIEW_REMARK = (
    "案件编号",
    "案件类型",
    "提起日期",
    "审结日期",
    "审结结果",
    "关联申请编号",
    "备注",
)
REVIEW_COLUMNS: tuple[LogColumn, ...] = (
    LogColumn(REVIEW_ID, "text", required=True, width=16, note="本单位内唯一"),
    LogColumn(REVIEW_TYPE, "choice", required=True, width=18, choices=SEC4_BLOCKS),
    LogColumn(REVIEW_FILED, "date", required=True, width=12, note="申请复议或起诉的日期"),
    LogColumn(REVIEW_CONCLUDED, "date", width=12, note="尚未审结的留空"),
    LogColumn(REVIEW_RESULT, "choice", width=12, choices=SEC4_RESULTS, note="尚未审结的留空"),
    LogColumn(REVIEW_APPLICATION, "text", width=16, note="引起复议或诉讼的申请编号（可不填）"),
    LogColumn(REVIEW_REMARK, "text", personal=True, width=30),
)

# Plausible upper bounds of one number cell. A value above its bound is a slip (an ID number of
# 18 digits or a phone number of 11 pasted into the cell), reported with its cell (R5/R7), never
# published as a figure; they also keep every figure far inside float range for the workbooks.
#: a count (件/条) of one cell of the tables or of 主动公开: the largest counts of the form are a
#: big city's 行政处罚 decisions (traffic fines run to millions a year), so 1 亿 and not less
MAX_COUNT = 100_000_000
#: an amount in 万元 of one cell of the tables (表二 行政事业性收费): 1 亿万元 is above the whole
#: country's yearly 行政事业性收费
MAX_FEE_WAN = 100_000_000
#: the 收费金额（元） of one application in a 台账: 100 万元 (the 2020 信息处理费 standard charges
#: at most 40 元 a page: 25,000 pages) — an ID or phone number is far above it
MAX_CASE_FEE_YUAN = 1_000_000


@dataclass(frozen=True)
class UnitLevel:
    label: str
    can_make_rules: bool  # may report 规章 (rule R8)


UNIT_LEVELS: tuple[UnitLevel, ...] = (
    UnitLevel("国务院部门", True),
    UnitLevel("省级人民政府", True),
    UnitLevel("省级政府部门", False),
    UnitLevel("设区的市级人民政府", True),
    UnitLevel("设区的市级政府部门", False),
    UnitLevel("县级人民政府", False),
    UnitLevel("县级政府部门", False),
    UnitLevel("乡镇人民政府、街道办事处", False),
    UnitLevel("其他单位", False),
)
SCOPE_OWN, SCOPE_ROLLUP = "本级", "汇总"
SCOPES: tuple[str, ...] = (SCOPE_OWN, SCOPE_ROLLUP)

# 单位信息: (label, which workbooks carry it)
UNIT_NAME, UNIT_YEAR, UNIT_LEVEL, UNIT_SCOPE = "单位名称", "统计年度", "单位层级", "统计范围"
UNIT_CONTACT, UNIT_PHONE, UNIT_ADDRESS, UNIT_POSTCODE = "联系人", "联系电话", "通讯地址", "邮政编码"
#: the 统计年度 a table or log can be for: from the first year of the official tables (the 2019 trial
#: format) to 2099. Every reader, template and validation of a 统计年度 uses this range.
YEARS = range(2019, 2100)


@dataclass(frozen=True)
class UnitField:
    label: str
    note: str
    in_log: bool = True
    choices: tuple[str, ...] = ()


UNIT_FIELDS: tuple[UnitField, ...] = (
    UnitField(UNIT_NAME, "填写全称，如：示范县示范镇人民政府"),
    UnitField(UNIT_YEAR, "报告所统计的年度，4 位数字，如 2024"),
    UnitField(UNIT_LEVEL, "从下拉列表选择", choices=tuple(u.label for u in UNIT_LEVELS)),
    UnitField(UNIT_SCOPE, "本级：本单位自己的数据；汇总：含下级单位的汇总数", in_log=False, choices=SCOPES),
    UnitField(UNIT_CONTACT, "负责年报工作的联系人"),
    UnitField(UNIT_PHONE, "办公电话"),
    UnitField(UNIT_ADDRESS, "写入年报开头的联系地址"),
    UnitField(UNIT_POSTCODE, "6 位数字"),
)

# Sheet names of our workbooks (the readers find them by these names)
SHEET_GUIDE = "填表说明"
SHEET_UNIT = "单位信息"
SHEET_LOG = "申请台账"
SHEET_SEC2 = "主动公开"
SHEET_REVIEW = "复议诉讼"
SHEET_LISTS = "下拉列表"
SHEET_STAMP = "_xxgk"
SHEET_TABLE2, SHEET_TABLE3, SHEET_TABLE4 = "表二", "表三", "表四"
SHEET_CHECKS = "校验"
PASS, FAIL = "通过", "不通过"

# The hidden version stamp (sheet SHEET_STAMP) of our templates: which template, which version of it,
# and which form. A reader recognises our workbooks by it; a newer version than ours is said to be.
#: template kind → (template id, version)
TEMPLATE_KINDS = {"log": ("xxgk-log", 1), "stats": ("xxgk-stats", 1)}
#: the labels in column A of the stamp sheet's rows
STAMP_TEMPLATE, STAMP_VERSION, STAMP_FORM = "template", "version", "form"

# ---------------------------------------------------------------------------------------
# Reading labels from files: normalisation, known drift, the 2019 layout
# ---------------------------------------------------------------------------------------
_CHINESE_DIGITS = "〇一二三四五六七八九十"
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
_QUOTES = "\"'“”‘’「」『』"
#: traditional characters met in the labels of this form, mapped to the simplified ones
_TRADITIONAL = str.maketrans(
    "開請數處據國機關規範發廢現許強罰費額單萬況戶結轉復議訴訟維糾審總計護權屬執業組織構內訪舉報類確認獲繳納補無製決會產財務險難類項條頁號護經濟險",
    "开请数处据国机关规范发废现许强罚费额单万况户结转复议诉讼维纠审总计护权属执业组织构内访举报类确认获缴纳补无制决会产财务险难类项条页号护经济险",
)


def normalize_label(text: object) -> str:
    """The form in which labels are compared: NFKC, no whitespace or zero-width characters,
    half-width brackets, no quotes, ``1、``/``1．`` → ``1.``, ``(3)`` → ``(三)``, simplified characters.

    >>> normalize_label("（3） \\n不予\\n公开")
    '(三)不予公开'
    """
    if isinstance(text, str):
        return _normalize_label_text(text)
    return "" if text is None else _normalize_label_text(str(text))


@lru_cache(maxsize=65536)
def _normalize_label_text(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    s = "".join(
        ch
        for ch in s
        if not ch.isspace()
        and ch not in _ZERO_WIDTH
        and unicodedata.category(ch) != "Cf"
        and ch not in _QUOTES
    )
    s = s.translate(_TRADITIONAL)
    s = s.replace("〔", "[").replace("〕", "]").replace("【", "[").replace("】", "]")
    s = re.sub(r"^(\d{1,2})[、,，.．]", r"\1.", s)
    s = re.sub(r"^\((\d)\)", lambda m: f"({_CHINESE_DIGITS[int(m.group(1))]})", s)
    return s


#: label drift seen in real files: normalised variant → the official label it stands for
LABEL_DRIFT: dict[str, str] = {
    normalize_label("规范性文件"): SEC2_NORMATIVE_KEY,
    normalize_label("法人或者其他组织"): SEC3_LEGAL_PERSON_GROUP,
    normalize_label("总计"): SEC3_ROW[RESULTS_TOTAL_KEY].label,
    normalize_label("（二）部分公开"): SEC3_ROW["三.二"].label,
    normalize_label("三、本年度办理结果"): SEC3_RESULTS_HEAD,
}

#: labels found only in the 2019 trial format (国办公开办函〔2019〕60号)
LAYOUT_2019_MARKERS: tuple[str, ...] = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "其他对外管理服务事项",
    "第二十条第（九）项",
    "政府集中采购",
    "采购项目数量",
    "采购总金额",
)
#: in the 2019 layout （六）其他处理 is one numeric row; a 2021 section 二 with that row is a hybrid
LAYOUT_2019_SINGLE_OTHER = RESULT_GROUP["三.六"].label


def _leaf_number_variants() -> dict[str, str]:
    """normalised numbering variant of a numbered leaf row → its key: ``(一)属于国家秘密`` (typed
    ``（1）`` or ``（一）``), ``1属于国家秘密`` (``①`` or ``1 `` typed) and the bare ``属于国家秘密``.

    A bare form is left out when it is also another official label or column name (the bare
    ``其他`` of 三.六.3 is the applicant column 其他) or the bare form of another leaf."""
    taken = {
        normalize_label(text)
        for text in (
            *(r.label for r in SEC3_ROWS),
            *(g.label for g in RESULT_GROUPS),
            *SEC3_COLUMNS,
            SEC3_APPLICANT_HEAD,
            SEC3_LEGAL_PERSON_GROUP,
            SEC3_RESULTS_HEAD,
            SEC3_NOTE,
            *SEC2_KEYS,
            *(t.header for t in SEC2_TABLES),
            *(c for t in SEC2_TABLES for c in t.columns),
            SEC2_CONTENT_LABEL,
            SEC4_LITIGATION,
            *SEC4_BLOCKS,
            *SEC4_BLOCK_COLUMNS,
            *SECTION_HEADINGS,
        )
    }
    numbered: list[tuple[str, int, str]] = []
    for key in RESULT_KEYS:
        m = re.fullmatch(r"(\d{1,2})\.(.+)", normalize_label(SEC3_ROW[key].label))
        if m:
            numbered.append((key, int(m[1]), m[2]))
    bare_count: dict[str, int] = {}
    for _, _, bare in numbered:
        bare_count[bare] = bare_count.get(bare, 0) + 1
    variants: dict[str, str] = {}
    for key, number, bare in numbered:
        variants.setdefault(normalize_label(f"({number}){bare}"), key)
        variants.setdefault(f"{number}{bare}", key)
        if bare not in taken and bare_count[bare] == 1:
            variants.setdefault(bare, key)
    return variants


@cache
def sec3_row_by_label() -> dict[str, str]:
    """normalised row label → row key, drift included (for a 统计表 read from elsewhere).

    Besides the official labels and ``LABEL_DRIFT``, every numbered leaf row is found by the
    numbering variants of hand-typed tables (``（1）…``, ``①…``, ``1 …``, no number)."""
    index = {normalize_label(r.label): r.key for r in SEC3_ROWS}
    for variant, official in LABEL_DRIFT.items():
        for r in SEC3_ROWS:
            if r.label == official:
                index.setdefault(variant, r.key)
    for variant, key in _leaf_number_variants().items():
        index.setdefault(variant, key)
    return index


@cache
def result_key_by_label() -> dict[str, str]:
    """normalised result label (as typed in a case log) → result key.

    Accepts the official leaf label, the label without its number (``属于国家秘密``,
    ``予以公开``, ``部分公开``) and ``不予公开-属于国家秘密`` style group-leaf forms, all after
    normalisation. A bare ``其他`` is ambiguous and is not accepted.
    """
    index: dict[str, str] = {}
    for group in RESULT_GROUPS:
        for key in group.leaves:
            label = SEC3_ROW[key].label
            bare = group.short if key == group.key else re.sub(r"^\d\.", "", normalize_label(label))
            forms = [label, f"{group.short}{bare}", f"{group.short}-{bare}", f"{group.short}:{bare}"]
            if bare != APPLICANT_TYPES[-1]:
                forms.append(bare)
            for variant in forms:
                index.setdefault(normalize_label(variant), key)
    return index


@cache
def sec2_key_by_label() -> dict[str, str]:
    index = {normalize_label(k): k for k in SEC2_KEYS}
    for variant, official in LABEL_DRIFT.items():
        if official in SEC2_KEYS:
            index.setdefault(variant, official)
    return index


def is_official_label(text: object, official: str) -> bool:
    """Whether a label read from a file is exactly the official one (R20 reports drift)."""
    return normalize_label(text) == normalize_label(official) and str(text).strip() == official


def check_consistency() -> None:
    """Assert the form's internal invariants (run by the tests and at import in debug runs)."""
    assert len(SEC3_ROWS) == 25, len(SEC3_ROWS)
    assert len(RESULT_KEYS) == 21, len(RESULT_KEYS)
    assert len(set(SEC3_KEYS)) == 25
    assert len(set(RESULT_LABELS)) == 21
    leaves = [k for g in RESULT_GROUPS for k in g.leaves]
    assert sorted(leaves) == sorted(RESULT_KEYS) and len(leaves) == len(set(leaves))
    assert len(SEC3_COLUMNS) == 7 and SEC4_WIDTH == 15
    assert SEC4_TOTAL_INDEXES == (4, 9, 14)
