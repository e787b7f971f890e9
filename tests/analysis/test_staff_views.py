"""The submission and goal pages: who may see and do what, and what the pages say."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from matpunkt.results.models import Goal, GoalKind, Submission
from matpunkt.results.submission import is_locked, submission_reopen, submission_submit
from tests.analysis.conftest import answer
from tests.analysis.test_goals import HANTERA, target_goal
from tests.results.helpers import PAGAENDE, distribute, forms, store

NBSP = "\u00a0"


def text_of(response) -> str:
    """The page's visible text with tags removed and whitespace collapsed."""
    html = response.content.decode()
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def data(insats, period):
    distribute(insats, period, PAGAENDE, 12)
    store(forms(insats, period, PAGAENDE, 9, f1=5))
    return insats


def detail_url(forbund, label="2021"):
    return reverse("results:submission_detail", args=[forbund.pk, label])


def confirm_url(forbund, label="2021"):
    return reverse("results:submission_confirm", args=[forbund.pk, label])


def reopen_url(forbund, label="2021"):
    return reverse("results:submission_reopen", args=[forbund.pk, label])


def goal_urls(forbund, goal):
    return {
        "list": reverse("results:goal_list", args=[forbund.pk]),
        "create": reverse("results:goal_create", args=[forbund.pk]),
        "edit": reverse("results:goal_edit", args=[forbund.pk, goal.pk]),
        "delete": reverse("results:goal_delete", args=[forbund.pk, goal.pk]),
    }


# Who may see what ---------------------------------------------------------------------------------


def _urls(forbund, goal):
    return {
        "submission_list": reverse("results:submission_list", args=[forbund.pk]),
        "submission_detail": detail_url(forbund),
        "submission_confirm": confirm_url(forbund),
        "goal_list": reverse("results:goal_list", args=[forbund.pk]),
        "goal_create": reverse("results:goal_create", args=[forbund.pk]),
        "goal_edit": reverse("results:goal_edit", args=[forbund.pk, goal.pk]),
        "goal_delete": reverse("results:goal_delete", args=[forbund.pk, goal.pk]),
    }


USERS = ["reader", "registrar", "forbund_admin", "nns_admin", "outsider"]
# Status codes of a GET for each user above, in that order.
GET_MATRIX = [
    ("submission_list", (302, 302, 302, 302, 404)),
    ("submission_detail", (200, 200, 200, 200, 404)),
    ("submission_confirm", (403, 403, 200, 200, 404)),
    ("goal_list", (200, 200, 200, 200, 404)),
    ("goal_create", (403, 403, 200, 200, 404)),
    ("goal_edit", (403, 403, 200, 200, 404)),
    ("goal_delete", (403, 403, 200, 200, 404)),
]


@pytest.mark.parametrize(("page", "statuses"), GET_MATRIX)
def test_get_permissions(client, request, forbund, period, data, page, statuses):
    goal = target_goal(forbund)
    url = _urls(forbund, goal)[page]
    for user, expected in zip(USERS, statuses, strict=True):
        client.force_login(request.getfixturevalue(user))

        assert client.get(url).status_code == expected, user


@pytest.mark.parametrize("page", ["submission_detail", "goal_list", "goal_create"])
def test_anonymous_user_is_sent_to_login(client, forbund, period, page):
    goal = target_goal(forbund)

    response = client.get(_urls(forbund, goal)[page])

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_goal_of_another_forbund_is_not_found_under_ones_own(
    client, forbund_admin, forbund, other_forbund
):
    foreign = target_goal(other_forbund)
    client.force_login(forbund_admin)

    assert client.get(reverse("results:goal_edit", args=[forbund.pk, foreign.pk])).status_code == (
        404
    )
    assert client.post(
        reverse("results:goal_delete", args=[forbund.pk, foreign.pk])
    ).status_code == (404)
    assert Goal.objects.filter(pk=foreign.pk).exists()


def test_unknown_period_is_not_found(client, reader, forbund, period):
    client.force_login(reader)

    assert client.get(detail_url(forbund, "1999")).status_code == 404


@pytest.mark.parametrize(
    ("user", "status"), [("nns_admin", 200), ("forbund_admin", 403), ("reader", 403)]
)
def test_only_nns_sees_the_overview(client, request, forbund, period, user, status):
    client.force_login(request.getfixturevalue(user))

    assert client.get(reverse("results:submission_overview")).status_code == status


# Submitting and reopening on the pages ------------------------------------------------------------


def test_submission_list_goes_to_the_newest_period(client, reader, forbund, period, period_2017):
    client.force_login(reader)

    response = client.get(reverse("results:submission_list", args=[forbund.pk]))

    assert response.url == detail_url(forbund, "2021")


def test_confirmation_lists_what_will_be_locked(client, forbund_admin, forbund, period, data):
    client.force_login(forbund_admin)

    text = text_of(client.get(confirm_url(forbund)))

    assert "Lämna in Södra Dalarnas data för mätperiod 2021" in text
    assert "Steget vidare Deltagare, pågående insats 12 9" in text
    assert "Totalt, 1 insats 12 9" in text
    assert "Lämna in och lås" in text


def test_submitting_on_the_page_locks_the_data(client, forbund_admin, forbund, period, data):
    client.force_login(forbund_admin)

    response = client.post(confirm_url(forbund), follow=True)

    assert response.redirect_chain == [(detail_url(forbund), 302)]
    text = text_of(response)
    assert "Förbundets data för mätperiod 2021 är inlämnade och låsta." in text
    assert "Inlämnad och låst" in text
    assert re.search(r"Inlämnad \d+ \w+ \d{4} \d\d:\d\d av anna_admin\.", text)
    assert is_locked(forbund.pk, period.pk)


def test_submitting_nothing_on_the_page_says_why(client, forbund_admin, forbund, period):
    client.force_login(forbund_admin)
    assert "Lämna in och lås" not in text_of(client.get(confirm_url(forbund)))

    response = client.post(confirm_url(forbund), follow=True)

    assert "Det finns varken utdelning eller svar för mätperiod 2021 att lämna in." in text_of(
        response
    )
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("user", "status"), [("reader", 403), ("registrar", 403), ("outsider", 404)]
)
def test_submitting_is_refused_to_others(client, request, forbund, period, data, user, status):
    client.force_login(request.getfixturevalue(user))

    assert client.post(confirm_url(forbund)).status_code == status
    assert not Submission.objects.exists()


@pytest.fixture
def submitted(data, forbund, forbund_admin, period):
    return submission_submit(actor=forbund_admin, forbund=forbund, period=period)


def test_reopening_on_the_page_needs_a_reason(client, forbund_admin, forbund, period, submitted):
    client.force_login(forbund_admin)

    response = client.post(reopen_url(forbund), {"reason": ""})

    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in text_of(response)
    assert is_locked(forbund.pk, period.pk)


def test_reopening_on_the_page_is_shown_in_the_history(
    client, nns_admin, forbund, period, submitted
):
    client.force_login(nns_admin)

    response = client.post(reopen_url(forbund), {"reason": "Två enkäter saknades."}, follow=True)

    text = text_of(response)
    assert "Inlämningen för mätperiod 2021 är öppnad igen: data kan ändras." in text
    assert "Skäl: Två enkäter saknades." in text
    assert re.search(r"Öppnad igen nina_nns Två enkäter saknades\. .* Inlämnad anna_admin", text)
    assert not is_locked(forbund.pk, period.pk)


@pytest.mark.parametrize(
    ("user", "status"), [("reader", 403), ("registrar", 403), ("outsider", 404)]
)
def test_reopening_is_refused_to_others(client, request, forbund, period, submitted, user, status):
    client.force_login(request.getfixturevalue(user))

    assert client.post(reopen_url(forbund), {"reason": "Fel"}).status_code == status
    assert is_locked(forbund.pk, period.pk)


def test_reopen_is_post_only(client, forbund_admin, forbund, period, submitted):
    client.force_login(forbund_admin)

    assert client.get(reopen_url(forbund)).status_code == 405


def test_reader_sees_status_without_buttons(client, reader, forbund, period, submitted):
    client.force_login(reader)

    response = client.get(detail_url(forbund))

    text = text_of(response)
    assert "Inlämnad och låst" in text
    assert "Öppna igen" not in text
    assert "Lämna in till NNS" not in text


def test_overview_shows_every_forbund_and_period(
    client, nns_admin, forbund, other_forbund, period, period_2017, submitted
):
    client.force_login(nns_admin)

    text = text_of(client.get(reverse("results:submission_overview")))

    assert "Mätperiod 2021: 1 förbund har lämnat in." in text
    assert "Mätperiod 2017: 0 förbund har lämnat in." in text
    assert "Södra Dalarna Inlämnad 1 insats, 9 svar Ej inlämnad 0 insatser, 0 svar" in text
    assert "Östra Södertörn Ej inlämnad 0 insatser, 0 svar Ej inlämnad 0 insatser, 0 svar" in text


def test_a_reopened_submission_shows_the_reason(
    client, reader, forbund, forbund_admin, period, submitted
):
    submission_reopen(actor=forbund_admin, forbund=forbund, period=period, reason="Rättning")
    client.force_login(reader)

    text = text_of(client.get(detail_url(forbund)))

    assert "Öppnad igen" in text
    assert "Skäl: Rättning" in text


# Goals on the pages -------------------------------------------------------------------------------


def test_goal_list_shows_the_verdict_and_the_text_to_paste(client, reader, forbund, insats, period):
    target_goal(forbund, plan_first_year=2021, plan_last_year=2022)
    answer(insats, period, "deltagare_avslut", 5, positive=15, negative=5)
    client.force_login(reader)

    response = client.get(reverse("results:goal_list", args=[forbund.pk]))

    text = text_of(response)
    assert "Måluppfyllelse mätperiod 2021" in text
    assert "Verksamhetsplan 2021–2022" in text
    assert f"minst 70{NBSP}% 75{NBSP}% 20 53–89{NBSP}%" in text
    assert "Målet är uppnått" in text
    assert "Indikator: Mäts med NNS indikatorenkät, deltagare, inför avslut, fråga F5" in text
    assert "Lägg till mål" not in text


def test_goal_list_of_a_suppressed_goal_shows_no_share(client, reader, forbund, insats, period):
    target_goal(forbund)
    answer(insats, period, "deltagare_avslut", 5, positive=4, negative=0)
    client.force_login(reader)

    text = text_of(client.get(reverse("results:goal_list", args=[forbund.pk])))

    assert "Kan inte bedömas: färre än 5 svar" in text
    assert f"100{NBSP}%" not in text


def test_creating_a_goal_on_the_page(client, forbund_admin, forbund, period):
    client.force_login(forbund_admin)

    response = client.post(
        reverse("results:goal_create", args=[forbund.pk]),
        {
            "label": HANTERA,
            "question": "deltagare_avslut:deltagare_hantera_situation",
            "kind": "target_share",
            "target_percent": "72,5",
            "plan_first_year": "2025",
            "plan_last_year": "2027",
            "active": "on",
        },
    )

    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.group, goal.measure.key, goal.kind, goal.target_share, goal.forbund) == (
        "deltagare_avslut",
        "deltagare_hantera_situation",
        "target_share",
        Decimal("0.725"),
        forbund,
    )
    assert (goal.plan_first_year, goal.plan_last_year) == (2025, 2027)


def test_a_goal_of_a_later_plan_says_so_on_the_goal_list(client, reader, forbund, insats, period):
    target_goal(forbund, plan_first_year=2025, label="Verksamhetsplan 2025")
    answer(insats, period, "deltagare_avslut", 5, positive=20, negative=0)
    client.force_login(reader)

    text = text_of(client.get(reverse("results:goal_list", args=[forbund.pk])))

    assert "Målet är uppnått" not in text
    assert (
        "Bedöms inte: målet hör till verksamhetsplanen 2025, och ingen mätperiod under planens "
        "år är mätt ännu" in text
    )


def test_a_goal_without_plan_years_is_refused_on_the_page(client, forbund_admin, forbund):
    client.force_login(forbund_admin)

    response = client.post(
        reverse("results:goal_create", args=[forbund.pk]),
        {
            "label": HANTERA,
            "question": "deltagare_avslut:deltagare_hantera_situation",
            "kind": "higher_than_last",
            "plan_first_year": "",
            "plan_last_year": "2024",
        },
    )

    assert response.status_code == 200
    assert "Ange det första år som verksamhetsplanen gäller, t.ex. 2025." in text_of(response)
    assert not Goal.objects.exists()


def test_a_target_goal_without_target_is_refused_on_the_page(client, forbund_admin, forbund):
    client.force_login(forbund_admin)

    response = client.post(
        reverse("results:goal_create", args=[forbund.pk]),
        {
            "label": HANTERA,
            "question": "deltagare_avslut:deltagare_hantera_situation",
            "kind": "target_share",
        },
    )

    assert response.status_code == 200
    assert "Ange målnivån i procent, t.ex. 70, för ett mål med målnivå." in text_of(response)
    assert '<optgroup label="Deltagare, inför avslut">' in response.content.decode()
    assert (
        '<option value="deltagare_avslut:deltagare_hantera_situation" selected>'
        "F5: Hjälp att hantera sin situation</option>"
    ) in response.content.decode()
    assert not Goal.objects.exists()


def test_editing_and_deleting_a_goal_on_the_page(client, forbund_admin, forbund):
    goal = target_goal(forbund)
    urls = goal_urls(forbund, goal)
    client.force_login(forbund_admin)

    form = client.get(urls["edit"]).content.decode()
    assert 'value="70,0"' in form
    response = client.post(
        urls["edit"],
        {
            "label": "Nytt mål",
            "question": "personal:strukturer_relationer",
            "kind": "higher_than_last",
            "target_percent": "",
            "plan_first_year": "2023",
            "plan_last_year": "",
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.label, goal.group, goal.kind, goal.target_share, goal.active) == (
        "Nytt mål",
        "personal",
        "higher_than_last",
        None,
        False,
    )
    assert (goal.plan_first_year, goal.plan_last_year) == (2023, 2023)
    assert client.post(urls["delete"]).status_code == 302
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    ("user", "status"), [("reader", 403), ("registrar", 403), ("outsider", 404)]
)
def test_goal_writes_are_refused_to_others(client, request, forbund, user, status):
    goal = target_goal(forbund)
    urls = goal_urls(forbund, goal)
    client.force_login(request.getfixturevalue(user))
    values = {
        "label": "X mål",
        "question": "personal:strukturer_relationer",
        "kind": "higher_than_last",
    }

    assert client.post(urls["create"], values).status_code == status
    assert client.post(urls["edit"], values).status_code == status
    assert client.post(urls["delete"]).status_code == status
    assert list(Goal.objects.values_list("label", flat=True)) == [HANTERA]
    assert Goal.objects.get().kind == GoalKind.TARGET_SHARE
