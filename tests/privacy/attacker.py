"""Playing the attacker (issue 9, item 5): everything a role can see, as linear equations.

The `World` drives a period through the real services (forms, submissions, reopenings,
releases) and keeps the ground truth: every förbund's data in every *data version* it has had
(a version is the content of its forms; a reopened and changed förbund has an old and a new
one). After every event, `World.observe` collects what each role sees from the entry points
the views use: the förbund report of the attacker's förbund (also rendered to XLSX and read
back), the national report as a förbund user sees it, and the open data (Kolada), which counts
as public. Each published figure becomes a `Fact` over *atoms*: counts per (förbund, data
version, group, question, gender class women/men/other, option).

Each role knows the facts it saw plus worst-case structural knowledge: nobody skips a question
they are asked (so every question's answers per class equal the responses per class of the
gender table, and F9's and F10's answers equal F8's Ja), a published share with its n is the
exact positive count, and a förbund administrator knows all of its own förbund's answers (the
svarsfil). A *target* is a cell hidden from the role that has answers; it is disclosed when its
answer vector, or its positive count, lies in the row space of what the role knows (exact
rational arithmetic, per group and question block).

Roles: the reader of förbund A (knows only what it sees), A's administrator, the public.
"""

import io
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from openpyxl import load_workbook

from matpunkt.instrument.selectors import questionnaire_specs
from matpunkt.results.reports import model as m

WOMEN, MEN, OTHER, TOTAL = "women", "men", "other", "total"
KON_CLASS = {"kvinna": WOMEN, "man": MEN}
GENDERED = (WOMEN, MEN, OTHER)
KOLADA_CLASS = {"T": TOTAL, "K": WOMEN, "M": MEN}
GENDER_ITEM = [
    ("utan_kon", ""),
    ("med_kon", "kvinna"),
    ("med_kon", "man"),
    ("med_kon", "ej_uppgett"),
]


# Open data are published for anyone (Kolada): a cell listed there is hidden from no one, so it
# is no target even for a role that did not read the open data.
OPEN_DATA_PUBLIC = True


class HarnessError(AssertionError):
    """The attacker read a figure it cannot explain from the ground truth: the model of the
    outputs is wrong (or an output shows a figure of no data version at all)."""


# The data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    """One returned questionnaire: its group, gender item and answers {number: stored value}."""

    insats: int
    group: str
    variant: str
    kon: str
    answers: tuple[tuple[int, int], ...]

    @property
    def cls(self) -> str:
        return KON_CLASS.get(self.kon, OTHER)

    def answer(self, number: int) -> int | None:
        return dict(self.answers).get(number)

    @property
    def key(self) -> tuple:
        return (self.group, self.cls, self.answers)


def make_form(spec, *, insats: int, gender: int, values: list[int]) -> Form:
    """A form answering every question the respondent is asked (F9–F10 only after F8 = Ja).

    `gender` 0–3: without the gender item, kvinna, man, not stated; `values` 1–6 per question,
    taken modulo the question's number of options."""
    if not spec.has_gender_variant:
        gender = 0
    variant, kon = GENDER_ITEM[gender]
    answers = {}
    for question in spec.questions:
        options = [o.value for o in question.options]
        value = options[(values[question.number - 1] - 1) % len(options)]
        asked = answers.get(question.condition_number) == question.condition_value
        if question.condition_number is not None and not asked:
            continue
        answers[question.number] = value
    return Form(insats, spec.group, variant, kon, tuple(sorted(answers.items())))


Scope = tuple[tuple[int, int], ...]  # ((förbund id, data version), …): a sum of förbund cells


class World:
    """The period's data as the services store it, and its ground truth by data version."""

    def __init__(self, *, period, forbund: list, insatser: dict, users: dict, k: int):
        self.period = period
        self.forbund = forbund  # Forbund objects; forbund[0] is the attacker's
        self.names = {f.pk: f.name for f in forbund}
        self.insatser = insatser  # {förbund id: [Insats, …]}
        self.users = users  # {"nns": user, förbund id: its administrator}
        self.k = k
        self.specs = {g: s for g, s in questionnaire_specs(period.version).items() if s is not None}
        self.forms: dict[int, dict[int, Form]] = {f.pk: {} for f in forbund}  # by Response pk
        self.versions: dict[int, list[tuple]] = {f.pk: [] for f in forbund}
        self.current: dict[int, int] = {}
        self.submitted: dict[int, int] = {}  # förbund id → data version submitted
        self.releases: list[Scope] = []
        self.events: list[str] = []
        self.observed: dict[int, set[int]] = {}
        self.last_national = None
        self.public_cells: set = set()  # (scope, group, code, cls) listed in open data
        for f in forbund:
            self._version(f.pk)

    # Ground truth --------------------------------------------------------------------------

    def _version(self, forbund_id: int) -> int:
        content = tuple(sorted(form.key for form in self.forms[forbund_id].values()))
        versions = self.versions[forbund_id]
        if content not in versions:
            versions.append(content)
        self.current[forbund_id] = versions.index(content)
        return self.current[forbund_id]

    def counts(self, forbund_id: int, version: int, group: str, code: str, cls: str) -> tuple:
        """The true answer counts per option of one cell (cls may be "total")."""
        question = self.specs[group].question(int(code[1:]))
        values = [o.value for o in question.options]
        counts = dict.fromkeys(values, 0)
        for form_group, form_cls, answers in self.versions[forbund_id][version]:
            if form_group != group or (cls != TOTAL and form_cls != cls):
                continue
            value = dict(answers).get(question.number)
            if value is not None:
                counts[value] += 1
        return tuple(counts[v] for v in values)

    def scope_counts(self, scope: Scope, group: str, code: str, cls: str) -> tuple:
        question = self.specs[group].question(int(code[1:]))
        total = [0] * len(question.options)
        for forbund_id, version in scope:
            for i, n in enumerate(self.counts(forbund_id, version, group, code, cls)):
                total[i] += n
        return tuple(total)

    def responses(self, scope: Scope, group: str, cls: str) -> int:
        """Responses per class of the gender table (every response answers F1)."""
        return sum(self.scope_counts(scope, group, "F1", cls))

    def positive(self, group: str, code: str, counts: tuple) -> int:
        question = self.specs[group].question(int(code[1:]))
        return sum(n for o, n in zip(question.options, counts, strict=True) if o.is_positive)

    def national_scope(self) -> Scope:
        """What förbund users' national figures consist of: the latest release."""
        return self.releases[-1] if self.releases else ()

    def label(self, forbund_id: int, version: int) -> str:
        return f"förbund {self.names[forbund_id]} (data version {version})"

    # Events through the real services -------------------------------------------------------

    def is_open(self, forbund_id: int) -> bool:
        return forbund_id not in self.submitted

    def seed(self, forbund_id: int, forms: list[Form]) -> None:
        """The förbund's forms typed in before anyone looks (one data version)."""
        import datetime

        from matpunkt.responses.models import Response, Source

        insatser = self.insatser[forbund_id]
        rows = Response.objects.bulk_create(
            [
                Response(
                    insats=insatser[form.insats % len(insatser)],
                    period=self.period,
                    group=form.group,
                    variant=form.variant,
                    kon=form.kon,
                    source=Source.PAPER,
                    recorded_on=datetime.date(2021, 10, 1),
                    **{f"f{n}": value for n, value in form.answers},
                )
                for form in forms
            ]
        )
        for row, form in zip(rows, forms, strict=True):
            self.forms[forbund_id][row.pk] = form
        self._version(forbund_id)

    def add(self, forbund_id: int, form: Form, *, web: bool) -> None:
        from matpunkt.responses.models import Source
        from matpunkt.responses.services import response_create

        response = response_create(
            actor=None if web else self.users[forbund_id],
            insats=self.insatser[forbund_id][form.insats % len(self.insatser[forbund_id])],
            period=self.period,
            group=form.group,
            variant=form.variant,
            kon=form.kon,
            answers=dict(form.answers),
            source=Source.WEB if web else Source.PAPER,
        )
        self.forms[forbund_id][response.pk] = form
        self._version(forbund_id)
        self.events.append(f"{'web' if web else 'paper'} form in {self.names[forbund_id]}")

    def change(self, forbund_id: int, index: int, form: Form) -> None:
        """A registrar corrects a stored form of the same group (answers and gender item)."""
        from matpunkt.responses.models import Response
        from matpunkt.responses.services import response_update

        same_group = [
            pk for pk, f in sorted(self.forms[forbund_id].items()) if f.group == form.group
        ]
        if not same_group:
            return self.add(forbund_id, form, web=False)
        pk = same_group[index % len(same_group)]
        response_update(
            actor=self.users[forbund_id],
            response=Response.objects.get(pk=pk),
            variant=form.variant,
            kon=form.kon,
            answers=dict(form.answers),
            reason="Rättelse efter granskning",
        )
        old = self.forms[forbund_id][pk]
        self.forms[forbund_id][pk] = Form(
            old.insats, form.group, form.variant, form.kon, form.answers
        )
        self._version(forbund_id)
        self.events.append(f"form changed in {self.names[forbund_id]}")

    def submit(self, forbund_id: int) -> None:
        from matpunkt.results.submission import submission_submit

        forbund = next(f for f in self.forbund if f.pk == forbund_id)
        submission_submit(actor=self.users["nns"], forbund=forbund, period=self.period)
        self.submitted[forbund_id] = self.current[forbund_id]
        self.events.append(f"{self.names[forbund_id]} submits")

    def reopen(self, forbund_id: int) -> None:
        from matpunkt.results.submission import submission_reopen

        forbund = next(f for f in self.forbund if f.pk == forbund_id)
        submission_reopen(
            actor=self.users["nns"], forbund=forbund, period=self.period, reason="Rättelse"
        )
        del self.submitted[forbund_id]
        self.events.append(f"NNS reopens {self.names[forbund_id]}")

    def release(self) -> None:
        from matpunkt.results.releases import release_create

        release_create(
            actor=self.users["nns"], period=self.period, note="Förbund har lämnat in eller rättat"
        )
        self.releases.append(tuple(sorted(self.submitted.items())))
        self.events.append("NNS releases")


# What a role knows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """A published figure: over `scope`, group, question (None: the group's responses per
    class), class; kind "dist" (value: counts per option), "positive" or "n"."""

    scope: Scope
    group: str
    code: str | None
    cls: str
    kind: str
    value: object


@dataclass(frozen=True)
class SpreadFact:
    """The spread between förbund of one question: the förbund count and the three values."""

    scope: Scope
    group: str
    code: str
    count: int
    values: tuple[float, ...]


@dataclass
class Knowledge:
    """What one role has seen over the whole sequence of events."""

    role: str
    own: int | None = None  # the förbund whose answers the role knows entirely (administrator)
    reports: bool = True  # sees the attacker förbund's report and the national report
    open_data: bool = True
    facts: set = field(default_factory=set)
    spreads: set = field(default_factory=set)
    # Cells the role has seen hidden: (scope, group, code, cls) of national figures.
    hidden_national: set = field(default_factory=set)
    # Own cells a reader saw (any version), for the small-cell targets.
    own_cells: set = field(default_factory=set)
    # Other förbund cells (f, version) the role's figures are made of.
    contributors: set = field(default_factory=set)


def _question_number(cell) -> int | None:
    if isinstance(cell, m.Text) and cell.prefix.startswith("Fråga "):
        return int(cell.prefix.removeprefix("Fråga ").rstrip(":"))
    return None


def _percent(cell) -> float | None:
    return cell.value if isinstance(cell, m.Percent) else None


def _count(cell) -> int | None:
    return cell.value if isinstance(cell, m.Count) and cell.value is not None else None


class Reader:
    """Turns one output into facts, checking each figure against the ground truth."""

    def __init__(self, world: World, resolve):
        self.world = world
        self.resolve = resolve  # (group, code, cls, kind, value) → Scope
        self.facts: list[Fact] = []
        self.shown: set = set()  # (group, code, cls) with answer figures shown
        self.seen_hidden: set = set()  # (group, code, cls) shown as suppressed
        self.spreads: list[tuple] = []

    def add(self, group, code, cls, kind, value, scope=None):
        if value is None:
            return
        scope = self.resolve(group, code, cls, kind, value) if scope is None else scope
        truth = self._truth(scope, group, code, cls, kind)
        if truth != value:
            raise HarnessError(
                f"{group} {code} {cls} {kind} = {value} matches no data version "
                f"(expected {truth} for {scope})"
            )
        self.facts.append(Fact(scope, group, code, cls, kind, value))
        if kind in ("dist", "positive"):
            self.shown.add((group, code, cls))

    def _truth(self, scope, group, code, cls, kind):
        return truth_of(self.world, scope, group, code, cls, kind)

    def share(self, group, code, cls, share, n, scope=None):
        if share is None or n is None:
            return
        self.add(group, code, cls, "positive", round(share * n), scope)

    def hidden(self, group, code, cls):
        self.seen_hidden.add((group, code, cls))

    # The report model ---------------------------------------------------------------------

    def report(self, report: m.Report):
        for section in report.sections:
            for block in section.blocks:
                if isinstance(block, m.Table):
                    self.table(block)
                elif isinstance(block, m.Charts):
                    for chart in block.charts:
                        self.chart(chart)

    def table(self, table: m.Table):
        key = table.key
        if key.startswith("questions-"):
            self.questions(key.removeprefix("questions-"), table)
        elif key.startswith("nonresponse-"):
            self.gender(key.removeprefix("nonresponse-"), table)
        elif key.startswith("spread-"):
            self.spread(key.removeprefix("spread-"), table)
        elif key.startswith("history-"):
            self.history(key.removeprefix("history-"), table)
        elif key == "across-groups":
            self.across(table)
        elif key.startswith("national-"):
            self.national_column(key.removeprefix("national-"), table)
        elif key in ("forbund-asked", "rates", "participation") or key.startswith("change-"):
            pass  # counts of fieldwork; changes need an earlier period (there is none)
        elif any(isinstance(c, m.Percent) for row in table.rows for c in row.cells):
            raise HarnessError(f"the attacker does not read table {key!r}: teach it to")

    def questions(self, group, table):
        code = None
        sexes = iter(())
        for row in table.rows:
            number = _question_number(row.cells[0])
            if number is not None:
                code, sexes = f"F{number}", iter((WOMEN, MEN))
                cls = TOTAL
            elif row.style == "sub":
                cls = next(sexes)
            else:
                continue
            n = _count(row.cells[1])
            shares = [c for c in row.cells[2:] if isinstance(c, m.Percent | m.Suppressed)]
            self.add(group, code, cls, "n", n)
            if shares and isinstance(shares[0], m.Percent):
                self.share(group, code, cls, shares[0].value, n)
            elif n:
                self.hidden(group, code, cls)

    def gender(self, group, table):
        without, women, men, not_stated = (_count(row.cells[1]) for row in table.rows[2:6])
        self.add(group, None, WOMEN, "n", women)
        self.add(group, None, MEN, "n", men)
        self.add(group, None, OTHER, "n", without + not_stated)

    def spread(self, group, table):
        for row in table.rows:
            code = f"F{_question_number(row.cells[0])}"
            n = _count(row.cells[1])
            self.add(group, code, TOTAL, "n", n)
            self.share(group, code, TOTAL, _percent(row.cells[2]), n)
            count, values = _count(row.cells[4]), [_percent(c) for c in row.cells[5:8]]
            if count is not None and all(v is not None for v in values):
                self.spreads.append((group, code, count, tuple(values)))

    def history(self, group, table):
        rows = table.rows
        for row, counts in zip(rows[::2], rows[1::2], strict=True):
            code = f"F{_question_number(row.cells[0])}"
            share, n = _percent(row.cells[-1]), _count(counts.cells[-1])
            self.share(group, code, TOTAL, share, n)

    def across(self, table):
        from matpunkt.instrument.models import Group

        by_label = {str(g.label): g.value for g in Group}
        for row in table.rows:
            if row.style != "sub":
                continue
            group = by_label[row.cells[0].text]
            code, n = row.cells[1].text, _count(row.cells[2])
            self.add(group, code, TOTAL, "n", n)
            self.share(group, code, TOTAL, _percent(row.cells[3]), n)

    def national_column(self, group, table):
        """The förbund report's national column (the figures of the national scope)."""
        for row in table.rows:
            code = f"F{_question_number(row.cells[0])}"
            own_n = _count(row.cells[1])
            self.add(group, code, TOTAL, "n", own_n)
            self.share(group, code, TOTAL, _percent(row.cells[2]), own_n)
            # A hidden national n is shown as 0 there ("no figure"), not as a count: skip it.
            if len(row.cells) >= 7 and _count(row.cells[6]):
                n = _count(row.cells[6])
                resolve, self.resolve = self.resolve, self.national
                self.add(group, code, TOTAL, "n", n)
                self.share(group, code, TOTAL, _percent(row.cells[4]), n)
                self.resolve = resolve

    def chart(self, chart):
        if isinstance(chart, m.DistributionChart):
            group, code = chart.key.rsplit("-", 1)
            self.add(group, code, TOTAL, "n", chart.answered)
            if chart.options is not None:
                self.add(group, code, TOTAL, "dist", tuple(o.count for o in chart.options))
        elif isinstance(chart, m.TrendChart):
            group, code = chart.key.removeprefix("trend-").rsplit("-", 1)
            for point in chart.points:
                self.share(group, code, TOTAL, point.share, point.answered)


def truth_of(world, scope, group, code, cls, kind):
    if code is None:
        return world.responses(scope, group, cls)
    counts = world.scope_counts(scope, group, code, cls)
    if kind == "dist":
        return counts
    if kind == "positive":
        return world.positive(group, code, counts)
    return sum(counts)


def _own_resolver(world: World, forbund_id: int):
    """Own figures may be of an earlier moment (live figures move in steps): the latest data
    version whose figure this is. Counts of responses are always the current version's."""

    def resolve(group, code, cls, kind, value):
        current = world.current[forbund_id]
        if code is None:
            return ((forbund_id, current),)
        for version in sorted(world.observed.get(forbund_id, {current}), reverse=True):
            scope = ((forbund_id, version),)
            if truth_of(world, scope, group, code, cls, kind) == value:
                return scope
        return ((forbund_id, current),)  # the check in Reader.add names the mismatch

    return resolve


def xlsx_numbers_explained(content: bytes, report: m.Report) -> None:
    """Every number in the XLSX workbook is a number of the report model (possibly rounded to
    what the report shows): the workbook tells the attacker nothing the model does not."""
    known = []
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, m.Table):
                for row in block.rows:
                    for cell in row.cells:
                        if isinstance(cell, m.Count | m.Percent | m.Points):
                            known.append(cell.value)
            elif isinstance(block, m.Charts):
                for chart in block.charts:
                    if isinstance(chart, m.DistributionChart):
                        known.append(chart.answered)
                        for option in chart.options or []:
                            known += [option.count, option.share]
                    else:
                        for point in chart.points:
                            known += [point.answered, point.share]
    known = [v for v in known if v is not None]
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, bool) or not isinstance(value, int | float):
                    continue
                # Shares may be written rounded to the whole percent the report shows.
                if not any(abs(value - v) <= 0.005 + 1e-9 for v in known):
                    raise AssertionError(
                        f"XLSX sheet {sheet.title!r} holds {value!r}, no figure of the report"
                    )


# Observing -------------------------------------------------------------------------------------


def _matching(world: World, candidates: list[Scope]):
    """A resolver that gives each figure the first candidate scope it is the figure of."""

    def resolve(group, code, cls, kind, value):
        for scope in candidates:
            if truth_of(world, scope, group, code, cls, kind) == value:
                return scope
        return candidates[0]  # the check in Reader.add names the mismatch

    return resolve


def _main_scope(reader: "Reader", candidates: list[Scope]) -> Scope:
    """The scope most of an output's figures are of (an output shows one nation)."""
    votes = [sum(f.scope == c for f in reader.facts if f.kind != "n") for c in candidates]
    return candidates[votes.index(max(votes))]


def national_candidates(world: World) -> list[Scope]:
    """What a national figure may be made of: the latest release (förbund users' figures), or
    the data submitted now (what NNS sees, and what every user saw before releases existed)."""
    found = [world.national_scope(), tuple(sorted(world.submitted.items()))]
    found = [scope for i, scope in enumerate(found) if scope and scope not in found[:i]]
    return found or [()]


def observe(world: World, roles: dict[str, Knowledge], *, xlsx: bool = False) -> None:
    """Collect what each role sees now: the attacker förbund's report (reader, administrator),
    the national report for förbund users, and the open data (everyone).

    National figures and open data rest on submitted data only, so they are read again only
    when a submission, reopening or release happened since they were last read."""
    from matpunkt.results.reports.forbund import build_forbund_report
    from matpunkt.results.reports.kolada import kolada_values
    from matpunkt.results.reports.national import build_national_report
    from matpunkt.results.reports.xlsx import render_xlsx

    own = world.forbund[0]
    candidates = national_candidates(world)
    for f in world.forbund:
        world.observed.setdefault(f.pk, set()).add(world.current[f.pk])

    mine = Reader(world, _own_resolver(world, own.pk))
    mine.national = _matching(world, candidates)
    report = build_forbund_report(forbund=own, period=world.period, min_cell=world.k)
    mine.report(report)
    if xlsx:
        xlsx_numbers_explained(render_xlsx(report), report)

    state = (tuple(sorted(world.submitted.items())), len(world.releases))
    fresh = world.last_national != state
    world.last_national = state
    nation = Reader(world, _matching(world, candidates))
    if fresh or xlsx:
        national_report = build_national_report(period=world.period, full=False, min_cell=world.k)
        nation.report(national_report)
        if xlsx:
            xlsx_numbers_explained(render_xlsx(national_report), national_report)
    national = _main_scope(nation, candidates)

    public = Reader(world, None)
    riket = Reader(world, _matching(world, candidates))
    values = kolada_values(periods=[world.period], min_cell=world.k) if fresh or xlsx else []
    for value in values:
        cls = KOLADA_CLASS[value.gender]
        positive = round(value.value * value.n / 100)
        if value.municipality == "0000":
            riket.add(value.grupp, value.fraga, cls, "n", value.n)
            riket.add(value.grupp, value.fraga, cls, "positive", positive)
            continue
        forbund_id = int(value.municipality)
        versions = [dict(c).get(forbund_id) for c in candidates] + [world.current[forbund_id]]
        resolve = _matching(world, [((forbund_id, v),) for v in versions if v is not None])
        public.resolve = resolve
        public.add(value.grupp, value.fraga, cls, "n", value.n)
        public.add(value.grupp, value.fraga, cls, "positive", positive)
    public.facts += riket.facts
    world.public_cells.update(
        (f.scope, f.group, f.code, f.cls) for f in public.facts if f.kind == "positive"
    )
    riket_scope = _main_scope(riket, candidates) if riket.facts else ()
    if riket_scope:
        roles_hidden = {
            (riket_scope, group, question.code, cls)
            for group, spec in world.specs.items()
            for question in spec.questions
            for cls in ((TOTAL, *GENDERED) if spec.has_gender_variant else (TOTAL,))
            if (group, question.code, cls) not in riket.shown
        }
        for knowledge in roles.values():
            if not knowledge.reports:
                knowledge.hidden_national.update(roles_hidden)

    for knowledge in roles.values():
        if knowledge.open_data:
            knowledge.facts.update(public.facts)
            knowledge.contributors.update(s for fact in public.facts for s in fact.scope)
        if not knowledge.reports:
            continue
        knowledge.facts.update(mine.facts)
        knowledge.facts.update(nation.facts)
        knowledge.contributors.update(national)
        knowledge.spreads.update(SpreadFact(national, *spread) for spread in nation.spreads)
        if national and nation.facts:
            for group, spec in world.specs.items():
                for question in spec.questions:
                    for cls in (TOTAL, *GENDERED) if spec.has_gender_variant else (TOTAL,):
                        if (group, question.code, cls) not in nation.shown:
                            knowledge.hidden_national.add((national, group, question.code, cls))
        version = world.current[own.pk]
        knowledge.own_cells.add((own.pk, version))
        for fact in mine.facts:
            if len(fact.scope) == 1 and fact.scope[0][0] == own.pk:
                knowledge.own_cells.update(fact.scope)


# Solving ---------------------------------------------------------------------------------------


class RowSpace:
    """The row space of sparse linear equations over the rationals (echelon form)."""

    def __init__(self):
        self.pivots: dict[int, dict[int, Fraction]] = {}

    def reduce(self, row: dict[int, int]) -> dict[int, Fraction]:
        row = {c: Fraction(v) for c, v in row.items() if v}
        residue = {}
        while row:
            column = min(row)
            value = row.pop(column)
            pivot = self.pivots.get(column)
            if pivot is None:
                residue[column] = value
                continue
            for other, coefficient in pivot.items():
                if other != column:
                    new = row.get(other, 0) - value * coefficient
                    if new:
                        row[other] = new
                    else:
                        row.pop(other, None)
        return residue

    def add(self, row: dict[int, int]) -> None:
        residue = self.reduce(row)
        if residue:
            column = min(residue)
            head = residue[column]
            self.pivots[column] = {c: v / head for c, v in residue.items()}

    def contains(self, row: dict[int, int]) -> bool:
        return not self.reduce(row)


@dataclass(frozen=True)
class Target:
    scope: Scope
    group: str
    code: str
    cls: str
    what: str


def _classes(world, group, cls):
    if not world.specs[group].has_gender_variant:
        return (OTHER,) if cls in (TOTAL, OTHER) else ()
    return GENDERED if cls == TOTAL else (cls,)


def blocks(spec) -> list[list]:
    """The questions of a group in blocks that share structure: a conditional question with
    its condition (F8, F9, F10), every other question alone."""
    found = {}
    for question in spec.questions:
        anchor = question.condition_number or question.number
        found.setdefault(anchor, []).append(question)
    return list(found.values())


class Block:
    """The equations one role knows about one block of questions of a group."""

    def __init__(self, world, group, questions, known_forbund):
        self.world, self.group, self.questions = world, group, questions
        self.codes = {q.code for q in questions}
        self.anchor = questions[0]
        self.known = known_forbund
        self.index: dict[tuple, int] = {}
        self.space = RowSpace()

    def atom(self, forbund_id, version, code, cls, option) -> int | None:
        if forbund_id == self.known:
            return None  # known to the role: moves to the right-hand side
        key = (forbund_id, version, code, cls, option)
        return self.index.setdefault(key, len(self.index))

    def row(self, scope, code, cls, options) -> dict[int, int]:
        """Σ over the scope and classes of the atoms of the given option indices."""
        row: dict[int, int] = defaultdict(int)
        for forbund_id, version in scope:
            for c in _classes(self.world, self.group, cls):
                for option in options:
                    atom = self.atom(forbund_id, version, code, c, option)
                    if atom is not None:
                        row[atom] += 1
        return dict(row)

    def options(self, code):
        return list(range(len(self.world.specs[self.group].question(int(code[1:])).options)))

    def positive_options(self, code):
        question = self.world.specs[self.group].question(int(code[1:]))
        return [i for i, o in enumerate(question.options) if o.is_positive]

    def learn(self, fact: Fact) -> None:
        if fact.code is None:  # responses per class: every unconditional question's answers
            code = self.anchor.code
            self.space.add(self.row(fact.scope, code, fact.cls, self.options(code)))
            return
        question = self.world.specs[self.group].question(int(fact.code[1:]))
        if fact.code not in self.codes:
            if fact.kind == "n" and question.condition_number is None:
                code = self.anchor.code
                self.space.add(self.row(fact.scope, code, fact.cls, self.options(code)))
            return
        if fact.kind == "dist":
            for option in self.options(fact.code):
                self.space.add(self.row(fact.scope, fact.code, fact.cls, [option]))
        elif fact.kind == "positive":
            self.space.add(
                self.row(fact.scope, fact.code, fact.cls, self.positive_options(fact.code))
            )
        else:
            self.space.add(self.row(fact.scope, fact.code, fact.cls, self.options(fact.code)))

    def structure(self, scopes) -> None:
        """What every attacker knows: a conditional question's answers per class are its
        condition's "Ja" (nobody skips a question they are asked)."""
        for question in self.questions[1:]:
            condition = self.world.specs[self.group].question(question.condition_number)
            ja = [i for i, o in enumerate(condition.options) if o.value == question.condition_value]
            for part in sorted({part for scope in scopes for part in scope}):
                scope = (part,)
                for cls in _classes(self.world, self.group, TOTAL):
                    row = self.row(scope, question.code, cls, self.options(question.code))
                    for atom, n in self.row(scope, condition.code, cls, ja).items():
                        row[atom] = row.get(atom, 0) - n
                    self.space.add(row)

    def disclosed(self, target: Target) -> str | None:
        options = self.options(target.code)
        rows = [self.row(target.scope, target.code, target.cls, [o]) for o in options]
        if all(self.space.contains(row) for row in rows):
            counts = self.world.scope_counts(target.scope, self.group, target.code, target.cls)
            question = self.world.specs[self.group].question(int(target.code[1:]))
            shown = ", ".join(
                f"{o.code} {n}" for o, n in zip(question.options, counts, strict=True)
            )
            return f"distribution {shown}"
        positive = self.row(
            target.scope, target.code, target.cls, self.positive_options(target.code)
        )
        if self.space.contains(positive):
            counts = self.world.scope_counts(target.scope, self.group, target.code, target.cls)
            positive = self.world.positive(self.group, target.code, counts)
            return f"positive count {positive} of {sum(counts)}"
        return None


def _published(world: World, knowledge: Knowledge) -> set:
    shown = {
        (f.scope, f.group, f.code, f.cls) for f in knowledge.facts if f.kind in ("dist", "positive")
    }
    if OPEN_DATA_PUBLIC:
        shown |= world.public_cells
    # The residual "other" is shown with its split.
    for scope, group, code, cls in list(shown):
        if cls == TOTAL and {(scope, group, code, WOMEN), (scope, group, code, MEN)} <= shown:
            shown.add((scope, group, code, OTHER))
    return shown


def targets(world: World, knowledge: Knowledge) -> list[Target]:
    """Every cell hidden from the role that has answers: for a reader its own cells with
    0 < n < K; any other förbund's cell (in any data version the role's figures are made of)
    never published in open data; every national cell the role saw hidden."""
    published = _published(world, knowledge)
    own = world.forbund[0].pk
    unknown_published = {
        (tuple(p for p in scope if p[0] != knowledge.own), *cell) for scope, *cell in published
    }
    found = []
    for group, spec in world.specs.items():
        classes = (TOTAL, *GENDERED) if spec.has_gender_variant else (TOTAL,)
        for question in spec.questions:
            code = question.code
            for cls in classes:

                def answers(scope, code=code, cls=cls, group=group):
                    return sum(world.scope_counts(scope, group, code, cls))

                if knowledge.reports and knowledge.own is None:
                    for part in sorted(knowledge.own_cells):
                        if 0 < answers((part,)) < world.k:
                            found.append(Target((part,), group, code, cls, "own small cell"))
                for part in sorted(knowledge.contributors):
                    if part[0] == own and knowledge.reports:
                        continue
                    if ((part,), group, code, cls) not in published and answers((part,)):
                        found.append(Target((part,), group, code, cls, "unpublished cell"))
                hidden = {
                    s for s, g, c, x in knowledge.hidden_national if (g, c, x) == (group, code, cls)
                }
                for scope in sorted(hidden):
                    if (scope, group, code, cls) in published:
                        continue
                    unknown = tuple(p for p in scope if p[0] != knowledge.own)
                    # What the role does not know of it was shown as it is (the nation before
                    # the own förbund's change): nothing new.
                    if (unknown, group, code, cls) in unknown_published or _sum_of_published(
                        set(unknown), group, code, cls, published, knowledge.own
                    ):
                        continue
                    if unknown and answers(unknown):
                        found.append(Target(scope, group, code, cls, "hidden national cell"))
    return found


def _sum_of_published(parts: set, group, code, cls, published, own) -> bool:
    """Whether a national cell is a published national cell plus or minus published förbund
    cells (and the role's own): nothing in it that is not public already."""
    singles = {s[0] for s, g, c, x in published if len(s) == 1 and (g, c, x) == (group, code, cls)}
    if parts <= singles:
        return True
    for scope, g, c, x in published:
        if (g, c, x) != (group, code, cls) or len(scope) < 2:
            continue
        shown = {p for p in scope if p[0] != own}
        if (shown ^ parts) <= singles:
            return True
    return False


def disclosures(world: World, knowledge: Knowledge) -> list[str]:
    """Every target the role can solve for, as a sentence naming it and its values."""
    found = []
    all_targets = targets(world, knowledge)
    for group, spec in world.specs.items():
        for questions in blocks(spec):
            block = Block(world, group, questions, knowledge.own)
            mine = [t for t in all_targets if t.group == group and t.code in block.codes]
            if not mine:
                continue
            scopes = {f.scope for f in knowledge.facts} | {t.scope for t in mine}
            block.structure(scopes)
            for fact in knowledge.facts:
                if fact.group == group:
                    block.learn(fact)
            for target in mine:
                what = block.disclosed(target)
                if what is not None:
                    found.append(
                        f"{knowledge.role}: {group} {target.code} ({target.cls}) of "
                        f"{_scope_label(world, target.scope)} [{target.what}] recovered: {what}"
                    )
    return found + spread_disclosures(world, knowledge)


def _scope_label(world, scope) -> str:
    if len(scope) == 1:
        return world.label(*scope[0])
    return "the nation (" + ", ".join(world.label(*p) for p in scope) + ")"


# The spread between förbund ------------------------------------------------------------------


def window_means(count: int) -> list[list[Fraction]]:
    """Each quartile and the median as the mean of the three förbund figures nearest to it
    (disclosure rule 7), as weights on the sorted figures."""
    from matpunkt.results.disclosure import spread_windows

    rows = []
    for window in spread_windows(count) or []:
        row = [Fraction(0)] * count
        for position in window:
            row[position] = Fraction(1, len(window))
        rows.append(row)
    return rows


def interpolated(count: int) -> list[list[Fraction]]:
    """Quartiles and median by linear interpolation between order statistics (Hyndman and
    Fan type 7), as weights on the sorted figures: the spread before rule 7."""
    rows = []
    for q in (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4)):
        position = (count - 1) * q
        below = int(position)
        above = min(below + 1, count - 1)
        row = [Fraction(0)] * count
        row[below] += 1 - (position - below)
        row[above] += position - below
        rows.append(row)
    return rows


# The documented methods the attacker tries (it knows how the spread is computed).
SPREAD_METHODS = (window_means, interpolated)


def _share(world, scope, group, code) -> Fraction | None:
    counts = world.scope_counts(scope, group, code, TOTAL)
    n = sum(counts)
    return Fraction(world.positive(group, code, counts), n) if n else None


def spread_disclosures(world: World, knowledge: Knowledge) -> list[str]:
    """Förbund figures the role can solve for from the spread, its own figure and the figures
    in open data. Worst case: the attacker knows where each known figure ranks."""
    found = []
    published = _published(world, knowledge)
    for spread in sorted(knowledge.spreads, key=repr):
        members = []
        for part in spread.scope:
            scope = (part,)
            counts = world.scope_counts(scope, spread.group, spread.code, TOTAL)
            if sum(counts) >= world.k and _condition_shown(world, scope, spread.group, spread.code):
                members.append((_share(world, scope, spread.group, spread.code), part))
        members.sort()
        if len(members) != spread.count:
            raise HarnessError(
                f"spread of {spread.code} over {spread.count}, expected {len(members)}"
            )
        weights = _spread_method(spread, [share for share, _part in members])
        known = {
            i
            for i, (_s, part) in enumerate(members)
            if part[0] == world.forbund[0].pk
            or ((part,), spread.group, spread.code, TOTAL) in published
        }
        space = RowSpace()
        for row in weights:
            space.add({i: w for i, w in enumerate(row) if w and i not in known})
        for i, (share, part) in enumerate(members):
            if i not in known and space.contains({i: 1}):
                found.append(
                    f"{knowledge.role}: {spread.group} {spread.code} key figure of "
                    f"{world.label(*part)} recovered from the spread: {share}"
                )
    return found


def _spread_method(spread: SpreadFact, shares: list[Fraction]) -> list[list[Fraction]]:
    """The weights of the method whose values on the true figures are the published ones."""
    for method in SPREAD_METHODS:
        weights = method(spread.count)
        if len(weights) == len(spread.values) and all(
            abs(float(sum(w * s for w, s in zip(row, shares, strict=True))) - value) < 1e-9
            for row, value in zip(weights, spread.values, strict=True)
        ):
            return weights
    raise HarnessError(f"spread values {spread.values} of no known method on {shares}")


def _condition_shown(world, scope, group, code) -> bool:
    question = world.specs[group].question(int(code[1:]))
    if question.condition_number is None:
        return True
    condition = f"F{question.condition_number}"
    return sum(world.scope_counts(scope, group, condition, TOTAL)) >= world.k


def roles_of(world: World) -> dict[str, Knowledge]:
    """The attackers: the reader of the first förbund (with and without the open data, which
    förbund users could not download before the disclosure work), its administrator, the
    public."""
    return {
        "reader": Knowledge("reader"),
        "reader without open data": Knowledge("reader without open data", open_data=False),
        "administrator": Knowledge("administrator", own=world.forbund[0].pk),
        "public": Knowledge("public", reports=False),
    }


def all_disclosures(world: World, roles: dict[str, Knowledge]) -> list[str]:
    found = [found for knowledge in roles.values() for found in disclosures(world, knowledge)]
    return list(dict.fromkeys(found))
