"""The import page at /svar/importera/ and the export downloads: roles, tenancy, results."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from matpunkt.fieldwork.models import Distribution, Period
from matpunkt.organisations.models import Insats
from matpunkt.responses.models import ImportBatch, Response
from tests.factories import DistributionFactory, ResponseFactory
from tests.imports.files import DISTRIBUTION_HEADER, csv_bytes, svar, utdelning, xlsx_bytes

URL = "/svar/importera/"


def upload(client, content, name="svar.csv", kind="svarsfil", follow=True, **options):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content)}
    data.update({key: "on" for key, value in options.items() if value is True})
    data.update({key: value for key, value in options.items() if isinstance(value, str)})
    return client.post(URL, data, follow=follow)


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def test_url_name_points_at_the_page():
    assert reverse("responses:import") == URL


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/logga-in/?next={URL}"


def test_reader_gets_403_and_cannot_post(client, reader, insats, period):
    client.force_login(reader)

    assert client.get(URL).status_code == 403
    assert upload(client, csv_bytes([svar(answers=[1])]), follow=False).status_code == 403
    assert Response.objects.count() == 0


def test_registrar_sees_the_form_without_instrument_choice(client, registrar):
    client.force_login(registrar)

    response = client.get(URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields) == ["kind", "file", "create_missing", "replace"]
    assert b'href="/svar/importera/mall/svarsfil.xlsx"' in response.content
    assert b'href="/svar/exportera/utdelning.csv"' in response.content
    assert b"/svar/exportera/svarsfil." not in response.content
    assert (
        "Svarsfilen har en rad per enkät, och i en liten grupp, till exempel en styrelse, kan en "
        "rad räcka för att känna igen den som svarade. Därför kan bara förbundets administratörer "
        "och NNS-administratörer ladda ner den. Resultat och utdelning kan du ladda ner som "
        "vanligt."
    ) in response.content.decode()


@pytest.mark.parametrize("user", ["registrar", "reader"])
def test_only_administrators_may_download_the_svarsfil(client, request, user, both_forbund_data):
    client.force_login(request.getfixturevalue(user))

    for fmt in ("csv", "xlsx"):
        response = client.get(f"/svar/exportera/svarsfil.{fmt}")

        assert response.status_code == 403
        assert (
            "Därför kan bara förbundets administratörer och NNS-administratörer ladda ner den."
            in (response.content.decode())
        )


@pytest.mark.parametrize("user", ["forbund_admin", "nns_admin"])
def test_administrators_see_the_svarsfil_links(client, request, user):
    client.force_login(request.getfixturevalue(user))

    content = client.get(URL).content.decode()

    assert 'href="/svar/exportera/svarsfil.csv"' in content
    assert 'href="/svar/exportera/svarsfil.xlsx"' in content
    assert 'id="rows-refused"' not in content


def test_nns_admin_chooses_the_instrument_version_newest_first(client, nns_admin):
    client.force_login(nns_admin)

    form = client.get(URL).context["form"]

    assert form.fields["instrument"].choices == [("2021", "2021"), ("2017", "2017")]
    assert form.fields["instrument"].initial == "2021"


def test_registrar_imports_a_svarsfil(client, registrar, insats, period):
    client.force_login(registrar)
    rows = [svar(answers=[5, 6]), svar("personal", answers=[1, 2, 3])]

    response = upload(client, csv_bytes(rows, delimiter=";", bom=True))

    assert response.redirect_chain == [(URL, 302)]
    assert shown_messages(response) == ["2 svar importerade för 1 insats."]
    batch = ImportBatch.objects.get()
    assert (batch.imported_by, batch.row_count, batch.filename) == (registrar, 2, "svar.csv")
    assert Response.objects.filter(import_batch=batch).count() == 2
    assert b"svar.csv" in response.content  # listed among the recent imports


def test_same_file_again_on_the_page_says_it_was_imported(client, registrar, insats, period):
    client.force_login(registrar)
    content = xlsx_bytes([svar(answers=[5, 6])])
    upload(client, content, "svar.xlsx")

    response = upload(client, content, "svar.xlsx")

    assert shown_messages(response)[0].startswith("Filen har redan importerats (")
    assert shown_messages(response)[0].endswith("): inget nytt lagrades.")
    assert Response.objects.count() == 1


def test_problems_are_listed_in_a_table_and_nothing_is_stored(client, registrar, insats, period):
    client.force_login(registrar)
    rows = [svar(answers=[5, 9]), svar("deltagare_pagaende", "utan_kon", "man", [1])]

    response = upload(client, csv_bytes(rows))

    assert response.status_code == 200
    assert response.redirect_chain == []
    assert [(p.row, p.column, p.message) for p in response.context["problems"]] == [
        (2, "F2", "Ogiltigt svar ”9”. Tillåtna svar: 1, 2, 3, 4, 5, 6 eller tomt."),
        (3, "kon", "Kön ska vara tomt när varianten är utan_kon."),
    ]
    content = response.content.decode()
    assert "Inget lagrades: filen har 2 problem." in content
    assert "<caption>Problem i filen</caption>" in content
    assert '<td class="num">3</td>' in content
    assert Response.objects.count() == 0


def test_rows_for_another_forbund_are_refused_naming_the_row(
    client, registrar, insats, other_insats, period
):
    client.force_login(registrar)
    rows = [
        svar(answers=[5]),
        svar(answers=[5], forbund="Östra Södertörn", insats="Grannens insats"),
        svar(answers=[5], forbund="Finns inte alls", insats="Något"),
    ]

    response = upload(client, csv_bytes(rows), create_missing=True)

    own_only = "Du får bara importera rader för ditt eget förbund, Södra Dalarna."
    assert [(p.row, p.column, p.message) for p in response.context["problems"]] == [
        (3, "forbund", own_only),
        (4, "forbund", own_only),
    ]
    assert Response.objects.count() == 0


def test_outsider_cannot_import_into_the_first_forbund(
    client, outsider, insats, other_insats, period
):
    client.force_login(outsider)

    response = upload(client, csv_bytes([svar(answers=[5])]))

    assert [str(p) for p in response.context["problems"]] == [
        "Rad 2, kolumn forbund: du får bara importera rader för ditt eget förbund, Östra Södertörn."
    ]
    assert Response.objects.count() == 0


def test_registrar_may_create_insatser_but_not_periods(client, registrar, insats, period):
    client.force_login(registrar)

    refused = upload(
        client,
        csv_bytes([svar(answers=[5], insats="Ny start", period="2030")]),
        create_missing=True,
    )
    created = upload(client, csv_bytes([svar(answers=[5], insats="Ny start")]), create_missing=True)

    assert [str(p) for p in refused.context["problems"]] == [
        "Rad 2, kolumn period: okänd mätperiod ”2030”. Bara en NNS-administratör kan skapa "
        "mätperioder."
    ]
    assert not Period.objects.filter(label="2030").exists()
    assert shown_messages(created) == ["1 svar importerat för 1 insats. Nya insatser: Ny start."]
    assert Insats.objects.get(name="Ny start").forbund == insats.forbund


def test_nns_admin_creates_periods_with_the_chosen_version(client, nns_admin, insats):
    client.force_login(nns_admin)
    rows = [svar("forbundschef", answers=[5], period="2016", forbund="Nytt förbund", insats="Ny")]

    response = upload(client, csv_bytes(rows), create_missing=True, instrument="2017")

    assert shown_messages(response) == [
        "1 svar importerat för 1 insats. Nya förbund: Nytt förbund. Nya insatser: Ny. "
        "Nya mätperioder: 2016 (instrumentversion 2017)."
    ]
    assert Period.objects.get(label="2016").version.code == "2017"


def test_replace_checkbox_replaces_earlier_imported_responses(client, registrar, insats, period):
    client.force_login(registrar)
    upload(client, csv_bytes([svar(answers=[1])]), "forsta.csv")

    refused = upload(client, csv_bytes([svar(answers=[2])]), "andra.csv")
    replaced = upload(client, csv_bytes([svar(answers=[2])]), "andra.csv", replace=True)

    assert str(refused.context["problems"][0]).startswith(
        "Det finns redan importerade svar från en tidigare fil för: Södra Dalarna / Steget "
        "vidare / 2021 / deltagare_pagaende (filen forsta.csv, "
    )
    assert shown_messages(replaced) == [
        "1 svar importerat för 1 insats. 1 tidigare importerat svar ersattes."
    ]
    assert list(Response.objects.values_list("f1", flat=True)) == [2]


def test_registrar_imports_an_utdelning(client, registrar, insats, period):
    client.force_login(registrar)
    rows = [utdelning("deltagare_pagaende", 40, 3)]

    response = upload(client, csv_bytes(rows, header=DISTRIBUTION_HEADER), kind="utdelning")

    assert shown_messages(response) == [
        "Utdelning importerad för 1 insats: 1 nya, 0 ändrade och 0 oförändrade rader."
    ]
    assert Distribution.objects.values_list("asked", "unreachable").get() == (40, 3)


def test_file_over_the_upload_limit_is_refused_by_size(client, registrar, insats, period):
    client.force_login(registrar)
    content = b"x" * (50 * 1024 * 1024)

    response = upload(client, content)

    assert [str(p) for p in response.context["problems"]] == [
        "Filen är för stor (50,0 MB). Största tillåtna storlek är 20,0 MB."
    ]


@override_settings(MATPUNKT_MAX_UPLOAD_BYTES=1024)
def test_upload_limit_comes_from_the_setting(client, registrar, insats, period):
    client.force_login(registrar)

    response = upload(client, csv_bytes([svar(answers=[1])] * 40))

    assert [str(p) for p in response.context["problems"]] == [
        "Filen är för stor (3 kB). Största tillåtna storlek är 1 kB."
    ]


def test_missing_file_is_a_form_error(client, registrar):
    client.force_login(registrar)

    response = client.post(URL, {"kind": "svarsfil"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["Detta fält måste fyllas i."]}


# --- Exports ------------------------------------------------------------------------------------


@pytest.fixture
def both_forbund_data(insats, other_insats, period):
    ResponseFactory(insats=insats, period=period, group="personal", f1=4)
    ResponseFactory(insats=other_insats, period=period, group="styrelse", f1=2)
    DistributionFactory(insats=insats, period=period, group="personal", asked=5)
    DistributionFactory(insats=other_insats, period=period, group="styrelse", asked=3)


def test_export_holds_only_the_users_own_forbund(client, forbund_admin, both_forbund_data):
    client.force_login(forbund_admin)

    response = client.get("/svar/exportera/svarsfil.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="svarsfil-')
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1:] == ["Södra Dalarna;Steget vidare;2021;personal;utan_kon;;4;;;;;;;;;"]


def test_outsider_export_never_holds_the_other_forbund(client, outsider, both_forbund_data):
    client.force_login(outsider)

    response = client.get("/svar/exportera/utdelning.csv")

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1:] == ["Östra Södertörn;Grannens insats;2021;styrelse;3;0"]


def test_reader_may_export_xlsx_of_own_data(client, reader, both_forbund_data):
    client.force_login(reader)

    response = client.get("/svar/exportera/utdelning.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_export_of_unknown_kind_or_format_is_404(client, registrar):
    client.force_login(registrar)

    assert client.get("/svar/exportera/personer.csv").status_code == 404
    assert client.get("/svar/exportera/svarsfil.pdf").status_code == 404


def test_export_requires_login(client, db):
    response = client.get("/svar/exportera/svarsfil.csv")

    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")
