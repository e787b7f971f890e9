"""NNS's release of the national figures: förbund users see a period's national figures only as
NNS last released them (results.releases), and NNS releases from the submission overview or the
command line. On the golden dataset: A, B and C submitted 2021 (nation 48/71 on deltagare
pågående F1), D's 10 answers (none positive) are not submitted."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from matpunkt.core.models import AuditEvent
from matpunkt.organisations.models import Forbund
from matpunkt.responses.models import Response
from matpunkt.results.models import NationalRelease
from matpunkt.results.releases import release_create
from matpunkt.results.reports.national import build_national_report
from matpunkt.results.submission import submission_reopen, submission_submit
from tests.reports.conftest import release
from tests.reports.helpers import rows, short
from tests.results.helpers import PAGAENDE


def national_f1(period, *, full: bool) -> list[str]:
    """Deltagare pågående F1 in the national report: [question, answers, key figure, ja]."""
    report = build_national_report(period=period, full=full)
    return short(rows(report, f"questions-{PAGAENDE}"))[0]


def text_of(response) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", response.content.decode(), flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


@pytest.fixture
def fourth():
    return Forbund.objects.get(name="Västra Dalen")


# What förbund users see ---------------------------------------------------------------------------


def test_forbund_users_see_no_national_figures_before_the_first_release(golden):
    report = build_national_report(period=golden, full=False)

    assert [s.key for s in report.sections] == ["not-released", "method"]
    assert report.section("not-released").blocks[0].text == (
        "NNS har inte publicerat riksresultaten för mätperiod 2021 ännu. De visas här när NNS "
        "har publicerat dem. Förbundets egna resultat finns under förbundets resultat."
    )


def test_forbund_users_read_which_release_they_see(released):
    report = build_national_report(period=released, full=False)

    assert report.section("introduction").blocks[-2].text == (
        "Siffrorna är riksresultaten så som NNS publicerade dem 10 december 2021 (publicering "
        "nr 1). De ändras inte när ett förbund lämnar in eller öppnas igen, bara när NNS "
        "publicerar mätperioden på nytt."
    )
    assert national_f1(released, full=False) == ["Fråga 1: Får", "71", "68 %", ""]


def test_nns_reads_that_it_sees_live_data_and_when_forbund_users_got_theirs(golden):
    before = build_national_report(period=golden, full=True)
    release(golden)
    after = build_national_report(period=golden, full=True)

    assert before.section("introduction").blocks[-1].text == (
        "Du ser alla inlämnade data som de är just nu. Förbundens användare ser inga "
        "riksresultat för mätperioden förrän NNS har publicerat dem."
    )
    assert after.section("introduction").blocks[-1].text == (
        "Du ser alla inlämnade data som de är just nu. Förbundens användare ser riksresultaten "
        "så som NNS senast publicerade dem: 10 december 2021 (publicering nr 1), med skydd mot "
        "att enskilda förbunds svar kan räknas fram."
    )


def test_forbund_figures_stay_until_nns_releases_again(released, fourth, other_forbund, nns_admin):
    # D submits its 10 answers (none positive), then B (20 of 25 positive) is reopened.
    submission_submit(actor=nns_admin, forbund=fourth, period=released)
    after_submission = national_f1(released, full=False)
    submission_reopen(actor=nns_admin, forbund=other_forbund, period=released, reason="Rättelse")
    after_reopening = national_f1(released, full=False)

    assert after_submission == after_reopening == ["Fråga 1: Får", "71", "68 %", ""]
    # NNS sees the submitted data as they are: A, C and D, 28 of 56.
    assert national_f1(released, full=True) == ["Fråga 1: Får", "56", "50 %", ""]

    release(released, note="Västra Dalen har lämnat in, Östra Södertörn rättar sina data.")

    # The new release counts A, C and D. Its key figure changed by D's 10 and B's 25 answers,
    # two förbund's: the change passes rule 5 only from three förbund, so förbund users see the
    # new number of answers and no key figure, since comparing it with 68 % of the first
    # release would tell them what B and D answered.
    assert national_f1(released, full=False) == ["Fråga 1: Får", "56", "–", ""]


def test_re_release_hides_a_cell_that_one_forbund_changed(released, other_forbund, nns_admin):
    # B corrects one form from 6 to 1: the nation goes from 48/71 to 47/71. The change is two
    # answers (one removed, one added) of one förbund: förbund users comparing the two
    # releases would learn B's correction, so rule 5 hides the cell in the new release.
    submission_reopen(actor=nns_admin, forbund=other_forbund, period=released, reason="Fel")
    form = Response.objects.filter(insats__forbund=other_forbund, period=released, f1=6).first()
    form.f1 = 1
    form.save()
    submission_submit(actor=nns_admin, forbund=other_forbund, period=released)
    release(released, note="Östra Södertörn rättade en enkät.")

    assert national_f1(released, full=False) == ["Fråga 1: Får", "71", "–", ""]
    assert national_f1(released, full=True) == ["Fråga 1: Får", "71", "66 %", ""]


# release_create --------------------------------------------------------------------------------


def test_release_is_refused_when_nothing_is_submitted(period, nns_admin):
    with pytest.raises(Exception) as caught:
        release_create(actor=nns_admin, period=period)

    assert caught.value.messages == ["Inget förbund har lämnat in data för mätperiod 2021 ännu."]
    assert not NationalRelease.objects.exists()


def test_release_is_refused_when_nothing_changed_since_the_latest(released, nns_admin):
    with pytest.raises(Exception) as caught:
        release_create(actor=nns_admin, period=released, note="Igen")

    assert caught.value.messages == [
        "Riksresultaten för mätperiod 2021 är redan publicerade med samma inlämningar. Inget "
        "förbund har lämnat in eller öppnats igen sedan dess."
    ]
    assert NationalRelease.objects.filter(period=released).count() == 1


def test_a_new_release_needs_a_note(released, fourth, nns_admin):
    submission_submit(actor=nns_admin, forbund=fourth, period=released)

    with pytest.raises(Exception) as caught:
        release_create(actor=nns_admin, period=released, note="  ")

    assert caught.value.message_dict == {
        "note": [
            "Skriv varför mätperiod 2021 publiceras igen, t.ex. vilket förbund som har rättat "
            "sina data."
        ]
    }


def test_release_is_for_nns_only(golden, forbund_admin):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        release_create(actor=forbund_admin, period=golden)


def test_release_writes_an_audit_row(golden, nns_admin, forbund, other_forbund):
    made = release_create(actor=nns_admin, period=golden, note="Första publiceringen")

    event = AuditEvent.objects.get(action="release.create")
    third = Forbund.objects.get(name="Norra Berget")
    assert (event.actor, event.object_type, event.object_id) == (
        nns_admin,
        "results.nationalrelease",
        str(made.pk),
    )
    assert event.after == {
        "period": "2021",
        "number": 1,
        "forbund": sorted([forbund.pk, other_forbund.pk, third.pk]),
        "note": "Första publiceringen",
    }


# The pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["reader", "registrar", "forbund_admin", "outsider"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_release_page_is_for_nns_administrators_only(client, request, golden, role, method):
    client.force_login(request.getfixturevalue(role))
    url = reverse("results:release_confirm", args=["2021"])

    response = client.get(url) if method == "get" else client.post(url, {"note": ""})

    assert response.status_code == 403
    assert not NationalRelease.objects.exists()


def test_release_page_lists_the_forbund_and_releases(client, nns_admin, golden):
    client.force_login(nns_admin)
    url = reverse("results:release_confirm", args=["2021"])

    page = text_of(client.get(url))
    response = client.post(url, {"note": ""}, follow=True)

    assert "Inte publicerad." in page
    assert "Förbund som ingår i publiceringen Norra Berget Södra Dalarna Östra Södertörn" in page
    assert response.redirect_chain == [(reverse("results:submission_overview"), 302)]
    made = NationalRelease.objects.get()
    assert (made.number, made.released_by, made.note) == (1, nns_admin, "")
    assert (
        "Riksresultaten för mätperiod 2021 är publicerade (nr 1). Förbundens användare ser dem nu."
        in text_of(response)
    )


def test_release_page_shows_changes_and_history(client, nns_admin, released, fourth):
    submission_submit(actor=nns_admin, forbund=fourth, period=released)
    client.force_login(nns_admin)
    url = reverse("results:release_confirm", args=["2021"])

    page = text_of(client.get(url))
    refused = client.post(url, {"note": ""})

    assert (
        "Publicerad 10 december 2021, nr 1. 1 förbund har lämnat in eller öppnats igen sedan "
        "senaste publiceringen." in page
    )
    assert "Ändrat sedan publicering nr 1 Västra Dalen har lämnat in för första gången." in page
    # Number, date, who, förbund, note: the release came from the command line.
    assert "1 10 december 2021 14:00 Kommandoraden 3 –" in page
    assert refused.status_code == 400
    assert (
        "Skriv varför mätperiod 2021 publiceras igen, t.ex. vilket förbund som har rättat sina "
        "data." in text_of(refused)
    )

    client.post(url, {"note": "Västra Dalen har lämnat in."})

    assert NationalRelease.objects.filter(period=released).count() == 2
    assert "2 " in text_of(client.get(url))
    assert "Västra Dalen har lämnat in." in text_of(client.get(url))


def test_nothing_new_to_release_is_said_and_refused(client, nns_admin, released):
    client.force_login(nns_admin)
    url = reverse("results:release_confirm", args=["2021"])

    page = text_of(client.get(url))
    refused = client.post(url, {"note": "Igen"})

    assert (
        "Inget förbund har lämnat in eller öppnats igen sedan dess. Det finns inget nytt att "
        "publicera." in page
    )
    assert refused.status_code == 400
    assert "är redan publicerade med samma inlämningar" in text_of(refused)
    assert NationalRelease.objects.filter(period=released).count() == 1


def test_overview_shows_each_periods_release_state(client, nns_admin, released, period_2017):
    client.force_login(nns_admin)

    text = text_of(client.get(reverse("results:submission_overview")))

    assert "Mätperiod 2021: 3 förbund har lämnat in. Publicerad 10 december 2021, nr 1." in text
    assert reverse("results:release_confirm", args=["2021"]) in (
        client.get(reverse("results:submission_overview")).content.decode()
    )


def test_overview_says_a_period_is_not_released(client, nns_admin, golden):
    client.force_login(nns_admin)

    response = client.get(reverse("results:submission_overview"))

    assert "Mätperiod 2021: 3 förbund har lämnat in. Inte publicerad. Publicera riksresultaten" in (
        text_of(response)
    )


def test_nns_national_report_links_to_publishing(client, nns_admin, reader, golden):
    url = reverse("results:national_report", args=["2021"])
    link = reverse("results:release_confirm", args=["2021"])
    client.force_login(nns_admin)
    nns_html = client.get(url).content.decode()
    client.force_login(reader)
    reader_response = client.get(url)

    assert link in nns_html
    assert link not in reader_response.content.decode()
    assert "NNS har inte publicerat riksresultaten för mätperiod 2021 ännu." in text_of(
        reader_response
    )


# The command line ------------------------------------------------------------------------------


def test_release_command_releases_without_a_user(golden):
    out = io.StringIO()

    call_command("release", "--period", "2021", stdout=out)

    made = NationalRelease.objects.get()
    assert out.getvalue() == (
        "Riksresultaten för mätperiod 2021 är publicerade (nr 1) med 3 förbund.\n"
    )
    assert made.released_by is None
    assert AuditEvent.objects.get(action="release.create").actor is None


def test_release_command_refuses_with_the_services_message(released):
    with pytest.raises(CommandError) as caught:
        call_command("release", "--period", "2021", "--note", "Igen")

    assert str(caught.value) == (
        "Riksresultaten för mätperiod 2021 är redan publicerade med samma inlämningar. Inget "
        "förbund har lämnat in eller öppnats igen sedan dess."
    )


def test_release_command_names_an_unknown_period(db):
    with pytest.raises(CommandError) as caught:
        call_command("release", "--period", "1999")

    assert str(caught.value) == "Mätperioden ”1999” finns inte."


def test_release_note_refuses_a_personnummer(client, nns_admin, golden):
    client.force_login(nns_admin)

    response = client.post(
        reverse("results:release_confirm", args=["2021"]), {"note": "Rättat för 19800101-1234"}
    )

    assert response.status_code == 400
    assert (
        "Texten ser ut att innehålla ett personnummer. Personnummer får inte sparas i Mätpunkt: "
        "ta bort det och försök igen." in text_of(response)
    )
    assert not NationalRelease.objects.exists()
