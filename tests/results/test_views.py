"""The results pages: who may see which förbund, what the page shows, and what it never shows."""

import re

import pytest
from django.urls import reverse

from tests.results.helpers import PAGAENDE, distribute, forms, store

NBSP = "\u00a0"


def page_url(forbund, label):
    return reverse("results:forbund_period", args=[forbund.pk, label])


def text_of(response) -> str:
    """The page's visible text with tags removed and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.DOTALL)
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["results:index", "results:forbund", "results:forbund_period"],
)
def test_anonymous_user_is_sent_to_login(client, forbund, period, name):
    args = {"results:index": [], "results:forbund": [forbund.pk]}.get(name, [forbund.pk, "2021"])

    response = client.get(reverse(name, args=args))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_index_lists_only_the_users_own_forbund(client, forbund_admin, other_forbund):
    client.force_login(forbund_admin)

    response = client.get(reverse("results:index"))

    assert response.status_code == 200
    assert reverse("results:forbund", args=[forbund_admin.membership.forbund_id]) in (
        response.content.decode()
    )
    assert "Östra Södertörn" not in response.content.decode()


def test_index_lists_every_forbund_for_nns_admin(client, nns_admin, forbund, other_forbund):
    client.force_login(nns_admin)

    text = text_of(client.get(reverse("results:index")))

    assert "Södra Dalarna" in text
    assert "Östra Södertörn" in text


def test_forbund_redirects_to_the_newest_period(client, reader, forbund, period, period_2017):
    client.force_login(reader)

    response = client.get(reverse("results:forbund", args=[forbund.pk]))

    assert response.status_code == 302
    assert response.url == page_url(forbund, "2021")


def test_forbund_without_any_period_says_so(client, reader, forbund):
    client.force_login(reader)

    response = client.get(reverse("results:forbund", args=[forbund.pk]))

    assert response.status_code == 200
    assert "Det finns inga mätperioder ännu." in text_of(response)


@pytest.mark.parametrize("name", ["results:forbund", "results:forbund_period"])
def test_another_forbunds_results_are_not_found(client, outsider, forbund, period, name):
    client.force_login(outsider)
    args = [forbund.pk] if name == "results:forbund" else [forbund.pk, "2021"]

    assert client.get(reverse(name, args=args)).status_code == 404


def test_user_without_a_role_sees_no_forbund(client, forbund, period, django_user_model):
    user = django_user_model.objects.create_user("utan_roll", password="lösenord-för-test")
    client.force_login(user)

    assert client.get(page_url(forbund, "2021")).status_code == 404
    assert "Du har inte behörighet" in text_of(client.get(reverse("results:index")))


def test_unknown_period_is_not_found(client, reader, forbund, period):
    client.force_login(reader)

    assert client.get(page_url(forbund, "1999")).status_code == 404


@pytest.mark.parametrize("user", ["forbund_admin", "reader", "registrar", "nns_admin"])
def test_page_shows_the_2017_report_tables(client, request, user, forbund, report_2017, period):
    client.force_login(request.getfixturevalue(user))

    response = client.get(page_url(forbund, "2017"))

    assert response.status_code == 200
    text = text_of(response)
    assert "Resultat för Södra Dalarna, mätperiod 2017" in text
    # Table 2, with the totals the hand-made report got wrong.
    assert f"Deltagare totalt 768 139 82{NBSP}% 629" in text
    assert f"Alla grupper totalt 1{NBSP}175 179 85{NBSP}% 996" in text
    assert f"Förbundschef 16 4 75{NBSP}% 12" in text
    # Table 3.
    assert f"Enkätsvar (minst en fråga besvarad) 530 90{NBSP}%" in text
    assert "varav enkät utan variabeln kön 218" in text
    assert "varav ej uppgett kön 31" in text
    assert f"Ej nåbara under mätperioden 48 8{NBSP}%" in text
    # Table 5, question 1, with its gender rows.
    assert (
        f"Fråga 1: Får du stödet som är till stor nytta för dig? 528 73{NBSP}% "
        f"Varav kvinnor 169 78{NBSP}% Varav män 110 62{NBSP}%"
    ) in text
    assert "Har du <u>en</u> person eller <u>ett</u> team" in response.content.decode()
    # Period switcher.
    html = response.content.decode()
    assert f'href="{page_url(forbund, "2017")}" aria-current="page"' in html
    assert f'href="{page_url(forbund, "2021")}"' in html


def test_page_draws_an_accessible_chart_per_shown_distribution(client, reader, forbund, period):
    insats = forbund.insatser.create(name="Steget vidare")
    distribute(insats, period, "styrelse", 10)
    store(forms(insats, period, "styrelse", 6, f1=5, f2=1, f3=6))
    client.force_login(reader)

    html = client.get(page_url(forbund, "2021")).content.decode()

    assert html.count('<svg aria-hidden="true" focusable="false"') == 3
    assert html.count("<figcaption>") == 3
    assert '<table class="visually-hidden">' in html
    assert f'<tr><th scope="row">Till mycket stor del</th><td>6</td><td>100{NBSP}%</td></tr>' in (
        html
    )


def test_no_suppressed_figure_appears_in_the_page(client, reader, forbund, insats, period):
    distribute(insats, period, PAGAENDE, 20, 2)
    store(
        forms(insats, period, PAGAENDE, 2, f1=5, f4=1, variant="med_kon", kon="kvinna"),
        forms(insats, period, PAGAENDE, 1, f1=2, f4=2, variant="med_kon", kon="man"),
    )
    client.force_login(reader)

    response = client.get(page_url(forbund, "2021"))

    html = response.content.decode()
    text = text_of(response)
    for figure in ("67", "33", "100", "50"):
        assert f"{figure}{NBSP}%" not in html
    assert "<svg" not in html
    assert "Varav kvinnor 2" not in text
    assert "Varav män" not in text.replace("”Varav män”", "")
    assert "visas inte, färre än 5 svar" in html
    assert "Svarsfördelningen visas inte: färre än 5 svar." in text
    # Counts of asked and responses are shown: they say nothing about anyone's answers.
    assert f"Steget vidare Deltagare, pågående insats 20 2 3 17 15{NBSP}%" in text


def test_page_shows_warnings(client, reader, forbund, insats, period):
    distribute(insats, period, "personal", 1)
    store(forms(insats, period, "personal", 2, f1=3))
    client.force_login(reader)

    text = text_of(client.get(page_url(forbund, "2021")))

    assert "Att kontrollera" in text
    assert (
        "Södra Dalarna – Steget vidare – Personal: 2 svar men 1 tillfrågade, varav 0 ej nåbara. "
        "Svaren kan inte vara fler än de tillfrågade som gick att nå, så svarsfrekvens och "
        "bortfall visas inte." in text
    )


def test_page_for_a_period_without_data(client, reader, forbund, period):
    client.force_login(reader)

    text = text_of(client.get(page_url(forbund, "2021")))

    assert "Ingen utdelning är registrerad för mätperiod 2021 i Södra Dalarna." in text
    assert (
        "Det finns ingen utdelning och inga svar registrerade för förbundet under mätperioden."
        in text
    )
