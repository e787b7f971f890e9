"""Django's password validators with a minimum of 12 characters, plus the service's own words."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from matpunkt.core.demo import LOGINS
from matpunkt.organisations.services import generate_password

User = get_user_model()

TOO_SHORT = "Det här lösenordet är för kort. Det måste innehålla minst 12 tecken."
CONTEXT = (
    "Lösenordet bygger på ett ord som är lätt att gissa här (till exempel Mätpunkt, samordning "
    "eller en årstid). Välj en längre mening eller flera orelaterade ord."
)


def _messages(password: str, user=None) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    return caught.value.messages


@pytest.mark.parametrize(
    ("password", "messages"),
    [
        ("Sommar2024", [TOO_SHORT, CONTEXT]),
        ("matpunkt", [TOO_SHORT, CONTEXT]),
        ("Samordning", [TOO_SHORT, CONTEXT]),
        ("Samordning2024!", [CONTEXT]),
        ("MÄTPUNKT-12345", [CONTEXT]),
        ("123456789012", ["Detta lösenord är enbart numeriskt."]),
        ("1qaz2wsx3edc", ["Detta lösenord är alldeles för vanligt."]),
    ],
)
def test_weak_passwords_are_refused_in_swedish(password, messages):
    assert _messages(password) == messages


def test_a_password_like_the_user_name_is_refused(db):
    user = User(username="karin.karlsson", email="karin@example.org")
    assert _messages("karin.karlsson1", user) == ["Ditt lösenord är alltför likt användarnamn."]


@pytest.mark.parametrize(
    "password",
    ["lösenord-för-test", "kaffe-cykel-samordning-regn", "Sommarens långa kvällar 2024"],
)
def test_longer_passwords_pass(password):
    validate_password(password)


@pytest.mark.parametrize("login", LOGINS, ids=lambda login: login.username)
def test_the_demos_printed_passwords_pass(db, login):
    user = User(username=login.username, first_name=login.first_name, last_name=login.last_name)
    validate_password(login.password, user)


def test_generated_one_time_passwords_pass(db):
    user = User(username="ny_person")
    for _index in range(50):
        validate_password(generate_password(), user)
