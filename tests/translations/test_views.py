"""The translation pages: who may list, download, upload, review, approve and withdraw.

Translations are national data (no förbund owns them), so another förbund's administrator is
refused like any förbund user (403); there is no other-tenant object to hide with 404.
"""

import io

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from openpyxl import load_workbook

from matpunkt.core.models import AuditEvent
from matpunkt.instrument.models import QuestionnaireTranslation, TranslationStatus
from matpunkt.instrument.translations import export_xlsx
from tests.translations.helpers import fill_xlsx, translate_group

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def arabic_file(version_2021):
    texts = translate_group(version_2021, "deltagare_pagaende", "ترجمة ")
    return fill_xlsx(export_xlsx(version_2021), texts)


@pytest.fixture
def pending(make_translation):
    return make_translation(status=TranslationStatus.UPLOADED)


@pytest.fixture
def approved(make_translation):
    return make_translation()


def upload_post(client, data, *, version, name="ar.xlsx", direction=""):
    return client.post(
        reverse("instrument:translation_upload"),
        {"version": version.pk, "direction": direction, "file": SimpleUploadedFile(name, data)},
    )


def one_url(name, translation):
    return reverse(f"instrument:{name}", args=[translation.pk])


@pytest.mark.parametrize(
    "url",
    [
        "/instrument/oversattningar/",
        "/instrument/oversattningar/tom/2021.xlsx",
        "/instrument/oversattningar/tom/2021.po",
        "/instrument/oversattningar/ladda-upp/",
        "/instrument/oversattningar/1/",
        "/instrument/oversattningar/1/fil.po",
    ],
)
def test_anonymous_is_sent_to_login(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/logga-in/?next={url}"


def test_list_shows_versions_blank_files_and_statuses(client, reader, approved, make_translation):
    make_translation(language="fa", status=TranslationStatus.UPLOADED)
    client.force_login(reader)

    response = client.get(reverse("instrument:translation_list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="version-2021">Version 2021</h2>' in html
    assert '<h2 id="version-2017">Version 2017</h2>' in html
    assert 'href="/instrument/oversattningar/tom/2021.xlsx"' in html
    assert 'href="/instrument/oversattningar/tom/2017.po"' in html
    assert 'Arabiska (<span lang="ar" dir="rtl">العربية</span>)' in html
    assert '<span class="badge status-godkand">Godkänd</span>' in html
    assert '<span class="badge status-uppladdad">Väntar på godkännande</span>' in html
    assert "Ladda upp översättning" not in html
    assert "Granska" not in html


def test_list_offers_upload_and_review_to_nns_admin(client, nns_admin, approved):
    client.force_login(nns_admin)

    html = client.get(reverse("instrument:translation_list")).content.decode()

    assert 'href="/instrument/oversattningar/ladda-upp/"' in html
    assert f'href="/instrument/oversattningar/{approved.pk}/"' in html


@pytest.mark.parametrize("user", ["reader", "registrar", "forbund_admin"])
def test_every_role_may_download_blank_files(client, request, user):
    client.force_login(request.getfixturevalue(user))

    xlsx = client.get(reverse("instrument:translation_blank_xlsx", args=["2021"]))
    po = client.get(reverse("instrument:translation_blank_po", args=["2017"]))

    assert xlsx.status_code == 200
    assert xlsx["Content-Type"] == XLSX
    assert xlsx["Content-Disposition"] == 'attachment; filename="oversattning-2021.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content))["Översättning"]
    assert (sheet["A16"].value, sheet["C16"].value) == ("deltagare_pagaende.F1", None)
    assert po.status_code == 200
    assert po["Content-Disposition"] == 'attachment; filename="oversattning-2017.po"'
    assert polib.pofile(po.content.decode()).metadata["X-Matpunkt-Version"] == "2017"


def test_blank_file_of_unknown_version_is_404(client, reader):
    client.force_login(reader)

    assert client.get(reverse("instrument:translation_blank_po", args=["1999"])).status_code == 404


@pytest.mark.parametrize("user", ["reader", "registrar", "forbund_admin", "outsider"])
def test_forbund_users_may_not_upload(client, request, user, arabic_file, version_2021):
    client.force_login(request.getfixturevalue(user))

    assert client.get(reverse("instrument:translation_upload")).status_code == 403
    assert upload_post(client, arabic_file, version=version_2021).status_code == 403
    assert QuestionnaireTranslation.objects.count() == 0


def test_nns_admin_uploads_and_is_sent_to_the_review(client, nns_admin, arabic_file, version_2021):
    client.force_login(nns_admin)

    response = upload_post(client, arabic_file, version=version_2021)

    translation = QuestionnaireTranslation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/instrument/oversattningar/{translation.pk}/"
    assert (translation.language, translation.status, translation.file_name) == (
        "ar",
        TranslationStatus.UPLOADED,
        "ar.xlsx",
    )
    page = client.get(response["Location"]).content.decode()
    assert (
        "Översättningen laddades upp. Granska den och godkänn den innan den visas för de "
        "svarande." in page
    )


def test_direction_chosen_on_the_form_overrides_the_file(
    client, nns_admin, arabic_file, version_2021
):
    client.force_login(nns_admin)

    upload_post(client, arabic_file, version=version_2021, direction="ltr")

    assert QuestionnaireTranslation.objects.get().direction == "ltr"


def test_refused_upload_lists_every_problem(client, nns_admin, version_2021):
    texts = translate_group(version_2021, "deltagare_pagaende", "ترجمة ")
    texts["deltagare_pagaende.F2"] = ""
    data = fill_xlsx(export_xlsx(version_2021), texts, language="arabiska")
    client.force_login(nns_admin)

    response = upload_post(client, data, version=version_2021)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Filen ar.xlsx laddades inte upp: 2 problem." in html
    assert (
        "<li>Språkkoden ”arabiska” är ogiltig (cell B2). Ange en språkkod enligt BCP 47, t.ex. ar, "
        "fa, ckb, so eller ti.</li>" in html
    )
    assert (
        "<li>Rad 17, deltagare_pagaende.F2: Frågetexten är tom. Alla frågor i en översatt enkät "
        "ska översättas.</li>" in html
    )
    assert QuestionnaireTranslation.objects.count() == 0


def test_upload_without_a_file_shows_the_form_error(client, nns_admin, version_2021):
    client.force_login(nns_admin)

    response = client.post(reverse("instrument:translation_upload"), {"version": version_2021.pk})

    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()


def test_review_shows_source_and_translation_side_by_side(client, nns_admin, pending):
    client.force_login(nns_admin)

    response = client.get(one_url("translation_review", pending))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<td class="text" lang="sv" dir="ltr">Enkät deltagare</td>' in html
    assert '<td class="text" lang="ar" dir="rtl">استبيان المشاركين</td>' in html
    assert (
        '<td class="text" lang="ar" dir="rtl">هل لديك <u>شخص</u> واحد أو <u>فريق</u> واحد يمكنك '
        "التوجه إليه؟</td>" in html
    )
    assert "Godkänn översättningen" in html
    assert "10 texter saknar översättning och visas på svenska." in html


@pytest.mark.parametrize("user", ["reader", "registrar", "forbund_admin", "outsider"])
def test_forbund_users_may_not_review_approve_withdraw_delete_or_download(
    client, request, user, pending, approved
):
    client.force_login(request.getfixturevalue(user))

    assert client.get(one_url("translation_review", pending)).status_code == 403
    assert client.get(one_url("translation_download_xlsx", pending)).status_code == 403
    assert client.post(one_url("translation_approve", pending)).status_code == 403
    assert client.post(one_url("translation_delete", pending)).status_code == 403
    withdraw = client.post(one_url("translation_withdraw", approved), {"reason": "Fel"})
    assert withdraw.status_code == 403
    pending.refresh_from_db()
    approved.refresh_from_db()
    assert (pending.status, approved.status) == ("uppladdad", "godkand")


def test_unknown_translation_is_404(client, nns_admin):
    client.force_login(nns_admin)

    assert client.get("/instrument/oversattningar/999/").status_code == 404
    assert client.post("/instrument/oversattningar/999/godkann/").status_code == 404


def test_approve_needs_post(client, nns_admin, pending):
    client.force_login(nns_admin)

    assert client.get(one_url("translation_approve", pending)).status_code == 405


def test_nns_admin_approves(client, nns_admin, pending):
    client.force_login(nns_admin)

    response = client.post(one_url("translation_approve", pending), follow=True)

    pending.refresh_from_db()
    assert pending.status == TranslationStatus.APPROVED
    assert pending.approved_by == nns_admin
    assert AuditEvent.objects.filter(action="translation.approve", actor=nns_admin).count() == 1
    assert (
        "Översättningen till arabiska är godkänd och visas nu för de svarande."
        in response.content.decode()
    )


def test_approving_twice_shows_the_reason(client, nns_admin, approved):
    client.force_login(nns_admin)

    response = client.post(one_url("translation_approve", approved), follow=True)

    assert "Bara en översättning som väntar på godkännande kan godkännas." in (
        response.content.decode()
    )


def test_nns_admin_withdraws_with_a_reason(client, nns_admin, approved):
    client.force_login(nns_admin)

    response = client.post(
        one_url("translation_withdraw", approved), {"reason": "Fråga 3 är fel översatt."}
    )

    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == TranslationStatus.WITHDRAWN
    event = AuditEvent.objects.get(action="translation.withdraw")
    assert (event.actor, event.reason) == (nns_admin, "Fråga 3 är fel översatt.")


def test_withdraw_without_a_reason_is_refused(client, nns_admin, approved):
    client.force_login(nns_admin)

    response = client.post(one_url("translation_withdraw", approved), {"reason": ""})

    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == TranslationStatus.APPROVED


def test_nns_admin_deletes_a_pending_translation(client, nns_admin, pending):
    client.force_login(nns_admin)

    response = client.post(one_url("translation_delete", pending))

    assert response.status_code == 302
    assert response["Location"] == "/instrument/oversattningar/"
    assert QuestionnaireTranslation.objects.count() == 0


def test_nns_admin_downloads_a_filled_file(client, nns_admin, approved):
    client.force_login(nns_admin)

    response = client.get(one_url("translation_download_po", approved))

    assert response["Content-Disposition"] == 'attachment; filename="oversattning-2021-ar.po"'
    po = polib.pofile(response.content.decode())
    assert po.metadata["Language"] == "ar"
    assert po.find("Enkät deltagare", msgctxt="deltagare_pagaende.title").msgstr == (
        "استبيان المشاركين"
    )


# URL × role matrix -----------------------------------------------------------------------------

ROLES = ["anonymous", "reader", "registrar", "forbund_admin", "outsider", "nns_admin"]
EVERYONE = dict.fromkeys(ROLES[1:], 200)
NATIONAL = {"reader": 403, "registrar": 403, "forbund_admin": 403, "outsider": 403}
MATRIX = [
    ("translation_list", None, "get", EVERYONE),
    ("translation_blank_xlsx", "2021", "get", EVERYONE),
    ("translation_blank_po", "2021", "get", EVERYONE),
    ("translation_upload", None, "get", {**NATIONAL, "nns_admin": 200}),
    ("translation_review", "pending", "get", {**NATIONAL, "nns_admin": 200}),
    ("translation_download_xlsx", "approved", "get", {**NATIONAL, "nns_admin": 200}),
    ("translation_download_po", "pending", "get", {**NATIONAL, "nns_admin": 200}),
    ("translation_approve", "pending", "post", {**NATIONAL, "nns_admin": 302}),
    ("translation_withdraw", "approved", "post", {**NATIONAL, "nns_admin": 302}),
    ("translation_delete", "pending", "post", {**NATIONAL, "nns_admin": 302}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "arg", "method", "expected"), MATRIX)
def test_permission_matrix(client, request, pending, approved, role, name, arg, method, expected):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    args = {None: [], "pending": [pending.pk], "approved": [approved.pk]}.get(arg, [arg])
    url = reverse(f"instrument:{name}", args=args)

    response = client.get(url) if method == "get" else client.post(url, {"reason": "Fel"})

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"/logga-in/?next={url}"
    else:
        assert response.status_code == expected[role]


def test_matrix_covers_every_translation_page():
    """A new page of the instrument app must be added to the matrix above."""
    resolver = get_resolver().namespace_dict["instrument"][1]
    names = {n for n in resolver.reverse_dict if isinstance(n, str)}

    assert names == {name for name, *_rest in MATRIX}
