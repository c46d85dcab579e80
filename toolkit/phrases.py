"""How published reports word what their tables count: the phrase table of the narrative audit, as data.

The official labels stay in toolkit.form (the result groups' short names 予以公开 … 其他处理 and the bare
leaf labels 属于国家秘密 … are taken from there by toolkit.rules.bind); this module holds only the
everyday wording reports use around them: the verbs of receiving, concluding and carrying over, the
words of section 四's results, of section 二's documents and the fee, the words that show a figure is
not one of the table's (备案, 主动公开, a comparison), and the scope words that may explain a figure
that differs. Every pattern is a regular expression over text normalised by NFKC (full-width digits
and brackets made ASCII).

Decided here (spec/official-format.md): a fee the narrative states is bound to 表二
表二 行政事业性收费 (万元) only when the sentence names that fee (行政事业性收费, 收费金额);
the 信息处理费 of 国办函〔2020〕109号 is an amount the tables do not hold (三.六.2 counts applications,
not money), so a sentence about it binds nothing.
"""

from __future__ import annotations

from typing import Final

# --- figures -------------------------------------------------------------------------------------
#: the units after a count the tables hold (件 applications and documents; 起/宗 cases) and the fee's
COUNT_UNITS: Final = ("件", "起", "宗")
FEE_UNITS: Final = ("万元", "元")
#: characters before a Chinese numeral that make it no count (数十件, 第一件, 每一件, 统一件)
NOT_A_COUNT_BEFORE: Final = "数几第每逐统唯单同某任"

# --- section 三 rows, in the everyday wording (the result groups and leaves come from form) ---------
#: sec3 row key → pattern; searched in this order, the first that matches a segment wins
SEC3_ROW_CUES: Final[tuple[tuple[str, str], ...]] = (
    ("二", r"上一?年度?(?:的)?(?:结转|转结)|去年(?:结转|转结)|结转自上一?年"),
    (
        "四",
        r"结转(?:至|到|入)?下一?年|结转(?:至|到|入)20\d\d年|顺延|转入下一?年|下一?年度?继续办理|跨年度?办理",
    ),
    ("三.七", r"办结|答复|办理完毕|处理完毕|已办理|作出.{0,3}决定"),
    ("一", r"新收|受理|收到|接收|接到|共收"),
)
#: extra wording of a result group or leaf (key → pattern) besides the official short names
RESULT_CUES: Final[tuple[tuple[str, str], ...]] = (
    ("三.一", r"全部公开|同意公开"),
    ("三.三", r"不予以公开"),
    ("三.四.1", r"不掌握|信息不存在"),
    ("三.四.3", r"补正后?(?:的)?(?:申请)?(?:内容)?仍(?:然)?(?:不|未)明确"),
    ("三.五", r"不予以处理"),
    ("三.六.1", r"逾期不补正|逾期未补正"),
    ("三.六.2", r"逾期未(?:按收费通知要求)?缴纳|未按收费通知"),
    ("三.六.3", r"撤回"),
)
#: right before a cue of section 三 (a row, a result), of a section 四 result or of a section 二 column:
#: a negation that makes it another phrase — 予以公开 in 不予以公开, 部分公开 in 不予部分公开, 受理 in
#: 不予受理, 办结 in 未办结, 撤回 in 未撤回 (each word is one fixed-width look-behind)
NEGATIONS: Final = ("不", "不予", "未", "非", "没有", "无")
#: section 三 wording of a count the tables do not hold (a sub-count of replies, 补正): where it is
#: the cue nearest the figure (or contains the cue, 延期答复 ⊃ 答复), the figure binds nothing —
#: 其中延期答复2件, 当场答复5件, 行政机关收到申请后补正的2件
NOT_A_CELL: Final = (
    r"(?:延期|延长(?:答复)?期限|延长|当场|当日|当天|即时|现场|超期|逾期)"
    r"(?:予以|进行|作出|给予)?(?:答复|回复|办结|办理|受理|处理|告知)"
    r"|补正"
)
#: extra wording of an applicant column (besides form.APPLICANT_TYPES and 法人或其他组织)
APPLICANT_CUES: Final[tuple[tuple[str, str], ...]] = (
    (r"公民", "自然人"),
    (r"法人", "法人或其他组织"),
)
#: a clause saying there were none: 未收到政府信息公开申请 (一 = 0); 未发生行政复议、行政诉讼 (both
#: totals 0); 未发生…被行政复议纠错或行政诉讼败诉 (a result named: that result 0 in both, no total)
NONE_RECEIVED: Final = r"(?:未|没有)新?(?:收到|受理|接到|接收)[^，；]{0,16}?申请(?!人)"
NONE_CASES: Final = r"(?:未|没有)(?:发生|出现|产生|收到|涉及)"
#: a clause saying nothing was carried over to next year: 无结转下年度的申请 (四 = 0)
NONE_CARRIED_OUT: Final = (
    r"(?:无|没有|未有|不存在)(?:需要?)?(?:结转|转入)(?:至|到)?下一?年度?(?:的)?(?:申请|情况)?"
)
#: right after a figure of 一: the total includes last year's carry-over
#: (受理申请51件（含上年度结转申请3件）, 受理49件（其中上年结转4件）): the figure is 一 + 二
INCLUDES_CARRIED_IN: Final = (
    r"^[（(]?(?:含|包括|包含|其中)[^，；。]{0,6}?(?:上一?年度?|去年)(?:的)?(?:结转|转结)"
)
#: a passage binds to section 三 only when it speaks of applications, to section 四 only when it
#: speaks of disclosure (a 复议机关's own caseload is no 表四 figure)
SEC3_SUBJECT: Final = r"申请"
SEC4_SUBJECT: Final = r"信息公开|申请"
#: after a Chinese numeral: no count (一件事一次办)
NOT_A_COUNT_AFTER: Final = "事"

# --- section 四 -----------------------------------------------------------------------------------
#: block cues, most specific first: pattern → the blocks of form.SEC4_BLOCKS it names (0 行政复议,
#: 1 未经复议直接起诉, 2 复议后起诉; 行政诉讼 alone is both suits' blocks together)
SEC4_BLOCK_CUES: Final[tuple[tuple[str, tuple[int, ...]], ...]] = (
    (r"复议后(?:提起)?(?:行政)?(?:起诉|诉讼)", (2,)),
    (r"(?:未经复议)?直接(?:提起)?(?:行政)?(?:起诉|诉讼)", (1,)),
    (r"行政复议|复议", (0,)),
    (r"行政诉讼|诉讼|起诉", (1, 2)),
)
#: both kinds named together (行政复议、行政诉讼案件共3件): the figure is all three blocks together;
#: with 各 (行政复议、行政诉讼各1件) it is each, and binds nothing
SEC4_BOTH: Final = r"(?:行政)?复议[、和及与或]+(?:提起)?(?:行政)?诉讼"
SEC4_EACH: Final = r"各"
#: result cues: pattern → index in a block of five (form.SEC4_BLOCK_COLUMNS)
SEC4_RESULT_CUES: Final[tuple[tuple[str, int], ...]] = (
    (r"维持", 0),
    (r"纠正|纠错|撤销|确认违法|败诉", 1),
    (r"其他结果|驳回", 2),
    (r"尚未审结|未审结|正在审理|审理中|未结案", 3),
)

# --- section 二 ------------------------------------------------------------------------------------
#: row cues (the longer first): pattern → the section 二 row key of form.SEC2_DOCUMENT_KEYS (index)
SEC2_ROW_CUES: Final[tuple[tuple[str, int], ...]] = (
    (r"规范性文件", 1),
    (r"规章", 0),
)
#: documents that are none of section 二's rows: a figure nearest one of them binds nothing
#: (全年印发文件25件 counts every document, not the 行政规范性文件 named earlier in the sentence)
SEC2_OTHER_DOCUMENTS: Final = r"(?<!规范性)文件|公文|通知|方案"
#: at the start of a figure's words: a subset of the count just stated (其中规范性文件3件 after
#: 印发文件25件): a document row named without a column takes the column named last before it
SUBSET: Final = r"^(?:其中|含|包括|包含)"
#: column cues: pattern → index of [本年制发, 本年废止, 现行有效]
SEC2_COLUMN_CUES: Final[tuple[tuple[str, int], ...]] = (
    (r"现行有效", 2),
    (r"废止|废除|失效", 1),
    (r"制发|制定|印发|出台|新制作|新发布", 0),
)
#: the fee: a sentence naming it, with an amount in 万元 or 元
FEE_CUE: Final = r"行政事业性收费|收费金额"

# --- what shows that a figure is not the table's --------------------------------------------------
#: in a figure's clause: another count than the tables' (备案, 主动公开 items, letters, proposals,
#: the 信息处理费, hotline calls, …)
OTHER_COUNTS: Final = (
    r"备案|报备|合法性审查|解读|征求意见|主动公开|建议|提案|来信|来访|热线|留言|咨询|信息处理费"
    r"|政务服务|网上办|培训|督查|考核|转办|行政许可|许可|审批|办件|诉求"
    r"|信访(?!举报投诉类)|(?<!信访)举报(?!投诉类)|(?<!举报)投诉(?!类)"
)
#: right before a figure: a difference or a comparison, not a count (较上年增加5件, 同比下降3件)
COMPARISON: Final = r"较|比上|比去|同比|环比|增加|减少|增长|下降|上升|持平|分别|多出|少于|多于|平均|占"
#: right before a figure: last year's figure (上年收到10件), unless it is this year's carry-over
LAST_YEAR: Final = r"(?:上一?年度?|去年|前年)(?!度?(?:的)?(?:结转|转结))"

# --- scope words: a figure of another scope than the table's ---------------------------------------
SCOPE_WORDS: Final = (
    "本级",
    "全市",
    "全县",
    "全区",
    "全省",
    "全州",
    "全盟",
    "全旗",
    "代表区政府",
    "代表市政府",
    "代表县政府",
    "以区政府名义",
    "以市政府名义",
    "各乡镇",
    "各部门",
    "各单位",
    "所属",
    "下属",
    "系统",
)

# --- the frame of the report ----------------------------------------------------------------------
#: 报告统计期限为2024年1月1日至2024年12月31日 (统计时限自…起至12月31日止, 统计数据从…到…)
PERIOD: Final = (
    r"统计(?:期限|时限|时间|区间|数据)[^0-9]{0,6}(20\d\d)年1月1日起?(?:至|到|-|—|~)(?:(20\d\d)年)?12月31日"
)
#: right before last year's number: a comparison, a carry-over, a period start, a history
STALE_NOT_BEFORE: Final = r"(?:上一?年|去年|上年度|较|比|同期|对比|与|同|自|从|截至|截止|于|和|至|在|、)\s*$"
#: right after ``2023年``: a date, a revision, a file's or a plan's name, a history, a carry-over
STALE_NOT_AFTER: Final = (
    r"\s*(?:度?\s*\d|度?(?:修订|修正|版|第|颁布|施行|印发|发布|以来|起|至|底|末|结转|转结|未办结|受理|收到|提出|申请"
    r"|同期|相比|以前|之前|前|12月)"
    r"|度?(?:政府信息公开|政务公开)?(?:工作)?(?:的)?(?:年度)?(?:报告|年报)"
    # last year's assessment and the rectification of last year's problems: 2023年度存在问题整改情况,
    # 2023年度政务公开第三方评估中, 根据2023年度评估反馈
    r"|度?[^，；。]{0,12}?(?:整改|评估|考核|反馈|测评|评议|通报|存在的?(?:主要)?问题|问题清单))"
)
#: R13: the sentences of the report's frame, the same every year by design (the official format's
#: opening): the title, the 编制依据 (本报告根据《条例》…编制), the contents (全文包括…), the 统计期限,
#: where to download it, the contact line; they are left out of the repetition share
FRAME_SENTENCES: Final = (
    r"^.{0,60}?(?:20\d\d|#)年度?(?:关于)?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)$",
    r"^.{0,60}?关于(?:20\d\d|#)年度?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报|的报告)$",
    r"^本(?:年度)?(?:报告|年报).{0,4}(?:根据|依据|按照|是根据)",
    r"(?:根据|依据|按照).{0,200}(?:条例|要求).{0,10}(?:编制|制作|编写)",
    r"^全文(?:包括|共|分)",
    r"统计(?:期限|时限|区间)|数据的?统计时间",
    r"电子版",
    r"如对本?(?:报告|年报)有(?:任何)?(?:疑问|疑义|问题)",
    r"^(?:联系|通讯|办公)?(?:地址|电话|邮编|邮政编码|联系方式)[:：]",
)
#: the report's own contact line: its field labels (地址：…；邮编：…；电话：…)
CONTACT_FIELDS: Final[tuple[tuple[str, str], ...]] = (
    ("地址", r"(?<!网站)(?<!网)(?:通讯|通信|联系|办公)?地址"),
    ("邮编", r"邮政编码|邮编"),
    ("电话", r"(?:联系|咨询|办公)?电话(?:及传真|/传真|、传真)?|联系方式(?=[:：]?[0-9(（+])"),
)
#: a telephone number, for a contact line that gives one without a label (请拨打0731-88999371)
PHONE_NUMBER: Final = r"(?<![\d-])(?:[(（]?0\d{2,3}[)）]?[-－—]?\d{7,8}|1[3-9]\d{9})(?![\d-])"
#: a value that is a placeholder left unfilled
EMPTY_VALUE: Final = r"[\s_＿\-—–·.。…xX×＊*【】\[\]{}（）()]*"
