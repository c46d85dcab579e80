"""The report placeholders: documented, derived from the form, and valued from a table."""

from __future__ import annotations

from decimal import Decimal

from toolkit import form
from toolkit.report.variables import YOY_SUFFIX, sec3_name, sec4_name, values, variables
from toolkit.table import Table, UnitInfo


def table() -> Table:
    t = Table("示范镇人民政府", 2024)
    t.sec3["一"][0], t.sec3["一"][1] = 5, 2
    t.sec3["二"][0] = 1
    t.sec3["三.一"][0], t.sec3["三.三.4"][1], t.sec3["三.四.1"][0] = 3, 2, 2
    t.sec3["四"][0] = 1
    t.sec4[form.sec4_index("复议后起诉", "结果纠正")] = 1
    t.sec4[form.sec4_index("未经复议直接起诉", "尚未审结")] = 2
    t.sec2[form.SEC2_FEE_KEY] = Decimal("7730.28")
    return t.with_totals()


def test_names_are_unique_identifiers_and_cover_every_cell() -> None:
    names = [v.name for v in variables()]
    assert len(names) == len(set(names))
    assert all(name.isidentifier() for name in names)
    assert sum(n.startswith("表三_") for n in names) == 25 * 7
    assert sum(n.startswith("表四_") for n in names) == 15
    assert sum(n.startswith("表二_") for n in names) == 3 + 3 + 1 + 1 + 1 + 1


def test_values_of_every_documented_variable() -> None:
    v = values(
        table(), UnitInfo(name="示范镇人民政府", year=2024, phone="0901-1234567"), fee_yuan=Decimal("0")
    )
    documented = {x.name for x in variables() if not x.name.endswith(YOY_SUFFIX)}
    assert set(v) == documented
    assert (v["本年新收"], v["上年结转"], v["本年办结"], v["结转下年度"]) == ("7", "1", "7", "1")
    assert (v["予以公开"], v["不予公开"], v["无法提供"], v["部分公开"]) == ("3", "2", "2", "0")
    assert (v["新收_自然人"], v["新收_法人或其他组织"]) == ("5", "2")
    assert (v["行政复议总数"], v["行政诉讼总数"], v["诉讼_尚未审结"], v["诉讼_结果纠正"]) == (
        "0",
        "3",
        "2",
        "1",
    )
    assert v[sec3_name("三.四.1", 6)] == "2"
    assert v[sec4_name(14)] == "1"
    assert v["表二_行政事业性收费_金额"] == "7730.28"
    assert (v["单位名称"], v["统计年度"], v["联系电话"], v["信息处理费"]) == (
        "示范镇人民政府",
        "2024",
        "0901-1234567",
        "0",
    )


def test_year_over_year_phrases() -> None:
    before = table()
    now = table()
    now.sec3["一"][0] = 8  # 10 new this year against 7
    v = values(now, UnitInfo(), previous=before)
    assert v["本年新收" + YOY_SUFFIX] == "较上年增加3件"
    assert v["上年结转" + YOY_SUFFIX] == "与上年持平"
    assert values(before, UnitInfo(), previous=now)["本年新收" + YOY_SUFFIX] == "较上年减少3件"
