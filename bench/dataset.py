"""The benchmark datasets: every region of one province (Anhui) or of the whole country, the
catalog's indicators plus 36 bench-only ones (65 in all), annual 2010–2025 and
year-to-date quarters 2018–2025 (Q4 to date is the year, stored once as the year), and the template workbook of the next quarter filled in.

The values are simulated bottom-up (counties, then their sums), so parents add up like a real
yearbook. They are written straight into the database: the generator is the fixture, not what
is measured. The metrics are then built once, one indicator at a time, as a load would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine, delete, select, text
from tqdm import tqdm

from catalog.regions import RegionTree
from db.metric_models import MetricDigest, MetricValue
from db.models import Indicator, Observation, Region, Revision, Upload
from db.session import session_scope
from metrics.refresh import open_database

INSERT_CHUNK = 500_000  # observations per executemany


@dataclass(frozen=True)
class Span:
    """The years simulated: every year annually, the later ones also quarterly."""

    annual: np.ndarray
    quarterly: np.ndarray


FULL = Span(np.arange(2010, 2026), np.arange(2018, 2026))
QUICK = Span(np.arange(2022, 2026), np.arange(2024, 2026))  # a smoke run of the bench itself
YEAR_TO_DATE = np.array([0.21, 0.46, 0.71])  # share of a flow's year by the end of Q1–Q3
NEXT_QUARTER = (2026, 1)  # the period of the workbook the ingest benchmark loads
SCALES = {"province": "340000", "national": None}
BENCH_UPLOAD = "基准测试数据（模拟）"
COUNTS = {"家", "个", "件", "项", "人", "位"}
# A county's typical 2025 level by unit (its own size factor multiplies this).
TYPICAL_LEVEL = {"亿元": 30.0, "万元": 8000.0, "万人": 45.0, "家": 120.0, "个": 12.0, "件": 300.0,
                 "项": 25.0, "人": 40.0, "位": 3.0}
# Numerators drawn as a share of their denominator, so their ratios stay plausible.
SHARE_OF = {"rd_expenditure": ("gdp", 0.005, 0.045), "sei_output": ("industrial_output", 0.1, 0.6)}

# Twelve more indicators of the kinds a province adds, so the national set has over forty.
EXTRA = [("bench_tech_trade", "技术交易额", "Technology trade", "亿元", "flow"),
         ("bench_pct_apps", "PCT国际专利申请量", "PCT applications", "件", "flow"),
         ("bench_hv_patents", "高价值发明专利拥有量", "High-value invention patents", "件", "stock"),
         ("bench_platforms", "省级以上研发平台", "Provincial R&D platforms", "个", "stock"),
         ("bench_unicorns", "潜在独角兽企业", "Potential unicorns", "家", "stock"),
         ("bench_specialised", "专精特新企业", "Specialised SMEs", "家", "stock"),
         ("bench_rd_staff", "研发人员", "R&D personnel", "人", "stock"),
         ("bench_st_loans", "科技贷款余额", "S&T loans outstanding", "亿元", "stock"),
         ("bench_venture", "创业投资额", "Venture investment", "亿元", "flow"),
         ("bench_tech_income", "技术性收入", "Technology income", "亿元", "flow"),
         ("bench_new_products", "新产品销售收入", "New product sales", "亿元", "flow"),
         ("bench_awards", "省级以上科技奖励", "Provincial S&T awards", "项", "flow"),
         ("bench_patent_apps", "专利申请量", "Patent applications", "件", "flow"),
         ("bench_utility_grants", "实用新型专利授权量", "Utility-model patents granted", "件", "flow"),
         ("bench_contracts_n", "技术合同登记数", "Technology contracts registered", "项", "flow"),
         ("bench_achievements", "科技成果转化项目", "Research results commercialised", "项", "flow"),
         ("bench_standards", "主导制定标准", "Standards led", "项", "flow"),
         ("bench_talents", "引进高层次人才", "High-level talent recruited", "人", "flow"),
         ("bench_hitech_output", "高新技术产业产值", "High-tech industry output", "亿元", "flow"),
         ("bench_tax_relief", "科技企业所得税减免额", "Tax relief for tech firms", "亿元", "flow"),
         ("bench_enterprise_rd", "企业研发投入", "Business R&D spending", "亿元", "flow"),
         ("bench_ip_pledges", "知识产权质押融资额", "IP-backed loans", "亿元", "flow"),
         ("bench_digital_core", "数字经济核心产业增加值", "Digital economy core value added", "亿元", "flow"),
         ("bench_tech_exports", "高新技术产品出口额", "High-tech exports", "亿元", "flow"),
         ("bench_innovative_smes", "创新型中小企业", "Innovative SMEs", "家", "stock"),
         ("bench_gazelles", "瞪羚企业", "Gazelle enterprises", "家", "stock"),
         ("bench_star_listed", "科创板上市企业", "STAR Market listed firms", "家", "stock"),
         ("bench_graduated", "孵化器毕业企业", "Incubator graduates", "家", "stock"),
         ("bench_accelerators", "科技企业加速器", "Tech enterprise accelerators", "个", "stock"),
         ("bench_industry_institutes", "产业技术研究院", "Industrial technology institutes", "个", "stock"),
         ("bench_key_labs", "重点实验室", "Key laboratories", "个", "stock"),
         ("bench_eng_centres", "工程技术研究中心", "Engineering research centres", "个", "stock"),
         ("bench_expert_ws", "专家工作站", "Expert workstations", "个", "stock"),
         ("bench_postdoc_ws", "博士后工作站", "Postdoctoral workstations", "个", "stock"),
         ("bench_graduates", "研究生学历从业人员", "Employees with graduate degrees", "人", "stock"),
         ("bench_trademarks", "有效注册商标", "Registered trademarks", "件", "stock")]


@dataclass
class Tree:
    """The regions of a scale as arrays: admin regions bottom-up, then zones."""

    codes: np.ndarray
    level: np.ndarray
    parent_row: np.ndarray  # -1 for a root
    depth: np.ndarray
    is_leaf: np.ndarray  # admin regions without admin children
    is_zone: np.ndarray

    @property
    def rows(self) -> int:
        return len(self.codes)


def add_extra_indicators(engine: Engine) -> None:
    """The bench-only indicators, in the bench database's catalog only (sync never deletes)."""
    with session_scope(engine) as session:
        have = set(session.scalars(select(Indicator.code)))
        for order, (code, zh, en, unit, kind) in enumerate(EXTRA, start=900):
            if code not in have:
                session.add(Indicator(code=code, name_zh=zh, name_en=en, unit=unit, kind=kind,
                                      direction="higher", scale=1.0, dimension="", is_key=False,
                                      aliases=[], sort_order=order))


def region_tree(engine: Engine, province: str | None) -> Tree:
    with session_scope(engine) as session:
        rows = pd.DataFrame(session.execute(select(Region.code, Region.level, Region.parent_code)).all(),
                            columns=["code", "level", "parent_code"])
    tree = RegionTree.of_frame(rows)
    if province is not None:
        rows = rows[[(c, *tree.ancestors(c))[-1] == province for c in rows["code"]]]
    rows = rows.assign(depth=[len(tree.ancestors(c)) for c in rows["code"]],
                       zone=rows["level"].eq("zone")).sort_values(["zone", "depth", "code"])
    index = {c: i for i, c in enumerate(rows["code"])}
    parent_row = np.array([index.get(tree.parents.get(c), -1) for c in rows["code"]], dtype=int)
    is_zone = rows["zone"].to_numpy(dtype=bool)
    has_admin_child = np.zeros(len(rows), dtype=bool)
    has_admin_child[parent_row[(parent_row >= 0) & ~is_zone]] = True
    return Tree(rows["code"].to_numpy(dtype=object), rows["level"].to_numpy(dtype=object),
                parent_row, rows["depth"].to_numpy(dtype=int), ~has_admin_child & ~is_zone, is_zone)


def _sum_up(tree: Tree, leaf_values: np.ndarray) -> np.ndarray:
    """Leaf values → every admin region (each parent the sum of its children); zones NaN."""
    values = np.full((tree.rows, *leaf_values.shape[1:]), np.nan)
    values[tree.is_leaf] = leaf_values
    admin = ~tree.is_zone
    for depth in range(tree.depth[admin].max(), 0, -1):
        children = np.flatnonzero(admin & (tree.depth == depth))
        parents = tree.parent_row[children]
        inner = ~tree.is_leaf[parents]
        children, parents = children[inner], parents[inner]
        target = np.unique(parents)
        values[target] = 0.0
        np.add.at(values, parents, values[children])
    return values


def _zones_from_parents(tree: Tree, values: np.ndarray, rng, counts: bool) -> None:
    zones = np.flatnonzero(tree.is_zone)
    share = rng.uniform(0.05, 0.35, len(zones)).reshape(-1, *([1] * (values.ndim - 1)))
    part = values[tree.parent_row[zones]] * share
    values[zones] = np.round(part) if counts else np.round(part, 4)


def _additive(tree: Tree, span: Span, unit: str, kind: str, rng, size: np.ndarray,
              denominator: tuple[np.ndarray, np.ndarray] | None, share=(0.0, 0.0)):
    """(annual [region, year], quarters [region, year, Q1–Q4 year to date]) for a flow or stock."""
    n = int(tree.is_leaf.sum())
    years = len(span.annual)
    if denominator is not None:
        annual = denominator[0][tree.is_leaf] * rng.uniform(*share, n)[:, None]
    else:
        level_2025 = TYPICAL_LEVEL.get(unit, 50.0) * size * rng.lognormal(0, 0.4, n)
        growth = np.clip(rng.normal(0.08, 0.05, (n, years)), -0.2, 0.4)
        back = np.ones((n, years))  # back[:, t]: growth from year t to 2025
        back[:, :-1] = np.cumprod(1 + growth[:, :0:-1], axis=1)[:, ::-1]
        annual = level_2025[:, None] / back
    counts = unit in COUNTS
    annual = np.round(annual) if counts else np.round(annual, 4)
    first = len(span.annual) - len(span.quarterly)
    this_year = annual[:, first:]
    if kind == "flow":
        noise = rng.normal(0, 0.02, (n, len(span.quarterly), 3))
        quarters = this_year[:, :, None] * np.clip(np.sort(YEAR_TO_DATE + noise, axis=-1), 0.05, 0.95)
    else:
        last_year = annual[:, first - 1:-1]
        quarters = last_year[:, :, None] + (this_year - last_year)[:, :, None] * np.array([0.25, 0.5, 0.75])
    quarters = np.round(quarters) if counts else np.round(quarters, 4)
    quarters = np.concatenate([quarters, this_year[:, :, None]], axis=-1)  # Q4 is the year
    annual, quarters = _sum_up(tree, annual), _sum_up(tree, quarters)
    _zones_from_parents(tree, annual, rng, counts)
    _zones_from_parents(tree, quarters, rng, counts)
    return annual, quarters


def simulate(tree: Tree, span: Span, indicators: pd.DataFrame, seed: int = 2026) -> dict[str, tuple]:
    """Every indicator's (annual, quarters) arrays; ratios from their parts."""
    rng = np.random.default_rng(seed)
    size = rng.lognormal(0, 0.6, int(tree.is_leaf.sum()))
    series: dict[str, tuple] = {}
    additive = indicators[indicators["kind"].isin(["flow", "stock"])]
    # Denominators before the numerators drawn from them.
    for code, ind in sorted(additive.iterrows(), key=lambda item: item[0] in SHARE_OF):
        den = None
        if code in SHARE_OF and SHARE_OF[code][0] in series:
            den = series[SHARE_OF[code][0]]
        share = SHARE_OF.get(code, ("", 0, 0))[1:]
        series[code] = _additive(tree, span, ind["unit"], ind["kind"], rng, size, den, share)
    for code, ind in indicators.iterrows():
        if ind["kind"] == "rate":
            series[code] = (np.round(rng.normal(8, 6, (tree.rows, len(span.annual))), 1),
                            np.round(rng.normal(8, 6, (tree.rows, len(span.quarterly), 4)), 1))
        elif ind["kind"] == "rank":
            zones = np.flatnonzero(tree.is_zone)
            annual = np.full((tree.rows, len(span.annual)), np.nan)
            for y in range(len(span.annual)):
                annual[zones, y] = rng.permutation(len(zones)) + 1
            series[code] = (annual, np.full((tree.rows, len(span.quarterly), 4), np.nan))
    for code, ind in indicators[indicators["kind"] == "ratio"].iterrows():
        num, den = series[ind["numerator"]], series[ind["denominator"]]
        with np.errstate(divide="ignore", invalid="ignore"):
            series[code] = tuple(np.where(d > 0, np.round(n / d * ind["scale"], 4), np.nan)
                                 for n, d in zip(num, den))
    return series


def observation_frame(tree: Tree, span: Span, code: str, annual: np.ndarray,
                      quarters: np.ndarray) -> pd.DataFrame:
    rows, years = np.nonzero(~np.isnan(annual))
    a = pd.DataFrame({"region_code": tree.codes[rows], "year": span.annual[years],
                      "quarter": 0, "value": annual[rows, years]})
    rows, years, q = np.nonzero(~np.isnan(quarters[..., :3]))  # 1-12月 is the year, above
    b = pd.DataFrame({"region_code": tree.codes[rows], "year": span.quarterly[years],
                      "quarter": q + 1, "value": quarters[rows, years, q]})
    return pd.concat([a, b], ignore_index=True).assign(indicator_code=code)


def _indicators(engine: Engine) -> pd.DataFrame:
    with session_scope(engine) as session:
        rows = session.execute(select(Indicator.code, Indicator.unit, Indicator.kind,
                                      Indicator.numerator, Indicator.denominator,
                                      Indicator.scale, Indicator.name_zh)).all()
    return pd.DataFrame(rows, columns=["code", "unit", "kind", "numerator", "denominator",
                                       "scale", "name_zh"]).set_index("code")


def build(url: str, scale: str, span: Span = FULL, seed: int = 2026,
          progress: bool = True) -> dict:
    """A fresh bench database at url (SQLite): catalogs, simulated values, metrics."""
    engine = open_database(url)
    add_extra_indicators(engine)
    tree = region_tree(engine, SCALES[scale])
    indicators = _indicators(engine)
    series = simulate(tree, span, indicators, seed)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with session_scope(engine) as session:
        upload = Upload(file_name=BENCH_UPLOAD, sha256=f"bench-{scale}-{seed}", size_bytes=0,
                        sheets=[], uploaded_by="bench", source="demo", outcome="loaded")
        session.add(upload)
        session.flush()
        sql = ("INSERT INTO observations (region_code, indicator_code, year, quarter, cumulative,"
               " value, status, upload_id, updated_at) VALUES (?, ?, ?, ?, 1, ?, 'simulated', ?, ?)")
        # In the order loads leave them: a period after the other (a year's annual figure
        # after its fourth quarter), each period indicator by indicator, as etl.load writes.
        frame = pd.concat([observation_frame(tree, span, code, *series[code])
                           for code in sorted(series)], ignore_index=True)
        frame = frame.assign(_arrival=frame["quarter"].replace(0, 5)).sort_values(
            ["year", "_arrival", "indicator_code", "region_code"], kind="stable")
        for start in tqdm(range(0, len(frame), INSERT_CHUNK), desc=f"values ({scale})",
                          disable=not progress):
            part = frame.iloc[start:start + INSERT_CHUNK]
            session.connection().exec_driver_sql(sql, list(zip(
                part["region_code"], part["indicator_code"], part["year"].astype(int).tolist(),
                part["quarter"].astype(int).tolist(), part["value"].astype(float).tolist(),
                [upload.id] * len(part), [now] * len(part))))
        n = len(frame)
        upload.n_new = n
    build_metrics(engine, scale, progress)
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    return {"scale": scale, "regions": tree.rows, "indicators": len(indicators), "observations": n}


def build_metrics(engine: Engine, scale: str = "", progress: bool = True) -> None:
    """The metrics, one indicator per transaction (ratios after their parts); resumable:
    an indicator whose metrics are stored already is skipped."""
    from metrics.refresh import refresh_metrics

    indicators = _indicators(engine)
    with session_scope(engine) as session:
        done = set(session.scalars(select(MetricDigest.indicator_code).distinct()))
    order = sorted(indicators.index, key=lambda c: indicators.loc[c, "kind"] == "ratio")
    for code in tqdm([c for c in order if c not in done], desc=f"metrics ({scale})",
                     disable=not progress):
        with session_scope(engine) as session:
            refresh_metrics(session, {code})


def counts(engine: Engine) -> dict:
    with engine.connect() as conn:
        return {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("regions", "indicators", "observations", "metric_values")}


def write_quarter_workbook(path: Path, engine: Engine, scale: str, seed: int = 7) -> int:
    """The template workbook of NEXT_QUARTER for every region of the scale, filled in:
    last year's same quarter grown by a few percent; ratios left blank, as the template
    allows (they are computed from their parts). Returns the number of values."""
    import xlsxwriter

    year, quarter = NEXT_QUARTER
    tree = region_tree(engine, SCALES[scale])
    indicators = _indicators(engine)
    indicators = indicators[~indicators["kind"].isin(["rank", "ratio"])]
    with session_scope(engine) as session:
        last = pd.DataFrame(session.execute(select(
            Observation.region_code, Observation.indicator_code, Observation.value).where(
            Observation.year == year - 1, Observation.quarter == quarter)).all(),
            columns=["region_code", "indicator_code", "value"])
    grid = last.pivot(index="region_code", columns="indicator_code", values="value")
    grid = grid.reindex(index=tree.codes, columns=indicators.index)
    rng = np.random.default_rng(seed)
    grid = grid * rng.uniform(1.0, 1.15, grid.shape)
    for code in grid.columns:
        if indicators.loc[code, "unit"] in COUNTS:
            grid[code] = grid[code].round()
        else:
            grid[code] = grid[code].round(4)
    names = _region_names(engine)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet(f"{year}年1-{quarter * 3}月")
    sheet.write_row(0, 0, ["地区代码", "地区名称"] + [f"{indicators.loc[c, 'name_zh']}({indicators.loc[c, 'unit']})"
                                                     for c in grid.columns])
    n = 0
    for r, (code, values) in enumerate(grid.iterrows(), start=1):
        sheet.write_string(r, 0, code)
        sheet.write_string(r, 1, names[code])
        for c, value in enumerate(values.to_numpy(), start=2):
            if not np.isnan(value):
                sheet.write_number(r, c, float(value))
                n += 1
    book.close()
    return n


def _region_names(engine: Engine) -> dict[str, str]:
    with session_scope(engine) as session:
        return dict(session.execute(select(Region.code, Region.name_zh)).all())


def forget_quarter(engine: Engine) -> None:
    """Undo an ingest of NEXT_QUARTER, so the ingest benchmark can run again on the same data."""
    year, _ = NEXT_QUARTER
    with session_scope(engine) as session:
        ids = select(Observation.id).where(Observation.year >= year)
        session.execute(delete(Revision).where(Revision.observation_id.in_(ids)))
        session.execute(delete(Observation).where(Observation.year >= year))
        for model in (MetricValue, MetricDigest):
            session.execute(delete(model).where(model.year >= year))
    if engine.dialect.name == "sqlite":
        # Each load starts on a settled file, as after any pause between uploads: the log of
        # this undo and of the load before is copied back now, not during the timed load.
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
