"""Benchmark: one PDF print run of 100 personalised questionnaires.

    .venv/bin/python -m bench.bench_print --copies 100

Renders deltagare_avslut (version 2021, with the gender item) for 100 fresh one-time codes, the
way the print page does, and prints the median wall time of 3 runs with the size and page count of
the PDF. The database only supplies the instrument, a förbund and an insats: it is a SQLite file
of its own (bench/out/print.sqlite3), so the other benchmarks' databases are left alone.
"""

import argparse
import io
import json
import os
import sys

from bench.common import OUT, ROOT, timed


def setup_django() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    os.environ["MATPUNKT_VAR_DIR"] = str(OUT)
    os.environ.setdefault("MATPUNKT_DEBUG", "1")
    os.environ["DATABASE_URL"] = f"sqlite:///{OUT / 'print.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "matpunkt.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--group", default="deltagare_avslut")
    parser.add_argument("--variant", default="med_kon")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_django()

    import pypdf

    from matpunkt.fieldwork.codes import new_code
    from matpunkt.fieldwork.models import Period
    from matpunkt.instrument.models import InstrumentVersion
    from matpunkt.organisations.models import Forbund, Insats
    from matpunkt.responses.printing.render import render_questionnaire_pdf

    forbund, _created = Forbund.objects.get_or_create(
        name="Utskriftsförbundet",
        defaults={
            "contact_name": "Kim Kontakt",
            "contact_role": "Förbundschef",
            "contact_phone": "010-123 45 67",
            "contact_email": "kim@example.org",
        },
    )
    insats, _created = Insats.objects.get_or_create(
        forbund=forbund, name="Steget vidare", defaults={"groups": [args.group]}
    )
    period, _created = Period.objects.get_or_create(
        label="Bench print", defaults={"version": InstrumentVersion.objects.get(code="2021")}
    )
    codes = [new_code() for _ in range(args.copies)]

    def run() -> bytes:
        return render_questionnaire_pdf(
            period=period,
            insats=insats,
            group=args.group,
            variant=args.variant,
            copies=codes,
            base_url="https://matpunkt.example.org",
        )

    seconds, pdf = timed(run, repeat=args.repeat)
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    figures = {
        "group": args.group,
        "variant": args.variant,
        "copies": args.copies,
        "pages": pages,
        "pdf_bytes": len(pdf),
        "median_s": round(seconds, 2),
        "per_copy_ms": round(1000 * seconds / args.copies, 1),
    }
    print(json.dumps(figures, indent=2))
    (OUT / "print.json").write_text(json.dumps(figures, indent=2))
    (OUT / "print-run.pdf").write_bytes(pdf)


if __name__ == "__main__":
    main()
