"""Loads the versioned instrument data files (`data/*.toml`) into the database.

Loading is idempotent: an unchanged file is skipped, a changed file replaces the version's content
unless the version is in use, in which case loading refuses.
"""

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from matpunkt.instrument.models import (
    Group,
    ImmutableVersionError,
    InstrumentVersion,
    Measure,
    Question,
    Questionnaire,
    Scale,
    ScaleOption,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
MEASURES_FILE = DATA_DIR / "measures.toml"


class InstrumentDataError(ValueError):
    pass


@dataclass(frozen=True)
class LoadResult:
    code: str
    status: str  # "created", "updated" or "unchanged"


def version_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(p for p in data_dir.glob("*.toml") if p != MEASURES_FILE and p.stem[0].isdigit())


def load_all(data_dir: Path = DATA_DIR) -> list[LoadResult]:
    """Load the measures and every version file in the data folder."""
    with transaction.atomic():
        load_measures(data_dir / MEASURES_FILE.name)
        return [load_version_file(path) for path in version_files(data_dir)]


def load_measures(path: Path = MEASURES_FILE) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for key, name in data["measures"].items():
        Measure.objects.update_or_create(key=key, defaults={"name": name})


def load_version_file(path: Path) -> LoadResult:
    raw = path.read_bytes()
    content_hash = hashlib.sha256(raw).hexdigest()
    data = tomllib.loads(raw.decode("utf-8"))
    code = str(data["code"])
    existing = InstrumentVersion.objects.filter(code=code).first()
    if existing is not None and existing.content_hash == content_hash:
        return LoadResult(code, "unchanged")
    if existing is not None and existing.is_in_use():
        raise ImmutableVersionError(
            _(
                "Instrumentversion %(version)s används i en mätperiod och kan inte ändras. "
                "Lägg ändringar i en ny version."
            )
            % {"version": code}
        )
    with transaction.atomic():
        if existing is not None:
            existing.questionnaires.all().delete()
            existing.scales.all().delete()
            version = existing
            status = "updated"
        else:
            version = InstrumentVersion(code=code)
            status = "created"
        version.name = data["name"]
        version.source = data.get("source", "")
        version.notes = data.get("notes", "").strip()
        version.content_hash = content_hash
        version.save()
        scales = _load_scales(version, data["scales"])
        for questionnaire in data["questionnaires"]:
            _load_questionnaire(version, questionnaire, scales, data.get("gender", {}))
    return LoadResult(code, status)


def _load_scales(version, scales_data) -> dict[str, Scale]:
    scales = {}
    for code, spec in scales_data.items():
        scale = Scale.objects.create(version=version, code=code, name=spec["name"])
        ScaleOption.objects.bulk_create(
            ScaleOption(
                scale=scale,
                value=option["value"],
                code=option["code"],
                label=option["label"],
                is_positive=option.get("positive", False),
            )
            for option in spec["options"]
        )
        scales[code] = scale
    return scales


def _load_questionnaire(version, spec, scales, gender) -> None:
    group = spec["group"]
    if group not in Group.values:
        raise InstrumentDataError(f"Unknown group {group!r} in version {version.code}.")
    has_gender = spec.get("gender_variant", False)
    questionnaire = Questionnaire.objects.create(
        version=version,
        group=group,
        title=spec["title"],
        form_label=spec.get("form_label", ""),
        cover_text=spec.get("cover_text", ""),
        instructions=spec.get("instructions", ""),
        has_gender_variant=has_gender,
        gender_prompt=gender.get("prompt", "") if has_gender else "",
        gender_labels=gender.get("labels", {}) if has_gender else {},
        notes=spec.get("notes", ""),
    )
    measures = {m.key: m for m in Measure.objects.all()}
    numbers = set()
    for q in spec["questions"]:
        if q["measure"] not in measures:
            raise InstrumentDataError(
                f"Question {group} F{q['number']} in version {version.code} names the unknown "
                f"measure {q['measure']!r}; add it to measures.toml."
            )
        condition = q.get("condition") or {}
        if condition and condition["number"] not in numbers:
            raise InstrumentDataError(
                f"Question {group} F{q['number']} depends on a question that does not precede it."
            )
        numbers.add(q["number"])
        Question.objects.create(
            questionnaire=questionnaire,
            number=q["number"],
            text=q["text"],
            scale=scales[q["scale"]],
            measure=measures[q["measure"]],
            condition_number=condition.get("number"),
            condition_code=condition.get("code", ""),
            instruction_before=q.get("instruction_before", ""),
            notes=q.get("notes", ""),
        )
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        raise InstrumentDataError(f"Questions of {group} in {version.code} must be numbered 1..n.")
