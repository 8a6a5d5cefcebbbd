"""What a preview asks where a file cannot be read as it is: a region for each name the catalog
does not know or cannot tell apart (its candidates, or a search over every region), an
indicator for each column whose header is in no catalog, and the confirmation of values checked
as implausible. The file is then checked again with the answers; once it is stored, the names
and headers are remembered for the uploader (db.name_aliases), so next quarter's sheet passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import t

NAME_CHOICE = "upload-name-choice"
COLUMN_CHOICE = "upload-column-choice"
ACCEPT = "upload-accept-outliers"
RECHECK = "upload-recheck"
NAME_RULES = ("unknown_region", "ambiguous_region")
SEARCH_LIMIT = 30
# Questions asked at once: a file of thousands of unknown names is a wrong file, not thousands
# of questions (each is a picker in the page). The answers kept are bounded alike.
MAX_QUESTIONS = 50
MAX_ANSWERS = 2_000
MAX_TEXT = 200  # a name or header as the file writes it; codes are shorter


@dataclass
class Choices:
    region: dict[str, str] = field(default_factory=dict)  # name in the file -> region code
    column: dict[str, str] = field(default_factory=dict)  # header -> indicator code
    accept: bool = False  # implausible values confirmed

    @classmethod
    def from_store(cls, data: dict | None) -> "Choices":
        """From the browser's store, which anyone can write: anything but short texts is
        dropped (the codes are checked against the catalog by etl.pipeline)."""
        data = data if isinstance(data, dict) else {}
        return cls(_answers(data.get("region")), _answers(data.get("column")),
                   data.get("accept") is True)

    def as_store(self) -> dict:
        return {"region": self.region, "column": self.column, "accept": self.accept}

    def with_answers(self, names: list, name_ids: list, columns: list, column_ids: list,
                     accept: list) -> "Choices":
        """These choices with the pickers' answers on top (an empty picker changes nothing)."""
        region = dict(self.region)
        region.update(_answers({_name(i): v for v, i in zip(_list(names), _list(name_ids))}))
        column = dict(self.column)
        column.update(_answers({_name(i): v for v, i in zip(_list(columns), _list(column_ids))}))
        return Choices(region, column, bool(accept and any(_list(accept))) or self.accept)


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _name(component_id) -> str | None:
    return component_id.get("name") if isinstance(component_id, dict) else None


def _answers(data) -> dict[str, str]:
    """Text → code pairs of a store or the pickers, short texts only, at most MAX_ANSWERS."""
    if not isinstance(data, dict):
        return {}
    pairs = [(k, v) for k, v in data.items() if isinstance(k, str) and isinstance(v, str)
             and v and len(k) <= MAX_TEXT and len(v) <= MAX_TEXT]
    return dict(pairs[:MAX_ANSWERS])


def _names(result) -> list[tuple[str, list[str], tuple[str, ...]]]:
    """(name, cells, candidates) of each name the file needs a region for."""
    found: dict[str, tuple[list[str], tuple[str, ...]]] = {}
    for p in result.problems:
        if p.rule in NAME_RULES and p.raw:
            cells, _ = found.setdefault(p.raw, ([], p.candidates))
            cells.append(p.location)
    return [(name, cells, candidates) for name, (cells, candidates) in found.items()]


def _columns(result) -> list[tuple[str, str]]:
    return [(p.raw, p.location) for p in result.problems if p.rule == "skipped_column" and p.raw]


def _implausible(result) -> int:
    return sum(p.rule == "implausible_value" and p.severity == "error" for p in result.problems)


def region_label(index, code: str, lang: str) -> str:
    return index.path_en(code) if lang == "en" else index.path(code)


def region_search(index, text: str | None, lang: str, keep: str | None = None) -> list[dict]:
    """Options for a region picker: the regions whose names contain the text, with paths."""
    codes = index.search(text, SEARCH_LIMIT) if text else []
    if keep and keep in index and keep not in codes:
        codes.insert(0, keep)
    return [{"label": region_label(index, c, lang), "value": c} for c in codes]


def choices_view(result, lang: str, index, indicator_options: list[dict],
                 chosen: Choices) -> html.Div | None:
    """The questions, or None when the file asks none."""
    names, columns, implausible = _names(result), _columns(result), _implausible(result)
    if not (names or columns or implausible):
        return None
    unasked = max(0, len(names) + len(columns) - MAX_QUESTIONS)
    names = names[:MAX_QUESTIONS]
    columns = columns[:MAX_QUESTIONS - len(names)]
    parts = [html.H3(t("choice_title", lang), className="h6"),
             html.P(t("choice_intro", lang), className="small text-muted mb-2")]
    rows = []
    for name, cells, candidates in names:
        options = ([{"label": region_label(index, c, lang), "value": c} for c in candidates]
                   if candidates else region_search(index, None, lang, chosen.region.get(name)))
        rows.append(html.Tr([
            html.Td(html.Code(name)), html.Td(", ".join(cells[:3]) + (" …" if len(cells) > 3 else ""),
                                              className="small text-nowrap"),
            html.Td(t("choice_ambiguous" if candidates else "choice_unknown", lang), className="small"),
            html.Td(dcc.Dropdown(id={"type": NAME_CHOICE, "name": name}, options=options,
                                 value=chosen.region.get(name), searchable=True,
                                 placeholder=t("choice_region_placeholder", lang),
                                 className="choice-picker")),
        ]))
    for header, cell in columns:
        rows.append(html.Tr([
            html.Td(html.Code(header)), html.Td(cell, className="small text-nowrap"),
            html.Td(t("choice_column", lang), className="small"),
            html.Td(dcc.Dropdown(id={"type": COLUMN_CHOICE, "name": header}, options=indicator_options,
                                 value=chosen.column.get(header), searchable=True,
                                 placeholder=t("choice_column_placeholder", lang),
                                 className="choice-picker")),
        ]))
    if rows:
        head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in
                                   ("choice_col_text", "prob_location", "choice_col_why", "choice_col_pick")]))
        parts.append(html.Div(dbc.Table([head, html.Tbody(rows)], size="sm", bordered=True,
                                        class_name="mb-2 choices-table", id="upload-choices-table"),
                              className="problems-scroll"))
    if unasked:
        parts.append(html.P(t("choice_more", lang, n=unasked), className="small text-muted",
                            id="upload-choices-more"))
    if implausible:
        parts.append(dbc.Checklist(
            id={"type": ACCEPT, "index": 0},
            options=[{"label": t("choice_accept", lang, n=implausible), "value": "accept"}],
            value=["accept"] if chosen.accept else [], class_name="mb-2 small"))
    parts.append(dbc.Button(t("choice_recheck", lang), id={"type": RECHECK, "index": 0},
                            color="primary", outline=True, size="sm"))
    return dbc.Card(dbc.CardBody(parts), class_name="mb-3 upload-choices-card", id="upload-choices-card")
