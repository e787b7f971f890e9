"""Privacy in every output: no suppressed figure, and no other förbund's answer figure, anywhere.

The dataset is full of small cells (1–4 answers in many insatser) with distinctive shares, and
one förbund just above K. Every output is rendered — the results page, the förbund report
(HTML, PDF, XLSX), the national report for a förbund user and for NNS (HTML, PDF, XLSX), the
Kolada export (CSV, JSON) and `matpunkt results` (JSON, CSV) — and searched for the forms those
shares would take: "67 %" in text, 0.666… as a number, 66.7 in open data.
"""

import io
import json
import re
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from matpunkt.results.releases import release_create
from matpunkt.results.reports.display import whole_percent
from matpunkt.results.reports.kolada import percent_one_decimal
from tests.factories import ForbundFactory, InsatsFactory
from tests.reports.conftest import submit
from tests.reports.test_forbund_report import pdf_text
from tests.results.helpers import JA, NEJ, PAGAENDE, distribute, forms, store
from tests.results.test_views import text_of

WOMEN = {"variant": "med_kon", "kon": "kvinna"}
MEN = {"variant": "med_kon", "kon": "man"}

# Shares that must never be shown (K = 5), by where they hide.
SUPPRESSED = {
    # Förbund A, deltagare pågående, F1 per insats (never shown per insats):
    "A1 F1 (2 of 3)": Fraction(2, 3),
    "A2 F1 (1 of 4)": Fraction(1, 4),
    # A's gender split of F1: 3 women (2 positive), 4 men (1 positive): both below K.
    "A women F1": Fraction(2, 3),
    "A men F1": Fraction(1, 4),
    # A's F2: 3 answers (2 positive); its distribution: Alltid 2, Aldrig 1.
    "A F2 (2 of 3)": Fraction(2, 3),
    "A F2 Aldrig (1 of 3)": Fraction(1, 3),
    # A's yes/no F4: 4 answers, 3 ja. Also the national figure (no one else answered).
    "A F4 (3 of 4)": Fraction(3, 4),
    # C's F1: 4 answers, 3 positive; C's F2: 4 answers, 1 positive.
    "C F1 (3 of 4)": Fraction(3, 4),
    "C F2 (1 of 4)": Fraction(1, 4),
    # B's styrelse F1: 3 answers, 1 positive.
    "B styrelse F1 (1 of 3)": Fraction(1, 3),
    # Personal: A's 3 answers, 1 positive; nationally the same 3.
    "A personal F1 (1 of 3)": Fraction(1, 3),
}
# Figures of other förbund that a förbund's user must not see (they are at least K).
OTHER_FORBUND = {
    "B F1 (7 of 9)": Fraction(7, 9),
    "B F2 (5 of 9)": Fraction(5, 9),
}
# D's data are not submitted: they must not reach any national figure.
UNSUBMITTED = {"D F1 (1 of 6)": Fraction(1, 6)}
# Figures of A, shown in A's own report, never in the national report.
OWN = {"A styrelse F1 (5 of 7)": Fraction(5, 7)}


@pytest.fixture
def small_cells(forbund, other_forbund, period):
    """A (Södra Dalarna, the user's), B (Östra Södertörn), C (Norra Berget) submitted; D not."""
    p = period
    a = {n: InsatsFactory(forbund=forbund, name=f"A{n}") for n in range(1, 5)}
    b1 = InsatsFactory(forbund=other_forbund, name="B1")
    c1 = InsatsFactory(forbund=ForbundFactory(name="Norra Berget"), name="C1")
    d1 = InsatsFactory(forbund=ForbundFactory(name="Västra Dalen"), name="D1")

    for insats, group, asked, unreachable in [
        (a[1], PAGAENDE, 7, 1),
        (a[2], PAGAENDE, 9, 1),
        (a[3], PAGAENDE, 2, 0),
        (a[4], PAGAENDE, 2, 0),
        (a[1], "personal", 4, 1),
        (a[2], "personal", 1, 0),
        (a[1], "styrelse", 8, 0),
        (b1, PAGAENDE, 11, 1),
        (b1, "styrelse", 3, 0),
        (c1, PAGAENDE, 6, 1),
        (d1, PAGAENDE, 7, 0),
    ]:
        distribute(insats, p, group, asked, unreachable)
    store(
        # A1: 3 women; F1 6, 5, 2; F2 6, 6, 1.
        forms(a[1], p, PAGAENDE, 1, f1=6, f2=6, **WOMEN),
        forms(a[1], p, PAGAENDE, 1, f1=5, f2=6, **WOMEN),
        forms(a[1], p, PAGAENDE, 1, f1=2, f2=1, **WOMEN),
        # A2: 4 men; F1 6, 3, 3, 4; F4 ja, ja, ja, nej.
        forms(a[2], p, PAGAENDE, 1, f1=6, f4=JA, **MEN),
        forms(a[2], p, PAGAENDE, 2, f1=3, f4=JA, **MEN),
        forms(a[2], p, PAGAENDE, 1, f1=4, f4=NEJ, **MEN),
        # A3: one form; A4: two.
        forms(a[3], p, PAGAENDE, 1, f1=5),
        forms(a[4], p, PAGAENDE, 1, f1=6),
        forms(a[4], p, PAGAENDE, 1, f1=1),
        # A personal: 3 answers, 1 positive. A styrelse: 7 answers, 5 positive.
        forms(a[1], p, "personal", 1, f1=6),
        forms(a[1], p, "personal", 1, f1=3),
        forms(a[2], p, "personal", 1, f1=4),
        forms(a[1], p, "styrelse", 3, f1=6),
        forms(a[1], p, "styrelse", 2, f1=5),
        forms(a[1], p, "styrelse", 2, f1=1),
        # B: 9 answers to F1 (7 positive) and F2 (5 positive); styrelse 3 answers, 1 positive.
        forms(b1, p, PAGAENDE, 5, f1=6, f2=5),
        forms(b1, p, PAGAENDE, 2, f1=6, f2=4),
        forms(b1, p, PAGAENDE, 1, f1=4, f2=3),
        forms(b1, p, PAGAENDE, 1, f1=2, f2=3),
        forms(b1, p, "styrelse", 1, f1=5),
        forms(b1, p, "styrelse", 2, f1=2),
        # C: 4 answers; F1 5, 5, 5, 1; F2 6, 1, 1, 2.
        forms(c1, p, PAGAENDE, 1, f1=5, f2=6),
        forms(c1, p, PAGAENDE, 1, f1=5, f2=1),
        forms(c1, p, PAGAENDE, 1, f1=5, f2=2),
        forms(c1, p, PAGAENDE, 1, f1=1, f2=1),
        # D (not submitted): 6 answers, 1 positive.
        forms(d1, p, PAGAENDE, 1, f1=6),
        forms(d1, p, PAGAENDE, 5, f1=1),
    )
    for who in (forbund, other_forbund, c1.forbund):
        submit(who, p)
    return p


def percent_pattern(share: Fraction) -> re.Pattern:
    """The share as a page shows it ("67 %", with a space or a no-break space)."""
    return re.compile(rf"(?<![\d,]){whole_percent(float(share))}[ \u00a0]%")


def assert_absent_in_text(text: str, forbidden: dict[str, Fraction], where: str) -> None:
    found = [
        (name, text[max(0, m.start() - 80) : m.end() + 10])
        for name, share in forbidden.items()
        if (m := percent_pattern(share).search(text))
    ]
    assert found == [], f"{where} shows {found}"


def assert_absent_in_workbook(content: bytes, forbidden: dict[str, Fraction], where: str):
    workbook = load_workbook(io.BytesIO(content))
    texts, numbers = [], []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, float):
                    numbers.append(value)
                elif value is not None:
                    texts.append(str(value))
    assert_absent_in_text("\n".join(texts), forbidden, where)
    found = [
        name
        for name, share in forbidden.items()
        if any(abs(number - float(share)) < 1e-9 for number in numbers)
    ]
    assert found == [], f"{where} holds the number of {found}"


def assert_absent_in_data(text: str, forbidden: dict[str, Fraction], where: str) -> None:
    """Machine-readable outputs: the unrounded fraction, and percent with one decimal."""
    found = []
    for name, share in forbidden.items():
        forms_ = [repr(float(share)), f"{percent_one_decimal(float(share))}"]
        if any(re.search(rf"(?<![\d.]){re.escape(f)}(?![\d])", text) for f in forms_):
            found.append(name)
    assert found == [], f"{where} holds {found}"


@pytest.fixture
def as_user(client, reader):
    client.force_login(reader)
    return client


def test_the_dataset_shows_what_it_may(small_cells, as_user, forbund):
    """The control: the figures at or above K are shown, so the absences below mean something."""
    response = as_user.get(reverse("results:forbund_period", args=[forbund.pk, "2021"]))
    plain = text_of(response).replace("\u00a0", " ")

    assert "Fråga 1: Får du stöd på ett sätt som är till stor nytta för dig? 10 50 %" in plain
    assert (
        "Fråga 1: Har ni strukturer för att initiera, upprätthålla och underhålla relationer "
        "mellan inblandade aktörer? 7 71 %"
    ) in plain
    assert "visas inte, färre än 5 svar" in response.content.decode()


def test_forbund_user_outputs_hold_no_suppressed_or_other_forbund_figure(
    small_cells, as_user, forbund
):
    forbidden = {**SUPPRESSED, **OTHER_FORBUND, **UNSUBMITTED}
    page = as_user.get(reverse("results:forbund_period", args=[forbund.pk, "2021"]))
    pdf = as_user.get(reverse("results:forbund_report_pdf", args=[forbund.pk, "2021"]))
    xlsx = as_user.get(reverse("results:forbund_report_xlsx", args=[forbund.pk, "2021"]))

    assert_absent_in_text(page.content.decode(), forbidden, "results page HTML")
    assert_absent_in_text(pdf_text(pdf.content), forbidden, "förbund report PDF")
    assert_absent_in_workbook(xlsx.content, forbidden, "förbund report XLSX")


@pytest.mark.parametrize("user", ["reader", "nns_admin"])
def test_national_report_holds_no_suppressed_or_forbund_figure(small_cells, client, request, user):
    client.force_login(request.getfixturevalue(user))
    forbidden = {**SUPPRESSED, **OTHER_FORBUND, **UNSUBMITTED, **OWN}

    html = client.get(reverse("results:national_report", args=["2021"]))
    pdf = client.get(reverse("results:national_report_pdf", args=["2021"]))
    xlsx = client.get(reverse("results:national_report_xlsx", args=["2021"]))

    assert html.status_code == pdf.status_code == xlsx.status_code == 200
    assert_absent_in_text(html.content.decode(), forbidden, "national report HTML")
    assert_absent_in_text(pdf_text(pdf.content), forbidden, "national report PDF")
    assert_absent_in_workbook(xlsx.content, forbidden, "national report XLSX")


def test_open_data_leaves_suppressed_cells_out(small_cells, client, nns_admin):
    release_create(actor=nns_admin, period=small_cells)
    client.force_login(nns_admin)
    forbidden = {**SUPPRESSED, **UNSUBMITTED}

    csv_text = client.get(reverse("results:kolada_csv")).content.decode()
    json_text = client.get(reverse("results:kolada_json")).content.decode()

    assert_absent_in_data(csv_text, forbidden, "Kolada CSV")
    assert_absent_in_data(json_text, forbidden, "Kolada JSON")
    # Open data is per förbund by design (NNS publishes it): A's styrelse figure is there. But
    # Riket's F1 (15 of 23) minus B's (7 of 9) would give C's suppressed 3 of 4, so B's F1 is
    # left out with C's, and A's with them (rule 6).
    assert "71.4" in csv_text
    assert "65.2" in csv_text
    assert_absent_in_data(csv_text, OTHER_FORBUND, "Kolada CSV")


@pytest.mark.parametrize("scope", [[], ["--forbund", "Södra Dalarna"]])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_results_command_output_holds_no_suppressed_figure(small_cells, scope, fmt):
    out = io.StringIO()
    call_command(
        "results", "--period", "2021", "--format", fmt, *scope, stdout=out, stderr=io.StringIO()
    )

    forbidden = dict(SUPPRESSED)
    if scope:
        forbidden.update(OTHER_FORBUND)
    assert_absent_in_data(out.getvalue(), forbidden, f"matpunkt results {fmt} {scope}")
    if fmt == "json":
        pagaende = json.loads(out.getvalue())["groups"][PAGAENDE]["questions"]
        assert pagaende["F4"]["positive"] is None
        assert pagaende["F1"]["women"] is None


def test_report_commands_hold_no_suppressed_figure(small_cells, tmp_path):
    forbidden = {**SUPPRESSED, **OTHER_FORBUND, **UNSUBMITTED, **OWN}
    path = tmp_path / "riket.pdf"

    call_command(
        "report", "national", "--period", "2021", "--format", "pdf", "-o", str(path),
        stdout=io.StringIO(),
    )  # fmt: skip

    assert_absent_in_text(pdf_text(path.read_bytes()), forbidden, "matpunkt report national")
