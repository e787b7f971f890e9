"""Editing and deleting a stored form: a reason kept in the audit trail, and no lost edit when
two registrars change the same form (the second is refused, never silently overwrites)."""

import pytest
from django.core.exceptions import ValidationError

from matpunkt.core.models import AuditEvent
from matpunkt.responses.models import Response
from matpunkt.responses.services import answers_fingerprint, response_delete, response_update
from tests.factories import ResponseFactory

CHANGED = (
    "Svaret har ändrats av någon annan sedan du öppnade det. Dina ändringar är inte sparade. "
    "Svaren nedan är de som är sparade nu: kontrollera dem och gör om ändringen om den "
    "fortfarande behövs."
)
GONE = "Enkäten är redan borttagen av någon annan. Inget har ändrats."


@pytest.fixture
def stored(insats, period):
    return ResponseFactory(insats=insats, period=period, f1=3, f2=5)


def _update(actor, response, reason="Felläst", fingerprint=None, answers=None):
    return response_update(
        actor=actor, response=response, variant="utan_kon", kon="",
        answers=answers or {1: 6, 2: 5}, reason=reason, fingerprint=fingerprint,
    )  # fmt: skip


def _refusal(call) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value


def test_update_keeps_the_reason_in_the_audit_trail(stored, registrar):
    updated = _update(registrar, stored, reason="  Felläst F1  ")

    assert (updated.f1, updated.f2) == (6, 5)
    event = AuditEvent.objects.get()
    assert (event.action, event.reason, event.before["F1"], event.after["F1"]) == (
        "response.update",
        "Felläst F1",
        "3",
        "6",
    )


def test_delete_keeps_the_reason_in_the_audit_trail(stored, registrar):
    response_delete(actor=registrar, response=stored, reason="Inskriven två gånger")

    assert not Response.objects.exists()
    event = AuditEvent.objects.get()
    assert (event.action, event.reason, event.before["F2"]) == (
        "response.delete",
        "Inskriven två gånger",
        "5",
    )


@pytest.mark.parametrize(
    "action, message",
    [
        ("update", "Skriv varför enkäten ändras. Anledningen sparas i loggen."),
        ("delete", "Skriv varför enkäten tas bort. Anledningen sparas i loggen."),
    ],
)
def test_a_reason_is_required(stored, registrar, action, message):
    if action == "update":
        error = _refusal(lambda: _update(registrar, stored, reason=" "))
    else:
        error = _refusal(lambda: response_delete(actor=registrar, response=stored, reason=""))

    assert error.message_dict == {"reason": [message]}
    stored.refresh_from_db()
    assert stored.f1 == 3
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    "reason, message",
    [
        ("Anna 850101-1234",
         "Texten ser ut att innehålla ett personnummer. Personnummer får inte sparas i Mätpunkt: "
         "ta bort det och försök igen."),
        ("Ring 08-123 456 78",
         "Texten ser ut att innehålla ett telefonnummer. Ta bort det och skicka igen: svaren ska "
         "vara anonyma."),
        ("anna.svensson@example.org bad om det",
         "Texten ser ut att innehålla en e-postadress. Ta bort den och skicka igen: svaren ska "
         "vara anonyma."),
        ("x" * 501, "Anledningen får vara högst 500 tecken, nu är den 501."),
    ],
)  # fmt: skip
def test_a_reason_with_personal_data_or_too_long_is_refused(stored, registrar, reason, message):
    update = _refusal(lambda: _update(registrar, stored, reason=reason))
    delete = _refusal(lambda: response_delete(actor=registrar, response=stored, reason=reason))

    assert update.message_dict == delete.message_dict == {"reason": [message]}
    assert Response.objects.get().f1 == 3
    assert AuditEvent.objects.count() == 0


def test_fingerprint_follows_the_answers_and_the_form(stored, insats, period):
    twin = ResponseFactory(insats=insats, period=period, f1=3, f2=5)
    before = answers_fingerprint(stored)

    stored.f1 = 4
    changed = answers_fingerprint(stored)
    stored.f1 = 3

    assert answers_fingerprint(stored) == before
    assert changed != before
    assert answers_fingerprint(twin) != before  # same answers, another form


def test_update_with_a_stale_fingerprint_is_refused_and_keeps_the_first_edit(stored, registrar):
    loaded = answers_fingerprint(stored)
    _update(registrar, stored, fingerprint=loaded, answers={1: 6, 2: 5})

    error = _refusal(lambda: _update(registrar, stored, fingerprint=loaded, answers={1: 1, 2: 1}))

    assert (error.code, error.messages) == ("changed", [CHANGED])
    stored.refresh_from_db()
    assert (stored.f1, stored.f2) == (6, 5)
    assert AuditEvent.objects.count() == 1


def test_delete_with_a_stale_fingerprint_is_refused(stored, registrar):
    loaded = answers_fingerprint(stored)
    _update(registrar, stored, fingerprint=loaded)

    error = _refusal(
        lambda: response_delete(
            actor=registrar, response=stored, reason="Dubblett", fingerprint=loaded
        )
    )

    assert (error.code, error.messages) == ("changed", [CHANGED])
    assert Response.objects.filter(pk=stored.pk).exists()


def test_update_with_the_current_fingerprint_is_stored(stored, registrar):
    updated = _update(registrar, stored, fingerprint=answers_fingerprint(stored))

    assert updated.f1 == 6


def test_a_form_deleted_meanwhile_is_refused_not_an_error(stored, registrar, insats, period):
    loaded = Response.objects.get(pk=stored.pk)
    response_delete(actor=registrar, response=stored, reason="Dubblett")

    update = _refusal(lambda: _update(registrar, loaded))
    delete = _refusal(lambda: response_delete(actor=registrar, response=loaded, reason="Igen"))

    assert (update.code, update.messages) == ("gone", [GONE])
    assert (delete.code, delete.messages) == ("gone", [GONE])
    assert AuditEvent.objects.count() == 1
