"""Exporting responses and distribution counts in the exchange formats the importer reads.

An export imported into an empty database gives the same data back. The command line exports
everything (narrowed by förbund or period); the page exports what `for_user` lets the user see,
and only förbund and NNS administrators may download the row-level svarsfil (`may_export_rows`).
A svarsfil carries no id, date or source, and its rows are in the order of their content.
"""

from collections.abc import Iterator

from django.db.models import F, QuerySet

from matpunkt.fieldwork.models import Distribution
from matpunkt.instrument.models import InstrumentVersion
from matpunkt.instrument.selectors import questionnaire_spec
from matpunkt.responses.fileformats import write_csv, write_xlsx
from matpunkt.responses.importing import DISTRIBUTION_COLUMNS, RESPONSE_COLUMNS
from matpunkt.responses.models import ANSWER_FIELDS, Response

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def responses_queryset(*, user=None, forbund: str = "", period: str = "") -> QuerySet[Response]:
    """All responses (user None: the command line) or those the user may see, narrowed."""
    responses = Response.objects.all() if user is None else Response.objects.for_user(user)
    if forbund:
        responses = responses.filter(insats__forbund__name=forbund)
    if period:
        responses = responses.filter(period__label=period)
    return responses


def distributions_queryset(
    *, user=None, forbund: str = "", period: str = ""
) -> QuerySet[Distribution]:
    """All distribution records (user None) or those the user may see, narrowed."""
    records = Distribution.objects.all() if user is None else Distribution.objects.for_user(user)
    if forbund:
        records = records.filter(insats__forbund__name=forbund)
    if period:
        records = records.filter(period__label=period)
    return records


def _typed(code: str, *, typed: bool) -> str | int:
    """A file code; in XLSX the numeric codes are stored as numbers."""
    return int(code) if typed and code.isdigit() else code


# Rows in the order of their content: place, then variant, gender item and answers. Never by id,
# date or source, which follow the order of arrival and would pair a web answer with its code.
# Unanswered (NULL) sorts first on every database, so SQLite and PostgreSQL write the same file.
CONTENT_ORDER = (
    "insats__forbund__name",
    "insats__name",
    "period__label",
    "group",
    "variant",
    "kon",
    *(F(name).asc(nulls_first=True) for name in ANSWER_FIELDS),
)


def response_rows(responses: QuerySet[Response], *, typed: bool = False) -> Iterator[list]:
    """Svarsfil rows, answers written as file codes (1–6, ja, nej) of each period's version,
    ordered by content (CONTENT_ORDER): identical forms are indistinguishable, whatever their
    source or arrival."""
    versions = {v.pk: v for v in InstrumentVersion.objects.all()}
    questions: dict[tuple[int, str], dict] = {}
    values = responses.order_by(*CONTENT_ORDER).values_list(
        "insats__forbund__name",
        "insats__name",
        "period__label",
        "period__version_id",
        "group",
        "variant",
        "kon",
        *ANSWER_FIELDS,
    )
    for forbund, insats, period, version_id, group, variant, kon, *answers in values.iterator(
        chunk_size=2000
    ):
        key = (version_id, group)
        if key not in questions:
            spec = questionnaire_spec(versions[version_id], group)
            questions[key] = {q.number: q for q in spec.questions} if spec else {}
        row = [forbund, insats, period, group, variant, kon]
        for number, value in enumerate(answers, start=1):
            question = questions[key].get(number)
            if value is None:
                row.append("")
            elif question is None:
                row.append(value if typed else str(value))
            else:
                row.append(_typed(question.format(value), typed=typed))
        yield row


def distribution_rows(records: QuerySet[Distribution], *, typed: bool = False) -> Iterator[list]:
    """Utdelning rows: one per insats, period and group."""
    values = records.order_by(
        "insats__forbund__name", "insats__name", "period__label", "group"
    ).values_list(
        "insats__forbund__name", "insats__name", "period__label", "group", "asked", "unreachable"
    )
    for *names, asked, unreachable in values.iterator(chunk_size=2000):
        counts = (asked, unreachable) if typed else (str(asked), str(unreachable))
        yield [*names, *counts]


def export_responses(responses: QuerySet[Response], *, fmt: str, delimiter: str = ";") -> bytes:
    """The responses as a svarsfil in CSV or XLSX."""
    if fmt == "xlsx":
        return write_xlsx(
            RESPONSE_COLUMNS, response_rows(responses, typed=True), sheet_title="Svar"
        )
    return write_csv(RESPONSE_COLUMNS, response_rows(responses), delimiter=delimiter)


def export_distribution(
    records: QuerySet[Distribution], *, fmt: str, delimiter: str = ";"
) -> bytes:
    """The distribution records as an utdelning file in CSV or XLSX."""
    if fmt == "xlsx":
        return write_xlsx(
            DISTRIBUTION_COLUMNS, distribution_rows(records, typed=True), sheet_title="Utdelning"
        )
    return write_csv(DISTRIBUTION_COLUMNS, distribution_rows(records), delimiter=delimiter)
