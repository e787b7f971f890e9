"""The förbund pages: the list for NNS, details, editing, creating and the logo."""

import io
import os

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from matpunkt.core.models import AuditEvent
from matpunkt.organisations import services
from matpunkt.organisations.models import Forbund
from tests.organisations.helpers import image_upload, messages_of

CONTACT = {
    "members": "Arbetsförmedlingen\nFörsäkringskassan\nRegion Dalarna\nAvesta kommun",
    "contact_name": "Eva Ek",
    "contact_role": "Förbundschef",
    "contact_phone": "0226-123 45",
    "contact_email": "eva@example.org",
}


def edit_url(forbund):
    return reverse("organisations:forbund_edit", args=[forbund.pk])


def detail_url(forbund):
    return reverse("organisations:forbund_detail", args=[forbund.pk])


def test_nns_admin_sees_every_forbund(client, nns_admin, forbund, other_forbund):
    client.force_login(nns_admin)
    response = client.get(reverse("organisations:forbund_list"))
    assert response.status_code == 200
    assert [f.name for f in response.context["forbund_list"]] == [
        "Södra Dalarna",
        "Östra Södertörn",
    ]


def test_forbund_user_is_sent_to_their_own_forbund(client, reader, forbund):
    client.force_login(reader)
    response = client.get(reverse("organisations:forbund_list"))
    assert response.status_code == 302
    assert response["Location"] == detail_url(forbund)


def test_reader_sees_details_without_edit_link(client, reader, forbund):
    client.force_login(reader)
    response = client.get(detail_url(forbund))
    assert response.status_code == 200
    assert "Kim Kontakt" in response.text
    assert edit_url(forbund) not in response.text


def test_forbund_admin_sees_edit_link(client, forbund_admin, forbund):
    client.force_login(forbund_admin)
    response = client.get(detail_url(forbund))
    assert edit_url(forbund) in response.text


def test_forbund_admin_saves_contact_details(client, forbund_admin, forbund):
    client.force_login(forbund_admin)
    response = client.post(edit_url(forbund), CONTACT)
    assert response.status_code == 302
    assert response["Location"] == detail_url(forbund)
    assert messages_of(response) == ["Förbundets uppgifter sparades."]
    forbund.refresh_from_db()
    assert forbund.member_list == [
        "Arbetsförmedlingen",
        "Försäkringskassan",
        "Region Dalarna",
        "Avesta kommun",
    ]
    assert (forbund.contact_name, forbund.contact_role) == ("Eva Ek", "Förbundschef")
    event = AuditEvent.objects.get(action="forbund.update")
    assert event.actor == forbund_admin
    assert event.forbund == forbund
    assert event.before["contact_name"] == "Kim Kontakt"
    assert event.after["contact_name"] == "Eva Ek"


def test_forbund_admin_cannot_change_the_agreement_or_name(client, forbund_admin, forbund):
    client.force_login(forbund_admin)
    client.post(edit_url(forbund), {**CONTACT, "agreement_status": "uppsagt", "name": "Nytt"})
    forbund.refresh_from_db()
    assert forbund.agreement_status == "avtal"
    assert forbund.name == "Södra Dalarna"


def test_edit_page_shows_agreement_read_only_to_forbund_admin(client, forbund_admin, forbund):
    client.force_login(forbund_admin)
    response = client.get(edit_url(forbund))
    assert "agreement_status" not in response.context["form"].fields
    assert "Har avtal med NNS" in response.text
    assert "Namnet och avtalet med NNS ändras av NNS." in response.text


def test_service_refuses_agreement_change_by_forbund_admin(forbund_admin, forbund):
    with pytest.raises(PermissionDenied):
        services.forbund_update(actor=forbund_admin, forbund=forbund, agreement_status="uppsagt")
    forbund.refresh_from_db()
    assert forbund.agreement_status == "avtal"


def test_nns_admin_changes_the_agreement(client, nns_admin, forbund):
    client.force_login(nns_admin)
    response = client.post(
        edit_url(forbund),
        {
            **CONTACT,
            "name": "Södra Dalarna",
            "agreement_status": "uppsagt",
            "agreement_since": "2019-01-01",
        },
    )
    assert response.status_code == 302
    forbund.refresh_from_db()
    assert forbund.agreement_status == "uppsagt"
    assert forbund.agreement_since.isoformat() == "2019-01-01"


@pytest.mark.parametrize("user_fixture", ["reader", "registrar"])
def test_reader_and_registrar_cannot_edit(client, request, forbund, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(edit_url(forbund)).status_code == 403
    assert client.post(edit_url(forbund), CONTACT).status_code == 403
    forbund.refresh_from_db()
    assert forbund.contact_name == "Kim Kontakt"


def test_outsider_gets_404(client, outsider, forbund):
    client.force_login(outsider)
    assert client.get(detail_url(forbund)).status_code == 404
    assert client.post(edit_url(forbund), CONTACT).status_code == 404
    forbund.refresh_from_db()
    assert forbund.contact_name == "Kim Kontakt"


def test_personnummer_in_contact_name_is_refused(client, forbund_admin, forbund):
    client.force_login(forbund_admin)
    response = client.post(edit_url(forbund), {**CONTACT, "contact_name": "Eva 19800101-1234"})
    assert response.status_code == 200
    assert response.context["form"].errors["contact_name"] == [
        "Texten ser ut att innehålla ett personnummer. Personnummer får inte sparas i Mätpunkt: "
        "ta bort det och försök igen."
    ]
    forbund.refresh_from_db()
    assert forbund.contact_name == "Kim Kontakt"


def test_bad_email_is_refused(client, forbund_admin, forbund):
    client.force_login(forbund_admin)
    response = client.post(edit_url(forbund), {**CONTACT, "contact_email": "inte-en-adress"})
    assert response.context["form"].errors["contact_email"] == ["Fyll i en giltig e-postadress."]


def test_png_logo_is_stored_and_served(client, forbund_admin, forbund):
    client.force_login(forbund_admin)
    response = client.post(edit_url(forbund), {**CONTACT, "logo": image_upload()})
    assert response.status_code == 302
    forbund.refresh_from_db()
    assert forbund.logo.name.startswith("logos/logo")
    served = client.get(reverse("organisations:forbund_logo", args=[forbund.pk]))
    assert served.status_code == 200
    assert b"".join(served.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_jpeg_logo_is_accepted(client, forbund_admin, forbund):
    client.force_login(forbund_admin)
    response = client.post(edit_url(forbund), {**CONTACT, "logo": image_upload("l.jpg", "JPEG")})
    assert response.status_code == 302


def test_gif_logo_is_refused(client, forbund_admin, forbund):
    client.force_login(forbund_admin)
    response = client.post(edit_url(forbund), {**CONTACT, "logo": image_upload("l.gif", "GIF")})
    assert response.context["form"].errors["logo"] == [
        "Logotypen måste vara en bild i PNG- eller JPEG-format."
    ]


def test_logo_over_one_megabyte_is_refused(client, forbund_admin, forbund):
    noise = Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    assert buffer.tell() > 1024 * 1024
    big = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    client.force_login(forbund_admin)
    response = client.post(edit_url(forbund), {**CONTACT, "logo": big})
    assert response.context["form"].errors["logo"] == [
        "Logotypen är för stor: den får vara högst 1 MB."
    ]


def test_logo_can_be_removed(client, forbund_admin, forbund):
    client.force_login(forbund_admin)
    client.post(edit_url(forbund), {**CONTACT, "logo": image_upload()})
    response = client.post(edit_url(forbund), {**CONTACT, "remove_logo": "on"})
    assert response.status_code == 302
    forbund.refresh_from_db()
    assert not forbund.logo
    assert client.get(reverse("organisations:forbund_logo", args=[forbund.pk])).status_code == 404


def test_outsider_cannot_fetch_the_logo(client, forbund_admin, outsider, forbund):
    client.force_login(forbund_admin)
    client.post(edit_url(forbund), {**CONTACT, "logo": image_upload()})
    client.force_login(outsider)
    assert client.get(reverse("organisations:forbund_logo", args=[forbund.pk])).status_code == 404


def test_nns_admin_creates_a_forbund(client, nns_admin):
    client.force_login(nns_admin)
    response = client.post(
        reverse("organisations:forbund_create"),
        {**CONTACT, "name": "Finsam Väst", "agreement_status": "avtal", "agreement_since": ""},
    )
    created = Forbund.objects.get(name="Finsam Väst")
    assert response["Location"] == detail_url(created)
    assert messages_of(response) == ["Förbundet skapades."]
    assert AuditEvent.objects.filter(action="forbund.create", object_id=str(created.pk)).exists()


def test_duplicate_forbund_name_is_refused(client, nns_admin, forbund):
    client.force_login(nns_admin)
    response = client.post(
        reverse("organisations:forbund_create"),
        {**CONTACT, "name": "södra dalarna", "agreement_status": "avtal"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Det finns redan ett förbund med namnet ”södra dalarna”."
    ]
    assert Forbund.objects.count() == 1


def test_forbund_admin_cannot_create_a_forbund(client, forbund_admin):
    client.force_login(forbund_admin)
    assert client.get(reverse("organisations:forbund_create")).status_code == 403
    response = client.post(
        reverse("organisations:forbund_create"), {"name": "Eget", "agreement_status": "avtal"}
    )
    assert response.status_code == 403
    assert not Forbund.objects.filter(name="Eget").exists()


def test_wrong_method_is_refused(client, forbund_admin, forbund):
    client.force_login(forbund_admin)
    assert client.post(detail_url(forbund)).status_code == 405
    assert client.delete(edit_url(forbund)).status_code == 405
