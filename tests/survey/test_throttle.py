"""Guessing codes and links: every attempt counts, and being throttled reveals nothing."""

import hashlib
import hmac

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from matpunkt.fieldwork.codes import codes_mark, open_link_create
from matpunkt.responses.models import Response, SubmissionCounter, ThrottleSalt
from matpunkt.responses.survey import throttle
from tests.codes.helpers import issue
from tests.conftest import HOUR_START

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
FAKE_CODE = "ZZZZ2222"
FAKE_TOKEN = "no-such-link-token-at-all"
THROTTLED_TEXT = (
    "Det har gjorts för många försök härifrån på kort tid. Vänta en stund och försök sedan igen."
)


@pytest.fixture
def logo(forbund, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    forbund.logo.save("logo.png", SimpleUploadedFile("logo.png", PNG), save=True)


@pytest.fixture
def code(registrar, insats, period):
    return issue(registrar, insats, period, group="deltagare_avslut", variant="med_kon", count=1)[
        0
    ].code


@pytest.fixture
def link(registrar, insats, period):
    return open_link_create(
        actor=registrar, insats=insats, period=period, group="styrelse", variant="utan_kon"
    )


def _form_path(client, token):
    return client.get(f"/o/{token}")["Location"].split("?")[0]


# (method, address with {code} or {token} in it). Every public address that holds one.
ADDRESSES = [
    ("get", "/e/{code}"),
    ("post", "/e/{code}"),
    ("get", "/e/{code}/tack"),
    ("get", "/e/{code}/integritet"),
    ("get", "/e/{code}/logotyp"),
    ("get", "/o/{token}"),
    ("get", "/o/{token}/tack"),
    ("get", "/o/{token}/integritet"),
    ("get", "/o/{token}/logotyp"),
    ("get", "/o/{token}/form"),
    ("post", "/o/{token}/form"),
]


def _request(client, method, address, code, token, form_path=""):
    path = address.format(code=code, token=token)
    if path.endswith("/form"):
        path = form_path if form_path else path
    return getattr(client, method)(path, {"f1": "5"} if method == "post" else {})


def _signature(page) -> tuple:
    body = b"".join(page.streaming_content) if page.streaming else page.content
    return (
        page.status_code,
        body,
        page["Content-Type"],
        page.get("Content-Language"),
        page.get("Cache-Control"),
    )


@pytest.mark.parametrize(("method", "address"), ADDRESSES)
def test_a_throttled_device_gets_the_same_answer_for_a_real_and_a_made_up_code(
    client, settings, logo, code, link, clock, method, address
):
    form_path = _form_path(client, link.token)
    client.get(f"/e/{code}")
    client.get(f"/e/{code}/logotyp")
    # The device has now used up its minute.
    settings.MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_MINUTE = 3

    real = _request(client, method, address, code, link.token, form_path)
    fake = _request(client, method, address, FAKE_CODE, FAKE_TOKEN)
    assert _signature(real) == _signature(fake)
    assert real.status_code == 429
    assert THROTTLED_TEXT in real.content.decode()
    assert Response.objects.count() == 0


def test_unthrottled_the_same_addresses_do_tell_real_from_made_up(client, logo, code, link):
    """The control for the test above: what being throttled hides."""
    assert client.get(f"/e/{code}/logotyp").status_code == 200
    assert client.get(f"/e/{FAKE_CODE}/logotyp").status_code == 404
    assert client.get(f"/o/{link.token}/integritet").status_code == 200
    assert client.get(f"/o/{FAKE_TOKEN}/integritet").status_code == 404


def test_hits_count_as_much_as_misses(client, settings, code, clock):
    settings.MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_MINUTE = 3

    statuses = [client.get(f"/e/{code}").status_code for _ in range(3)]
    statuses.append(client.get(f"/e/{FAKE_CODE}").status_code)

    assert statuses == [200, 200, 200, 429]


def test_the_logo_counts_as_an_attempt(client, settings, logo, code, clock):
    settings.MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_MINUTE = 2

    statuses = [client.get(f"/e/{FAKE_CODE}/logotyp").status_code for _ in range(2)]
    statuses.append(client.get(f"/e/{code}/logotyp").status_code)

    assert statuses == [404, 404, 429]


def test_the_minute_limit_lifts_when_the_minute_ends(client, settings, code, clock):
    settings.MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_MINUTE = 1
    assert client.get(f"/e/{code}").status_code == 200
    assert client.get(f"/e/{code}").status_code == 429

    clock.now += 60

    assert client.get(f"/e/{code}").status_code == 200


def test_the_hour_limit_holds_across_minutes_and_lifts_when_the_hour_ends(
    client, settings, code, clock
):
    settings.MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_HOUR = 3
    statuses = []
    for minute in range(5):
        clock.now = HOUR_START + minute * 60
        statuses.append(client.get(f"/e/{code}").status_code)
    clock.now = HOUR_START + 3600
    statuses.append(client.get(f"/e/{code}").status_code)

    assert statuses == [200, 200, 200, 429, 429, 200]


def test_many_guessing_addresses_are_stopped_by_the_site_wide_miss_limit(
    client, settings, code, clock
):
    settings.MATPUNKT_SURVEY_MISSES_PER_HOUR = 4
    guessers = [f"198.51.100.{n}" for n in range(1, 7)]

    first_round = [
        client.get(f"/e/ZZZZ222{n}", REMOTE_ADDR=a).status_code
        for n, a in zip(range(2, 8), guessers, strict=True)
    ]
    second_round = [
        client.get(f"/e/{code}", REMOTE_ADDR=address).status_code for address in guessers
    ]

    # Each fresh address gets its one miss; after four misses in the hour every address that
    # has missed is refused, even for a real code.
    assert first_round == [404] * 6
    assert second_round == [429] * 6
    # A respondent who has not mistyped answers on as usual, and so does everyone next hour.
    assert client.get(f"/e/{code}", REMOTE_ADDR="203.0.113.9").status_code == 200
    clock.now += 3600
    assert client.get(f"/e/{code}", REMOTE_ADDR=guessers[0]).status_code == 200


def test_under_pressure_a_respondent_who_has_not_mistyped_answers_on(client, settings, code, clock):
    settings.MATPUNKT_SURVEY_MISSES_PER_HOUR = 1
    client.get(f"/e/{FAKE_CODE}", REMOTE_ADDR="198.51.100.1")
    respondent = {"REMOTE_ADDR": "203.0.113.9"}

    statuses = [
        client.get(f"/e/{code}", **respondent).status_code,
        # No logo: a 404 for a real code is no miss.
        client.get(f"/e/{code}/logotyp", **respondent).status_code,
        client.get(f"/e/{code}/integritet", **respondent).status_code,
        client.post(f"/e/{code}", {"f1": "5"}, **respondent).status_code,
        client.get(f"/e/{code}/tack", **respondent).status_code,
    ]

    assert statuses == [200, 404, 200, 303, 200]


def test_under_pressure_a_device_has_one_request_open_at_a_time(rf, db, settings, clock):
    settings.MATPUNKT_SURVEY_MISSES_PER_HOUR = 0

    def request():
        return rf.get("/e/ZZZZ2222", REMOTE_ADDR="198.51.100.1")

    first = throttle.admit(request())
    parallel = throttle.admit(request())
    throttle.settle(first)  # the first one's code existed
    second_request = request()
    second = throttle.admit(second_request)
    throttle.record_miss(second_request)  # the second one's did not
    throttle.settle(second)
    after_a_miss = throttle.admit(request())

    assert [bool(first), bool(parallel), bool(second), bool(after_a_miss)] == [
        True,
        False,
        True,
        False,
    ]


def test_below_the_site_wide_miss_limit_a_typo_costs_nothing(client, settings, code, clock):
    settings.MATPUNKT_SURVEY_MISSES_PER_HOUR = 4

    statuses = [client.get(f"/e/{FAKE_CODE}").status_code, client.get(f"/e/{code}").status_code]

    assert statuses == [404, 200]


def test_a_room_of_thirty_respondents_behind_one_nat_is_never_throttled(
    client, registrar, insats, period, logo, clock
):
    """The plausible worst case for the default limits: a class on the same Wi-Fi. All 30 open
    their codes within the same minute (page and logo), five mistype their code first, everyone
    reads the privacy notice, then they send within five minutes (send, thank-you page, logo)."""
    codes = [entry.code for entry in issue(registrar, insats, period, count=30)]
    nat = {"REMOTE_ADDR": "192.0.2.80"}
    statuses = []
    for number, code in enumerate(codes):
        clock.now = HOUR_START + (number // 15) * 60
        if number < 5:
            typo = code[:7] + ("X" if code[7] != "X" else "Y")
            statuses.append(client.get(f"/e/{typo}", **nat).status_code == 404)
        statuses.append(client.get(f"/e/{code}", **nat).status_code == 200)
        statuses.append(client.get(f"/e/{code}/logotyp", **nat).status_code == 200)
        statuses.append(client.get(f"/e/{code}/integritet", **nat).status_code == 200)
        statuses.append(client.get(f"/e/{code}/logotyp", **nat).status_code == 200)
    for number, code in enumerate(codes):
        clock.now = HOUR_START + 300 + (number // 6) * 60
        statuses.append(client.post(f"/e/{code}", {"f1": "5"}, **nat).status_code == 303)
        statuses.append(client.get(f"/e/{code}/tack", **nat).status_code == 200)
        statuses.append(client.get(f"/e/{code}/logotyp", **nat).status_code == 200)

    assert statuses == [True] * (30 * 7 + 5)
    assert Response.objects.count() == 30


def test_a_voided_code_is_no_miss(client, settings, registrar, insats, period, clock):
    settings.MATPUNKT_SURVEY_MISSES_PER_HOUR = 1
    (entry,) = issue(registrar, insats, period, count=1)
    codes_mark(
        actor=registrar, distribution=entry.distribution, entry_ids=[entry.pk], action="makulera"
    )

    statuses = [client.get(f"/e/{entry.code}").status_code for _ in range(2)]

    assert statuses == [410, 410]


# What is stored --------------------------------------------------------------------------------


def test_no_stored_value_holds_the_address_or_its_hash_under_the_secret_key(
    client, code, settings, clock
):
    client.get(f"/e/{code}", REMOTE_ADDR="192.0.2.44")
    client.get(f"/e/{FAKE_CODE}", REMOTE_ADDR="192.0.2.44")

    under_secret_key = hmac.new(
        settings.SECRET_KEY.encode(), b"192.0.2.44", hashlib.sha256
    ).hexdigest()[:40]
    stored = " ".join(SubmissionCounter.objects.values_list("key", flat=True))
    # The device's minute and hour, its misses this hour, and the site's misses this hour.
    assert SubmissionCounter.objects.count() == 4
    assert "192.0.2.44" not in stored
    assert under_secret_key not in stored


def test_the_hours_salt_and_counters_are_gone_once_the_next_hour_begins(client, code, clock):
    client.get(f"/e/{code}", REMOTE_ADDR="192.0.2.44")
    first_salt = ThrottleSalt.objects.get().salt
    first_keys = set(SubmissionCounter.objects.values_list("key", flat=True))

    clock.now += 3600
    client.get(f"/e/{code}", REMOTE_ADDR="192.0.2.44")

    assert list(ThrottleSalt.objects.values_list("hour", flat=True)) == [int(clock.now // 3600)]
    assert ThrottleSalt.objects.get().salt != first_salt
    assert not first_keys & set(SubmissionCounter.objects.values_list("key", flat=True))
    assert SubmissionCounter.objects.filter(minute__lt=int(clock.now // 60)).count() == 0


def test_any_request_clears_past_hours_even_when_no_respondent_comes(client, code, clock):
    client.get(f"/e/{code}", REMOTE_ADDR="192.0.2.44")
    clock.now += 3600

    client.get("/halsa/")

    assert ThrottleSalt.objects.count() == 0
    assert SubmissionCounter.objects.count() == 0


def test_the_same_address_gets_an_unrelated_key_each_hour(rf, db, clock):
    request = rf.get("/", REMOTE_ADDR="192.0.2.44")
    minute = int(HOUR_START // 60)

    this_hour = throttle.device_key(request, "survey", minute=minute)
    same_hour = throttle.device_key(request, "survey", minute=minute + 59)
    next_hour = throttle.device_key(request, "survey", minute=minute + 60)

    assert this_hour == same_hour
    assert this_hour != next_hour
    assert "192.0.2.44" not in this_hour


# The counter itself ----------------------------------------------------------------------------


def test_the_counter_counts_per_key_and_window(db):
    hour = throttle.Window.hour_of(100)

    assert [throttle.count_hit("k", minute=100) for _ in range(3)] == [1, 2, 3]
    assert throttle.count_hit("other", minute=100) == 1
    assert throttle.count_hit("k", minute=101) == 1
    assert [throttle.count_hit("k", minute=m, window=hour) for m in (100, 110, 119)] == [1, 2, 3]
    assert throttle.count_hit("k", minute=120, window=throttle.Window.hour_of(120)) == 1


def test_ended_windows_are_deleted_as_new_ones_begin(db):
    throttle.count_hit("k", minute=100)
    throttle.count_hit("h", minute=100, window=throttle.Window.hour_of(100))

    throttle.count_hit("k", minute=103)

    assert sorted(SubmissionCounter.objects.values_list("key", "minute")) == [("h", 60), ("k", 103)]


def test_allow_refuses_once_the_limit_is_passed(db):
    assert [throttle.allow("k", 2, minute=7) for _ in range(4)] == [True, True, False, False]
