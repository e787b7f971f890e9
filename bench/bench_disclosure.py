"""Benchmark: the price of disclosure control (issue 9, item 6) in answer cells shown and hidden.

    .venv/bin/python -m bench.bench_disclosure                      # demo and both nations
    .venv/bin/python -m bench.bench_disclosure --data demo
    .venv/bin/python -m bench.bench_disclosure --data nation --responses 8000 --steps 1,2,3,4

An *answer cell* is one question's answers in one group, one scope (the nation, a förbund) and
one gender class: total, women or men. Only cells with at least one answer are counted (a cell
with none hides nothing). For each dataset, every period with answers is submitted by every
förbund (`submission_submit`) and released (`releases.release_create`), then:

- **nationally**: the primary rules alone (a cell on at least K answers; women and men shown
  when both have at least K) against what förbund users see (`releases.released_results`), with
  every hidden cell put down to the first rule that hides it: primary, gender residual (rule 2),
  conditional question (rule 3, also where its condition question is hidden by rule 4), across
  förbund (rule 4) or between releases (rule 5). Also NNS's view (rules 1–3) and the operator's
  results JSON (rule 4 with `min_forbund` 1).
- **per förbund** (its own report): primary against `computation.results_from_counts` (rules
  2–3), summed over förbund, with the number of förbund that lose a cell.
- **the spread between förbund**: questions with a spread under the old rule (at least 3 förbund
  with K answers) against `trends.forbund_spread` as it is now.
- **open data**: primary against the Kolada export (`reports.kolada.kolada_values`), measured
  only when `disclosure.protect_open_data` exists (rule 6; until then this says so).

Each dataset has its own fresh SQLite database in bench/out/ (deleted first): the demo
(`matpunkt load_demo`) and the benchmark nation (`bench.synthetic`, 80 förbund × 5 insatser, one
period). The nation's period is first released step by step (`--steps`: after 1, 2, 3, 4, 6, 10,
20 and 40 förbund have submitted, in name order), each release weighed against the earlier ones,
then with every förbund; the national cells are counted at every release. Without --data the
script runs the demo, the nation with 200,000 responses and the nation with 8,000 (a hundred per
förbund, so that places are as small as in the real survey) one after the other, each in its own
process, and writes bench/out/disclosure.json.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SEXES = ("women", "men")
NATION_REASONS = ("primary", "residual", "conditional", "rule4", "rule5")
REASON_HEADINGS = {
    "primary": "primary",
    "residual": "gender residual (2)",
    "conditional": "conditional (3)",
    "rule4": "across förbund (4)",
    "rule5": "between releases (5)",
    "within": "rules 2–3",
    "rule6": "open data (6)",
}
# Releases of the nation's period as its förbund submit, one after the other (cumulative counts).
STEPS = "1,2,3,4,6,10,20,40"
RUNS = (("demo", None), ("nation", 200_000), ("nation", 8_000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", choices=["demo", "nation"])
    parser.add_argument("--responses", type=int, default=200_000)
    parser.add_argument(
        "--steps",
        default=STEPS,
        help="nation only: release after this many förbund have submitted, then after all",
    )
    args = parser.parse_args()
    if args.data is None:
        _run_all()
        return
    name = "demo" if args.data == "demo" else f"nation-{args.responses}"
    _setup(OUT / f"disclosure-{name}.sqlite3")
    if args.data == "demo":
        _load_demo()
    else:
        _load_nation(args.responses)
    steps = [int(n) for n in args.steps.split(",") if n] if args.data == "nation" else []
    figures = {"dataset": name, "periods": _measure_all(steps)}
    (OUT / f"disclosure-{name}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    _print(figures)


def _run_all() -> None:
    """Each dataset in a process of its own (one Django database per process)."""
    combined = {"machine": _machine(), "datasets": []}
    for data, responses in RUNS:
        command = [sys.executable, "-m", "bench.bench_disclosure", "--data", data]
        name = "demo"
        if responses is not None:
            command += ["--responses", str(responses)]
            name = f"nation-{responses}"
        subprocess.run(command, check=True, cwd=ROOT)
        combined["datasets"].append(json.loads((OUT / f"disclosure-{name}.json").read_text()))
    (OUT / "disclosure.json").write_text(json.dumps(combined, indent=2, ensure_ascii=False))
    print(json.dumps(combined["machine"]))


def _machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


# Set-up -------------------------------------------------------------------------------------------


def _setup(path: Path) -> None:
    """A fresh SQLite database of its own (bench.common's is shared with the other scripts)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    sys.path.insert(0, str(ROOT))
    os.environ["MATPUNKT_VAR_DIR"] = str(OUT)
    # A cache of its own: released results are cached by period and release id, which every
    # fresh database repeats, so it is emptied below without touching the other scripts' cache.
    os.environ["MATPUNKT_CACHE_DIR"] = str(OUT / "disclosure-cache")
    os.environ.setdefault("MATPUNKT_DEBUG", "1")
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "matpunkt.settings"
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    cache.clear()


def _load_demo() -> None:
    from django.core.management import call_command

    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def _load_nation(responses: int) -> None:
    from bench import synthetic

    synthetic.build(responses=responses, period_labels=("2024",))


def _actor():
    """An NNS administrator (a superuser without a membership acts as one)."""
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username="bench-nns", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def _submit_and_release(period, actor, count: int | None = None) -> None:
    """The first `count` förbund (by name; all when None) with data in the period submit it,
    then NNS releases the period."""
    from matpunkt.fieldwork.models import Submission, SubmissionStatus
    from matpunkt.organisations.models import Forbund
    from matpunkt.responses.models import Response
    from matpunkt.results import releases
    from matpunkt.results.submission import submission_submit

    with_data = Forbund.objects.filter(
        pk__in=Response.objects.filter(period=period).values("insats__forbund_id")
    ).order_by("name")
    submitted = set(
        Submission.objects.filter(period=period, status=SubmissionStatus.SUBMITTED).values_list(
            "forbund_id", flat=True
        )
    )
    for forbund in list(with_data)[:count]:
        if forbund.pk not in submitted:
            submission_submit(actor=actor, forbund=forbund, period=period)
    if Response.objects.filter(period=period).exists() and not releases.release_is_current(period):
        releases.release_create(actor=actor, period=period, note="bench_disclosure")


# Measuring ----------------------------------------------------------------------------------------


def _measure_all(steps: list[int]) -> list[dict]:
    """Every period with answers, released once with every förbund's data; with `steps`, the
    period is first released after that many förbund have submitted, step by step."""
    from django.conf import settings

    from matpunkt.fieldwork.models import Period
    from matpunkt.responses.models import Response

    k = settings.MATPUNKT_MIN_CELL
    actor = _actor()
    measured = []
    periods = [p for p in Period.objects.order_by("label") if Response.objects.filter(period=p)]
    for period in periods:
        releases_seen = []
        for count in steps:
            _submit_and_release(period, actor, count)
            releases_seen.append({"submitted": count, "national": _national(period, k)})
        _submit_and_release(period, actor)
        measured.append({**_measure(period, k), "steps": releases_seen})
    return measured


def _primary(vectors: dict, k: int) -> dict:
    """{(group, code, class): shown} under the primary rules, for cells with answers."""
    cells = {}
    for (group, code), classes in vectors.items():
        answered = {cls: sum(classes[cls]) for cls in ("total", *SEXES)}
        split = all(answered[sex] >= k for sex in SEXES)
        if answered["total"]:
            cells[(group, code, "total")] = answered["total"] >= k
        for sex in SEXES:
            if answered[sex]:
                cells[(group, code, sex)] = split
    return cells


def _shown(results: dict, cell: tuple[str, str, str]) -> bool:
    group, code, cls = cell
    question = results["groups"].get(group, {}).get("questions", {}).get(code)
    if question is None:
        return False
    if cls == "total":
        return question["positive"] is not None
    return question.get(cls) is not None


def _residual_hides(vectors: dict, cell, k: int) -> bool:
    """Whether rule 2 alone hides the cell: the split of a question whose residual is small."""
    from matpunkt.results import disclosure

    group, code, cls = cell
    if cls == "total":
        return False
    classes = vectors[(group, code)]
    return not disclosure.gender_split_shown(
        total=sum(classes["total"]),
        women=sum(classes["women"]),
        men=sum(classes["men"]),
        k=k,
    )


def _release_cells(period, k: int):
    """The latest release's specs, national count table, tables and class vectors by förbund."""
    from matpunkt.instrument.selectors import questionnaire_specs
    from matpunkt.results import counts, releases
    from matpunkt.results.computation import class_vectors

    specs = counts.usable_specs(questionnaire_specs(period.version))
    release = releases.latest_release(period)
    tables = releases.release_tables(release, specs)
    by_forbund = {forbund_id: class_vectors(table) for forbund_id, table in tables.items()}
    return specs, releases.release_table(release, specs), tables, by_forbund


def _national(period, k: int) -> dict:
    """National answer cells: primary only, NNS's view, the operator's JSON and what förbund
    users see, each hidden cell put down to the first rule that hides it."""
    from matpunkt.results import disclosure, releases
    from matpunkt.results.computation import class_vectors, results_from_counts, version_conditions

    specs, national_table, tables, by_forbund = _release_cells(period, k)
    vectors = class_vectors(national_table)
    conditions = version_conditions(specs)
    within = results_from_counts(national_table, min_cell=k)
    across_only = disclosure.protect_national(within, by_forbund, k=k, conditions={})
    across = disclosure.protect_national(within, by_forbund, k=k, conditions=conditions)
    operator = disclosure.protect_national(
        within, by_forbund, k=k, conditions=conditions, min_forbund=1
    )
    released = releases.released_results(period, k=k, specs=specs)

    primary = _primary(vectors, k)
    reasons = Counter()
    for cell, shown in primary.items():
        if not shown:
            reasons["primary"] += 1
        elif not _shown(within, cell):
            reasons["residual" if _residual_hides(vectors, cell, k) else "conditional"] += 1
        elif not _shown(across_only, cell):
            reasons["rule4"] += 1
        elif not _shown(across, cell):
            reasons["conditional"] += 1
        elif not _shown(released, cell):
            reasons["rule5"] += 1
    return {
        "forbund": len(tables),
        "releases": len(releases.releases_of(period)),
        "responses": sum(g["responses"] for g in within["groups"].values()),
        "cells": len(primary),
        "primary_shown": sum(primary.values()),
        "nns_shown": _count_shown(within, primary),
        "operator_shown": _count_shown(operator, primary),
        "released_shown": _count_shown(released, primary),
        "hidden_by": {reason: reasons[reason] for reason in NATION_REASONS},
    }


def _measure(period, k: int) -> dict:
    from matpunkt.results.computation import class_vectors, results_from_counts

    national = _national(period, k)
    _specs, national_table, tables, by_forbund = _release_cells(period, k)
    return {
        "period": period.label,
        "k": k,
        "forbund": national["forbund"],
        "responses": national["responses"],
        "national": national,
        "per_forbund": _per_forbund(tables, k),
        "spread": _spread(period, by_forbund, k),
        "open_data": _open_data(
            period,
            class_vectors(national_table),
            by_forbund,
            results_from_counts(national_table, min_cell=k),
            tables,
            k,
        ),
    }


def _count_shown(results: dict, primary: dict) -> int:
    return sum(_shown(results, cell) for cell in primary)


def _per_forbund(tables: dict, k: int) -> dict:
    from matpunkt.results.computation import class_vectors, results_from_counts

    cells = primary_shown = shown = affected = 0
    reasons = Counter()
    for table in tables.values():
        vectors = class_vectors(table)
        primary = _primary(vectors, k)
        results = results_from_counts(table, min_cell=k)
        lost = 0
        for cell, passes in primary.items():
            if not passes:
                reasons["primary"] += 1
            elif not _shown(results, cell):
                reasons["residual" if _residual_hides(vectors, cell, k) else "conditional"] += 1
                lost += 1
        cells += len(primary)
        primary_shown += sum(primary.values())
        shown += _count_shown(results, primary)
        affected += lost > 0
    return {
        "cells": cells,
        "primary_shown": primary_shown,
        "shown": shown,
        "hidden_by": {reason: reasons[reason] for reason in ("primary", "residual", "conditional")},
        "forbund_affected": affected,
    }


def _spread(period, by_forbund: dict, k: int) -> dict:
    """Questions (group × question with answers in 3 förbund or more) with a spread shown."""
    from matpunkt.results import trends

    series = trends.Series(min_cell=k, submitted_only=True, periods=[period])
    keys = sorted({key for vectors in by_forbund.values() for key in vectors})
    questions = old = now = 0
    for group, code in keys:
        with_answers = [
            sum(vectors[(group, code)]["total"])
            for vectors in by_forbund.values()
            if (group, code) in vectors
        ]
        if sum(n > 0 for n in with_answers) < 3:
            continue
        questions += 1
        old += sum(n >= k for n in with_answers) >= 3
        spread = trends.forbund_spread(
            period=period,
            group=group,
            question_number=int(code.removeprefix("F")),
            min_cell=k,
            series=series,
        )
        now += spread is not None
    return {"questions": questions, "old_rule_shown": old, "now_shown": now}


def _open_data(period, vectors, by_forbund, within, tables, k: int) -> dict | None:
    """Values in the Kolada export against the primary rules, once rule 6 exists."""
    from matpunkt.results import disclosure

    if not hasattr(disclosure, "protect_open_data"):
        return None
    from matpunkt.results.computation import results_from_counts
    from matpunkt.results.reports import kolada

    published = {
        (value.municipality, value.grupp, value.fraga, value.gender)
        for value in kolada.kolada_values(periods=[period], min_cell=k)
    }
    gender_codes = {"total": "T", "women": "K", "men": "M"}
    scopes = [(kolada.NATION_ID, vectors, within)] + [
        (str(forbund_id), by_forbund[forbund_id], results_from_counts(table, min_cell=k))
        for forbund_id, table in tables.items()
    ]
    figures = {}
    for label, scope_ids in (("nation", {kolada.NATION_ID}), ("forbund", None)):
        cells = primary_shown = shown = 0
        reasons = Counter()
        for municipality, scope_vectors, results in scopes:
            if scope_ids is not None and municipality not in scope_ids:
                continue
            if scope_ids is None and municipality == kolada.NATION_ID:
                continue
            for cell, passes in _primary(scope_vectors, k).items():
                group, code, cls = cell
                cells += 1
                primary_shown += passes
                is_published = (municipality, group, code, gender_codes[cls]) in published
                shown += is_published
                if not passes:
                    reasons["primary"] += 1
                elif not _shown(results, cell):
                    reasons["within"] += 1
                elif not is_published:
                    reasons["rule6"] += 1
        figures[label] = {
            "cells": cells,
            "primary_shown": primary_shown,
            "shown": shown,
            "hidden_by": {reason: reasons[reason] for reason in ("primary", "within", "rule6")},
        }
    return figures


# Printing -----------------------------------------------------------------------------------------


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def _national_header(first: str) -> None:
    print(
        f"| {first} | förbund | responses | national cells | shown: primary only | NNS (1–3) "
        "| operator JSON | förbund users | "
        + " | ".join(f"hidden: {REASON_HEADINGS[r]}" for r in NATION_REASONS)
        + " |"
    )
    print("|" + "---|" * (8 + len(NATION_REASONS)))


def _national_row(first: str, n: dict) -> None:
    print(
        f"| {first} | {n['forbund']} | {n['responses']:,} | {n['cells']:,} "
        f"| {n['primary_shown']:,} | {n['nns_shown']:,} | {n['operator_shown']:,} "
        f"| {n['released_shown']:,} ({_pct(n['released_shown'], n['primary_shown'])}) | "
        + " | ".join(f"{n['hidden_by'][r]:,}" for r in NATION_REASONS)
        + " |"
    )


def _print(figures: dict) -> None:
    print(f"\n## {figures['dataset']}")
    _national_header("period")
    for p in figures["periods"]:
        _national_row(p["period"], p["national"])
    for p in figures["periods"]:
        if p["steps"]:
            print(f"\nReleases of {p['period']} as förbund submit (release number: förbund in it)")
            _national_header("release")
            for number, step in enumerate(p["steps"], start=1):
                _national_row(str(number), step["national"])
            _national_row(str(p["national"]["releases"]), p["national"])
    print(
        "\n| period | förbund cells (summed) | shown: primary only | shown: rules 1–3 "
        "| gender residual (2) | conditional (3) | förbund affected |"
    )
    print("|---|---|---|---|---|---|---|")
    for p in figures["periods"]:
        f = p["per_forbund"]
        print(
            f"| {p['period']} | {f['cells']:,} | {f['primary_shown']:,} | {f['shown']:,} "
            f"| {f['hidden_by']['residual']:,} | {f['hidden_by']['conditional']:,} "
            f"| {f['forbund_affected']} of {p['forbund']} |"
        )
    print("\n| period | questions in ≥ 3 förbund | spread shown: old rule | spread shown: now |")
    print("|---|---|---|---|")
    for p in figures["periods"]:
        s = p["spread"]
        print(f"| {p['period']} | {s['questions']} | {s['old_rule_shown']} | {s['now_shown']} |")
    if all(p["open_data"] is None for p in figures["periods"]):
        print(
            "\nOpen data: disclosure.protect_open_data does not exist yet (rule 6); open data "
            "is measured after the merge."
        )
        return
    print(
        "\n| period | open data | cells | shown: primary only | published "
        "| rules 2–3 | open data (6) |"
    )
    print("|---|---|---|---|---|---|---|")
    for p in figures["periods"]:
        for scope, o in p["open_data"].items():
            print(
                f"| {p['period']} | {scope} | {o['cells']:,} | {o['primary_shown']:,} "
                f"| {o['shown']:,} | {o['hidden_by']['within']:,} | {o['hidden_by']['rule6']:,} |"
            )


if __name__ == "__main__":
    main()
