"""The admin: an NNS administrator may correct the direction of a pending translation only."""

import pytest

from matpunkt.core.models import AuditEvent
from matpunkt.instrument.models import TranslationStatus


@pytest.fixture
def staff(nns_admin):
    nns_admin.is_staff = True
    nns_admin.save()
    return nns_admin


def change_url(translation):
    return f"/admin/instrument/questionnairetranslation/{translation.pk}/change/"


def test_direction_of_a_pending_translation_can_be_corrected(client, staff, make_translation):
    translation = make_translation(status=TranslationStatus.UPLOADED)
    client.force_login(staff)

    response = client.post(change_url(translation), {"direction": "ltr"})

    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.direction == "ltr"
    event = AuditEvent.objects.get(action="admin.change")
    assert (event.before["direction"], event.after["direction"]) == ("rtl", "ltr")


def test_approved_translation_is_read_only_in_the_admin(client, staff, make_translation):
    translation = make_translation()
    client.force_login(staff)

    page = client.get(change_url(translation))
    response = client.post(change_url(translation), {"direction": "ltr"})

    assert page.status_code == 200
    assert 'name="direction"' not in page.content.decode()
    assert response.status_code == 403
    translation.refresh_from_db()
    assert translation.direction == "rtl"


def test_forbund_staff_cannot_open_the_admin(client, forbund_admin, make_translation):
    forbund_admin.is_staff = True
    forbund_admin.save()
    client.force_login(forbund_admin)

    response = client.get(change_url(make_translation()))

    assert response.status_code == 302
