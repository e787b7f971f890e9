"""Codes from an authenticator app, computed the way the app does."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "lösenord-för-test"


def app_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app shows now, or `steps_ahead` 30-second steps later. A code is accepted
    once: a second login in the same step uses the next step's code (within the tolerance)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Mätpunkt", confirmed=True)


def password_login(client, username: str, password: str = PASSWORD, **extra):
    return client.post("/logga-in/", {"username": username, "password": password}, **extra)
