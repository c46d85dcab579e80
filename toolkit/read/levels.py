"""The unit's level (单位层级) for rule R8: from the 单位层级 cell, or from the unit's name when the
name makes it certain.

Only the governments of 省、自治区、直辖市, of 设区的市 and 自治州, and the 国务院部门 may make 规章
(《立法法》). The level is taken from the 单位层级 cell when it holds one of ``form.UNIT_LEVELS``
(after normalisation) or a short form of them that leaves no doubt for R8 (乡镇, 县级:
``level_from_cell``). Failing that, the name decides only where it is certain:

- a 乡/民族乡/镇/苏木 government or a 街道办事处 (``额敏县额敏镇人民政府``, ``示范区城关街道办事处``)
  → 乡镇人民政府、街道办事处;
- the government of a 县/自治县/旗/自治旗/市辖区 (``示范县人民政府``, ``某市某区人民政府``) → 县级人民政府,
  and any other organ named after one (``示范县教育局``, ``某区人民政府办公室``) → 县级政府部门.

A ``…市人民政府`` may be a 设区的市 or a 县级市, a ``…地区行政公署``, a 开发区 committee or a 国务院部门
are not named in a way this reads safely: their level stays unknown and R8 says nothing.
"""

from __future__ import annotations

import re

from toolkit import form

__all__ = ["Level", "level_from_cell", "level_of"]

_TOWNSHIP = next(u for u in form.UNIT_LEVELS if u.label.startswith("乡镇"))
_COUNTY_GOV = next(u for u in form.UNIT_LEVELS if u.label == "县级人民政府")
_COUNTY_DEPT = next(u for u in form.UNIT_LEVELS if u.label == "县级政府部门")

#: a government organ's own name after its place: 人民政府, 政府, 人民政府办公室 (a department)
_GOVERNMENT = re.compile(r"(?:人民)?政府$")
#: a township or street office: the place word followed by its organ, at the end of the name
_TOWNSHIP_NAME = re.compile(
    r"[\u4e00-\u9fff](?:民族乡|乡|镇|苏木)(?:人民政府|政府)?$|[\u4e00-\u9fff]街道(?:办事处|工作委员会)?$"
)
#: a county-level division: 县, 自治县, 旗, 自治旗, or a 市辖区 (not 自治区, 地区, 开发区, 新区 of a zone…)
#: 县域/区域 (the area of a county, a region: 县域经济发展局) is no division
_COUNTY_DIVISION = re.compile(r"(?:自治县|县(?!域)|自治旗|旗|(?<![治地])区(?!域))")
#: names holding one of these are zones, campuses or committees, not a county-level division's organs
_NOT_A_DIVISION = (
    "开发区",
    "高新区",
    "经济区",
    "园区",
    "保税区",
    "景区",
    "校区",
    "社区",
    "片区",
    "林区",
    "矿区",
    "库区",
    "牧区",
    "山区",
    "管委会",
    "管理委员会",
)


class Level:
    """A unit level and how it was known: ``source`` is "cell" (单位层级) or "name"."""

    def __init__(self, label: str, can_make_rules: bool, source: str) -> None:
        self.label = label
        self.can_make_rules = can_make_rules
        self.source = source


#: short forms typed in a 单位层级 cell, as the words of ``form.UNIT_LEVELS`` they stand for
_SHORT_FORMS = {
    "区级": "县级",
    "县区级": "县级",
    "区县级": "县级",
    "县(区)级": "县级",
    "乡镇级": "乡镇",
    "乡镇街道": "乡镇",
    "乡镇(街道)": "乡镇",
    "街道级": "街道",
}


def level_of(level_cell: str, name: str) -> Level | None:
    """The unit's level from its 单位层级 cell or, failing that, from its name (None: unknown)."""
    return level_from_cell(level_cell) or _from_name(name)


def level_from_cell(level_cell: str) -> Level | None:
    """The level a 单位层级 cell holds: one of ``form.UNIT_LEVELS``, or a short form of them
    (乡镇, 街道, 县级, 区级) when every level it may stand for agrees on whether the unit can make
    规章 (then the level is said as typed); None when the cell is empty or not recognised (省级 and
    市级 may be a government or a department: not recognised)."""
    cell = form.normalize_label(level_cell)
    if not cell:
        return None
    for level in form.UNIT_LEVELS:
        if cell == form.normalize_label(level.label):
            return Level(level.label, level.can_make_rules, "cell")
    word = _SHORT_FORMS.get(cell, cell)
    fits = [level for level in form.UNIT_LEVELS if word in form.normalize_label(level.label)]
    if fits and len({level.can_make_rules for level in fits}) == 1:
        return Level(cell, fits[0].can_make_rules, "cell")
    return None


def _from_name(name: str) -> Level | None:
    text = form.normalize_label(name)
    if not text:
        return None
    if _TOWNSHIP_NAME.search(text):
        return Level(_TOWNSHIP.label, _TOWNSHIP.can_make_rules, "name")
    if any(word in text for word in _NOT_A_DIVISION):
        return None
    last = None
    for m in _COUNTY_DIVISION.finditer(text):
        if m.start() > 0:  # a division word needs a place name before it
            last = m
    if last is None:
        return None
    rest = text[last.end() :]
    if not rest:
        return None
    if "市" in rest or "州" in rest or "省" in rest:
        return None  # a 县/区 word inside a larger name (示范县级市…): not read safely
    if _GOVERNMENT.fullmatch(rest):
        return Level(_COUNTY_GOV.label, _COUNTY_GOV.can_make_rules, "name")
    return Level(_COUNTY_DEPT.label, _COUNTY_DEPT.can_make_rules, "name")
