"""How well the extractor reads a folder of reports whose figures a person marked by hand:
recall and precision per kind of statement (`python -m etl extract --evaluate DIR`).

Each report (NAME.txt or NAME.docx) has a sidecar NAME.yaml: the report's region, the year
given on the command line if any, and the marked figures (tests/extract_corpus/README.md).

A candidate is found when a marked figure of its document agrees on indicator, kind, value,
period, region and, where marked, basis and scope (a period the text leaves open, as a
masked year does, is marked empty and found empty). A candidate that leaves its indicator,
year or region empty where the mark has one is right when the rest agrees, but is not
found: a figure counts towards recall only when it is complete. The same figure stated
twice is one figure, found once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from catalog.units import conversion_factor
from etl.extract.candidate import RANK, STATEMENT_TYPES, Candidate
from etl.extract.catalog import Catalog
from etl.extract.documents import SUPPORTED_SUFFIXES, load_document
from etl.extract.extractor import extract_document
from etl.extract.scopes import canonical_scope

SIDECAR_SUFFIX = ".yaml"
_PERIOD = re.compile(r"^(?:(?P<start>\d{4})\s*-\s*)?(?P<year>\d{4})(?:Q(?P<q>[1-4]))?$")
BASES = ("value", "growth", "seats")


class SidecarError(ValueError):
    """A sidecar that cannot be read; the message names the file and the figure."""


@dataclass(frozen=True)
class Mark:
    """One figure a person marked."""

    indicator: str | None  # None: a figure whose indicator the text leaves unclear
    kind: str
    value: float
    unit: str
    year: int | None
    quarter: int
    period_start: int | None
    basis: str
    scope: str | None
    region: str | None

    def label(self) -> str:
        period = f"{self.period_start}-{self.year}" if self.period_start else \
            f"{self.year}{'Q%d' % self.quarter if self.quarter else ''}"
        extra = "".join(f" {k}={v}" for k, v in (("basis", self.basis if self.kind == RANK
                                                              and self.basis != "value" else None),
                                                   ("scope", self.scope), ("region", self.region)) if v)
        return f"{self.indicator or '—'} {self.kind} {self.value:g}{self.unit} {period}{extra}"


@dataclass(frozen=True)
class Sidecar:
    region: str | None
    year: int | None
    marks: tuple[Mark, ...]


def parse_period(text) -> tuple[int | None, int, int | None]:
    """"2024" -> (2024, 0, None); "2025Q2" -> (2025, 2, None); "2021-2024" -> (2024, 0, 2021);
    None -> (None, 0, None): the text leaves the year open."""
    if text is None or str(text).strip() == "":
        return None, 0, None
    m = _PERIOD.match(str(text).strip())
    if not m:
        raise ValueError(f"period {text!r}: expected 2024, 2025Q2 or 2021-2024")
    return int(m["year"]), int(m["q"] or 0), int(m["start"]) if m["start"] else None


def load_sidecar(path: Path) -> Sidecar:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise SidecarError(f"{path.name}: not valid YAML: {exc}") from exc
    region = data.get("region")
    region = str(region) if region is not None else None
    marks = []
    for i, f in enumerate(data.get("figures") or [], start=1):
        where = f"{path.name}, figure {i}"
        try:
            kind = f["kind"]
            if kind not in STATEMENT_TYPES:
                raise ValueError(f"kind {kind!r} is not one of {', '.join(STATEMENT_TYPES)}")
            basis = f.get("basis") or "value"
            if basis not in BASES:
                raise ValueError(f"basis {basis!r} is not one of {', '.join(BASES)}")
            year, quarter, start = parse_period(f.get("period"))
            value = float(f["value"])
            own = f.get("region")
            marks.append(Mark(f.get("indicator") or None, kind, value, str(f["unit"]), year,
                              quarter, start, basis, canonical_scope(f.get("scope")),
                              str(own) if own is not None else region))
        except (KeyError, TypeError, ValueError) as exc:
            raise SidecarError(f"{where}: {exc}") from exc
    given = data.get("year")
    return Sidecar(region, int(given) if given is not None else None, tuple(marks))


# --- matching ---------------------------------------------------------------------------------

def _in_unit(value: float, unit: str, to_unit: str) -> float | None:
    if unit == to_unit:
        return value
    factor = conversion_factor(unit, to_unit)
    return None if factor is None else value * factor


def _same_number(mark: Mark, c: Candidate) -> bool:
    value = _in_unit(mark.value, mark.unit, c.unit)
    return value is not None and math.isclose(value, c.value, rel_tol=1e-6, abs_tol=1e-9)


def agrees(mark: Mark, c: Candidate, open_ok: bool = False) -> bool:
    """The candidate states the marked figure. open_ok: an indicator, year or region that the
    candidate leaves empty agrees with any."""
    if mark.kind != c.statement_type or not _same_number(mark, c):
        return False
    if mark.kind == RANK and mark.basis != (c.basis or "value"):
        return False
    if mark.scope is not None and mark.scope != canonical_scope(c.scope):
        return False
    for marked, proposed in ((mark.indicator, c.indicator), (mark.region, c.region)):
        if marked != proposed and not (open_ok and proposed is None):
            return False
    if open_ok and c.year is None:
        return True
    return (mark.year, mark.quarter, mark.period_start) == (c.year, c.quarter, c.period_start)


def complete(c: Candidate) -> bool:
    return c.indicator is not None and c.year is not None and c.region is not None


@dataclass
class DocumentScore:
    name: str
    marks: list[Mark]
    candidates: list[Candidate]
    found: set[int] = field(default_factory=set)  # indexes of marks found with their indicator
    right: list[bool] = field(default_factory=list)  # per candidate
    not_a_figure: list[bool] = field(default_factory=list)  # per candidate: its number is no mark's

    @property
    def missed(self) -> list[Mark]:
        return [m for i, m in enumerate(self.marks) if i not in self.found and m.indicator]


def score_document(name: str, marks: Iterable[Mark], candidates: Iterable[Candidate]) -> DocumentScore:
    marks, candidates = list(marks), list(candidates)
    score = DocumentScore(name, marks, candidates)
    used: set[int] = set()
    for c in candidates:
        hit = next((i for i, m in enumerate(marks) if i not in used and agrees(m, c)), None)
        if hit is None:  # the same figure stated again: right, but found once
            hit = next((i for i, m in enumerate(marks) if agrees(m, c)), None)
        if hit is not None:
            used.add(hit)
            if marks[hit].indicator:
                score.found.add(hit)
        elif not complete(c):
            hit = next((i for i, m in enumerate(marks) if agrees(m, c, open_ok=True)), None)
        score.right.append(hit is not None)
        score.not_a_figure.append(hit is None and not any(_same_number(m, c) for m in marks))
    return score


# --- a folder -----------------------------------------------------------------------------------

@dataclass
class KindScore:
    marked: int = 0
    found: int = 0
    proposed: int = 0
    right: int = 0

    @staticmethod
    def ratio(a: int, b: int) -> float | None:
        return a / b if b else None

    @property
    def recall(self) -> float | None:
        return self.ratio(self.found, self.marked)

    @property
    def precision(self) -> float | None:
        return self.ratio(self.right, self.proposed)


@dataclass
class Evaluation:
    documents: list[DocumentScore]

    def by_kind(self) -> dict[str, KindScore]:
        kinds = {k: KindScore() for k in STATEMENT_TYPES}
        for d in self.documents:
            for i, m in enumerate(d.marks):
                if m.indicator:
                    kinds[m.kind].marked += 1
                    kinds[m.kind].found += i in d.found
            for c, ok in zip(d.candidates, d.right):
                kinds[c.statement_type].proposed += 1
                kinds[c.statement_type].right += ok
        return kinds

    def total(self) -> KindScore:
        total = KindScore()
        for k in self.by_kind().values():
            total.marked += k.marked
            total.found += k.found
            total.proposed += k.proposed
            total.right += k.right
        return total

    def wrong(self) -> list[tuple[str, Candidate, bool]]:
        """(document, candidate, its number is no marked figure at all) for every wrong one."""
        return [(d.name, c, bad) for d in self.documents
                for c, ok, bad in zip(d.candidates, d.right, d.not_a_figure) if not ok]

    def left_open(self) -> int:
        return sum(not complete(c) for d in self.documents for c in d.candidates)


def reports_in(folder: Path) -> list[Path]:
    """The reports of a folder that have a sidecar, in name order."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES
                  and p.with_suffix(SIDECAR_SUFFIX).is_file())


def evaluate_folder(folder: Path, catalog: Catalog) -> Evaluation:
    scores = []
    for path in reports_in(folder):
        sidecar = load_sidecar(path.with_suffix(SIDECAR_SUFFIX))
        document = load_document(path.read_bytes(), path.name)
        candidates = extract_document(document, catalog, region=sidecar.region, year=sidecar.year)
        scores.append(score_document(path.name, sidecar.marks, candidates))
    return Evaluation(scores)


# --- the printout -------------------------------------------------------------------------------

def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def candidate_label(c: Candidate) -> str:
    period = f"{c.period_start}-{c.year}" if c.period_start else \
        f"{c.year}{'Q%d' % c.quarter if c.quarter else ''}"
    extra = "".join(f" {k}={v}" for k, v in (("basis", c.basis if c.statement_type == RANK
                                                          and c.basis not in (None, "value") else None),
                                               ("scope", c.scope), ("region", c.region)) if v)
    return f"{c.indicator or '—'} {c.statement_type} {c.value:g}{c.unit} {period}{extra} «{c.raw}»"


def report_lines(evaluation: Evaluation, verbose: bool = False) -> list[str]:
    lines = [f"{'kind':<14}{'marked':>7}{'found':>7}{'recall':>9}{'proposed':>10}{'right':>7}"
             f"{'precision':>11}"]
    rows = list(evaluation.by_kind().items()) + [("all", evaluation.total())]
    for kind, k in rows:
        if kind != "all" and not (k.marked or k.proposed):
            continue
        lines.append(f"{kind:<14}{k.marked:>7}{k.found:>7}{_pct(k.recall):>9}{k.proposed:>10}"
                     f"{k.right:>7}{_pct(k.precision):>11}")
    wrong = evaluation.wrong()
    lines.append("")
    lines.append(f"{len(evaluation.documents)} 篇报告 / reports; 错误候选 / wrong candidates: "
                 f"{len(wrong)} (其中数字不是任何标注数值 / of which the number is no marked "
                 f"figure: {sum(bad for _, _, bad in wrong)}); 指标、年份或地区留待审核 / indicator, "
                 f"year or region left for the reviewer: {evaluation.left_open()}")
    for name, c, bad in wrong:
        lines.append(f"  ✗ {name}: {candidate_label(c)}{' (not a marked figure)' if bad else ''}")
        lines.append(f"      {c.sentence[:80]}")
    if verbose:
        for d in evaluation.documents:
            for m in d.missed:
                lines.append(f"  · missed {d.name}: {m.label()}")
    return lines
