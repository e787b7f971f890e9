"""Rate limits for the public questionnaire, counted in the database.

Why not django-ratelimit: it counts in Django's cache, and our default cache is a FileBasedCache,
whose `incr` is a read followed by a write with no lock between them, so parallel gunicorn
workers lose counts (django-ratelimit itself flags that cache as unsafe). A memcached or Redis
cache would be atomic, but it is one more service to run for a handful of counters. The database
we already run gives an atomic increment on both SQLite and PostgreSQL: `UPDATE ... SET count =
count + 1` takes the row's write lock until the transaction ends, so parallel increments queue up
and each reads its own total.

Counts are kept per key and clock minute (a fixed window: at a minute's turn a client may
briefly get up to twice the limit, which is fine for stopping scripts). A device is counted by a
keyed hash of its address, so no address is stored; rows older than the previous minute are
deleted as new minutes begin.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from matpunkt.core.logs import log_event
from matpunkt.responses.models import SubmissionCounter


def client_address(request) -> str:
    """The client's address: the connection's, or the one the trusted proxies forwarded."""
    proxies = settings.MATPUNKT_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def device_key(request, purpose: str) -> str:
    """A key for the client's device that does not reveal its address."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256
    ).hexdigest()
    return f"{purpose}:d:{digest[:40]}"


def current_minute(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // 60)


def count_hit(key: str, *, minute: int | None = None) -> int:
    """Add one to the key's count for this minute and return the new count, atomically."""
    minute = current_minute() if minute is None else minute
    counters = SubmissionCounter.objects.filter(key=key, minute=minute)
    with transaction.atomic():
        if not counters.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    SubmissionCounter.objects.create(key=key, minute=minute, count=1)
            except IntegrityError:
                # Another request created this minute's row meanwhile: count on it.
                counters.update(count=F("count") + 1)
            else:
                SubmissionCounter.objects.filter(minute__lt=minute - 1).delete()
                return 1
        return counters.values_list("count", flat=True).get()


def allow(key: str, limit: int, *, minute: int | None = None) -> bool:
    """Count one attempt; False when the key has now made more than `limit` this minute."""
    allowed = count_hit(key, minute=minute) <= limit
    if not allowed:
        # "open:l" (a link), "open:d" or "code:d" (a device): never the token or the digest.
        log_event("survey.throttled", bucket=key.rsplit(":", 1)[0])
    return allowed


def allow_open_link_submission(request, link, *, minute: int | None = None) -> bool:
    """Both the link and the device must be within their limits (both are counted)."""
    link_ok = allow(f"open:l:{link.token}", settings.MATPUNKT_OPEN_LINK_PER_MINUTE, minute=minute)
    device_ok = allow(
        device_key(request, "open"),
        settings.MATPUNKT_OPEN_LINK_PER_DEVICE_PER_MINUTE,
        minute=minute,
    )
    return link_ok and device_ok


def allow_unknown_code(request, *, minute: int | None = None) -> bool:
    """Trying codes that do not exist is limited per device, against guessing codes."""
    return allow(
        device_key(request, "code"),
        settings.MATPUNKT_UNKNOWN_CODES_PER_DEVICE_PER_MINUTE,
        minute=minute,
    )
