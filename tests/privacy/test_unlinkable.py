"""Web answers cannot be linked to the code or visit that made them, from any role's chair.

Five codes are answered in a known order that differs from the order of the answers' content,
with a distinct answer pattern each, and one more questionnaire comes in through an open link.
Then every role reads everything it can: the staff pages (crawled from the start page and from
the pages that show responses, codes, comments and distribution), every CSV, XLSX and JSON
download, the command line exports and the Django admin. Nothing may list a web response on its
own, follow the order of arrival, carry the day a code was used or name a web response's key.
"""

import csv
import datetime
import io
import json
import re
import uuid
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlencode

import openpyxl
import pytest
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone

from matpunkt.core.models import AuditEvent
from matpunkt.fieldwork.models import DistributionEntry, OpenLink
from matpunkt.responses.models import Comment, RegistrationToken, Response, Source
from matpunkt.responses.services import response_register
from tests.codes.helpers import issue
from tests.factories import PeriodFactory, ResponseFactory

PAGAENDE, AVSLUT = "deltagare_pagaende", "deltagare_avslut"
ROLES = ["nns_admin", "forbund_admin", "registrar", "reader"]
ADMINS = {"nns_admin", "forbund_admin"}
SVARSFIL_HEADER = ["forbund", "insats", "period", "grupp", "variant", "kon"]

# The codes' list numbers in the order they are used, and what each web questionnaire answers:
# (gender item, F1, F2, F3, F4 ja=1/nej=2, F5, F6, F7). No two share a run of three answers.
USE_ORDER = ["4", "1", "5", "3", "2"]
WEB_ANSWERS = [
    ("kvinna", 4, 6, 1, 1, 3, 2, 5),
    ("man", 2, 5, 3, 2, 6, 1, 4),
    ("kvinna", 6, 1, 4, 1, 2, 5, 3),
    ("ej_uppgett", 1, 3, 6, 2, 5, 4, 2),
    ("man", 5, 2, 5, 1, 1, 6, 6),
]
OPEN_LINK_ANSWERS = ("kvinna", 3, 4, 2, 2, 1, 5, 1)
COMMENTS = ["Ödmjuk personal", "Bra bemötande", "Långa väntetider"]
# Paper forms typed in by staff: these may be listed one by one.
PAPER_ANSWERS = [(2, 2, 2, 1, 2, 2, 2), (5, 5, 5, 2, 5, 5, 5)]


def _form(answers):
    kon, *values = answers
    data = {"kon": kon}
    for number, value in enumerate(values, start=1):
        data[f"f{number}"] = str(value)
    return data


@pytest.fixture
def period(db):
    """A period that is open for collection today."""
    today = timezone.localdate()
    return PeriodFactory(
        label=str(today.year),
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
    )


@pytest.fixture
def world(client, forbund, insats, period, registrar, other_insats):
    """Codes answered in a known order, an open-link answer, comments and two paper forms."""
    audit_before = AuditEvent.objects.count()
    entries = issue(registrar, insats, period, group=PAGAENDE, variant="med_kon", count=5)
    by_number = {entry.pseudonym: entry.code for entry in entries}
    link = OpenLink.objects.create(
        insats=insats, period=period, group=AVSLUT, variant="med_kon", token="t" * 22
    )
    audit_issued = AuditEvent.objects.count()
    web_pks = []
    for index, (number, answers) in enumerate(zip(USE_ORDER, WEB_ANSWERS, strict=True)):
        data = _form(answers)
        if index < len(COMMENTS):
            data["comment"] = COMMENTS[index]
        page = client.post(f"/e/{by_number[number]}", data)
        assert page.status_code == 303, page.content.decode()[:500]
        web_pks.append(Response.objects.latest("pk").pk)
    start = client.get(f"/o/{link.token}")
    page = client.post(start["Location"], _form(OPEN_LINK_ANSWERS))
    assert page.status_code == 303
    web_pks.append(Response.objects.latest("pk").pk)
    audit_web = AuditEvent.objects.count()
    paper_pks = [
        response_register(
            actor=registrar,
            token=uuid.uuid4(),
            insats=insats,
            period=period,
            group=PAGAENDE,
            variant="med_kon",
            kon="kvinna",
            answers=dict(enumerate(answers, start=1)),
        ).pk
        for answers in PAPER_ANSWERS
    ]
    client.logout()
    return {
        "insats": insats,
        "period": period,
        "forbund": forbund,
        "web_pks": web_pks,
        "paper_pks": paper_pks,
        "codes": [by_number[number] for number in USE_ORDER],
        "audit": (audit_before, audit_issued, audit_web),
    }


# Reading documents -------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Every table row of a page as a list of its cells' texts, and every link."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _document(response) -> dict:
    """A downloaded page or file as text, table rows and links."""
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        rows = [
            ["" if value is None else str(value) for value in row]
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        ]
        return {"text": "\n".join(";".join(row) for row in rows), "rows": rows, "links": []}
    text = body.decode("utf-8-sig")
    if "text/csv" in content_type:
        delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        return {"text": text, "rows": rows, "links": []}
    if "html" in content_type:
        parser = _Tables()
        parser.feed(text)
        return {"text": text, "rows": parser.rows, "links": parser.links}
    return {"text": text, "rows": [], "links": []}


SKIPPED_PREFIXES = ("/admin/", "/e/", "/o/", "/static/", "/media/", "/logga-ut/", "/i18n/")


def _followable(href: str) -> bool:
    path = href.split("?", 1)[0]
    return (
        href.startswith("/")
        and not href.startswith(SKIPPED_PREFIXES)
        and not path.endswith((".pdf", ".svg"))
    )


def read_everything(client, seeds: list[str], *, limit: int = 400) -> dict[str, dict]:
    """Every GET page and download reachable by links from the seeds, by address."""
    seen: dict[str, dict] = {}
    queue = list(seeds)
    while queue and len(seen) < limit:
        url = urldefrag(queue.pop(0))[0]
        if url in seen:
            continue
        response = client.get(url)
        if response.status_code != 200:
            seen[url] = {"status": response.status_code, "text": "", "rows": [], "links": []}
            continue
        document = {"status": 200, **_document(response)}
        seen[url] = document
        queue.extend(href for href in document["links"] if _followable(href))
    assert len(seen) < limit, "the crawl did not finish: raise the limit"
    return seen


def _seeds(world) -> list[str]:
    insats, period = world["insats"], world["period"]
    forbund = world["forbund"]
    scope = f"{insats.pk}/{period.label}"
    return [
        "/",
        f"/svar/registrera/{scope}/{PAGAENDE}/med_kon/",
        f"/svar/registrera/{scope}/{PAGAENDE}/utan_kon/",
        f"/svar/registrera/{scope}/{AVSLUT}/med_kon/",
        reverse("fieldwork:codes_scope", args=[period.pk, insats.pk, PAGAENDE]),
        reverse("fieldwork:codes_scope", args=[period.pk, insats.pk, AVSLUT]),
        reverse("fieldwork:codes_csv", args=[period.pk, insats.pk, PAGAENDE]),
        f"{reverse('fieldwork:codes_index')}?{urlencode({'period': period.pk})}",
        f"{reverse('fieldwork:distribution_list')}?{urlencode({'period': period.pk})}",
        reverse("fieldwork:distribution_entries", args=[period.pk, insats.pk, PAGAENDE]),
        f"{reverse('comments:list')}?{urlencode({'period': period.pk})}",
        reverse("results:forbund_period", args=[forbund.pk, period.label]),
        reverse("results:forbund_report_xlsx", args=[forbund.pk, period.label]),
        reverse("results:submission_detail", args=[forbund.pk, period.label]),
        reverse("responses:import"),
        "/svar/exportera/svarsfil.csv",
        "/svar/exportera/svarsfil.xlsx",
        "/svar/exportera/utdelning.csv",
        "/svar/exportera/utdelning.xlsx",
    ]


# What nothing may show -------------------------------------------------------------------------


def _runs(answers) -> list[list[str]]:
    """Runs of three answers that would show a form listed on its own, as cells or columns."""
    _kon, *values = answers
    return [[str(value) for value in values[i : i + 3]] for i in (0, 4)]


def _has_run(row: list[str], run: list[str]) -> bool:
    return any(row[i : i + len(run)] == run for i in range(len(row) - len(run) + 1))


def _is_svarsfil(document: dict) -> bool:
    return bool(document["rows"]) and document["rows"][0][:6] == SVARSFIL_HEADER


def _web_rows_in_file_order(document: dict) -> list[tuple]:
    """The web questionnaires' rows in a svarsfil, in the order the file gives them."""
    web = {(kon, *(str(v) for v in values)) for kon, *values in WEB_ANSWERS}
    found = []
    for row in document["rows"][1:]:
        if len(row) < 9:
            continue  # another sheet, e.g. the lists of a template
        # The gender item and F1–F3 identify a pattern (F4 is written ja/nej in the file).
        probe = (row[5], row[6], row[7], row[8])
        found.extend(candidate for candidate in web if candidate[:4] == probe)
    return found


def _content_order(answers_list) -> list[tuple]:
    """The order of the svarsfil: gender item, then the answers, as the database sorts them."""
    ordered = sorted(answers_list, key=lambda answers: (answers[0], *answers[1:]))
    return [(kon, *(str(v) for v in values)) for kon, *values in ordered]


def _dates_of_today() -> list[str]:
    today = timezone.localdate()
    return [
        today.isoformat(),
        formats.date_format(today, "DATE_FORMAT"),
        formats.date_format(today, "SHORT_DATE_FORMAT"),
        today.strftime("%d/%m/%Y"),
    ]


def test_the_arrival_order_differs_from_the_order_of_content():
    """The proof is only a proof if sorting by content cannot reproduce the arrival order."""
    arrival = [(kon, *(str(v) for v in values)) for kon, *values in WEB_ANSWERS]
    assert _content_order(WEB_ANSWERS) != arrival


@pytest.mark.parametrize("role", ROLES)
def test_nothing_a_role_reads_links_a_web_answer_to_its_code(client, request, world, role):
    client.force_login(request.getfixturevalue(role))

    documents = read_everything(client, _seeds(world))

    web_keys = {str(pk) for pk in world["web_pks"]}
    today = _dates_of_today()
    problems = []
    for url, document in documents.items():
        if document["status"] != 200:
            continue
        # A report says when it was made ("Skapad 3 december 2026 14:05"): not an answer's day.
        text = re.sub(r"Skapad \d{1,2} \w+ \d{4} \d{2}:\d{2}", "Skapad", document["text"])
        for pk in re.findall(r"/svar/registrera/enkat/(\d+)/", text):
            if pk in web_keys:
                problems.append(f"{url}: links web response {pk}")
        for day in today:
            if day in text:
                problems.append(f"{url}: shows today's date {day}")
        for code in world["codes"]:
            used_marker = re.search(re.escape(code) + r"[^\n]{0,200}\d{4}-\d{2}-\d{2}", text)
            if used_marker:
                problems.append(f"{url}: a date next to code {code}")
        if _is_svarsfil(document):
            order = _web_rows_in_file_order(document)
            if order and order != _content_order(WEB_ANSWERS):
                problems.append(f"{url}: web rows in the order {order}, not by content")
            continue
        for answers in [*WEB_ANSWERS, OPEN_LINK_ANSWERS]:
            for run in _runs(answers):
                for row in document["rows"]:
                    if _has_run(row, run):
                        problems.append(f"{url}: lists a web response on its own: {row}")
    assert problems == []
    downloaded = {url for url, doc in documents.items() if doc["status"] == 200}
    # The crawl reached the pages that show responses, codes, comments and distribution.
    insats, period = world["insats"], world["period"]
    expected = {
        reverse("fieldwork:codes_scope", args=[period.pk, insats.pk, PAGAENDE]),
        reverse("fieldwork:distribution_entries", args=[period.pk, insats.pk, PAGAENDE]),
        reverse("results:forbund_period", args=[world["forbund"].pk, period.label]),
        reverse("results:forbund_report_xlsx", args=[world["forbund"].pk, period.label]),
        "/svar/exportera/utdelning.csv",
    }
    if role != "nns_admin":
        expected.add(f"{reverse('comments:list')}?{urlencode({'period': period.pk})}")
    if role != "reader":
        expected.add(f"/svar/registrera/{insats.pk}/{period.label}/{PAGAENDE}/med_kon/")
        expected.add(reverse("fieldwork:codes_csv", args=[period.pk, insats.pk, PAGAENDE]))
    if role in ADMINS:
        expected |= {"/svar/exportera/svarsfil.csv", "/svar/exportera/svarsfil.xlsx"}
    assert expected <= downloaded
    svarsfil = {"/svar/exportera/svarsfil.csv", "/svar/exportera/svarsfil.xlsx"}
    if role in ADMINS:
        for url in svarsfil:
            assert _web_rows_in_file_order(documents[url]) == _content_order(WEB_ANSWERS)
    else:
        assert {documents[url]["status"] for url in svarsfil} == {403}


@pytest.mark.parametrize("role", ["forbund_admin", "registrar", "nns_admin"])
def test_a_web_response_cannot_be_opened_by_its_key(client, request, world, role):
    client.force_login(request.getfixturevalue(role))

    for pk in world["web_pks"]:
        assert client.get(f"/svar/registrera/enkat/{pk}/andra/").status_code == 404
        assert client.get(f"/svar/registrera/enkat/{pk}/ta-bort/").status_code == 404
        assert client.post(f"/svar/registrera/enkat/{pk}/ta-bort/", {}).status_code == 404
    assert client.get(f"/svar/registrera/enkat/{world['paper_pks'][0]}/andra/").status_code == 200
    assert Response.objects.filter(source=Source.WEB).count() == 6


def test_the_registration_list_shows_paper_forms_and_only_a_count_of_web_answers(
    client, registrar, world
):
    client.force_login(registrar)
    insats, period = world["insats"], world["period"]

    page = client.get(f"/svar/registrera/{insats.pk}/{period.label}/{PAGAENDE}/med_kon/")

    html = page.content.decode()
    document = _document(page)
    stored = [row for row in document["rows"] if row and row[0] in {"1", "2"}]
    assert [row[:9] for row in stored] == [
        ["2", "Kvinna", "5", "5", "5", "n", "5", "5", "5"],
        ["1", "Kvinna", "2", "2", "2", "j", "2", "2", "2"],
    ]
    assert len(document["rows"]) == 3
    assert (
        "5 webbenkäter har kommit in. Webbsvar visas bara som antal, aldrig ett och ett, så att "
        "ingen kan koppla ett svar till en kod eller länk."
    ) in html


def test_the_comments_are_in_the_order_of_their_text_without_a_date(client, forbund_admin, world):
    client.force_login(forbund_admin)

    page = client.get(reverse("comments:list"), {"period": world["period"].pk})

    html = page.content.decode()
    shown = re.findall(r"<li><p>([^<]+)</p>", html)
    assert shown == ["Bra bemötande", "Långa väntetider", "Ödmjuk personal"]
    assert shown != COMMENTS
    assert not re.search(r"\d{4}-\d{2}-\d{2}", html.split("<h1>", 1)[1])


def test_the_command_line_exports_follow_content_not_arrival(world, capsys):
    call_command("export_responses", period=world["period"].label)
    svarsfil = capsys.readouterr().out
    call_command("results", period=world["period"].label, format="json")
    results = json.loads(capsys.readouterr().out)
    call_command("export_distribution", period=world["period"].label)
    distribution = capsys.readouterr().out

    rows = list(csv.reader(io.StringIO(svarsfil.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:6] == SVARSFIL_HEADER
    assert _web_rows_in_file_order({"rows": rows}) == _content_order(WEB_ANSWERS)
    assert "web" not in svarsfil
    assert timezone.localdate().isoformat() not in svarsfil + distribution
    assert results["groups"][PAGAENDE]["responses"] == 7
    assert results["groups"][AVSLUT]["responses"] == 1


def test_the_admin_never_shows_a_web_response(client, nns_admin, world):
    nns_admin.is_staff = True
    nns_admin.save()
    client.force_login(nns_admin)

    listing = client.get("/admin/responses/response/")
    changes = [client.get(f"/admin/responses/response/{pk}/change/") for pk in world["web_pks"]]
    paper = client.get(f"/admin/responses/response/{world['paper_pks'][0]}/change/")
    entries = client.get("/admin/fieldwork/distributionentry/")

    html = listing.content.decode()
    assert listing.status_code == 200
    assert "2 svar" in html
    for pk in world["web_pks"]:
        assert f"/admin/responses/response/{pk}/change/" not in html
    assert [page.status_code for page in changes] == [302] * 6
    assert paper.status_code == 200
    assert timezone.localdate().isoformat() not in entries.content.decode()


def test_the_database_keeps_no_day_or_link_for_a_web_answer(world):
    def date_fields(model):
        return {
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, models.DateField | models.DateTimeField)
        }

    assert date_fields(DistributionEntry) == {"handed_out_on"}
    assert DistributionEntry._meta.get_field("used").get_internal_type() == "BooleanField"
    assert date_fields(Comment) == set()
    assert date_fields(RegistrationToken) == set()
    assert set(
        Response.objects.filter(pk__in=world["web_pks"]).values_list("source", "recorded_on")
    ) == {("web", None)}
    assert Response.objects.filter(source=Source.WEB).count() == 6
    assert set(
        DistributionEntry.objects.filter(code__in=world["codes"]).values_list("used", flat=True)
    ) == {True}
    audit_before, audit_issued, audit_web = world["audit"]
    assert audit_issued > audit_before  # issuing is audited ...
    assert audit_web == audit_issued  # ... answering writes no audit row with its time


def test_imported_forms_are_counted_on_the_registration_page_not_listed(
    client, registrar, insats, period
):
    imported = ResponseFactory(
        insats=insats, period=period, variant="med_kon", kon="man", f1=4, source=Source.IMPORT
    )
    client.force_login(registrar)

    page = client.get(f"/svar/registrera/{insats.pk}/{period.label}/{PAGAENDE}/med_kon/")

    html = page.content.decode()
    assert "1 enkät kommer från importerade filer." in html
    assert "Inga pappersenkäter är registrerade här ännu." in html
    assert f"/svar/registrera/enkat/{imported.pk}/" not in html
    assert client.get(f"/svar/registrera/enkat/{imported.pk}/andra/").status_code == 404
