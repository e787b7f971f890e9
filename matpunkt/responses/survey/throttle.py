"""Rate limits for the public questionnaire, counted in the database.

Why not django-ratelimit: it counts in Django's cache, and our default cache is a FileBasedCache,
whose `incr` is a read followed by a write with no lock between them, so parallel gunicorn
workers lose counts (django-ratelimit itself flags that cache as unsafe). A memcached or Redis
cache would be atomic, but it is one more service to run for a handful of counters. The database
we already run gives an atomic increment on both SQLite and PostgreSQL: `UPDATE ... SET count =
count + 1` takes the row's write lock until the transaction ends, so parallel increments queue up
and each reads its own total.

Guessing codes. Every request to an address that holds a code or a link token passes `admit`
before the code is looked up, so hits and misses count alike, and a refused request gets the same
page whatever the code: being throttled tells a guesser nothing. Three limits apply:

- per device and clock minute, and per device and clock hour: every such request;
- site-wide per clock hour: once that many unknown codes or links have been tried ("under
  pressure"), a device that has itself tried an unknown one this hour is refused until the hour
  ends, and every device may have only one request open at a time (its miss is counted before
  the lookup and taken back if the code exists), so parallel requests gain nothing. Many
  addresses together therefore get at most this many guesses an hour plus one per address,
  while respondents who have not mistyped answer on.

A device is a client network (`core.clients.client_device`: an IPv4 address, an IPv6 /56). It is
counted by an HMAC of that network under a random salt that lives for one clock hour
(`ThrottleSalt`): every worker reads the same salt from the database, and when the next hour
begins the salt is deleted together with every counter it keyed. No stored value can then be
mapped back to an address, not even with the secret key and everything else on the machine.
While its hour lasts the salt could map that hour's counters back by trying every address;
so could whoever reads the proxy's live traffic. `purge_expired` also runs once an hour per
worker on any request (a `request_started` receiver), so a quiet site keeps no past hour
either.

Counts are kept per key and window (fixed windows: at a window's turn a client may briefly get
up to twice a limit, which is fine for stopping scripts; the guessing figures in bench/README.md
are per fixed clock hour, 24 of which make a day).
"""

import hashlib
import hmac
import logging
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from matpunkt.core.clients import client_device
from matpunkt.core.logs import log_event
from matpunkt.responses.models import SubmissionCounter, ThrottleSalt

logger = logging.getLogger(__name__)

SITE_MISSES = "miss:site"


def _clock() -> float:
    return time.time()


def current_minute(now: float | None = None) -> int:
    return int((_clock() if now is None else now) // 60)


@dataclass(frozen=True)
class Window:
    """A fixed counting window: a clock minute or a clock hour, in minutes since the epoch."""

    first: int
    last: int

    @classmethod
    def minute_of(cls, minute: int) -> "Window":
        return cls(minute, minute)

    @classmethod
    def hour_of(cls, minute: int) -> "Window":
        first = minute - minute % 60
        return cls(first, first + 59)


# The salt --------------------------------------------------------------------------------------

_salts: dict[int, str] = {}  # this process's copy of the current hour's salt, nothing older


def _hour_salt(hour: int) -> str:
    """The current hour's salt, made by whichever request comes first in the hour."""
    if hour in _salts:
        return _salts[hour]
    salt = ThrottleSalt.objects.filter(hour=hour).values_list("salt", flat=True).first()
    if salt is None:
        try:
            with transaction.atomic():
                salt = ThrottleSalt.objects.create(hour=hour, salt=secrets.token_hex(32)).salt
        except IntegrityError:
            salt = ThrottleSalt.objects.values_list("salt", flat=True).get(hour=hour)
        purge_expired(hour * 60)
    _salts.clear()
    _salts[hour] = salt
    return salt


def purge_expired(minute: int | None = None) -> None:
    """Delete the salts of past hours and every counter whose window has ended (which takes all
    counters keyed with a past hour's salt: their windows ended with that hour)."""
    minute = current_minute() if minute is None else minute
    ThrottleSalt.objects.filter(hour__lt=minute // 60).delete()
    SubmissionCounter.objects.filter(expires__lt=minute).delete()


_last_purged_hour: list[int] = [0]


def purge_once_an_hour(**kwargs) -> None:
    """A `request_started` receiver: each worker purges at most once per clock hour."""
    hour = current_minute() // 60
    if _last_purged_hour[0] == hour:
        return
    _last_purged_hour[0] = hour
    try:
        purge_expired()
    except Exception:  # noqa: BLE001 - tidying up must never fail a request (nor the health check)
        logger.warning("Could not purge the rate-limit counters.", exc_info=True)


def device_key(request, purpose: str, *, minute: int | None = None) -> str:
    """A key for the client's device: an HMAC of its network under the hour's salt."""
    minute = current_minute() if minute is None else minute
    salt = _hour_salt(minute // 60)
    digest = hmac.new(salt.encode(), client_device(request).encode(), hashlib.sha256)
    return f"{purpose}:d:{digest.hexdigest()[:40]}"


# Counting --------------------------------------------------------------------------------------


def count_hit(key: str, *, minute: int | None = None, window: Window | None = None) -> int:
    """Add one to the key's count for this window and return the new count, atomically."""
    minute = current_minute() if minute is None else minute
    window = window or Window.minute_of(minute)
    counters = SubmissionCounter.objects.filter(key=key, minute=window.first)
    with transaction.atomic():
        if not counters.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    SubmissionCounter.objects.create(
                        key=key, minute=window.first, expires=window.last, count=1
                    )
            except IntegrityError:
                # Another request created this window's row meanwhile: count on it.
                counters.update(count=F("count") + 1)
            else:
                SubmissionCounter.objects.filter(expires__lt=minute).delete()
                return 1
        return counters.values_list("count", flat=True).get()


def current_count(key: str, window: Window) -> int:
    return (
        SubmissionCounter.objects.filter(key=key, minute=window.first)
        .values_list("count", flat=True)
        .first()
        or 0
    )


def allow(key: str, limit: int, *, minute: int | None = None) -> bool:
    """Count one attempt; False when the key has now made more than `limit` this minute."""
    return count_hit(key, minute=minute) <= limit


# The public survey's gate ----------------------------------------------------------------------


@dataclass
class Admission:
    """The gate's answer for one request. Under pressure a miss is counted in advance
    (`provisional`) and taken back by `settle` when the code turns out to exist."""

    admitted: bool
    device: str = ""
    hour: Window | None = None
    provisional: bool = False
    missed: bool = False

    def __bool__(self) -> bool:
        return self.admitted


def admit(request, *, minute: int | None = None) -> Admission:
    """Count a request to an address with a code or link token in it, before the code is looked
    up; a false Admission when the device must get the throttled page instead, whatever the
    code. Call `settle` once the request has been answered."""
    minute = current_minute() if minute is None else minute
    hour = Window.hour_of(minute)
    device = device_key(request, "survey", minute=minute)
    per_minute = count_hit(f"{device}:m", minute=minute)
    per_hour = count_hit(f"{device}:h", minute=minute, window=hour)
    if (
        per_minute > settings.MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_MINUTE
        or per_hour > settings.MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_HOUR
    ):
        if per_minute == settings.MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_MINUTE + 1:
            # Once a minute per device; never the address, the device key or the code.
            log_event("survey.throttled", bucket="device")
        return Admission(False)
    admission = Admission(True, device, hour)
    if current_count(SITE_MISSES, hour) >= settings.MATPUNKT_SURVEY_MISSES_PER_HOUR:
        # Under pressure a device may have one request open at a time and none after a miss.
        # Counting the miss before the lookup makes this hold for requests sent in parallel.
        if count_hit(f"{device}:x", minute=minute, window=hour) > 1:
            _uncount(f"{device}:x", hour)
            return Admission(False)
        admission.provisional = True
    request._survey_admission = admission
    return admission


def record_miss(request, *, minute: int | None = None) -> None:
    """Count a code or link that does not exist, for the device and for the whole site."""
    minute = current_minute() if minute is None else minute
    hour = Window.hour_of(minute)
    admission = getattr(request, "_survey_admission", None)
    if admission is None:
        admission = Admission(True, device_key(request, "survey", minute=minute), hour)
    admission.missed = True
    if not admission.provisional:
        count_hit(f"{admission.device}:x", minute=minute, window=admission.hour or hour)
    count_hit(SITE_MISSES, minute=minute, window=admission.hour or hour)


def settle(admission: Admission) -> None:
    """After the answer: a miss counted in advance is taken back when the code existed."""
    if admission.provisional and not admission.missed:
        _uncount(f"{admission.device}:x", admission.hour)


def _uncount(key: str, window: Window) -> None:
    SubmissionCounter.objects.filter(key=key, minute=window.first, count__gt=0).update(
        count=F("count") - 1
    )


def allow_open_link_submission(request, link, *, minute: int | None = None) -> bool:
    """Both the link and the device must be within their limits (both are counted)."""
    link_ok = allow(f"open:l:{link.token}", settings.MATPUNKT_OPEN_LINK_PER_MINUTE, minute=minute)
    device_ok = allow(
        device_key(request, "open", minute=minute),
        settings.MATPUNKT_OPEN_LINK_PER_DEVICE_PER_MINUTE,
        minute=minute,
    )
    return link_ok and device_ok
