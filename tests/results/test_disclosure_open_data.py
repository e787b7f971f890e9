"""Disclosure rules 6 and 7 as plain functions: open data beside the nation, and the spread."""

from hypothesis import given, settings
from hypothesis import strategies as st

from matpunkt.results.disclosure import (
    CLASSES,
    gender_split_shown,
    protect_open_data,
    publishable_across,
    spread_safe,
    spread_windows,
)

F1 = ("deltagare_avslut", "F1")
F8 = ("deltagare_avslut", "F8")
F9 = ("deltagare_avslut", "F9")
CONDITIONS = {"deltagare_avslut": {"F9": "F8"}}


def vectors(total, women=(0, 0), men=(0, 0)):
    """A question's class vectors from (positive, other answers) pairs."""
    other = tuple(t - w - m for t, w, m in zip(total, women, men, strict=True))
    return {"total": total, "women": women, "men": men, "other": other}


def cells(key, *classes):
    return {(key, cls) for cls in classes}


ALL = CLASSES
TOTAL = ("total",)


# Rule 6: the total -----------------------------------------------------------------------------


def test_forbund_left_out_with_the_small_one_until_the_group_passes_rule_4():
    # Answers: 1: 40, 2: 6, 3: 8, 4: 30, 5: 3 (below K, so not listed).
    counts = {1: (30, 10), 2: (3, 3), 3: (4, 4), 4: (12, 18), 5: (3, 0)}
    by_forbund = {f: {F1: vectors(c)} for f, c in counts.items()}
    shown = {f: cells(F1, *TOTAL) for f in counts if f != 5}
    shown[5] = set()

    nation, listed = protect_open_data(
        by_forbund, shown, cells(F1, *TOTAL), k=5, conditions=CONDITIONS
    )

    assert nation == cells(F1, "total")
    assert {f for f, c in listed.items() if (F1, "total") in c} == {1, 4}


def test_nothing_is_left_out_when_every_forbund_is_listed():
    by_forbund = {f: {F1: vectors((5, 5))} for f in (1, 2, 3)}
    shown = {f: cells(F1, *TOTAL) for f in (1, 2, 3)}

    nation, listed = protect_open_data(
        by_forbund, shown, cells(F1, *TOTAL), k=5, conditions=CONDITIONS
    )

    assert nation == cells(F1, "total")
    assert listed == shown


def test_riket_is_left_out_when_no_forbund_can_cover_the_small_one():
    # Two förbund: leaving out the large one as well makes a group of two, below three.
    by_forbund = {1: {F1: vectors((6, 4))}, 2: {F1: vectors((2, 1))}}
    shown = {1: cells(F1, *TOTAL), 2: set()}

    nation, listed = protect_open_data(
        by_forbund, shown, cells(F1, *TOTAL), k=5, conditions=CONDITIONS
    )

    assert nation == set()
    assert listed == {1: cells(F1, *TOTAL), 2: set()}


def test_nothing_to_protect_where_the_nation_is_not_listed():
    by_forbund = {1: {F1: vectors((6, 4))}, 2: {F1: vectors((2, 1))}}
    shown = {1: cells(F1, *TOTAL), 2: set()}

    nation, listed = protect_open_data(by_forbund, shown, set(), k=5, conditions=CONDITIONS)

    assert (nation, listed) == (set(), shown)


# Rule 6: the gender split -----------------------------------------------------------------------


def test_split_left_out_with_the_small_one_women_and_men_together():
    # Förbund 1–4: 5 women and 5 men each; 5: 3 women and 3 men (its split below K).
    by_forbund = {f: {F1: vectors((5, 5), (3, 2), (2, 3))} for f in (1, 2, 3, 4)}
    by_forbund[5] = {F1: vectors((3, 3), (3, 0), (0, 3))}
    shown = {f: cells(F1, *ALL) for f in (1, 2, 3, 4)}
    shown[5] = cells(F1, *TOTAL)

    nation, listed = protect_open_data(
        by_forbund, shown, cells(F1, *ALL), k=5, conditions=CONDITIONS
    )

    assert nation == cells(F1, *ALL)
    assert listed == {
        1: cells(F1, *TOTAL),
        2: cells(F1, *TOTAL),
        3: cells(F1, *ALL),
        4: cells(F1, *ALL),
        5: cells(F1, *TOTAL),
    }


def test_a_forbund_without_the_gender_item_is_known_in_the_other_class():
    """Riket's "other" (total − women − men) minus every listed förbund's would give förbund 6's
    two answers that are neither women's nor men's (its split is left out: the rest is below
    K). Förbund 1 and 2 asked no gender, so their "other" is their listed total and covers
    nothing: they are left out with förbund 6, by leaving out their totals. Riket's total minus
    the listed then gives förbund 1 and 2 together, so förbund 3 (the smallest) is left out
    too; förbund 3 and 4 had already lost their splits to cover förbund 6's women and men."""
    no_gender = vectors((10, 10))
    split = vectors((5, 5), (3, 2), (2, 3))
    by_forbund = {1: {F1: no_gender}, 2: {F1: no_gender}, 3: {F1: split}, 4: {F1: split}}
    by_forbund[5] = {F1: split}
    by_forbund[6] = {F1: vectors((6, 6), (3, 2), (2, 3))}
    shown = {1: cells(F1, *TOTAL), 2: cells(F1, *TOTAL), 6: cells(F1, *TOTAL)}
    shown |= {f: cells(F1, *ALL) for f in (3, 4, 5)}

    nation, listed = protect_open_data(
        by_forbund, shown, cells(F1, *ALL), k=5, conditions=CONDITIONS
    )

    assert nation == cells(F1, *ALL)
    assert listed == {
        1: set(),
        2: set(),
        3: set(),
        4: cells(F1, *TOTAL),
        5: cells(F1, *ALL),
        6: cells(F1, *TOTAL),
    }


# Rule 6 with rule 3: conditional questions -----------------------------------------------------


def test_a_conditional_question_follows_its_condition_into_open_data():
    # F8 (yes/no) is left out for förbund 2 and 3 to cover förbund 4's small cell; F9, asked
    # after F8 = Ja, is then left out there too: its number of answers counts F8's Ja.
    by_forbund = {
        1: {F8: vectors((30, 10)), F9: vectors((20, 10))},
        2: {F8: vectors((6, 2)), F9: vectors((4, 2))},
        3: {F8: vectors((7, 2)), F9: vectors((5, 2))},
        4: {F8: vectors((2, 1)), F9: vectors((1, 1))},
        5: {F8: vectors((20, 10)), F9: vectors((15, 5))},
    }
    shown = {f: cells(F8, *TOTAL) | cells(F9, *TOTAL) for f in (1, 2, 3, 5)}
    shown[4] = set()
    nation_shown = cells(F8, *TOTAL) | cells(F9, *TOTAL)

    nation, listed = protect_open_data(by_forbund, shown, nation_shown, k=5, conditions=CONDITIONS)

    assert nation == nation_shown
    assert listed == {
        1: cells(F8, *TOTAL) | cells(F9, *TOTAL),
        2: set(),
        3: set(),
        4: set(),
        5: cells(F8, *TOTAL) | cells(F9, *TOTAL),
    }


def test_riket_conditional_question_is_left_out_with_its_condition():
    by_forbund = {1: {F8: vectors((6, 4)), F9: vectors((5, 1))}, 2: {F8: vectors((2, 1))}}
    shown = {1: cells(F8, *TOTAL) | cells(F9, *TOTAL), 2: set()}
    nation_shown = cells(F8, *TOTAL) | cells(F9, *TOTAL)

    nation, _listed = protect_open_data(by_forbund, shown, nation_shown, k=5, conditions=CONDITIONS)

    assert nation == set()


# Rule 7: the spread between förbund --------------------------------------------------------------


def test_spread_windows_are_the_three_figures_nearest_each_quartile():
    assert spread_windows(2) is None
    assert spread_windows(3) == [(0, 1, 2), (0, 1, 2), (0, 1, 2)]
    assert spread_windows(9) == [(1, 2, 3), (3, 4, 5), (5, 6, 7)]


def test_three_forbund_give_one_mean_that_no_forbund_can_be_solved_from():
    windows = spread_windows(3)

    assert spread_safe(3, windows)
    # One more förbund's figure known (in open data): the third follows from the mean.
    assert not spread_safe(3, windows, {0})
    # All known: there is nothing left to give away.
    assert spread_safe(3, windows, {0, 1, 2})


def test_overlapping_windows_are_unsafe_when_open_data_lists_most_forbund():
    windows = spread_windows(9)

    assert spread_safe(9, windows)
    assert not spread_safe(9, windows, {1, 2, 3, 4})


# Rule 6 on random förbund -------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=12)
forbund_cells = st.tuples(counts, counts, counts, counts, counts, counts).map(
    lambda c: vectors((c[0] + c[2] + c[4], c[1] + c[3] + c[5]), (c[0], c[1]), (c[2], c[3]))
)


def rules_1_and_2(v, k=5) -> set:
    total = sum(v["total"])
    if total < k:
        return set()
    women, men = sum(v["women"]), sum(v["men"])
    if gender_split_shown(total=total, women=women, men=men, k=k):
        return cells(F1, *ALL)
    return cells(F1, *TOTAL)


def known(v, shown, cls) -> bool:
    if (F1, "women") in shown:
        return True
    rest = [c for c in ("women", "men", "other") if c != cls]
    return (F1, "total") in shown and not any(sum(v[c]) for c in rest)


@settings(max_examples=300, deadline=None)
@given(st.lists(forbund_cells, min_size=1, max_size=7))
def test_every_equation_leaves_out_none_or_a_group_that_passes_rule_4(vectors_list):
    by_forbund = {f: {F1: v} for f, v in enumerate(vectors_list, start=1)}
    shown = {f: rules_1_and_2(v[F1]) for f, v in by_forbund.items()}
    answers = {cls: {f: sum(v[F1][cls]) for f, v in by_forbund.items()} for cls in CLASSES}
    nation_shown = set()
    if sum(answers["total"].values()) >= 5 and publishable_across(answers["total"], 5):
        nation_shown = cells(F1, *TOTAL)
        if all(publishable_across(answers[cls], 5) for cls in ("women", "men", "other")) and (
            min(sum(answers["women"].values()), sum(answers["men"].values())) >= 5
        ):
            nation_shown = cells(F1, *ALL)

    nation, listed = protect_open_data(by_forbund, shown, nation_shown, k=5, conditions=CONDITIONS)

    # The nation passes rule 4, so leaving förbund out is always enough: Riket stays.
    assert nation == nation_shown
    for f, cells_ in listed.items():
        assert cells_ <= shown[f]
    if (F1, "total") in nation:
        hidden = {f: n for f, n in answers["total"].items() if (F1, "total") not in listed[f]}
        assert publishable_across(hidden, 5)
    if (F1, "women") in nation:
        for cls in ("women", "men", "other"):
            hidden = {
                f: n
                for f, n in answers[cls].items()
                if not known(by_forbund[f][F1], listed[f], cls)
            }
            assert publishable_across(hidden, 5), cls
