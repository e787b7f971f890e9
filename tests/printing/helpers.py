"""Reading the printed PDFs back: their text, pages and links, the way a test compares them."""

import io
import re

import pypdf

from matpunkt.responses.printing.layout import plain_text

BASE_URL = "https://matpunkt.example.se"


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def normalise(text: str) -> str:
    """Whitespace as one space, and no break after a slash or hyphen where a line was wrapped;
    applied alike to the PDF's text and to what is looked for in it."""
    text = re.sub(r"\s+", " ", plain_text(text))
    return re.sub(r"(?<=[/-]) ", "", text).strip()


def page_texts(pdf: bytes) -> list[str]:
    return [normalise(page.extract_text()) for page in reader(pdf).pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def page_links(page) -> list[str]:
    links = []
    for annotation in page.get("/Annots") or []:
        action = annotation.get_object().get("/A")
        if action is not None and action.get("/S") == "/URI":
            links.append(str(action["/URI"]))
    return links


def pdf_links(pdf: bytes) -> set[str]:
    return {link for page in reader(pdf).pages for link in page_links(page)}
