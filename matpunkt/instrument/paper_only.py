"""Sentences of a questionnaire's introduction that hold for the printed form only.

The 2021 forms end an introduction paragraph with "Returnera enkäten i det bifogade kuvertet.":
right on paper, wrong on the web. `data/paper_only.toml` marks such sentences per version and
group and names the interface text (`translations.interface`) that the web questionnaire shows
instead, so the web gets its own instruction in every language while the instrument's texts,
and the printed copies made from them, stay verbatim. See that file for why the marking is not
part of the version files.

A translator translates a marked sentence as its own key, ``<group>.paper_only.<n>``, exactly as
it stands in their translation of the cover text; that is how the web page finds it there.
"""

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from matpunkt.instrument.models import Group

PAPER_ONLY_FILE = Path(__file__).resolve().parent / "data" / "paper_only.toml"


class PaperOnlyDataError(ValueError):
    pass


@dataclass(frozen=True)
class PaperOnlySentence:
    """One sentence for the paper form only, in Swedish, with the name of the interface text
    that replaces it on the web."""

    text: str
    web: str


@functools.cache
def _sentences(path: Path = PAPER_ONLY_FILE) -> dict[tuple[str, str], tuple[PaperOnlySentence]]:
    # Imported here: the translations package imports this module while it loads.
    from matpunkt.instrument.translations.interface import BY_NAME

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    found: dict[tuple[str, str], list[PaperOnlySentence]] = {}
    for entry in data.get("sentences", []):
        if entry["web"] not in BY_NAME:
            raise PaperOnlyDataError(f"{path.name}: unknown interface text {entry['web']!r}.")
        for group in entry["groups"]:
            if group not in Group.values:
                raise PaperOnlyDataError(f"{path.name}: unknown group {group!r}.")
            key = (str(entry["version"]), group)
            found.setdefault(key, []).append(PaperOnlySentence(entry["text"], entry["web"]))
    return {key: tuple(sentences) for key, sentences in found.items()}


def paper_only_sentences(version_code: str, group: str) -> tuple[PaperOnlySentence, ...]:
    """The marked sentences of a group's questionnaire in a version, in the file's order."""
    return _sentences().get((version_code, group), ())


def paper_only_key(group: str, number: int) -> str:
    """The translation key of a group's n-th marked sentence (1-based)."""
    return f"{group}.paper_only.{number}"
