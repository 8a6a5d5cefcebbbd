"""Each sentence type of the report, built from metrics.api rows through the templates.

A builder takes the row (or rows) the metrics engine returned and the context (language,
templates, how the report names its region and last year) and returns the text, or None
when the data do not support it: a missing value, a rank among fewer than two regions, a
growth figure that does not exist. Callers drop the Nones, so a report never shows a blank
or a zero standing in for missing data. Builders compute no figure: they choose words and
formats for the ones metrics.api computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from metrics.labels import NATIONAL_ZONE_WORDS, ZONE_TYPE_WORDS, zone_type_of
from metrics.numbers import PERCENT_UNITS, changes_in_points
from reports import prose_numbers as fmt
from reports.prose_numbers import missing
from reports.templates import Templates

# A reported rate or a percentage changes in percentage points; its growth in % of itself
# is not a statement reports make ("研发投入强度提高0.05个百分点"). The Overview page says the same.
NO_GROWTH_KINDS = ("rate", "rank")
CAGR_KINDS = ("flow", "stock", "ratio")
# "突破4家" is no milestone anyone writes: count thresholds below this are left unsaid.
MIN_COUNT_THRESHOLD = 10
COUNT_UNITS = ("家", "个", "件", "项", "人")
MILESTONE_ORDER = ("first_nonzero", "threshold", "doubling", "record", "record_best")
CN_NUMERALS = "一二三四五六七八九十"
# The closing names at most this many below-average indicators, the lowest-ranked: a
# low-ranked city lags on most of them, and a list of all reads as a table, not a finding.
MAX_BELOW_NAMED = 4
# The scopes of zones among zones: a zone's rank change there is written as zones write it
# (在全省14家开发区中排名提升2位).
ZONE_SCOPES = ("province_zones", "province_zone_type", "national_zones")


@dataclass(frozen=True)
class Context:
    """What every sentence of one report shares."""

    templates: Templates
    lang: str
    subject: str  # how the region calls itself: 全市, 全县, the city
    last: str  # 上年, or 上年同期 for a quarter
    scope_label: str  # the default scope: 全省, 全省开发区, in the province

    def t(self, key: str, **fields) -> str:
        return self.templates.text(key, self.lang, **fields)

    def mark(self, name: str) -> str:
        return self.templates.mark(name, self.lang)

    def places(self, n: int) -> str:
        """3位 / 3 places, 1 place."""
        return self.t("places_one" if abs(int(n)) == 1 else "places", n=abs(int(n)))

    def members(self, scope_kind: str, of, peer: str | None = None,
                scope_code: str | None = None) -> str:
        """全省16个市, 全省14家开发区, 全省5家经开区, 全国217家国家级经开区, 皖北同类市6个地区."""
        return self.templates.members(scope_kind, self.lang, of=int(of), peer=peer or "",
                                      kind=self.zone_kind(scope_kind, scope_code))

    def zone_kind(self, scope_kind: str, scope_code: str | None) -> str:
        """经开区 (a province's ETDZs), 国家级经开区 (the national list's); '' elsewhere."""
        if scope_kind not in ("province_zone_type", "national_zones") or not scope_code:
            return ""
        key = zone_type_of(scope_code)
        words = (NATIONAL_ZONE_WORDS.get(key) if scope_kind == "national_zones" else None) \
            or ZONE_TYPE_WORDS.get(key, ZONE_TYPE_WORDS["other"])
        return words[0] if self.lang == "zh" else words[1]

    def sentence(self, clauses: Iterable[str | None]) -> str | None:
        """Clauses joined into one sentence, or None when none is left."""
        kept = [c for c in clauses if c]
        if not kept:
            return None
        text = self.mark("clause").join(kept)
        if self.lang == "en":
            text = text[0].upper() + text[1:]
        return text + self.mark("end")

    def paragraph(self, sentences: Iterable[str | None]) -> str | None:
        kept = [s for s in sentences if s]
        if not kept:
            return None
        return (" " if self.lang == "en" else "").join(kept)


def name(row: Mapping, lang: str, prefix: str = "indicator_") -> str:
    """A catalog name in the report's language; the Chinese one where English is missing."""
    en, zh = row.get(f"{prefix}name_en"), row.get(f"{prefix}name_zh")
    if lang == "en" and isinstance(en, str) and en.strip():
        return en
    return zh if isinstance(zh, str) else ""


def numeral(n: int, lang: str) -> str:
    """Section numbers: 一, 二 ... 十一 in Chinese; 1, 2 ... in English."""
    if lang == "en":
        return str(n)
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ((CN_NUMERALS[tens - 1] if tens > 1 else "") + "十"
            + (CN_NUMERALS[ones - 1] if ones else ""))


def _int(value) -> int | None:
    return None if missing(value) else int(value)


def _flag(value) -> bool:
    """A nullable flag (tied, is_key, on_track) where unknown counts as False."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return False
    return bool(value)


def _is_zero(row: Mapping) -> bool:
    return not missing(row.get("value")) and float(row["value"]) == 0


def _percent_unit(row: Mapping) -> bool:
    return row.get("unit") in PERCENT_UNITS


# --- one indicator -----------------------------------------------------------------------------

def level(row: Mapping, ctx: Context) -> str | None:
    """全市高新技术企业达到128家 / High-tech enterprises reached 128; a rank published for a
    whole scope with its size: 在全国217家国家级经开区综合发展水平考核评价中居第10位."""
    if missing(row.get("value")):
        return None
    published = published_level(row, ctx)
    if published:
        return published
    indicator = name(row, ctx.lang)
    subject = ctx.subject if ctx.lang == "zh" else ""
    if _is_zero(row):
        return ctx.t("level_zero", subject=subject, indicator=indicator)
    key = "level_reported" if row.get("kind") in NO_GROWTH_KINDS else "level"
    return ctx.t(key, subject=subject, indicator=indicator,
                 value=fmt.amount(row["value"], row["unit"], ctx.lang, row.get("kind")))


def published_level(row: Mapping, ctx: Context) -> str | None:
    """A published rank (reports.data marks it: published_kind, published_code, published_of)
    stated among the scope it ranks, out of the number ranked; None when that number is not
    known (the plain level sentence says the rank then)."""
    of, kind = row.get("published_of"), row.get("published_kind")
    if missing(of) or not isinstance(kind, str) or not kind:
        return None
    evaluation = name(row, ctx.lang)
    for word in ("排名", " rank"):  # 综合发展水平考核评价排名 → 综合发展水平考核评价
        if evaluation.endswith(word):
            evaluation = evaluation[: -len(word)]
    return ctx.t("level_published", members=ctx.members(kind, of, scope_code=row.get(
        "published_code")), evaluation=evaluation, rank=int(row["value"]),
        rank_ord=fmt.ordinal(row["value"]))


def milestone(found: Mapping, row: Mapping, ctx: Context) -> str | None:
    """One milestone of api.milestones: 突破30亿元, 较2022年翻了一番, 实现“零”的突破, 创历史新高."""
    kind = found.get("milestone")
    if kind == "threshold":
        value = found.get("threshold")
        if missing(value):
            return None
        if row.get("kind") == "rank":  # a reported rank crosses into the top 10 from above
            return ctx.t("milestone_top", n=int(value))
        if row.get("unit") in COUNT_UNITS and float(value) < MIN_COUNT_THRESHOLD:
            return None
        if not missing(row.get("value")) and float(row["value"]) == float(value):
            return None  # "达到60个" already says it; 突破 means going past
        return ctx.t("milestone_threshold", threshold=fmt.threshold(value, row["unit"], ctx.lang))
    if kind == "doubling":
        if missing(found.get("reference_year")):
            return None
        return ctx.t("milestone_doubling", reference_year=int(found["reference_year"]))
    if kind in ("first_nonzero", "record", "record_best"):
        return ctx.t(f"milestone_{kind}")
    return None


def milestones(found: Iterable[Mapping], row: Mapping, ctx: Context) -> list[str]:
    """The milestones of one indicator in reading order; after a first non-zero value a
    threshold or a record says nothing more."""
    found = sorted(found, key=lambda m: MILESTONE_ORDER.index(m["milestone"])
                   if m["milestone"] in MILESTONE_ORDER else 99)
    kinds = {m["milestone"] for m in found}
    if "first_nonzero" in kinds:
        found = [m for m in found if m["milestone"] not in ("threshold", "record")]
    return [text for m in found if (text := milestone(m, row, ctx))]


def change(row: Mapping, ctx: Context) -> str | None:
    """较上年净增48家 / 提高0.05个百分点 / 与上年持平; a reported rank 较上年提升3位."""
    net = row.get("net_increase")
    if missing(net):
        return None
    net = float(net)
    if row.get("kind") == "rank":
        better = -net if row.get("direction") == "lower" else net
        if better == 0:
            return ctx.t("unchanged", last=ctx.last)
        key = "reported_rank_up" if better > 0 else "reported_rank_down"
        return ctx.t(key, last=ctx.last, places=ctx.places(round(net)))
    if net == 0:
        return ctx.t("unchanged", last=ctx.last)
    if changes_in_points(row.get("unit"), row.get("kind")):
        return ctx.t("points_up" if net > 0 else "points_down", last=ctx.last,
                     points=fmt.points(net))
    return ctx.t("net_up" if net > 0 else "net_down", last=ctx.last,
                 value=fmt.amount(abs(net), row["unit"], ctx.lang))


def growth(row: Mapping, ctx: Context) -> str | None:
    """同比增长12.4% / up 12.4% year on year; none for percentages, rates, ranks, no change."""
    pct = row.get("yoy_growth_pct")
    if missing(pct) or row.get("kind") in NO_GROWTH_KINDS or _percent_unit(row):
        return None
    if not missing(row.get("net_increase")) and float(row["net_increase"]) == 0:
        return None  # "与上年持平" already says it
    return ctx.t("growth_up" if float(pct) >= 0 else "growth_down", pct=fmt.percent(pct))


def rank(rank_, of, tied, scope_kind: str, ctx: Context, peer: str | None = None,
         scope_code: str | None = None) -> str | None:
    """在全省16个市中居第3位 / ranking 3rd among the 16 cities of the province."""
    if missing(rank_) or missing(of) or int(of) < 2:
        return None
    key = "rank_tied" if _flag(tied) else "rank"
    return ctx.t(key, members=ctx.members(scope_kind, of, peer, scope_code), rank=int(rank_),
                 rank_ord=fmt.ordinal(rank_))


def ranked_with_change(row: Mapping, scope_kind: str, scope_code: str | None, ctx: Context,
                       prefix: str = "", peer: str | None = None) -> list[str | None]:
    """The rank clause of one scope and its change: 在全省16个市中居第3位，较上年提升2位; a zone
    among zones: 在全省14家开发区中排名提升2位，居第3位 (one clause, as zones write it)."""
    rank_, of, change_ = (row.get(f"{prefix}rank"), row.get(f"{prefix}rank_of"),
                          _int(row.get(f"{prefix}rank_change")))
    if scope_kind in ZONE_SCOPES and change_ and not missing(rank_) and not missing(of) \
            and int(of) >= 2:
        return [ctx.t("zone_rank_up" if change_ > 0 else "zone_rank_down",
                      members=ctx.members(scope_kind, of, scope_code=scope_code),
                      places=ctx.places(change_), rank=int(rank_), rank_ord=fmt.ordinal(rank_))]
    text = rank(rank_, of, row.get(f"{prefix}tied"), scope_kind, ctx, peer, scope_code)
    return [text, rank_change(change_, ctx) if text else None]


def rank_change(change_, ctx: Context) -> str | None:
    """较上年提升3位 / down 2 places on last year; nothing when unchanged or not ranked before."""
    c = _int(change_)
    if not c:
        return None
    return ctx.t("rank_up" if c > 0 else "rank_down", last=ctx.last, places=ctx.places(c))


def growth_rank(row: Mapping, ctx: Context) -> str | None:
    """增幅居全省第3位 / its growth ranked 3rd in the province."""
    r, of = row.get("growth_rank"), row.get("growth_rank_of")
    if missing(r) or missing(of) or int(of) < 2:
        return None
    if missing(row.get("yoy_growth_pct")) or float(row["yoy_growth_pct"]) == 0:
        return None  # the rank of no growth among others is no statement
    key = "growth_rank_tied" if _flag(row.get("growth_tied")) else "growth_rank"
    return ctx.t(key, scope=ctx.scope_label, rank=int(r), rank_ord=fmt.ordinal(r))


def ranks(row: Mapping, ctx: Context, other_ranks: Iterable[tuple[str, Mapping]] = ()
          ) -> list[str]:
    """Every rank clause of an indicator: the default scope with its change and the growth
    rank, then other scopes (a county in its city), then the peer group."""
    if row.get("kind") == "rank" or _is_zero(row):
        return []  # a reported rank is its own rank; ties at zero rank nothing
    clauses = ranked_with_change(row, row.get("rank_scope_kind"), row.get("rank_scope_code"), ctx)
    clauses.append(growth_rank(row, ctx))
    for scope_kind, other in other_ranks:
        clauses += ranked_with_change(other, scope_kind, other.get("scope_code"), ctx)
    peer_name = name(row, ctx.lang, "peer_group_") if ctx.lang == "en" else row.get("peer_group_zh")
    if isinstance(peer_name, str) and peer_name:
        clauses += ranked_with_change(row, "peer", None, ctx, "peer_group_", peer=peer_name)
    return [c for c in clauses if c]


def cagr(row: Mapping, spans: Iterable[tuple], ctx: Context) -> str | None:
    """“十三五”期间年均增长10.5%，“十四五”以来年均增长9.9%.

    spans: (plan, base year, end year, complete, cagr_pct) per five-year plan."""
    if row.get("kind") not in CAGR_KINDS or _percent_unit(row):
        return None
    clauses = []
    for plan, base, end, complete, pct in spans:
        if missing(pct) or fmt.percent(pct) == fmt.percent(0):
            continue  # "年均增长0.0%" says nothing
        key = ("cagr_up" if float(pct) >= 0 else "cagr_down") + ("" if complete else "_so_far")
        clauses.append(ctx.t(key, plan=plan.name(ctx.lang), pct=fmt.percent(pct),
                             start=plan.start, end=end))
    if not clauses:
        return None
    return ctx.sentence([ctx.t("cagr_sentence", clauses=ctx.mark("and").join(clauses))])


def target(found: Mapping, ctx: Context, quarter: int = 0) -> str | None:
    """年度目标为30.92亿元，完成率101.2%，已完成年度目标 (and 快于/慢于序时进度 for a quarter)."""
    pct, goal = found.get("progress_pct"), found.get("target")
    if missing(pct) or missing(goal) or missing(found.get("value")):
        return None
    fields = {"target": fmt.amount(goal, found["unit"], ctx.lang, found.get("kind")),
              "pct": fmt.percent(pct)}
    on_track = found.get("on_track")
    known = not (on_track is None or on_track is pd.NA)
    if quarter and known and not missing(found.get("expected_pct")):
        key = "target_ahead" if bool(on_track) else "target_behind"
        return ctx.sentence([ctx.t(key, expected=fmt.percent(found["expected_pct"]), **fields)])
    key = "target_met" if float(pct) >= 100 else "target_short"
    return ctx.sentence([ctx.t(key, **fields)])


def indicator_paragraph(row: Mapping, ctx: Context, *, found: Iterable[Mapping] = (),
                        other_ranks: Iterable[tuple[str, Mapping]] = (),
                        spans: Iterable[tuple] = (), goal: Mapping | None = None,
                        quarter: int = 0) -> str | None:
    """Everything the report says about one indicator: level, milestones, change, growth and
    ranks in one sentence; then average annual growth; then the target."""
    first = level(row, ctx)
    if first is None:
        return None
    main = ctx.sentence([first, *milestones(found, row, ctx), change(row, ctx), growth(row, ctx),
                         *ranks(row, ctx, other_ranks)])
    return ctx.paragraph([main, cagr(row, spans, ctx),
                          target(goal, ctx, quarter) if goal is not None else None])


# --- opening and closing -----------------------------------------------------------------------

def opening(rows: list[Mapping], ctx: Context, region: str, period: str,
            composite: Mapping | None = None, composite_members: str | None = None
            ) -> list[str]:
    """The opening paragraph: how the key indicators moved, the composite index, and the
    formula that introduces the body."""
    keys = [r for r in rows if _flag(r.get("is_key"))]
    with_growth = [r for r in keys if not missing(r.get("yoy_growth_pct"))
                   and r.get("kind") not in NO_GROWTH_KINDS]
    grew = [r for r in with_growth if float(r["yoy_growth_pct"]) > 0]
    moved_up = [r for r in keys if (_int(r.get("rank_change")) or 0) > 0
                and r.get("kind") != "rank"]
    top3 = [r for r in keys if not missing(r.get("rank")) and int(r["rank"]) <= 3
            and not missing(r.get("rank_of")) and int(r["rank_of"]) > 3
            and r.get("kind") != "rank" and not _is_zero(r)]
    clauses = []
    if with_growth:
        clauses.append(ctx.t("opening_growth", n=len(with_growth), k=len(grew)))
    if moved_up:
        clauses.append(ctx.t("opening_rank_up", k=len(moved_up), last=ctx.last))
    if top3:
        clauses.append(ctx.t("opening_top3", k=len(top3), scope=ctx.scope_label))
    sentences = []
    if clauses:
        sentences.append(ctx.sentence([ctx.t("opening_lead", period=period, region=region,
                                             clauses=ctx.mark("clause").join(clauses))]))
    if composite and composite_members and not missing(composite.get("index")) \
            and not missing(composite.get("rank")):
        group = composite.get("performance_group_en" if ctx.lang == "en"
                              else "performance_group_zh") or ""
        sentences.append(ctx.sentence([ctx.t(
            "opening_index", index=fmt.index(composite["index"]), members=composite_members,
            rank=int(composite["rank"]), rank_ord=fmt.ordinal(composite["rank"]),
            group=group)]))
    sentences.append(ctx.t("opening_close"))
    return [ctx.paragraph(sentences)]


def fell_in_rank(row: Mapping) -> int | None:
    """Places lost on last year in the default scope (a reported rank by its own value)."""
    if row.get("kind") == "rank":
        net = row.get("net_increase")
        if missing(net):
            return None
        worse = float(net) if row.get("direction") == "lower" else -float(net)
        return int(round(worse)) if worse > 0 else None
    c = _int(row.get("rank_change"))
    return -c if c is not None and c < 0 else None


def below_average(row: Mapping, average) -> bool:
    if missing(average) or missing(row.get("value")):
        return False
    value, average = float(row["value"]), float(average)
    return value > average if row.get("direction") == "lower" else value < average


def standing(row: Mapping) -> float:
    """Where a row ranks as a share of the regions ranked (1.0 = last); 0 when unranked, so an
    indicator without a rank counts as the least weak."""
    rank_, of = row.get("rank"), row.get("rank_of")
    if row.get("kind") == "rank" or missing(rank_) or missing(of) or not float(of):
        return 0.0
    return float(rank_) / float(of)


def closing(rows: list[Mapping], averages: Mapping[str, float], ctx: Context) -> list[str]:
    """在取得成绩的同时……: the indicators that fell in rank or sit below the scope average,
    named with their figures (one paragraph each); when none did, a sentence saying so, but
    only if something could be compared at all. Of many below-average indicators only the
    MAX_BELOW_NAMED lowest-ranked are named, with the count of all."""
    fell, below, compared = [], [], 0
    for r in rows:
        average = averages.get(r["indicator_code"])
        # A rank among one region, and its "change", compare with nothing.
        ranked = not missing(r.get("rank_of")) and int(r["rank_of"]) >= 2
        if (ranked and not missing(r.get("rank_change"))) or not missing(average) or \
                (r.get("kind") == "rank" and not missing(r.get("net_increase"))):
            compared += 1
        lost = fell_in_rank(r)
        if lost and r.get("kind") == "rank":
            fell.append(ctx.t("closing_fell_reported_item", indicator=name(r, ctx.lang),
                              rank=int(r["value"]), places=ctx.places(lost)))
        elif lost and not missing(r.get("rank_of")):
            fell.append(ctx.t("closing_fell_item", indicator=name(r, ctx.lang),
                              members=ctx.members(r["rank_scope_kind"], r["rank_of"],
                                                  scope_code=r.get("rank_scope_code")),
                              rank=int(r["rank"]), rank_ord=fmt.ordinal(r["rank"]),
                              places=ctx.places(lost)))
        if below_average(r, average):
            below.append((r, ctx.t(
                "closing_below_item", indicator=name(r, ctx.lang),
                value=fmt.amount(r["value"], r["unit"], ctx.lang, r.get("kind")),
                scope=ctx.scope_label,
                average=fmt.average(average, r["unit"], ctx.lang, r.get("kind")))))
    if not fell and not below:
        if not compared:
            return []
        return [ctx.sentence([ctx.t("closing_none", last=ctx.last, scope=ctx.scope_label)])]
    lead = ctx.sentence([ctx.t("closing_lead", scope=ctx.scope_label)])
    fell_text = ctx.sentence([ctx.t("closing_fell", last=ctx.last,
                                    items=ctx.mark("list").join(fell))]) if fell else None
    below_text = _below_sentence(below, ctx) if below else None
    if fell_text:
        return [p for p in (ctx.paragraph([lead, fell_text]), below_text) if p]
    return [ctx.paragraph([lead, below_text])]


def _below_sentence(below: list[tuple[Mapping, str]], ctx: Context) -> str | None:
    """低于全省平均水平的有：… in catalog order; when there are more than MAX_BELOW_NAMED,
    the count and the lowest-ranked of them, lowest first (ties in catalog order)."""
    if len(below) <= MAX_BELOW_NAMED:
        return ctx.sentence([ctx.t("closing_below", scope=ctx.scope_label,
                                   items=ctx.mark("list").join(text for _, text in below))])
    weakest = sorted(below, key=lambda item: -standing(item[0]))[:MAX_BELOW_NAMED]
    return ctx.sentence([ctx.t("closing_below_most", scope=ctx.scope_label, n=len(below),
                               items=ctx.mark("list").join(text for _, text in weakest))])
