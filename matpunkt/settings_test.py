"""Settings for the test suite: the ordinary settings in development mode, with fast hashing."""

import os

os.environ.setdefault("MATPUNKT_DEBUG", "1")

from matpunkt.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
