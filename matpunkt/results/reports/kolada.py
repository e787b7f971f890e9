"""Open data in Kolada's shape: question × förbund × period × gender, with the value and n.

Like Kolada (https://www.kolada.se, API v2 `data`), a value is given for gender T (total),
K (kvinnor) and M (män). The value is the key figure in percent with one decimal; n is the
number of answers it is computed on. Only released periods are published, as NNS last released
them (`results.open_data`): the nation as förbund users see it, each förbund's own figures in the
release, and nothing that "the nation minus the listed förbund" would give away (disclosure rule
6). A cell that is not listed is left out entirely. The nation is the municipality "0000"
(Riket), as in Kolada; a förbund is identified by its id in Mätpunkt. This module only renders.
"""

import json
from dataclasses import asdict, dataclass
from typing import Any, TextIO

from django.utils.translation import gettext as _

from matpunkt.core.exporting import write_csv_rows
from matpunkt.fieldwork.models import Period
from matpunkt.organisations.models import Forbund
from matpunkt.results.computation import GROUP_ORDER, min_cell_or_default
from matpunkt.results.formatting import percent_value
from matpunkt.results.open_data import Listing, open_data
from matpunkt.results.trends import ordered_periods, period_sort_key

NATION_ID = "0000"
GENDERS = (("T", "total"), ("K", "women"), ("M", "men"))
COLUMNS = [
    "kpi",
    "municipality",
    "municipality_name",
    "period",
    "gender",
    "value",
    "n",
    "grupp",
    "matt",
    "fraga",
]


@dataclass(frozen=True)
class KoladaValue:
    """One published value: a question (kpi) in a förbund or the nation, a period and a gender."""

    kpi: str
    municipality: str
    municipality_name: str
    period: str
    gender: str
    value: float
    n: int
    grupp: str
    matt: str
    fraga: str


def kpi_id(group: str, measure_key: str) -> str:
    """The indicator id of a question in a group: its stable identity, so it spans versions."""
    return f"{group}.{measure_key}"


def percent_one_decimal(share: float) -> float:
    """A share as percent with one decimal, half rounded up (0.72857 → 72.9)."""
    return float(percent_value(share, 1))


def _values(
    results: dict[str, Any],
    specs,
    place: tuple[str, str],
    label: str,
    listing: Listing,
    forbund_id: int | None,
):
    for group in sorted(results["groups"], key=GROUP_ORDER.index):
        spec = specs.get(group)
        for question in spec.questions if spec else []:
            figures = results["groups"][group]["questions"][question.code]
            for gender, cls in GENDERS:
                if not listing.lists(forbund_id, group, question.code, cls):
                    continue
                part = figures if cls == "total" else figures[cls]
                yield KoladaValue(
                    kpi=kpi_id(group, question.measure_key),
                    municipality=place[0],
                    municipality_name=place[1],
                    period=label,
                    gender=gender,
                    value=percent_one_decimal(part["positive_share"]),
                    n=part["answered"],
                    grupp=group,
                    matt=question.measure_key,
                    fraga=question.code,
                )


def kolada_values(
    *, periods: list[Period] | None = None, min_cell: int | None = None
) -> list[KoladaValue]:
    """Every listed value of the released periods: the nation, then each förbund by name.

    A period that NNS has not released is left out."""
    k = min_cell_or_default(min_cell)
    names = dict(Forbund.objects.values_list("pk", "name"))
    periods = sorted(periods, key=period_sort_key) if periods else ordered_periods()
    values: list[KoladaValue] = []
    for period in periods:
        data = open_data(period, k=k)
        if data is None:
            continue
        nation = (NATION_ID, str(_("Riket")))
        values += _values(data.nation, data.specs, nation, period.label, data.listing, None)
        for forbund_id, results in sorted(
            data.forbund.items(), key=lambda item: names.get(item[0], "")
        ):
            place = (str(forbund_id), names.get(forbund_id, ""))
            values += _values(results, data.specs, place, period.label, data.listing, forbund_id)
    return values


def write_csv(values: list[KoladaValue], handle: TextIO) -> None:
    """One row per value, comma-separated UTF-8 with a header row."""
    write_csv_rows(handle, COLUMNS, (asdict(value) for value in values))


def _period(label: str) -> int | str:
    return int(label) if label.isdigit() else label


def as_json(values: list[KoladaValue]) -> dict[str, Any]:
    """Kolada's data shape: one entry per kpi, municipality and period with its gender values."""
    entries: dict[tuple, dict[str, Any]] = {}
    for value in values:
        key = (value.kpi, value.municipality, value.period)
        entry = entries.setdefault(
            key,
            {
                "kpi": value.kpi,
                "municipality": value.municipality,
                "municipality_name": value.municipality_name,
                "period": _period(value.period),
                "group": value.grupp,
                "measure": value.matt,
                "question": value.fraga,
                "values": [],
            },
        )
        entry["values"].append(
            {"gender": value.gender, "status": "", "value": value.value, "n": value.n}
        )
    return {"count": len(entries), "values": list(entries.values())}


def write_json(values: list[KoladaValue], handle: TextIO) -> None:
    json.dump(as_json(values), handle, ensure_ascii=False, indent=2)
