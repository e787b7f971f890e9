"""Renders the results JSON of the computation module as CSV rows (shape in docs/results-csv.md).

Nothing here computes a figure: every cell is a value of `compute_results`, or empty where the
result holds null (suppressed or undefined).
"""

from typing import Any, TextIO

from matpunkt.core.exporting import write_csv_rows
from matpunkt.results.computation import PARTICIPANTS, conflict_note

DISTRIBUTION_CODES = ["1", "2", "3", "4", "5", "6", "ja", "nej"]
COLUMNS = (
    [
        "period",
        "forbund",
        "insats",
        "rad",
        "grupp",
        "fraga",
        "tillfragade",
        "ej_nabara",
        "svar",
        "bortfall",
        "svarsfrekvens",
        "utan_konsfraga",
        "kvinnor",
        "man",
        "ej_uppgett_kon",
        "antal_svar",
        "klart_positiva",
        "andel_klart_positiva",
        "kvinnor_antal_svar",
        "kvinnor_andel",
        "man_antal_svar",
        "man_andel",
    ]
    + [f"fordelning_{code}" for code in DISTRIBUTION_CODES]
    + ["konflikt"]
)

TOTAL_ROWS = {"participants": "deltagare_totalt", "all": "alla_grupper"}


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def csv_rows(results: dict[str, Any]) -> list[dict[str, str]]:
    """One row per group (participation), per group and question, and per total, in that order."""
    context = {
        "period": results["period"],
        "forbund": _cell(results["scope"]["forbund"]),
        "insats": _cell(results["scope"]["insats"]),
    }
    rows = []
    for group, figures in results["groups"].items():
        gender = figures["gender"]
        rows.append(
            {
                **context,
                "rad": "grupp",
                "grupp": group,
                "tillfragade": _cell(figures["asked"]),
                "ej_nabara": _cell(figures["unreachable"]),
                "svar": _cell(figures["responses"]),
                "bortfall": _cell(figures["nonresponse"]),
                "svarsfrekvens": _cell(figures["response_rate"]),
                "konflikt": conflict_note(
                    asked=figures["asked"],
                    unreachable=figures["unreachable"],
                    responses=figures["responses"],
                ),
                "utan_konsfraga": _cell(gender["without_gender_item"]),
                "kvinnor": _cell(gender["women"]),
                "man": _cell(gender["men"]),
                "ej_uppgett_kon": _cell(gender["not_stated"]),
            }
        )
        for code, question in figures["questions"].items():
            women, men = question["women"] or {}, question["men"] or {}
            row = {
                **context,
                "rad": "fraga",
                "grupp": group,
                "fraga": code,
                "antal_svar": _cell(question["answered"]),
                "klart_positiva": _cell(question["positive"]),
                "andel_klart_positiva": _cell(question["positive_share"]),
                "kvinnor_antal_svar": _cell(women.get("answered")),
                "kvinnor_andel": _cell(women.get("positive_share")),
                "man_antal_svar": _cell(men.get("answered")),
                "man_andel": _cell(men.get("positive_share")),
            }
            for option, count in (question["distribution"] or {}).items():
                row[f"fordelning_{option}"] = _cell(count)
            rows.append(row)
    unreachable = {
        "participants": sum(
            f["unreachable"] for g, f in results["groups"].items() if g in PARTICIPANTS
        ),
        "all": sum(f["unreachable"] for f in results["groups"].values()),
    }
    for key, name in TOTAL_ROWS.items():
        total = results["totals"][key]
        rows.append(
            {
                **context,
                "rad": "totalt",
                "grupp": name,
                "tillfragade": _cell(total["asked"]),
                "svar": _cell(total["responses"]),
                "bortfall": _cell(total["nonresponse"]),
                "svarsfrekvens": _cell(total["response_rate"]),
                "konflikt": conflict_note(
                    asked=total["asked"],
                    unreachable=unreachable[key],
                    responses=total["responses"],
                ),
            }
        )
    return rows


def write_csv(results: dict[str, Any], handle: TextIO) -> None:
    """Write the results as comma-separated UTF-8 CSV with a header row."""
    write_csv_rows(handle, COLUMNS, csv_rows(results))
