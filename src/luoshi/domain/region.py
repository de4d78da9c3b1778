"""Regions: the administrative tree (GB/T 2260 codes) that plans, units and figures belong to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RegionLevel(StrEnum):
    """省 / 市 / 区 / 县 / 乡镇 / 街道 / 社区 (country on top for national figures)."""

    COUNTRY = "country"
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"
    COUNTY = "county"
    TOWNSHIP = "township"
    SUBDISTRICT = "subdistrict"
    COMMUNITY = "community"


REGION_LEVEL_LABELS: dict[RegionLevel, str] = {
    RegionLevel.COUNTRY: "国家",
    RegionLevel.PROVINCE: "省",
    RegionLevel.CITY: "市",
    RegionLevel.DISTRICT: "区",
    RegionLevel.COUNTY: "县",
    RegionLevel.TOWNSHIP: "乡镇",
    RegionLevel.SUBDISTRICT: "街道",
    RegionLevel.COMMUNITY: "社区",
}


@dataclass(frozen=True)
class Region:
    """A region with its administrative division code, e.g. ``Region("140213", "平城区", DISTRICT, "140200")``."""

    code: str
    name: str
    level: RegionLevel
    parent_code: str | None = None
