"""pandas DataFrames of what xxgk reads, for analysts (a notebook, a one-off question).

The official tables are ``Table.to_frame()`` and the findings ``Report.to_frame()``; the case
rows of a 台账 are here::

    from pathlib import Path
    from toolkit.rules.analyse import analyse_file
    from toolkit.frames import cases_frame

    cases = cases_frame(analyse_file(Path("台账.xlsx")).log)
    cases.groupby(["result_key", "applicant_type"]).size()

pandas is imported inside each function, never when a command starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.read.log import LogRead

#: the columns of ``cases_frame``: the 台账's path, then the attributes of a case row (no
#: personal field: a case row never holds one)
CASE_COLUMNS: tuple[str, ...] = (
    "path",
    "row",  # the 1-based Excel row in its case-log sheet
    "case_id",  # 申请编号
    "received",  # 收到日期
    "applicant_type",  # a label of form.APPLICANT_TYPES
    "concluded",  # 办结日期
    "result_key",  # a key of form.RESULT_KEYS, the row of 表三 the case counts in
    "corrected",  # 补正日期
    "extended",  # 是否延期
    "fee",  # 收费金额（元）
    "office",  # 承办科室
    "sheet",  # the case-log sheet (申请台账, 申请台账 (2) …)
)
_DATES = ("received", "concluded", "corrected")
_TEXTS = ("case_id", "applicant_type", "result_key", "office", "sheet")


def cases_frame(log: LogRead) -> pd.DataFrame:
    """One row per case of a read 台账 (``LogRead.cases``), columns CASE_COLUMNS.

    Dates are datetimes (``NaT`` where blank or unreadable), the fee a float in 元, ``extended`` a
    bool, texts pandas' nullable strings; a blank fee, 申请编号, or a blank or unknown 申请人类型
    or 办理结果 is ``<NA>``. The rows that are not cases (``log.skipped_rows``) are not in it.
    """
    import pandas as pd

    attributes = CASE_COLUMNS[1:]
    columns: dict[str, Any] = {name: [getattr(case, name) for case in log.cases] for name in attributes}
    for name in _DATES:
        # datetime64[s]: pandas 3's own choice for dates, and pandas 2's too when asked
        columns[name] = pd.Series(columns[name], dtype="datetime64[s]").array
    for name in _TEXTS:
        columns[name] = pd.array(columns[name], dtype="string")
    columns["fee"] = pd.array(
        [None if fee is None else float(fee) for fee in columns["fee"]], dtype="Float64"
    )
    columns["row"] = pd.array(columns["row"], dtype="int64")
    columns["extended"] = pd.array(columns["extended"], dtype=bool)
    path = pd.array([log.path] * len(log.cases), dtype="string")
    return pd.DataFrame({"path": path, **columns}, columns=list(CASE_COLUMNS))
