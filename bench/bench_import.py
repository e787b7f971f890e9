"""Benchmark: importing a 100,000-row svarsfil with `matpunkt import-responses`.

    .venv/bin/python -m bench.bench_import --database sqlite --rows 100000

Writes a synthetic svarsfil (CSV, semicolon-separated as Excel writes it in Sweden) with
--create-missing förbund and insatser, imports it into an emptied benchmark database and prints
the wall time. The same file is then imported again to time the idempotent no-op.
"""

import argparse
import csv
import json
import random
import time

from bench.common import OUT, random_answer, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    setup_django(args.database)

    from django.core.management import call_command

    from matpunkt.instrument.models import InstrumentVersion
    from matpunkt.instrument.selectors import questionnaire_specs
    from matpunkt.responses.models import ImportBatch, Response

    path = OUT / "svarsfil.csv"
    _write_file(path, args.rows, questionnaire_specs(InstrumentVersion.objects.get(code="2021")))
    ImportBatch.objects.filter(filename=path.name).delete()
    Response.objects.filter(period__label="Bench import").delete()

    start = time.perf_counter()
    call_command("import_responses", str(path), create_missing=True, instrument="2021")
    first = time.perf_counter() - start
    stored = Response.objects.filter(period__label="Bench import").count()
    start = time.perf_counter()
    call_command("import_responses", str(path), create_missing=True, instrument="2021")
    second = time.perf_counter() - start
    assert Response.objects.filter(period__label="Bench import").count() == stored
    figures = {
        "database": args.database,
        "rows": args.rows,
        "stored": stored,
        "import_s": first,
        "same_file_again_s": second,
    }
    print(json.dumps(figures, indent=2))
    (OUT / f"import-{args.database}.json").write_text(json.dumps(figures, indent=2))


def _write_file(path, rows, specs) -> None:
    rng = random.Random(7)
    groups = ["deltagare_pagaende", "deltagare_avslut", "personal", "styrelse", "chefsgrupp"]
    header = ["forbund", "insats", "period", "grupp", "variant", "kon"] + [
        f"F{n}" for n in range(1, 11)
    ]
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        for i in range(rows):
            group = groups[i % len(groups)]
            spec = specs[group]
            variant = "med_kon" if spec.has_gender_variant and i % 3 else "utan_kon"
            kon = rng.choice(["kvinna", "man", "ej_uppgett"]) if variant == "med_kon" else ""
            answers = [""] * 10
            values = {}
            for q in spec.questions:
                if q.condition_number and values.get(q.condition_number) != q.condition_value:
                    continue
                value = random_answer(rng, [o.value for o in q.options], q.is_yes_no)
                values[q.number] = value
                answers[q.number - 1] = q.format(value)
            writer.writerow(
                [f"Importförbund {i % 40:02d}", f"Insats {i % 7}", "Bench import", group,
                 variant, kon, *answers]
            )  # fmt: skip


if __name__ == "__main__":
    main()
