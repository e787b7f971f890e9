"""Printable questionnaires: one PDF with a personalised copy per one-time code, or blank copies.

Each copy is laid out like the paper originals: an introduction page (when the instrument version
has one), then the questionnaire with its grid of answer boxes. A personalised copy carries its
own code in large characters and a QR code with the short link to the web questionnaire, so the
respondent can choose paper or web. Page numbers count within each copy.
"""

import base64
import functools
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import segno
import weasyprint
from django.template.loader import render_to_string
from weasyprint.text.fonts import FontConfiguration

from matpunkt.fieldwork.codes import CODE_PATH, code_link, public_base_url
from matpunkt.instrument.models import Variant
from matpunkt.instrument.selectors import questionnaire_spec
from matpunkt.instrument.translations.texts import (
    SWEDISH,
    QuestionnaireTexts,
    questionnaire_texts,
)
from matpunkt.responses.printing.labels import PrintLabels, print_labels
from matpunkt.responses.printing.layout import grid, option_columns, text_blocks

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "printing" / "print.css"
DIRECTIONS = ("ltr", "rtl")
_EMBEDDED_ONLY = weasyprint.URLFetcher(allowed_protocols=("data",))


@dataclass(frozen=True)
class CodeBox:
    """What a personalised copy shows of its code: the code, its short link as a QR image, and
    the address to type the code after."""

    code: str
    link: str
    qr_uri: str
    address: str


def qr_data_uri(link: str) -> str:
    """An SVG QR code of the link (error correction M), as a data URI to embed."""
    return segno.make(link, error="m", micro=False).svg_data_uri(border=0, dark="#000")


def render_questionnaire_pdf(
    *,
    period,
    insats,
    group: str,
    variant: str,
    copies: list[str | None],
    language: str = "sv",
    direction: str | None = None,
    base_url: str | None = None,
    text_source=questionnaire_texts,
) -> bytes:
    """One PDF with a copy of the group's questionnaire per entry of `copies`, in order.

    An entry is a one-time code (the copy gets the code, its QR code and short link) or None (a
    blank copy). Texts come from `text_source(period, group, language)`, by default Swedish or
    the language's approved translation; `direction` ("ltr"/"rtl") overrides the direction the
    texts give. `base_url` is the site address the short links start with (default: the setting
    MATPUNKT_PUBLIC_BASE_URL); it is needed only when a copy has a code.
    """
    if not copies:
        raise ValueError("A print run needs at least one copy.")
    spec = questionnaire_spec(period.version, group)
    if spec is None:
        raise LookupError(f"Version {period.version.code} has no questionnaire for {group}.")
    texts = text_source(period, group, language)
    direction = direction or texts.direction
    if direction not in DIRECTIONS:
        raise ValueError(f"Unknown text direction {direction!r}.")
    if any(code is not None for code in copies):
        base_url = base_url or public_base_url()
        if not base_url:
            raise ValueError("Printing codes needs the site address (base_url).")
    labels = print_labels(period, texts.language)
    run = _PrintRun(
        body=_body_context(texts, spec, labels, insats=insats, variant=variant),
        labels=labels,
        language=texts.language,
        direction=direction,
    )
    pages = []
    for code in copies:
        box = None if code is None else _code_box(base_url, code, texts.language)
        pages.extend(run.copy_pages(box))
    return run.first_document.copy(pages).write_pdf()


def _code_box(base_url: str, code: str, language: str) -> CodeBox:
    """The code box of a copy. Its QR code opens the web questionnaire in the copy's language;
    the address typed by hand opens it in Swedish, with the language picker on the page."""
    base_url = base_url.rstrip("/")
    link = code_link(code, base_url=base_url)
    if language != SWEDISH:
        link = f"{link}?{urlencode({'sprak': language})}"
    address = base_url.split("://", 1)[-1] + CODE_PATH
    return CodeBox(code=code, link=link, qr_uri=qr_data_uri(link), address=address)


class _PrintRun:
    """Renders the copies of one print run, laying out what the copies share only once.

    Only the introduction page carries the code, so after the first personalised copy each
    further one renders just its introduction page and reuses the questionnaire pages. Blank
    copies are all alike and rendered once. Without an introduction page (version 2017) the code
    stands on the questionnaire itself and each personalised copy is rendered whole.
    """

    def __init__(self, *, body: dict, labels: PrintLabels, language: str, direction: str):
        self.body = body
        self.labels = labels
        self.language = language
        self.direction = direction
        self.font_config = FontConfiguration()
        self.image_cache: dict = {}
        self.first_document = None
        self.blank_pages = None
        # Known after the first personalised copy: its page count, how many of its pages are the
        # introduction, and the questionnaire pages every personalised copy shares.
        self.total = None
        self.cover_count = None
        self.shared_pages = None

    def copy_pages(self, box: CodeBox | None) -> list:
        if box is None:
            if self.blank_pages is None:
                self.blank_pages = self._render(box=None).pages
            return self.blank_pages
        if not self.body["cover"]:
            return self._render(box=box).pages
        if self.shared_pages is None:
            pages = self._render(box=box).pages
            cover = self._render(box=box, cover_only=True, total=len(pages)).pages
            self.total, self.cover_count = len(pages), len(cover)
            self.shared_pages = pages[self.cover_count :]
            return pages
        cover = self._render(box=box, cover_only=True, total=self.total).pages
        if len(cover) != self.cover_count:
            return self._render(box=box).pages
        return [*cover, *self.shared_pages]

    def _render(self, *, box: CodeBox | None, cover_only: bool = False, total: int | None = None):
        html = render_to_string(
            "printing/questionnaire.html",
            {
                **self.body,
                "language": self.language,
                "direction": self.direction,
                "code_heading": self.labels.code_heading,
                "box": box,
                "web_answer": self.labels.web_answer % {"address": box.address} if box else "",
                "cover_only": cover_only,
                "page_css": _page_css(self.labels, self.direction, total=total),
            },
        )
        # Everything a copy shows is embedded as data: URIs; nothing is fetched from elsewhere.
        document = weasyprint.HTML(string=html, url_fetcher=_EMBEDDED_ONLY).render(
            stylesheets=[_stylesheet()], font_config=self.font_config, cache=self.image_cache
        )
        if self.first_document is None:
            self.first_document = document
        return document


def _body_context(
    texts: QuestionnaireTexts, spec, labels: PrintLabels, *, insats, variant: str
) -> dict:
    """What every copy of the run shows: the texts filled in for the förbund and insats."""
    forbund = insats.forbund if insats is not None else None
    columns = option_columns(spec)
    with_gender = (
        variant == Variant.MED_KON and spec.has_gender_variant and bool(texts.gender_prompt)
    )
    return {
        "title": texts.title,
        "continued": labels.continued % {"title": texts.title},
        "form_label": texts.form_label,
        "cover": text_blocks(texts.cover_text, forbund=forbund, insats=insats),
        "instructions": text_blocks(texts.instructions, forbund=forbund, insats=insats),
        "logo_uri": _logo_uri(forbund),
        "gender_prompt": texts.gender_prompt if with_gender else "",
        "gender_labels": list(texts.gender_labels.values()) if with_gender else [],
        "grid": grid(texts, spec),
        "columns": range(columns),
        # Answer columns of 7.5 % each (12.75 mm on A4 with 2 cm margins); the question the rest.
        "question_width": f"{100 - 7.5 * columns:.1f}",
    }


def _page_css(labels: PrintLabels, direction: str, *, total: int | None = None) -> str:
    """The page-number footer and the continuation heading, in the copy's language.

    `total` gives the copy's page count when the document holds only a part of the copy.
    """
    pages = "counter(pages)" if total is None else _css_string(str(total))
    page = css_content(labels.page, {"page": "counter(page)", "pages": pages})
    start = "left" if direction == "ltr" else "right"
    return (
        f"@page {{ @bottom-center {{ content: {page}; }} }}\n"
        f"@page questionnaire {{ @top-{start} {{ content: string(continued, first-except); }} }}"
    )


def css_content(template: str, values: dict[str, str]) -> str:
    """A %(name)s format string as a CSS content value, with the names as CSS functions (and
    %% as one percent sign, as % formatting would print it)."""
    tokens = []
    rest = template
    while rest:
        found = [(rest.find(f"%({name})s"), name) for name in values if f"%({name})s" in rest]
        if not found:
            tokens.append(_css_string(rest.replace("%%", "%")))
            break
        index, name = min(found)
        if index:
            tokens.append(_css_string(rest[:index].replace("%%", "%")))
        tokens.append(values[name])
        rest = rest[index + len(f"%({name})s") :]
    return " ".join(tokens) or '""'


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def _logo_uri(forbund) -> str:
    """The förbund's logo as a data URI ('' when it has none), read through its storage."""
    if forbund is None or not forbund.logo:
        return ""
    with forbund.logo.open("rb") as handle:
        data = handle.read()
    mime = mimetypes.guess_type(forbund.logo.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@functools.cache
def _stylesheet() -> weasyprint.CSS:
    return weasyprint.CSS(filename=str(STYLESHEET))
