"""Print runs: which codes to print for an insats, period, group and variant, in batches, and the
file name of the PDF."""

import math

from django.utils.text import slugify

from matpunkt.fieldwork.models import DistributionEntry

# Most copies in one PDF: 8–14 s of rendering on a 2-core server, inside the 30 s a gunicorn
# worker is given for a request by default.
MAX_COPIES = 100


def printable_codes(*, insats, period, group: str, variant: str) -> list[str]:
    """The issued codes of the scope that are neither used nor voided, in the order issued."""
    return list(
        DistributionEntry.objects.filter(
            distribution__insats=insats,
            distribution__period=period,
            distribution__group=group,
            variant=variant,
            code__isnull=False,
            used=False,
            voided=False,
        )
        .order_by("pk")
        .values_list("code", flat=True)
    )


def batch_count(count: int) -> int:
    """How many PDFs of at most MAX_COPIES copies `count` copies need."""
    return math.ceil(count / MAX_COPIES)


def batches(count: int) -> list[tuple[int, int, int]]:
    """(number, first, last) of each batch of `count` copies; first and last count from 1."""
    return [
        (number, (number - 1) * MAX_COPIES + 1, min(number * MAX_COPIES, count))
        for number in range(1, batch_count(count) + 1)
    ]


def batch(items: list, number: int) -> list:
    """Batch `number` (from 1) of the items, MAX_COPIES at a time; [] past the end."""
    start = (number - 1) * MAX_COPIES
    return items[start : start + MAX_COPIES] if number >= 1 else []


def print_filename(*, insats, period, group: str, variant: str, kind: str, part: int = 0) -> str:
    """E.g. "enkater_steget-vidare_2021_deltagare_avslut_med_kon_koder_del-2.pdf"."""
    pieces = ["enkater", slugify(insats.name), slugify(period.label), group, variant, kind]
    if part:
        pieces.append(f"del-{part}")
    return "_".join(piece for piece in pieces if piece) + ".pdf"
