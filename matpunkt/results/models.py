"""What the results app stores: the counts a förbund's national submission locked (the
submission itself, the period lock, is fieldwork's), and its plan's goals.

Figures are never stored: they are computed from counts whenever they are shown.
"""

import json

from django.conf import settings
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from matpunkt.core.tenancy import TenantQuerySet
from matpunkt.core.validators import reject_personnummer

# The submission (the period lock) lives in fieldwork, next to Period; the names stay importable
# from here for the code that reads submissions together with their stored counts.
from matpunkt.fieldwork.models import Submission, SubmissionStatus  # noqa: F401
from matpunkt.instrument.models import Group


class SubmittedCounts(models.Model):
    """The count table of a submitted förbund and period, counted when it was submitted.

    Submitted data are locked (every write path refuses them) until the submission is reopened,
    which deletes these counts, so they are the submitted data's counts for as long as they
    exist. The national figures are computed from them: a national report over ten periods then
    reads one row per förbund and period instead of counting a million responses. The format is
    `counts.freeze`'s; counts with other columns than the computation's current ones are counted
    again on use.
    """

    submission = models.OneToOneField(
        "fieldwork.Submission",
        verbose_name=_("inlämning"),
        on_delete=models.CASCADE,
        related_name="counts",
    )
    # JSON as text (`counts.freeze`'s data): PostgreSQL returns a jsonb value of this size
    # (megabytes of counts for a period) several times slower than the same text.
    table = models.TextField(_("räknetabell"))
    counted_at = models.DateTimeField(_("räknad"), auto_now=True)

    class Meta:
        verbose_name = _("inlämnade räkningar")
        verbose_name_plural = _("inlämnade räkningar")

    def __str__(self):
        return str(self.submission)

    @property
    def data(self) -> dict:
        return json.loads(self.table)


class GoalKind(models.TextChoices):
    TARGET_SHARE = "target_share", _("En målnivå för andelen klart positiva svar")
    HIGHER_THAN_LAST = "higher_than_last", _("Högre andel än förra mätperioden")


PLAN_YEAR_MIN = 2000
PLAN_YEAR_MAX = 2100


class Goal(models.Model):
    """A goal of a förbund's plan, measured with one question of the instrument.

    The question is followed by its stable identity (measure) and respondent group, so the goal
    stays the same across instrument versions. The goal belongs to its plan's years and is judged
    only on measurement periods of those years; a goal from before plan years were kept (no year
    could be read from its text) has none and is judged on no period until they are given.
    """

    TENANT_PATH = "forbund"

    forbund = models.ForeignKey(
        "organisations.Forbund",
        verbose_name=_("förbund"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    label = models.TextField(
        _("mål"),
        validators=[MinLengthValidator(3), reject_personnummer],
        help_text=_("Målet så som det står i verksamhetsplanen."),
    )
    measure = models.ForeignKey(
        "instrument.Measure",
        verbose_name=_("fråga (mätpunkt)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    group = models.CharField(_("respondentgrupp"), max_length=30, choices=Group.choices)
    kind = models.CharField(_("typ av mål"), max_length=20, choices=GoalKind.choices)
    target_share = models.DecimalField(
        _("målnivå"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Andelen klart positiva svar som ska nås, t.ex. 0,70 för 70 %."),
    )
    plan_first_year = models.PositiveSmallIntegerField(
        _("planens första år"),
        null=True,
        blank=True,
        validators=[MinValueValidator(PLAN_YEAR_MIN), MaxValueValidator(PLAN_YEAR_MAX)],
        help_text=_("Det första år som verksamhetsplanen gäller, t.ex. 2025."),
    )
    plan_last_year = models.PositiveSmallIntegerField(
        _("planens sista år"),
        null=True,
        blank=True,
        validators=[MinValueValidator(PLAN_YEAR_MIN), MaxValueValidator(PLAN_YEAR_MAX)],
        help_text=_("Det sista år som planen gäller; samma som det första för en ettårig plan."),
    )
    active = models.BooleanField(_("aktivt"), default=True)
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["forbund", "plan_first_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(plan_first_year__isnull=True, plan_last_year__isnull=True)
                    | models.Q(
                        plan_first_year__isnull=False,
                        plan_last_year__isnull=False,
                        plan_first_year__lte=models.F("plan_last_year"),
                    )
                ),
                name="goal_plan_years_in_order",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="target_share",
                        target_share__isnull=False,
                        target_share__gte=0,
                        target_share__lte=1,
                    )
                    | models.Q(kind="higher_than_last", target_share__isnull=True)
                ),
                name="goal_target_matches_kind",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def plan_years(self) -> str:
        """The plan's years as written: "2025", "2022–2024", or "" when none are given."""
        if self.plan_first_year is None:
            return ""
        if self.plan_last_year in (None, self.plan_first_year):
            return str(self.plan_first_year)
        return f"{self.plan_first_year}\u2013{self.plan_last_year}"

    def covers(self, year: int | None) -> bool:
        """Whether the plan's years include the year (never when either is unknown)."""
        if year is None or self.plan_first_year is None or self.plan_last_year is None:
            return False
        return self.plan_first_year <= year <= self.plan_last_year


class NationalRelease(models.Model):
    """NNS's release of a period's national figures to förbund users.

    Förbund users see national figures only as released: they change when NNS releases the
    period (again), never with each submission or reopening, so that comparing the figures before
    and after one förbund's submission reveals nothing. A release keeps the counts of every
    förbund in it as they were submitted (`counts.freeze`'s data per förbund id), since a
    reopening deletes the submission's stored counts; disclosure control weighs each release
    against the period's earlier ones (`disclosure`, rule 5). Releases are never changed.
    """

    period = models.ForeignKey(
        "fieldwork.Period",
        verbose_name=_("mätperiod"),
        on_delete=models.PROTECT,
        related_name="releases",
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    released_at = models.DateTimeField(_("publicerad"), auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publicerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(
        _("kommentar"),
        blank=True,
        validators=[reject_personnummer],
        help_text=_("Varför mätperioden publiceras igen, t.ex. en rättelse."),
    )
    # {förbund id: counts.freeze data} as text, as in SubmittedCounts.
    tables = models.TextField(_("räknetabeller"))
    submissions = models.JSONField(
        _("inlämningar"),
        default=list,
        help_text=_("Förbund och inlämningstid för varje förbund i publiceringen."),
    )

    class Meta:
        verbose_name = _("publicering av riksresultat")
        verbose_name_plural = _("publiceringar av riksresultat")
        ordering = ["period", "number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "number"], name="release_number_unique")
        ]

    def __str__(self):
        return f"{self.period} #{self.number}"

    @property
    def data(self) -> dict[int, dict]:
        return {int(key): value for key, value in json.loads(self.tables).items()}


class LiveFigures(models.Model):
    """The answer figures last shown of a förbund's period that it has not submitted.

    While the period is open (or reopened) its answer figures move only in steps of at least K
    answers (`disclosure.step_question`, `results.live`), so that two views cannot be compared to
    isolate one answer; this row is what was shown, to compare the next view with. Submitting
    deletes it (the submitted figures are exact) and reopening starts it from the submitted
    figures. Not period data: writing it on a page view is allowed while the period is locked.
    """

    TENANT_PATH = "forbund"

    forbund = models.ForeignKey(
        "organisations.Forbund",
        verbose_name=_("förbund"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    period = models.ForeignKey(
        "fieldwork.Period",
        verbose_name=_("mätperiod"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # {"group|code": {"total": [...], "women": [...], "men": [...], "other": [...], "split": bool}}
    # as text: the class vectors shown (`disclosure.step_question`).
    shown = models.TextField(_("visade svar"), default="{}")
    updated_at = models.DateTimeField(_("senaste steg"), auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("löpande resultat")
        verbose_name_plural = _("löpande resultat")
        constraints = [
            models.UniqueConstraint(fields=["forbund", "period"], name="live_figures_unique")
        ]

    def __str__(self):
        return f"{self.forbund_id} {self.period_id}"
