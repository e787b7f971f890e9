"""Display helpers: Swedish percentages and counts, safe question texts, accessible charts."""

import re

import pytest

from matpunkt.results.charts import distribution_svg
from matpunkt.results.formatting import format_count, format_percent
from matpunkt.results.templatetags.results_tags import question_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (385 / 528, "73\u00a0%"),
        (169 / 200, "85\u00a0%"),
        (0.125, "13\u00a0%"),
        (0.0, "0\u00a0%"),
        (1.0, "100\u00a0%"),
        (23 / 40, "58\u00a0%"),
        (0.5749999, "57\u00a0%"),
        (None, "\u2013"),
    ],
)
def test_percent_is_rounded_half_up_for_display_only(value, text):
    assert format_percent(value) == text


@pytest.mark.parametrize(
    ("value", "places", "sign", "text"),
    [
        (23 / 40, 1, True, "57,5\u00a0%"),
        (0.72857, 1, True, "72,9\u00a0%"),
        (0.0005, 1, True, "0,1\u00a0%"),
        (23 / 40, 0, False, "58"),
        (None, 1, True, "\u2013"),
    ],
)
def test_percent_with_decimals_uses_a_decimal_comma(value, places, sign, text):
    assert format_percent(value, places, sign=sign) == text


def test_counts_have_a_space_between_thousands():
    assert (format_count(1175), format_count(996), format_count(None)) == ("1\u00a0175", "996", "")


def test_question_text_keeps_underlining_and_escapes_everything_else():
    text = 'Har du <u>en</u> person <script>alert("x")</script>?'

    assert question_text(text) == (
        "Har du <u>en</u> person &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;?"
    )


def test_chart_is_hidden_from_assistive_technology_and_carries_its_numbers_as_text():
    svg = distribution_svg(("Ja", "Nej"), (62, 9), ("87\u00a0%", "13\u00a0%"))

    assert svg.startswith('<svg aria-hidden="true" focusable="false" ')
    assert svg.rstrip().endswith("</svg>")
    assert " id=" not in svg
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts == ["Ja", "62 (87\u00a0%)", "Nej", "9 (13\u00a0%)"]
