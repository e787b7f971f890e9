"""Who may see which report: a förbund's own (404 for others), the national one, open data."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from matpunkt.results.releases import release_create
from tests.reports.test_forbund_report import pdf_text
from tests.results.test_views import text_of

ROLES = ["forbund_admin", "registrar", "reader", "nns_admin"]
FORBUND_URLS = [
    "results:forbund_period",
    "results:forbund_report_pdf",
    "results:forbund_report_xlsx",
]
NATIONAL_URLS = [
    "results:national_report",
    "results:national_report_pdf",
    "results:national_report_xlsx",
]
KOLADA_URLS = ["results:kolada_csv", "results:kolada_json"]


@pytest.mark.parametrize("name", FORBUND_URLS)
@pytest.mark.parametrize("role", ROLES)
def test_forbund_report_is_open_to_every_role_of_the_forbund_and_nns(
    client, request, golden, forbund, name, role
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse(name, args=[forbund.pk, "2021"]))

    assert response.status_code == 200


@pytest.mark.parametrize("name", FORBUND_URLS)
def test_another_forbunds_report_is_not_found(client, outsider, golden, forbund, name):
    client.force_login(outsider)

    assert client.get(reverse(name, args=[forbund.pk, "2021"])).status_code == 404


@pytest.mark.parametrize("name", FORBUND_URLS + NATIONAL_URLS)
def test_unknown_period_is_not_found(client, nns_admin, forbund, period, name):
    client.force_login(nns_admin)
    args = [forbund.pk, "1999"] if name in FORBUND_URLS else ["1999"]

    assert client.get(reverse(name, args=args)).status_code == 404


@pytest.mark.parametrize("name", FORBUND_URLS + NATIONAL_URLS + KOLADA_URLS + ["results:national"])
def test_anonymous_user_is_sent_to_login(client, forbund, period, name):
    args = {"results:national": [], "results:kolada_csv": [], "results:kolada_json": []}.get(
        name, [forbund.pk, "2021"] if name in FORBUND_URLS else ["2021"]
    )

    response = client.get(reverse(name, args=args))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_forbund_report_downloads_are_pdf_and_xlsx_files(client, reader, golden, forbund):
    client.force_login(reader)

    pdf = client.get(reverse("results:forbund_report_pdf", args=[forbund.pk, "2021"]))
    xlsx = client.get(reverse("results:forbund_report_xlsx", args=[forbund.pk, "2021"]))

    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="resultat-sodra-dalarna-2021.pdf"'
    assert "Resultat för Södra Dalarna, mätperiod 2021" in pdf_text(pdf.content)
    assert xlsx["Content-Disposition"] == 'attachment; filename="resultat-sodra-dalarna-2021.xlsx"'
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "Rapport"


def test_results_page_is_the_forbund_report_with_download_links(client, reader, golden, forbund):
    client.force_login(reader)

    response = client.get(reverse("results:forbund_period", args=[forbund.pk, "2021"]))

    html = response.content.decode()
    plain = text_of(response).replace("\u00a0", " ")
    assert reverse("results:forbund_report_pdf", args=[forbund.pk, "2021"]) in html
    assert reverse("results:forbund_report_xlsx", args=[forbund.pk, "2021"]) in html
    assert (
        "Fråga 1: Får du stöd på ett sätt som är till stor nytta för dig? 36 64 % 48–78 % "
        "68 % 56–77 % 71"
    ) in plain
    assert "2017 40 % 64 % +23,9 0,066 (chi2-test) ingen säker förändring" in plain
    assert '<span class="verdict' not in html  # no supported change in the förbund's own data


@pytest.mark.parametrize("name", NATIONAL_URLS)
@pytest.mark.parametrize("role", ROLES + ["outsider"])
def test_national_report_is_open_to_every_role(client, request, golden, name, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse(name, args=["2021"])).status_code == 200


@pytest.mark.parametrize("name", NATIONAL_URLS + KOLADA_URLS + ["results:national"])
def test_user_without_a_role_may_not_see_national_figures(client, golden, django_user_model, name):
    user = django_user_model.objects.create_user("utan_roll", password="lösenord-för-test")
    client.force_login(user)
    args = [] if name in KOLADA_URLS + ["results:national"] else ["2021"]

    assert client.get(reverse(name, args=args)).status_code == 403


def test_national_redirects_to_the_newest_period(client, reader, golden, period_2017):
    client.force_login(reader)

    response = client.get(reverse("results:national"))

    assert response.status_code == 302
    assert response.url == reverse("results:national_report", args=["2021"])


def test_nns_sees_data_quality_notes_and_open_data_links(client, nns_admin, golden, insats):
    from tests.results.helpers import forms, store

    store(forms(insats, golden, "personal", 20, f1=3))
    client.force_login(nns_admin)

    response = client.get(reverse("results:national_report", args=["2021"]))

    text = text_of(response)
    assert "Datakvalitet: att kontrollera" in text
    assert (
        "Södra Dalarna – Steget vidare – Personal: 23 svar men 12 tillfrågade, varav 0 ej nåbara. "
        "Svaren kan inte vara fler än de tillfrågade som gick att nå, så svarsfrekvens och "
        "bortfall visas inte." in text
    )
    assert reverse("results:kolada_csv") in response.content.decode()


def test_forbund_user_sees_national_aggregates_only(client, outsider, golden, insats):
    from tests.results.helpers import forms, store

    store(forms(insats, golden, "personal", 20, f1=3))
    client.force_login(outsider)

    response = client.get(reverse("results:national_report", args=["2021"]))

    text = text_of(response)
    assert "Datakvalitet" not in text
    assert "Steget vidare" not in text  # no other förbund's insats is named
    assert "Du ser riksnivån." in text
    assert reverse("results:kolada_csv") not in response.content.decode()


@pytest.mark.parametrize("name", KOLADA_URLS)
@pytest.mark.parametrize("role", ["forbund_admin", "reader", "outsider"])
def test_open_data_export_is_for_nns_only(client, request, golden, name, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse(name)).status_code == 403


def test_open_data_export_downloads(client, nns_admin, golden, period_2017):
    release_create(actor=nns_admin, period=period_2017)
    release_create(actor=nns_admin, period=golden)
    client.force_login(nns_admin)

    csv_response = client.get(reverse("results:kolada_csv"), {"period": "2021"})
    json_response = client.get(reverse("results:kolada_json"))

    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(csv_response.content.decode().splitlines()) == 9
    assert json_response.json()["count"] == 9
    assert client.get(reverse("results:kolada_csv"), {"period": "1999"}).status_code == 404


def test_index_links_the_national_report(client, reader):
    client.force_login(reader)

    assert reverse("results:national") in client.get(reverse("results:index")).content.decode()
