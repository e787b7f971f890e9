"""The förbund's own page of free-text comments: who may read and delete them."""

import pytest
from django.urls import reverse

from matpunkt.core.models import AuditEvent
from matpunkt.responses.models import Comment
from tests.factories import PeriodFactory

LIST = reverse("comments:list")


@pytest.fixture
def comment(insats, period):
    return Comment.objects.create(
        insats=insats,
        period=period,
        group="deltagare_avslut",
        text="Bra bemötande.\nMen långa väntetider.",
    )


@pytest.fixture
def other_comment(other_insats, period):
    return Comment.objects.create(
        insats=other_insats,
        period=period,
        group="deltagare_pagaende",
        text="Grannens synpunkt",
    )


@pytest.mark.parametrize("user", ["forbund_admin", "registrar", "reader"])
def test_the_forbunds_users_read_its_comments(client, request, user, comment, other_comment):
    client.force_login(request.getfixturevalue(user))

    page = client.get(LIST, {"period": comment.period_id})

    html = page.content.decode()
    assert page.status_code == 200
    assert '<h2 id="s1">Steget vidare, deltagare, inför avslut</h2>' in html
    assert "<p>Bra bemötande.<br>Men långa väntetider.</p>" in html
    assert "Lämnad" not in html
    assert "2021-" not in html
    assert "Grannens synpunkt" not in html


def test_only_those_who_register_see_the_delete_link(client, reader, registrar, comment):
    client.force_login(reader)
    assert "/ta-bort/" not in client.get(LIST).content.decode()
    client.force_login(registrar)
    assert f"/svar/synpunkter/{comment.pk}/ta-bort/" in client.get(LIST).content.decode()


def test_an_nns_administrator_does_not_read_the_forbunds_comments(client, nns_admin, comment):
    client.force_login(nns_admin)

    assert client.get(LIST).status_code == 403
    assert client.get(reverse("comments:delete", args=[comment.pk])).status_code == 403


def test_the_list_narrows_to_one_insats_and_period(client, registrar, comment, insats):
    client.force_login(registrar)
    PeriodFactory(label="2017")

    other_period = client.get(LIST, {"period": comment.period_id + 1}).content.decode()
    narrowed = client.get(LIST, {"period": comment.period_id, "insats": insats.pk})

    assert "Bra bemötande." in narrowed.content.decode()
    assert "Inga synpunkter har lämnats under mätperiod 2017." in other_period


def test_naming_another_forbunds_insats_is_not_found(client, registrar, comment, other_insats):
    client.force_login(registrar)

    assert client.get(LIST, {"insats": other_insats.pk}).status_code == 404


def test_a_registrar_deletes_a_comment_and_the_audit_keeps_no_text(client, registrar, comment):
    client.force_login(registrar)
    url = reverse("comments:delete", args=[comment.pk])

    assert client.get(url).status_code == 200
    page = client.post(url)

    assert page.status_code == 302
    assert Comment.objects.count() == 0
    event = AuditEvent.objects.get(action="comment.delete")
    assert event.before == {"insats": "Steget vidare", "period": "2021"}
    assert "väntetider" not in str(event.before) + str(event.after)


def test_a_reader_cannot_delete_a_comment(client, reader, comment):
    client.force_login(reader)

    assert client.post(reverse("comments:delete", args=[comment.pk])).status_code == 403
    assert Comment.objects.count() == 1


def test_another_forbund_cannot_delete_a_comment(client, outsider, comment):
    client.force_login(outsider)

    assert client.post(reverse("comments:delete", args=[comment.pk])).status_code == 404
    assert Comment.objects.count() == 1


def test_the_comments_page_needs_a_login(client, comment):
    assert client.get(LIST).status_code == 302
