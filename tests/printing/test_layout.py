"""The printed layout as data: header rows where the scale changes, underlining, paragraphs."""

from matpunkt.instrument.selectors import questionnaire_spec
from matpunkt.instrument.translations.texts import questionnaire_texts
from matpunkt.responses.printing.layout import grid, spans, text_blocks, underline_html
from matpunkt.responses.printing.render import css_content


def test_the_grid_starts_a_header_row_whenever_the_scale_changes(period):
    texts = questionnaire_texts(period, "deltagare_avslut")
    spec = questionnaire_spec(period.version, "deltagare_avslut")

    parts = grid(texts, spec)

    assert [(part.kind, part.scale_code, [row.number for row in part.rows]) for part in parts] == [
        ("scale", "frekvens", [1, 2, 3]),
        ("yes_no", "ja_nej", [4]),
        ("scale", "omfattning", [5, 6, 7]),
        ("yes_no", "ja_nej", [8]),
        ("instruction", "", []),
        ("scale", "omfattning", [9, 10]),
    ]
    assert parts[0].labels == ("Aldrig", "Sällan", "Ibland", "Ofta", "För det mesta", "Alltid")
    assert parts[1].cells == [("Ja", 3), ("Nej", 3)]
    assert [part.keep_with_next for part in parts] == [False, False, False, True, False, False]
    assert parts[4].instruction == "Om Ja, gå vidare till frågorna 9 och 10."


def test_yes_no_boxes_share_the_answer_columns_evenly():
    assert spans(6, 2) == [3, 3]
    assert spans(5, 2) == [3, 2]
    assert spans(6, 4) == [2, 2, 1, 1]


def test_underlining_is_kept_and_everything_else_escaped():
    html = underline_html("Har du <u>en</u> person & <b>ett</b> team?")

    assert html == "Har du <u>en</u> person &amp; &lt;b&gt;ett&lt;/b&gt; team?"


def test_a_list_and_a_lead_line_are_told_from_paragraphs(insats):
    blocks = text_blocks(
        "Hur vet vi att det blir bättre?\n\nFrågorna handlar om:\n\n- ett\n- två\n\n"
        "Verksamhetens namn: [namn på aktiviteten]",
        forbund=insats.forbund,
        insats=insats,
    )

    assert [(block.kind, block.html, block.items) for block in blocks] == [
        ("lead", "Hur vet vi att det blir bättre?", ()),
        ("p", "Frågorna handlar om:", ()),
        ("list", "", ("ett", "två")),
        ("p", "Verksamhetens namn: Steget vidare", ()),
    ]


def test_page_numbers_become_css_counters_in_the_copys_language():
    assert css_content("Sida %(page)s av %(pages)s", {"page": "counter(page)", "pages": '"3"'}) == (
        '"Sida " counter(page) " av " "3"'
    )
    assert css_content('صفحة %(page)s "x"', {"page": "counter(page)"}) == (
        '"صفحة " counter(page) " \\"x\\""'
    )
