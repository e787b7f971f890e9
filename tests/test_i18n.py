"""English as the second interface language: the catalogue is complete, and the staff pages use
it when a person chooses it, never because the browser asks for it."""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from matpunkt.core.models import AuditEvent, LanguagePreference
from matpunkt.core.services import language_preference_set
from matpunkt.organisations.models import Role
from tests.factories import InsatsFactory

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%")
TAG = re.compile(r"<[^>]*>")


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file: just enough of the format to check a catalogue."""
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry = Entry()
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#~"):
                entry.obsolete = True
            elif line.startswith("#"):
                continue
            elif match := re.match(
                r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line
            ):
                keyword, value = match[1], _unquote(match[2])
                if keyword.startswith("msgstr"):
                    entry.msgstr.append(value)
                    current = ("msgstr", len(entry.msgstr) - 1)
                else:
                    setattr(entry, keyword, value)
                    current = (keyword, None)
            elif line.startswith('"') and current is not None:
                keyword, index = current
                if index is None:
                    setattr(entry, keyword, getattr(entry, keyword) + _unquote(line))
                else:
                    entry.msgstr[index] += _unquote(line)
        entries.append(entry)
    return entries


def catalogue() -> list[Entry]:
    """The translatable entries, without the header."""
    return [entry for entry in parse_po(PO_FILE.read_text(encoding="utf-8")) if entry.msgid]


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    """`make test` compiles the catalogue; a bare `pytest` on a fresh checkout does it here."""
    if not MO_FILE.exists() or MO_FILE.stat().st_mtime < PO_FILE.stat().st_mtime:
        call_command(
            "compilemessages",
            locale=["en"],
            ignore_patterns=[".*", "var", "bench", "docs", "tests", "build"],
            verbosity=0,
        )
        trans_real._translations = {}
        trans_real._default = None


@pytest.fixture(autouse=True)
def default_language_afterwards():
    """A request in English leaves English active in the thread; later tests expect Swedish."""
    yield
    translation.deactivate()


def test_po_parser_reads_plural_context_and_flags():
    entries = parse_po(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, fuzzy, python-format\nmsgctxt "plural"\nmsgid "%(n)s rad"\n'
        'msgid_plural "%(n)s rader"\nmsgstr[0] "%(n)s row"\nmsgstr[1] ""\n"%(n)s "\n"rows"\n'
    )

    assert entries[0].msgstr == ["Language: en\n"]
    assert entries[1] == Entry(
        msgctxt="plural",
        msgid="%(n)s rad",
        msgid_plural="%(n)s rader",
        msgstr=["%(n)s row", "%(n)s rows"],
        flags={"fuzzy", "python-format"},
    )


def test_english_catalogue_translates_every_entry():
    entries = catalogue()

    untranslated = [e.msgid for e in entries if not e.msgstr or not all(e.msgstr)]
    assert len(entries) > 600
    assert untranslated == []


def test_english_catalogue_has_no_fuzzy_or_obsolete_entries():
    entries = parse_po(PO_FILE.read_text(encoding="utf-8"))

    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert [e.msgid for e in entries if e.obsolete] == []


def test_plural_entries_have_two_english_forms():
    plurals = [e for e in catalogue() if e.msgid_plural is not None]

    assert plurals
    assert [e.msgid for e in plurals if len(e.msgstr) != 2] == []


def test_english_catalogue_keeps_placeholders_and_markup():
    mismatched = []
    for entry in catalogue():
        sources = [entry.msgid] + ([entry.msgid_plural] * (len(entry.msgstr) - 1))
        for source, translated in zip(sources, entry.msgstr, strict=True):
            if set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(translated)):
                mismatched.append(entry.msgid)
            if TAG.findall(source) != TAG.findall(translated):
                mismatched.append(entry.msgid)
    assert mismatched == []


def test_login_page_is_swedish_by_default(client):
    response = client.get(reverse("login"))

    content = response.content.decode()
    assert '<html lang="sv"' in content
    assert "<title>Logga in – Mätpunkt</title>" in content
    assert "<h1>Logga in</h1>" in content
    assert '<label for="id_username">Användarnamn</label>' in content
    assert '<label for="id_password">Lösenord</label>' in content
    assert '<button type="submit">Logga in</button>' in content


def test_login_page_is_swedish_for_a_browser_asking_for_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    content = response.content.decode()
    assert '<html lang="sv"' in content
    assert "<title>Logga in – Mätpunkt</title>" in content
    assert "<h1>Logga in</h1>" in content
    assert response["Content-Language"] == "sv"


def test_login_page_is_english_after_choosing_english_there(client):
    response = client.post(reverse("choose_language"), {"language": "en", "next": "/logga-in/"})

    assert response.status_code == 302
    assert response["Location"] == "/logga-in/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    content = client.get(reverse("login")).content.decode()
    assert '<html lang="en"' in content
    assert "<title>Log in – Mätpunkt</title>" in content
    assert "<h1>Log in</h1>" in content
    assert '<label for="id_username">Username</label>' in content
    assert '<label for="id_password">Password</label>' in content
    assert '<button type="submit">Log in</button>' in content
    assert "Hoppa till innehållet" not in content
    assert ">Skip to content</a>" in content


def test_a_language_the_interface_lacks_falls_back_to_swedish(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de")

    assert "<h1>Logga in</h1>" in response.content.decode()


def test_home_page_of_a_forbund_admin_is_swedish_by_default(client, forbund_admin):
    client.force_login(forbund_admin)

    content = client.get(reverse("home")).content.decode()

    assert "<h1>Välkommen till Mätpunkt</h1>" in content
    assert "<p>Du är inloggad med rollen Förbundsadministratör.</p>" in content
    assert "<h2>Förbund</h2>" in content
    assert ">Registrera enkäter</a>" in content
    assert ">Utdelning</a>" in content
    assert ">Användare</a>" in content
    assert ">Logga ut</button>" in content


def test_home_page_of_a_forbund_admin_is_english_with_the_language_cookie(
    client, forbund_admin, period
):
    client.force_login(forbund_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    content = client.get(reverse("home")).content.decode()

    assert "<title>Home – Mätpunkt</title>" in content
    assert "<h1>Welcome to Mätpunkt</h1>" in content
    assert "<p>You are logged in with the role Association administrator.</p>" in content
    assert "<h2>Associations</h2>" in content
    assert "<h2>Measurement periods</h2>" in content
    assert "<li>2021 (instrument version 2021)</li>" in content
    assert ">Enter questionnaires</a>" in content
    assert ">Distribution</a>" in content
    assert ">Activities</a>" in content
    assert ">Associations</a>" in content
    assert ">Users</a>" in content
    assert ">Change password</a>" in content
    assert ">Log out</button>" in content
    assert '<label for="language">Language</label>' in content


def test_home_page_of_a_forbund_admin_is_swedish_for_a_browser_asking_for_english(
    client, forbund_admin, period
):
    client.force_login(forbund_admin)

    content = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="sv"' in content
    assert "<h1>Välkommen till Mätpunkt</h1>" in content
    assert "<h2>Förbund</h2>" in content
    assert ">Insatser</a>" in content
    assert ">Förbund</a>" in content
    assert "Associations" not in content
    assert "Activities" not in content
    assert '<label for="language">Språk</label>' in content
    assert '<option value="sv" lang="sv" selected>Svenska</option>' in content
    assert '<option value="en" lang="en">English</option>' in content


@pytest.mark.parametrize(
    "url",
    [
        "/organisation/insatser/",
        "/faltarbete/utdelning/",
        "/resultat/",
        "/organisation/mitt-losenord/",
    ],
)
def test_staff_pages_ignore_an_english_browser(client, forbund_admin, insats, period, url):
    client.force_login(forbund_admin)

    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="sv"' in content
    assert ">Logga ut</button>" in content
    assert ">Log out</button>" not in content


def test_choosing_english_is_stored_on_the_user_and_kept_after_logout_and_login(
    client, forbund_admin
):
    client.post(reverse("login"), {"username": "anna_admin", "password": "lösenord-för-test"})

    response = client.post(reverse("choose_language"), {"language": "en", "next": reverse("home")})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert LanguagePreference.objects.get(user=forbund_admin).language == "en"
    assert "<h1>Welcome to Mätpunkt</h1>" in client.get(reverse("home")).content.decode()
    event = AuditEvent.objects.get(action="user.language")
    assert (event.actor, event.object_id) == (forbund_admin, str(forbund_admin.pk))
    assert (event.before, event.after) == (None, {"language": "en"})

    client.post(reverse("logout"))
    assert "<h1>Log in</h1>" in client.get(reverse("login")).content.decode()

    # Another browser, with no cookie: the choice comes from the user.
    other = Client(HTTP_ACCEPT_LANGUAGE="sv-SE,sv;q=0.9")
    login = other.post(
        reverse("login"), {"username": "anna_admin", "password": "lösenord-för-test"}
    )
    assert login.status_code == 302
    assert login.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    content = other.get(reverse("home")).content.decode()
    assert '<html lang="en"' in content
    assert "<h1>Welcome to Mätpunkt</h1>" in content
    assert ">Activities</a>" in content
    assert '<option value="en" lang="en" selected>English</option>' in content


def test_the_stored_choice_wins_over_an_old_cookie(client, forbund_admin):
    LanguagePreference.objects.create(user=forbund_admin, language="sv")
    client.force_login(forbund_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("home"))

    assert "<h1>Välkommen till Mätpunkt</h1>" in response.content.decode()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"


def test_choosing_swedish_again_is_stored_with_the_earlier_choice_in_the_audit_trail(
    client, forbund_admin
):
    client.force_login(forbund_admin)
    client.post(reverse("choose_language"), {"language": "en", "next": reverse("home")})

    client.post(reverse("choose_language"), {"language": "sv", "next": reverse("home")})

    assert LanguagePreference.objects.get(user=forbund_admin).language == "sv"
    event = AuditEvent.objects.filter(action="user.language").first()
    assert (event.before, event.after) == ({"language": "en"}, {"language": "sv"})
    assert "<h1>Välkommen till Mätpunkt</h1>" in client.get(reverse("home")).content.decode()


def test_choosing_a_language_the_site_lacks_is_refused(client, forbund_admin):
    client.force_login(forbund_admin)

    response = client.post(reverse("choose_language"), {"language": "de", "next": "/"})

    assert response.status_code == 400
    assert response.content.decode() == "Välj ett av språken i listan."
    assert not LanguagePreference.objects.exists()


def test_choosing_a_language_needs_post(client, forbund_admin):
    client.force_login(forbund_admin)

    assert client.get(reverse("choose_language"), {"language": "en"}).status_code == 405
    assert not LanguagePreference.objects.exists()


def test_choosing_a_language_never_redirects_to_another_site(client, forbund_admin):
    client.force_login(forbund_admin)

    response = client.post(
        reverse("choose_language"), {"language": "en", "next": "https://example.org/"}
    )

    assert response["Location"] == reverse("home")


def test_the_service_refuses_an_anonymous_actor_and_an_unknown_language(forbund_admin):
    with pytest.raises(PermissionDenied):
        language_preference_set(actor=AnonymousUser(), language="en")
    with pytest.raises(ValidationError) as refused:
        language_preference_set(actor=forbund_admin, language="fi")

    assert refused.value.messages == ["Språket fi finns inte i Mätpunkt."]
    assert not LanguagePreference.objects.exists()


def test_forbund_page_counts_insatser_with_english_plurals(client, forbund_admin, forbund):
    InsatsFactory(forbund=forbund, name="Steget vidare")
    LanguagePreference.objects.create(user=forbund_admin, language="en")
    client.force_login(forbund_admin)
    url = reverse("organisations:forbund_detail", args=[forbund.pk])

    one = client.get(url).content.decode()
    InsatsFactory(forbund=forbund, name="Vägen framåt")
    two = client.get(url).content.decode()

    assert ">1 activity</a>" in one
    assert ">2 activities</a>" in two
    assert "<dt>Agreement with NNS</dt>" in one
    assert "<dt>Contact person</dt>" in one


def test_missing_page_is_swedish_for_an_english_browser(client, forbund_admin):
    client.force_login(forbund_admin)

    response = client.get("/finns-inte/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in response.content.decode()


def test_missing_page_is_swedish_for_an_english_browser_signed_out(client):
    response = client.get("/finns-inte/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in response.content.decode()


def test_missing_page_is_english_for_a_person_who_chose_english(client, forbund_admin):
    LanguagePreference.objects.create(user=forbund_admin, language="en")
    client.force_login(forbund_admin)

    response = client.get("/finns-inte/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_forbidden_page_is_swedish_for_an_english_browser(client, reader, insats):
    client.force_login(reader)

    response = client.get(
        reverse("organisations:insats_edit", args=[insats.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 403
    assert '<html lang="sv"' in response.content.decode()


def test_role_names_and_python_messages_follow_the_active_language():
    with translation.override("en"):
        assert str(Role.FORBUND_ADMIN.label) == "Association administrator"
        assert str(Role.REGISTRAR.label) == "Registrar"
    assert str(Role.FORBUND_ADMIN.label) == "Förbundsadministratör"
