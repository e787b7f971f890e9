"""The printed questionnaire as plain data: introduction paragraphs and the grid of answer boxes.

Nothing here knows a question or a Swedish sentence: every text comes from the text source's
`QuestionnaireTexts` (Swedish or an approved translation), with the förbund's placeholders
filled, and the structure (which scale each question uses) from the instrument's
`QuestionnaireSpec`. Text is escaped; only the instrument's own underlining (<u>…</u>) becomes
markup.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from matpunkt.instrument import placeholders
from matpunkt.instrument.selectors import QuestionnaireSpec
from matpunkt.instrument.translations.texts import QuestionnaireTexts

_UNDERLINE = re.compile(r"<u>(.*?)</u>", re.DOTALL)
_TAGS = re.compile(r"</?u>")
# A short single-line paragraph ending in a question or exclamation mark is set off as a lead
# line ("Hur vet vi att det blir bättre?", "Tack för Din medverkan!"); a matter of print layout.
_LEAD_MAX = 60
_LEAD_ENDINGS = ("?", "!", "؟")


def underline_html(text: str) -> SafeString:
    """The text escaped, with the instrument's <u>…</u> kept as underlining."""
    parts = _UNDERLINE.split(text)
    html = []
    for index, part in enumerate(parts):
        escaped = escape(part)
        html.append(f"<u>{escaped}</u>" if index % 2 else escaped)
    return mark_safe("".join(html))


def plain_text(text: str) -> str:
    """The text without the underlining tags, as a reader sees it."""
    return _TAGS.sub("", text)


@dataclass(frozen=True)
class Block:
    """One paragraph of running text: 'p', 'lead', 'list' (items) or 'logo'."""

    kind: str
    html: SafeString = SafeString("")
    items: tuple[SafeString, ...] = ()


def text_blocks(text: str, *, forbund, insats) -> list[Block]:
    """A cover or instruction text as paragraphs, placeholders filled, the logo in its place.

    Lines of a paragraph that all start with "- " form a list; other line breaks are kept.
    """
    if not text.strip():
        return []
    if forbund is None:
        parts = [
            placeholders.Paragraph(chunk.strip())
            for chunk in text.split("\n\n")
            if chunk.strip() and chunk.strip() != placeholders.LOGO_PLACEHOLDER
        ]
    else:
        parts = placeholders.paragraphs(text, forbund=forbund, insats=insats)
    blocks = []
    for part in parts:
        if part.is_logo:
            blocks.append(Block("logo"))
            continue
        lines = [line.strip() for line in part.text.splitlines() if line.strip()]
        if all(line.startswith("- ") for line in lines):
            blocks.append(Block("list", items=tuple(underline_html(line[2:]) for line in lines)))
        elif len(lines) == 1 and len(lines[0]) <= _LEAD_MAX and lines[0].endswith(_LEAD_ENDINGS):
            blocks.append(Block("lead", html=underline_html(lines[0])))
        else:
            html = mark_safe("<br>".join(underline_html(line) for line in lines))
            blocks.append(Block("p", html=html))
    return blocks


@dataclass(frozen=True)
class Row:
    """One question of the grid: its number, text, and the labels of its options."""

    number: int
    html: SafeString
    labels: tuple[str, ...]


@dataclass
class GridPart:
    """A run of the grid: a scale's header row and its questions ('scale'), yes/no questions
    with the labels beside each box ('yes_no'), or an instruction between questions."""

    kind: str
    scale_code: str = ""
    labels: tuple[str, ...] = ()
    rows: list[Row] = field(default_factory=list)
    instruction: SafeString = SafeString("")
    keep_with_next: bool = False
    # Yes/no parts: each option's label with the number of answer columns it spans.
    cells: list[tuple[str, int]] = field(default_factory=list)


def grid(texts: QuestionnaireTexts, spec: QuestionnaireSpec) -> list[GridPart]:
    """The questions in order, split into parts; a new header row whenever the scale changes.

    As on the paper forms, a scale question after a yes/no question or an instruction starts a
    new header row even when the scale is the same as before. The part before an instruction
    (F8 before "Om Ja, gå vidare …") is kept on the same page as the instruction and what follows.
    """
    parts: list[GridPart] = []
    columns = option_columns(spec)
    for question in texts.questions:
        structure = spec.question(question.number)
        if question.instruction_before:
            if parts:
                parts[-1].keep_with_next = True
            parts.append(
                GridPart("instruction", instruction=underline_html(question.instruction_before))
            )
        row = Row(
            number=question.number,
            html=underline_html(question.text),
            labels=tuple(option.label for option in question.options),
        )
        kind = "yes_no" if structure.is_yes_no else "scale"
        last = parts[-1] if parts else None
        if last is not None and last.kind == kind and last.scale_code == structure.scale_code:
            last.rows.append(row)
        else:
            part = GridPart(kind, scale_code=structure.scale_code, labels=row.labels, rows=[row])
            if kind == "yes_no":
                part.cells = list(zip(row.labels, spans(columns, len(row.labels)), strict=True))
            parts.append(part)
    return parts


def spans(columns: int, options: int) -> list[int]:
    """How many answer columns each inline option takes, so its box lines up with the grid."""
    base, extra = divmod(columns, options)
    return [base + (1 if index < extra else 0) for index in range(options)]


def option_columns(spec: QuestionnaireSpec) -> int:
    """The number of answer columns of the grid: the largest scale's option count."""
    return max((len(q.options) for q in spec.questions if not q.is_yes_no), default=2)
