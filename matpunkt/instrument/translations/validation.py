"""Strict checks of a translation file against its instrument version.

Every problem is collected (not only the first), in Swedish, naming the row (XLSX) or entry (PO)
and the key, so that the translator can fix the whole file at once. The instrument's texts keep
their placeholders in square brackets and may use <u>…</u>; the interface texts keep their
%(name)s placeholders exactly and have no markup.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from matpunkt.instrument.models import Direction
from matpunkt.instrument.translations.entries import SourceEntry, nest, placeholders, source_entries
from matpunkt.instrument.translations.files import TranslationFile, TranslationFileError, normalise
from matpunkt.instrument.translations.interface import PLACEHOLDER, placeholder_names
from matpunkt.instrument.translations.texts import SWEDISH, direction_for

LANGUAGE_CODE = re.compile(r"^([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|[0-9]{3}))?$")
TAG = re.compile(r"<(/?)([A-Za-z][^<>]*)>")
# The texts a sentence for the printed form only stands in (see matpunkt.instrument.paper_only).
PAPER_ONLY_FIELDS = ("cover_text", "instructions")


@dataclass(frozen=True)
class ValidTranslation:
    """A translation file that passed every check, ready to store."""

    language: str
    name: str
    name_sv: str
    direction: str
    texts: dict


def _problem(where: str, key: str, message: str) -> str:
    if where and key:
        return _("%(where)s, %(key)s: %(message)s") % {
            "where": where,
            "key": key,
            "message": message,
        }
    return _("%(where)s: %(message)s") % {"where": where or key, "message": message}


def normalise_language(code: str) -> str | None:
    """The code in canonical case (ckb, ku-Arab, pt-BR), or None when it is not a language code."""
    match = LANGUAGE_CODE.match(code.strip().replace("_", "-").lower())
    if match is None:
        return None
    language, script, region = match.groups()
    return "-".join(
        part
        for part in (language, script.title() if script else "", region.upper() if region else "")
        if part
    )


def _header_problems(parsed: TranslationFile, version, direction) -> list[str]:
    where = parsed.header_where
    problems = []
    if parsed.version != version.code:
        problems.append(
            _(
                "Filen gäller instrumentversion %(file)s, inte %(version)s (%(where)s). "
                "Utgå från en tom översättningsfil för version %(version)s."
            )
            % {"file": parsed.version or "–", "version": version.code, "where": where["version"]}
        )
    code = normalise_language(parsed.language)
    if not parsed.language:
        problems.append(_("Språkkod saknas (%(where)s).") % {"where": where["language"]})
    elif code is None:
        problems.append(
            _(
                "Språkkoden ”%(code)s” är ogiltig (%(where)s). Ange en språkkod enligt BCP 47, "
                "t.ex. ar, fa, ckb, so eller ti."
            )
            % {"code": parsed.language, "where": where["language"]}
        )
    elif code.split("-")[0] == SWEDISH:
        problems.append(
            _(
                "Svenska är enkäternas källspråk och kan inte laddas upp som översättning "
                "(%(where)s)."
            )
            % {"where": where["language"]}
        )
    if not parsed.name:
        problems.append(
            _("Språkets namn på språket saknas (%(where)s).") % {"where": where["name"]}
        )
    if not parsed.name_sv:
        problems.append(
            _("Språkets namn på svenska saknas (%(where)s).") % {"where": where["name_sv"]}
        )
    if direction is None and parsed.direction.lower() not in ("", *Direction.values):
        problems.append(
            _(
                "Skriftriktningen ”%(value)s” är ogiltig (%(where)s). Skriv rtl (höger till "
                "vänster), ltr (vänster till höger) eller lämna tomt."
            )
            % {"value": parsed.direction, "where": where["direction"]}
        )
    return problems


def tag_problems(text: str) -> list[str]:
    """What is wrong with the markup of a text: only <u>…</u>, paired and not nested."""
    problems = []
    open_u = False
    balanced = True
    for closing, name in TAG.findall(text):
        if name != "u":
            problems.append(
                _("Taggen ”<%(tag)s>” är inte tillåten. Bara <u> och </u> får användas.")
                % {"tag": closing + name}
            )
        elif closing:
            balanced = balanced and open_u
            open_u = False
        else:
            balanced = balanced and not open_u
            open_u = True
    if open_u or not balanced:
        problems.append(
            _("Taggarna <u> och </u> går inte jämnt ut. Varje <u> ska avslutas med </u>.")
        )
    return problems


def interface_problems(text: str, source: str) -> list[str]:
    """What is wrong with the translation of an interface text: each %(name)s placeholder of the
    Swedish source kept exactly, no other placeholder, no stray percent sign, no markup."""
    problems = []
    wanted = placeholder_names(source)
    found = placeholder_names(text)
    for name in dict.fromkeys(wanted):
        if name not in found:
            problems.append(
                _(
                    "Platshållaren ”%(placeholder)s” saknas i översättningen. Den ska stå kvar "
                    "exakt så, med procenttecknet, parenteserna och s:et."
                )
                % {"placeholder": f"%({name})s"}
            )
    for name in dict.fromkeys(found):
        if name not in wanted:
            problems.append(
                _(
                    "Platshållaren ”%(placeholder)s” finns inte i den svenska texten. Använd bara "
                    "den svenska textens platshållare."
                )
                % {"placeholder": f"%({name})s"}
            )
    # A text with placeholders is filled in with Python's % formatting, where any other % sign
    # would fail or print something else.
    if wanted and "%" in PLACEHOLDER.sub("", text).replace("%%", ""):
        problems.append(
            _(
                "Översättningen har ett procenttecken som inte hör till en platshållare. "
                "Skriv %% för ett procenttecken."
            )
        )
    for closing, name in TAG.findall(text):
        problems.append(
            _("Taggen ”<%(tag)s>” är inte tillåten. Texterna runt frågorna har ingen formatering.")
            % {"tag": closing + name}
        )
    return problems


def _entry_problems(entry, source: SourceEntry, version) -> list[str]:
    messages = []
    if normalise(entry.source) != normalise(source.source):
        messages.append(
            _(
                "Den svenska texten stämmer inte med version %(version)s. Utgå från en ny tom "
                "översättningsfil och ändra inte den svenska texten."
            )
            % {"version": version.code}
        )
    if entry.fuzzy and entry.translation:
        messages.append(
            _("Översättningen är markerad som osäker (fuzzy). Granska den och ta bort markeringen.")
        )
    if not entry.translation:
        return messages
    if source.is_interface:
        return messages + interface_problems(entry.translation, source.source)
    wanted = placeholders(source.source)
    for placeholder in dict.fromkeys(wanted):
        if placeholder not in entry.translation:
            messages.append(
                _(
                    "Platshållaren ”%(placeholder)s” saknas i översättningen. Den ska stå kvar "
                    "oförändrad, med hakparenteserna."
                )
                % {"placeholder": placeholder}
            )
    for placeholder in dict.fromkeys(placeholders(entry.translation)):
        if placeholder not in wanted:
            messages.append(
                _(
                    "”%(placeholder)s” inom hakparentes finns inte i den svenska texten. "
                    "Hakparenteser används bara för platshållarna i den svenska texten."
                )
                % {"placeholder": placeholder}
            )
    return messages + tag_problems(entry.translation)


def _paper_only_problems(translations: dict[str, str], where_of: dict[str, str]) -> list[str]:
    """A sentence for the printed form only is how the web page finds that sentence in the
    translated cover text or instruction, so it must stand there exactly as given."""
    problems = []
    for key, text in translations.items():
        parts = key.split(".")
        if len(parts) != 3 or parts[1] != "paper_only" or not text:
            continue
        around = [translations.get(f"{parts[0]}.{field}", "") for field in PAPER_ONLY_FIELDS]
        if any(around) and not any(text in translated for translated in around):
            problems.append(
                _problem(
                    where_of[key],
                    key,
                    _(
                        "Meningen finns inte i översättningen av försättsbladet eller "
                        "instruktionen. Skriv den exakt som den står där."
                    ),
                )
            )
    return problems


def validate(parsed: TranslationFile, version, *, direction: str | None = None) -> ValidTranslation:
    """Check a parsed file against the version. Raises TranslationFileError listing every problem.

    `direction` ('ltr'/'rtl') overrides the file's direction; without either the language code
    decides.
    """
    problems = _header_problems(parsed, version, direction)
    if parsed.version != version.code:
        # Every row of another version's file would differ; the header says all there is to say.
        raise TranslationFileError(problems)
    sources = {entry.key: entry for entry in source_entries(version)}
    translations: dict[str, str] = {}
    where_of: dict[str, str] = {}
    for entry in parsed.entries:
        if not entry.key:
            if entry.translation:
                problems.append(_problem(entry.where, "", _("Nyckel saknas.")))
            continue
        source = sources.get(entry.key)
        if source is None:
            problems.append(
                _problem(
                    entry.where,
                    entry.key,
                    _("Nyckeln finns inte i version %(version)s.") % {"version": version.code},
                )
            )
            continue
        if entry.key in where_of:
            problems.append(
                _problem(
                    entry.where,
                    entry.key,
                    _("Nyckeln förekommer redan (%(where)s).") % {"where": where_of[entry.key]},
                )
            )
            continue
        where_of[entry.key] = entry.where
        problems += [
            _problem(entry.where, entry.key, m) for m in _entry_problems(entry, source, version)
        ]
        translations[entry.key] = entry.translation
    problems += _paper_only_problems(translations, where_of)
    groups = [s.group for key, s in sources.items() if translations.get(key) and s.group]
    translated_groups = set(groups)
    for key, source in sources.items():
        if source.is_question and source.group in translated_groups and not translations.get(key):
            problems.append(
                _problem(
                    where_of.get(key, ""),
                    key,
                    _("Frågetexten är tom. Alla frågor i en översatt enkät ska översättas."),
                )
            )
    if not translated_groups and not problems:
        problems.append(
            _(
                "Filen översätter ingen enkät. Fyll i översättningen av minst en enkäts texter "
                "och frågor."
            )
        )
    if problems:
        raise TranslationFileError(problems)
    language = normalise_language(parsed.language)
    chosen = direction or parsed.direction.lower() or direction_for(language)
    return ValidTranslation(
        language=language,
        name=parsed.name,
        name_sv=parsed.name_sv,
        direction=chosen,
        texts=nest(translations),
    )
