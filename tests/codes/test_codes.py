"""One-time codes: their shape and randomness, issuing, handing out, voiding and using them."""

import datetime
import math
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from matpunkt.core.models import AuditEvent
from matpunkt.fieldwork import codes
from matpunkt.fieldwork.models import Distribution, DistributionEntry
from matpunkt.fieldwork.services import (
    distribution_entry_delete,
    distribution_list_clear,
    distribution_set,
    distribution_source_set,
)
from tests.codes.helpers import counts, issue

CODE_SHAPE = re.compile(r"^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$")


# The codes themselves ------------------------------------------------------------------------


def test_alphabet_has_32_symbols_without_look_alikes():
    assert len(codes.ALPHABET) == 32
    assert len(set(codes.ALPHABET)) == 32
    for look_alike in "01IO":
        assert look_alike not in codes.ALPHABET


def test_a_code_carries_at_least_40_bits_of_randomness():
    assert codes.CODE_LENGTH * math.log2(len(codes.ALPHABET)) == 40


def test_new_codes_are_eight_symbols_of_the_alphabet_and_vary():
    drawn = [codes.new_code() for _ in range(2000)]

    assert all(CODE_SHAPE.match(code) for code in drawn)
    assert len(set(drawn)) == 2000
    # Every symbol turns up in every position over 2000 draws (p of a miss < 1e-20).
    for position in range(codes.CODE_LENGTH):
        assert {code[position] for code in drawn} == set(codes.ALPHABET)


def test_a_typed_code_is_normalised_to_its_stored_form():
    assert codes.normalise_code(" abcd-2345 ") == "ABCD2345"
    assert codes.is_code_shaped("ABCD2345")
    assert not codes.is_code_shaped("ABCD234")
    assert not codes.is_code_shaped("ABCD2340")  # 0 is not in the alphabet
    assert not codes.is_code_shaped("ABCDI345")  # nor is I


def test_the_short_link_and_its_qr_code():
    link = codes.code_link("ABCD2345", base_url="https://matpunkt.example.org")
    svg = codes.qr_svg(link)

    assert link == "https://matpunkt.example.org/e/ABCD2345"
    assert svg.startswith("<svg")
    assert "<title>https://matpunkt.example.org/e/ABCD2345</title>" in svg


# Issuing ---------------------------------------------------------------------------------------


def test_issuing_makes_numbered_list_rows_with_unique_codes(registrar, insats, period):
    issued = issue(registrar, insats, period, count=5, variant="med_kon")

    assert [entry.pseudonym for entry in issued] == ["1", "2", "3", "4", "5"]
    assert len({entry.code for entry in issued}) == 5
    assert all(CODE_SHAPE.match(entry.code) for entry in issued)
    assert {entry.variant for entry in issued} == {"med_kon"}
    distribution = Distribution.objects.get(insats=insats, period=period)
    # Made but not handed out: nobody is asked yet, and the place counts from its list.
    assert (distribution.asked, distribution.unreachable, distribution.from_list) == (0, 0, True)


def test_codes_count_as_asked_once_handed_out(registrar, insats, period):
    issue(registrar, insats, period, count=3, handed_out_on=datetime.date(2021, 9, 2))
    issued = issue(registrar, insats, period, count=2)
    assert counts(insats, period) == (3, 0)

    _mark(registrar, issued[:1], "utdelad")

    assert counts(insats, period) == (4, 0)


def test_more_codes_continue_the_numbering_and_add_to_asked(registrar, insats, period):
    issue(registrar, insats, period, count=3)
    issued = issue(registrar, insats, period, count=2)

    assert [entry.pseudonym for entry in issued] == ["4", "5"]
    assert counts(insats, period) == (0, 0)
    _mark(registrar, list(DistributionEntry.objects.all()), "utdelad")
    assert counts(insats, period) == (5, 0)


def test_issuing_is_audited_without_the_codes(registrar, insats, period):
    issued = issue(registrar, insats, period, count=2)

    event = AuditEvent.objects.get(action="codes.issue")
    assert event.actor == registrar
    assert event.forbund == insats.forbund
    assert event.after == {
        "asked": 0,
        "unreachable": 0,
        "from_list": True,
        "variant": "utan_kon",
        "count": 2,
        "rows": "1–2",
    }
    assert issued[0].code not in str(event.after)


@pytest.mark.parametrize("count", [0, 1001])
def test_issuing_refuses_a_count_outside_1_to_1000(registrar, insats, period, count):
    with pytest.raises(ValidationError) as error:
        issue(registrar, insats, period, count=count)

    assert error.value.message_dict == {
        "count": ["Antal koder måste vara ett heltal mellan 1 och 1000."]
    }


def test_issuing_refuses_the_gender_variant_for_staff(registrar, insats, period):
    with pytest.raises(ValidationError) as error:
        issue(registrar, insats, period, group="personal", variant="med_kon")

    assert error.value.message_dict == {
        "variant": ["Enkäten för gruppen Personal har ingen variant med kön."]
    }


def test_issuing_refuses_a_group_the_version_has_no_questionnaire_for(registrar, insats, period):
    with pytest.raises(ValidationError) as error:
        issue(registrar, insats, period, group="forbundschef")

    assert error.value.message_dict == {
        "group": ["Mätperiodens instrumentversion har ingen enkät för gruppen Förbundschef."]
    }


def test_another_forbund_cannot_issue_codes(outsider, insats, period):
    with pytest.raises(Http404):
        issue(outsider, insats, period)


def test_a_reader_cannot_issue_codes(reader, insats, period):
    with pytest.raises(PermissionDenied):
        issue(reader, insats, period)


def test_codes_never_replace_a_count_typed_by_hand(registrar, insats, period):
    distribution_set(
        actor=registrar,
        insats=insats,
        period=period,
        group="deltagare_pagaende",
        asked=36,
        unreachable=2,
    )

    issued = issue(registrar, insats, period, count=4)
    _mark(registrar, issued, "utdelad")
    _mark(registrar, issued[:1], "makulera")

    distribution = Distribution.objects.get(insats=insats, period=period)
    assert (distribution.asked, distribution.unreachable, distribution.from_list) == (36, 2, False)


def test_switching_between_typed_and_list_counts_is_explicit_audited_and_reversible(
    registrar, insats, period
):
    distribution = distribution_set(
        actor=registrar,
        insats=insats,
        period=period,
        group="deltagare_pagaende",
        asked=36,
        unreachable=2,
    )
    issued = issue(registrar, insats, period, count=4)
    _mark(registrar, issued[:3], "utdelad")

    distribution_source_set(actor=registrar, distribution=distribution, from_list=True)
    assert counts(insats, period) == (3, 0)
    distribution_source_set(actor=registrar, distribution=distribution, from_list=False)
    assert counts(insats, period) == (36, 2)

    events = AuditEvent.objects.filter(action="distribution.source").order_by("pk")
    assert [(e.before["from_list"], e.after["from_list"]) for e in events] == [
        (False, True),
        (True, False),
    ]
    assert events[0].after["asked"] == 3
    assert events[0].after["entered_asked"] == 36


def test_switching_to_list_counts_that_cannot_hold_the_responses_is_refused(
    registrar, insats, period
):
    from tests.factories import ResponseFactory

    distribution = distribution_set(
        actor=registrar,
        insats=insats,
        period=period,
        group="deltagare_pagaende",
        asked=10,
        unreachable=0,
    )
    issue(registrar, insats, period, count=2)
    ResponseFactory.create_batch(3, insats=insats, period=period, f1=5)

    with pytest.raises(ValidationError) as error:
        distribution_source_set(actor=registrar, distribution=distribution, from_list=True)

    assert error.value.messages == [
        "Steget vidare, Deltagare, pågående insats, 2021: 3 svar men bara 0 som kunde svara "
        "(0 tillfrågade, varav 0 ej nåbara). Ingen kan vara både ej nåbar och svarande, och "
        "svaren kan inte vara fler än de tillfrågade. Ändringen sparades inte: rätta antalet "
        "tillfrågade, ej nåbara eller svaren först."
    ]
    assert counts(insats, period) == (10, 0)


# Handing out, unreachable and voiding ------------------------------------------------------------


def _ids(entries):
    return [entry.pk for entry in entries]


def _mark(actor, entries, action, **kw):
    distribution = entries[0].distribution
    return codes.codes_mark(
        actor=actor, distribution=distribution, entry_ids=_ids(entries), action=action, **kw
    )


def test_handing_out_dates_the_codes(registrar, insats, period):
    import datetime

    issued = issue(registrar, insats, period, count=3)

    changed = _mark(registrar, issued[:2], "utdelad", on=datetime.date(2021, 9, 15))

    assert changed == 2
    handed = dict(DistributionEntry.objects.values_list("pseudonym", "handed_out_on"))
    assert handed == {"1": datetime.date(2021, 9, 15), "2": datetime.date(2021, 9, 15), "3": None}
    assert [codes.status_of(e) for e in DistributionEntry.objects.order_by("pk")] == [
        "utdelad",
        "utdelad",
        "ej_utdelad",
    ]


def test_unreachable_codes_are_counted_and_can_be_undone(registrar, insats, period):
    issued = issue(registrar, insats, period, count=4)

    _mark(registrar, issued, "utdelad")
    _mark(registrar, issued[:2], "ej_nabar")
    assert counts(insats, period) == (4, 2)

    _mark(registrar, issued[:1], "nabar")
    assert counts(insats, period) == (4, 1)


def test_a_voided_code_is_not_asked_and_not_unreachable(registrar, insats, period):
    issued = issue(registrar, insats, period, count=4)
    _mark(registrar, issued, "utdelad")
    _mark(registrar, issued[:2], "ej_nabar")

    _mark(registrar, issued[1:3], "makulera")

    assert counts(insats, period) == (2, 1)
    assert codes.code_counts(issued[0].distribution) == codes.CodeCounts(
        issued=4, used=0, voided=2, unreachable=1, handed_out=2
    )
    event = AuditEvent.objects.filter(action="codes.makulera").get()
    assert event.before == {"asked": 4, "unreachable": 2}
    assert event.after == {"asked": 2, "unreachable": 1, "rows": ["2", "3"]}


def test_a_voided_code_cannot_be_handed_out(registrar, insats, period):
    issued = issue(registrar, insats, period, count=1)
    _mark(registrar, issued, "makulera")

    with pytest.raises(ValidationError) as error:
        _mark(registrar, issued, "utdelad")

    assert error.value.messages == [f"Kod nr 1 ({issued[0].code}) är makulerad."]


def test_a_used_code_cannot_be_voided_or_made_unreachable(registrar, insats, period):
    issued = issue(registrar, insats, period, count=2)
    with transaction.atomic():
        codes.code_use(code=issued[0].code)

    with pytest.raises(ValidationError) as error:
        _mark(registrar, issued, "makulera")
    assert error.value.messages == [
        f"Kod nr 1 ({issued[0].code}) är redan använd och kan inte makuleras."
    ]
    with pytest.raises(ValidationError) as error:
        _mark(registrar, issued[:1], "ej_nabar")
    assert error.value.messages == [
        f"Kod nr 1 ({issued[0].code}) är använd: den som svarade gick att nå."
    ]
    assert DistributionEntry.objects.filter(voided=True).count() == 0


def test_marking_needs_a_chosen_code(registrar, insats, period):
    issued = issue(registrar, insats, period, count=1)

    with pytest.raises(ValidationError) as error:
        codes.codes_mark(
            actor=registrar, distribution=issued[0].distribution, entry_ids=[], action="utdelad"
        )

    assert error.value.messages == ["Välj minst en kod."]


def test_a_reader_cannot_mark_codes(registrar, reader, insats, period):
    issued = issue(registrar, insats, period, count=1)

    with pytest.raises(PermissionDenied):
        _mark(reader, issued, "makulera")


def test_a_list_row_with_a_code_cannot_be_deleted(registrar, insats, period):
    issued = issue(registrar, insats, period, count=2, handed_out_on=datetime.date(2021, 9, 2))

    with pytest.raises(ValidationError) as error:
        distribution_entry_delete(actor=registrar, entry=issued[0])

    assert error.value.messages == [
        "Rad 1 har en kod och kan inte tas bort: makulera koden i stället."
    ]
    with pytest.raises(ValidationError) as error:
        distribution_list_clear(actor=registrar, distribution=issued[0].distribution)
    assert error.value.messages == [
        "Listan har koder och kan inte tas bort: koderna är utdelningslistan. Makulera de "
        "koder som inte ska räknas."
    ]
    assert counts(insats, period) == (2, 0)


# Using a code ----------------------------------------------------------------------------------


def test_a_code_is_used_once(registrar, insats, period):
    code = issue(registrar, insats, period, count=1)[0].code

    with transaction.atomic():
        first = codes.code_use(code=code)
    with transaction.atomic():
        second = codes.code_use(code=code)

    assert (first, second) == ("used_now", "already_used")
    entry = DistributionEntry.objects.get(code=code)
    assert entry.used is True
    assert codes.status_of(entry) == "anvand"


def test_a_voided_or_unknown_code_cannot_be_used(registrar, insats, period):
    entry = issue(registrar, insats, period, count=1)[0]
    _mark(registrar, [entry], "makulera")

    with transaction.atomic():
        assert codes.code_use(code=entry.code) == "voided"
        assert codes.code_use(code="ZZZZ2222") == "unknown"
    assert DistributionEntry.objects.get(pk=entry.pk).used is False


@pytest.mark.django_db(transaction=True)
def test_using_a_code_outside_a_transaction_is_a_programming_error(instrument):
    from matpunkt.organisations.models import Membership
    from tests.factories import ForbundFactory, InsatsFactory, PeriodFactory, UserFactory

    user = UserFactory(username="rut")
    insats = InsatsFactory(forbund=ForbundFactory(name="Södra Dalarna"))
    Membership.objects.create(user=user, role="registrar", forbund=insats.forbund)
    code = issue(user, insats, PeriodFactory(label="2021"), count=1)[0].code

    with pytest.raises(RuntimeError):
        codes.code_use(code=code)


# Open links ------------------------------------------------------------------------------------


def test_an_open_link_has_a_long_random_token(registrar, insats, period):
    link = codes.open_link_create(
        actor=registrar, insats=insats, period=period, group="personal", variant="utan_kon"
    )

    assert len(link.token) == 22
    assert link.active
    assert codes.open_link_for_token(link.token) == link


def test_a_closed_open_link_is_not_found(registrar, insats, period):
    link = codes.open_link_create(
        actor=registrar, insats=insats, period=period, group="personal", variant="utan_kon"
    )

    codes.open_link_close(actor=registrar, link=link)

    assert codes.open_link_for_token(link.token) is None


def test_codes_and_an_open_link_are_not_mixed_in_one_group(registrar, insats, period):
    issue(registrar, insats, period, count=1)
    with pytest.raises(ValidationError) as error:
        codes.open_link_create(
            actor=registrar,
            insats=insats,
            period=period,
            group="deltagare_pagaende",
            variant="utan_kon",
        )
    assert error.value.messages == [
        "Gruppen har utdelade koder, som räknar antalet tillfrågade. En öppen länk kan inte "
        "användas samtidigt: makulera koderna först eller dela ut fler koder."
    ]

    codes.open_link_create(
        actor=registrar, insats=insats, period=period, group="personal", variant="utan_kon"
    )
    with pytest.raises(ValidationError) as error:
        issue(registrar, insats, period, group="personal")
    assert error.value.messages == [
        "Gruppen har en öppen länk, och då anges antalet tillfrågade för hand. Stäng länken "
        "innan ni delar ut koder."
    ]


def test_another_forbund_cannot_open_or_close_a_link(registrar, outsider, insats, period):
    with pytest.raises(Http404):
        codes.open_link_create(
            actor=outsider, insats=insats, period=period, group="personal", variant="utan_kon"
        )
    link = codes.open_link_create(
        actor=registrar, insats=insats, period=period, group="personal", variant="utan_kon"
    )
    with pytest.raises(Http404):
        codes.open_link_close(actor=outsider, link=link)
