"""The print page: choosing a questionnaire, blank forms, the unused codes, and who may print."""

import pytest
from django.urls import reverse

from matpunkt.fieldwork.models import DistributionEntry
from matpunkt.responses.printing import runs
from tests.factories import DistributionFactory
from tests.printing.helpers import page_texts, pdf_links

GROUP, VARIANT = "deltagare_avslut", "med_kon"


def scope_args(insats, period, group=GROUP, variant=VARIANT):
    return (insats.pk, period.label, group, variant)


def url(name, insats, period, group=GROUP, variant=VARIANT):
    return reverse(f"responses:{name}", args=scope_args(insats, period, group, variant))


def pdf_of(response) -> bytes:
    return b"".join(response.streaming_content)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def codes(insats, period):
    """Four codes of the scope: two unused, one used and one voided, and one of the other
    variant."""
    distribution = DistributionFactory(insats=insats, period=period, group=GROUP, asked=0)
    rows = [
        ("1", "ABCD2345", VARIANT, False, False),
        ("2", "EFGH6789", VARIANT, False, False),
        ("3", "JKLM2345", VARIANT, True, False),
        ("4", "NPQR6789", VARIANT, False, True),
        ("5", "STUV2345", "utan_kon", False, False),
    ]
    for pseudonym, code, variant, used, voided in rows:
        DistributionEntry.objects.create(
            distribution=distribution,
            pseudonym=pseudonym,
            code=code,
            variant=variant,
            used=used,
            voided=voided,
        )
    return ["ABCD2345", "EFGH6789"]


# Access ----------------------------------------------------------------------------------------

VIEWS = ["print_scope", "print_blank", "print_codes"]


@pytest.mark.parametrize("name", VIEWS)
def test_anonymous_visitors_are_sent_to_the_login(client, insats, period, name):
    response = client.get(url(name, insats, period))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", VIEWS)
def test_a_reader_may_not_print(client, reader, insats, period, name):
    client.force_login(reader)

    assert client.get(url(name, insats, period), {"antal": 1}).status_code == 403


@pytest.mark.parametrize("name", VIEWS)
def test_another_forbunds_insats_is_not_found(client, outsider, insats, period, name):
    client.force_login(outsider)

    assert client.get(url(name, insats, period), {"antal": 1}).status_code == 404


def test_the_start_page_is_refused_to_a_reader_and_to_anonymous(client, reader, period):
    assert client.get(reverse("responses:print_start")).status_code == 302
    client.force_login(reader)

    assert client.get(reverse("responses:print_start")).status_code == 403


@pytest.mark.parametrize(
    ("group", "variant"),
    [("remittenter", "utan_kon"), ("personal", "med_kon"), ("forbundschef", "utan_kon")],
)
def test_a_questionnaire_the_insats_or_period_lacks_is_not_found(
    client, registrar, insats, period, group, variant
):
    client.force_login(registrar)

    assert client.get(url("print_scope", insats, period, group, variant)).status_code == 404


# Choosing -----------------------------------------------------------------------------------


def test_the_start_page_leads_to_the_chosen_questionnaire(client, registrar, insats, period):
    client.force_login(registrar)

    response = client.get(
        reverse("responses:print_start"),
        {"period": "2021", "insats": insats.pk, "grupp": GROUP, "variant": VARIANT},
    )

    assert response.status_code == 302
    assert response.url == url("print_scope", insats, period)


def test_the_start_page_refuses_a_group_the_insats_does_not_ask(client, registrar, insats, period):
    insats.groups = ["personal"]
    insats.save()
    client.force_login(registrar)

    response = client.get(
        reverse("responses:print_start"),
        {"period": "2021", "insats": insats.pk, "grupp": GROUP, "variant": VARIANT},
    )

    assert response.status_code == 200
    assert "Insatsen Steget vidare tillfrågar inte gruppen Deltagare, inför avslut." in (
        response.content.decode()
    )


def test_the_print_page_counts_the_codes_that_can_be_printed(
    client, registrar, insats, period, codes
):
    client.force_login(registrar)

    response = client.get(url("print_scope", insats, period))

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 koder är varken använda eller makulerade." in html
    assert "Skriv ut koder som inte är använda eller makulerade" in html
    assert "Förbundets kontaktuppgifter är inte ifyllda" not in html


def test_the_print_page_says_when_there_are_no_codes(client, registrar, insats, period):
    client.force_login(registrar)

    html = client.get(url("print_scope", insats, period)).content.decode()

    assert "Det finns inga oanvända koder för den här gruppen och varianten." in html
    assert "Skriv ut koder som inte är använda eller makulerade" not in html


def test_the_print_page_warns_about_missing_contact_details(client, registrar, insats, period):
    insats.forbund.contact_phone = ""
    insats.forbund.contact_email = ""
    insats.forbund.save()
    client.force_login(registrar)

    html = client.get(url("print_scope", insats, period)).content.decode()

    assert (
        "Förbundets kontaktuppgifter är inte ifyllda: [telefonnummer], [e-mejladress]. På "
        "enkäterna står då platshållaren kvar." in html
    )


# Printing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["registrar", "forbund_admin", "nns_admin"])
def test_blank_forms_download_as_one_pdf(request, client, insats, period, user):
    client.force_login(request.getfixturevalue(user))

    response = client.get(url("print_blank", insats, period), {"antal": 2, "sprak": "sv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="enkater_steget-vidare_2021_deltagare_avslut_med_kon_blanka.pdf"'
    )
    text = " ".join(page_texts(pdf_of(response)))
    assert text.count("Sida 1 av 3") == 2
    assert "Din kod" not in text


@pytest.mark.parametrize(
    ("antal", "message"),
    [
        ("0", "Antal blanka enkäter måste vara minst 1."),
        ("101", "Antal blanka enkäter kan vara högst 100 i en PDF."),
        ("tio", "Antal blanka enkäter: ange ett heltal."),
        ("", "Antal blanka enkäter: ange ett antal."),
    ],
)
def test_a_bad_number_of_blank_forms_is_refused(client, registrar, insats, period, antal, message):
    client.force_login(registrar)

    response = client.get(url("print_blank", insats, period), {"antal": antal})

    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_language_without_an_approved_translation_is_refused(client, registrar, insats, period):
    client.force_login(registrar)

    response = client.get(url("print_blank", insats, period), {"antal": 1, "sprak": "ar"})

    assert response.status_code == 400
    assert "Språk: ”ar” finns inte som godkänd översättning av enkäten." in (
        response.content.decode()
    )


def test_the_codes_print_run_has_a_copy_per_unused_code(client, registrar, insats, period, codes):
    client.force_login(registrar)

    response = client.get(url("print_codes", insats, period))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="enkater_steget-vidare_2021_deltagare_avslut_med_kon_koder.pdf"'
    )
    pdf = pdf_of(response)
    text = " ".join(page_texts(pdf))
    assert text.count("Sida 1 av 3") == 2
    for code in codes:
        assert text.count(code) == 1
    for left_out in ("JKLM2345", "NPQR6789", "STUV2345"):
        assert left_out not in text
    assert pdf_links(pdf) == {f"http://testserver/e/{code}" for code in codes}


def test_the_codes_link_to_the_configured_site_address(
    settings, client, registrar, insats, period, codes
):
    settings.MATPUNKT_PUBLIC_BASE_URL = "https://enkat.example.org"
    client.force_login(registrar)

    pdf = pdf_of(client.get(url("print_codes", insats, period)))

    assert pdf_links(pdf) == {f"https://enkat.example.org/e/{code}" for code in codes}


def test_many_codes_are_printed_in_parts(monkeypatch, client, registrar, insats, period, codes):
    monkeypatch.setattr(runs, "MAX_COPIES", 1)
    client.force_login(registrar)

    page = client.get(url("print_scope", insats, period)).content.decode()
    second = client.get(url("print_codes", insats, period), {"delnr": 2})

    assert "Skriv ut kod 1–1" in page
    assert "Skriv ut kod 2–2" in page
    assert second["Content-Disposition"] == (
        'attachment; filename="enkater_steget-vidare_2021_deltagare_avslut_med_kon_koder_del-2.pdf"'
    )
    text = " ".join(page_texts(pdf_of(second)))
    assert "EFGH6789" in text
    assert "ABCD2345" not in text


def test_printing_codes_when_none_are_left_says_so(client, registrar, insats, period):
    client.force_login(registrar)

    response = client.get(url("print_codes", insats, period), follow=True)

    assert response.redirect_chain == [(url("print_scope", insats, period), 302)]
    assert messages_of(response) == ["Det finns inga oanvända koder att skriva ut."]


def test_printing_is_read_only(client, registrar, insats, period):
    client.force_login(registrar)

    assert client.post(url("print_blank", insats, period), {"antal": 1}).status_code == 405
