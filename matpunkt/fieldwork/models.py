import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from matpunkt.core.tenancy import TenantQuerySet
from matpunkt.core.validators import reject_personnummer, validate_pseudonym
from matpunkt.instrument.models import Group, InstrumentVersion, Variant


class Period(models.Model):
    """A national measurement period (e.g. hösten 2024) and the instrument version it uses."""

    label = models.CharField(
        _("benämning"),
        max_length=40,
        unique=True,
        help_text=_("Så som perioden skrivs i filer, t.ex. ”2024”."),
    )
    starts_on = models.DateField(_("startdatum"), null=True, blank=True)
    ends_on = models.DateField(_("slutdatum"), null=True, blank=True)
    version = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("instrumentversion"),
        on_delete=models.PROTECT,
        related_name="periods",
    )

    class Meta:
        verbose_name = _("mätperiod")
        verbose_name_plural = _("mätperioder")
        ordering = ["-label"]

    def __str__(self):
        return self.label

    def is_collecting(self, today: datetime.date) -> bool:
        """Whether questionnaires may still be handed out and answered: the period has not ended."""
        return self.ends_on is None or today <= self.ends_on

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("Slutdatum kan inte vara före startdatum.")}, code="dates"
            )


class SubmissionStatus(models.TextChoices):
    OPEN = "open", _("Ej inlämnad")
    SUBMITTED = "submitted", _("Inlämnad")
    REOPENED = "reopened", _("Öppnad igen")


class Submission(models.Model):
    """The lock of a förbund's data for a period: open, or submitted to the national
    compilation (and so locked), or reopened.

    The row is created (status open) by the first write to the förbund's data for the period,
    and every writer holds a shared row lock on it for the length of its transaction
    (`fieldwork.locks`); submitting takes the row's exclusive lock, so it waits for writers in
    flight and every later writer sees the new state. Every change of state is in the audit log.
    The table keeps its name from the results app, where the model was first defined.
    """

    TENANT_PATH = "forbund"

    forbund = models.ForeignKey(
        "organisations.Forbund",
        verbose_name=_("förbund"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    period = models.ForeignKey(
        Period,
        verbose_name=_("mätperiod"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.OPEN,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inlämnad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("inlämnad"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("öppnad igen av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("öppnad igen"), null=True, blank=True)
    reopen_reason = models.TextField(
        _("skäl att öppna igen"), blank=True, validators=[reject_personnummer]
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        db_table = "results_submission"
        verbose_name = _("inlämning")
        verbose_name_plural = _("inlämningar")
        ordering = ["period", "forbund"]
        constraints = [
            models.UniqueConstraint(fields=["forbund", "period"], name="submission_unique"),
        ]

    def __str__(self):
        return f"{self.forbund} {self.period}: {self.get_status_display()}"

    @property
    def is_locked(self) -> bool:
        return self.status == SubmissionStatus.SUBMITTED

    @property
    def was_submitted(self) -> bool:
        """Whether the data were ever handed in (an open row is only the lock of its writers)."""
        return self.status != SubmissionStatus.OPEN


class Distribution(models.Model):
    """Questionnaires handed out in one insats, period and group (a place): asked and unreachable.

    A place is counted one of two ways, and `from_list` says which is in force: the counts someone
    entered (`entered_asked`, `entered_unreachable`), or the counts of its distribution list (its
    entries: löpnummer and codes). `asked` and `unreachable` are the counts in force, the ones
    every figure uses. Keeping a list never erases entered counts: switching between the two is an
    explicit, audited choice (fieldwork.services.distribution_source_set) and can be undone.
    """

    TENANT_PATH = "insats__forbund"

    insats = models.ForeignKey(
        "organisations.Insats",
        verbose_name=_("insats"),
        on_delete=models.PROTECT,
        related_name="distributions",
    )
    period = models.ForeignKey(
        Period, verbose_name=_("mätperiod"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.CharField(_("respondentgrupp"), max_length=30, choices=Group.choices)
    asked = models.PositiveIntegerField(_("tillfrågade"), default=0)
    unreachable = models.PositiveIntegerField(_("ej nåbara"), default=0)
    entered_asked = models.PositiveIntegerField(_("tillfrågade, angivet antal"), default=0)
    entered_unreachable = models.PositiveIntegerField(_("ej nåbara, angivet antal"), default=0)
    from_list = models.BooleanField(_("räknas från utdelningslista"), default=False)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("utdelning")
        verbose_name_plural = _("utdelning")
        ordering = ["insats", "period", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["insats", "period", "group"], name="distribution_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(unreachable__lte=models.F("asked")),
                name="distribution_unreachable_within_asked",
            ),
            models.CheckConstraint(
                condition=models.Q(entered_unreachable__lte=models.F("entered_asked")),
                name="distribution_entered_unreachable_within_asked",
            ),
        ]

    def __str__(self):
        return f"{self.insats} {self.period} {self.get_group_display()}"

    def clean(self):
        if (
            self.unreachable is not None
            and self.asked is not None
            and self.unreachable > self.asked
        ):
            raise ValidationError(
                {"unreachable": _("Ej nåbara kan inte vara fler än tillfrågade.")},
                code="unreachable_above_asked",
            )


class DistributionEntry(models.Model):
    """One person on a distribution list, by a pseudonym only (never a name or personnummer).

    An entry may carry a one-time code (see fieldwork.codes): the code lets one questionnaire be
    answered once, on the web or on paper. Issued codes are the distribution list, so a voided code
    is not counted as asked. The code records only that it was used, never when (a day or a time
    would pair it with the response that arrived then), and the stored response has no link back
    to it.
    """

    TENANT_PATH = "distribution__insats__forbund"

    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="entries")
    pseudonym = models.CharField(
        _("löpnummer"),
        max_length=20,
        validators=[reject_personnummer, validate_pseudonym],
        help_text=_(
            "Ett löpnummer eller en egen kod med minst en siffra, utan mellanslag: aldrig namn "
            "eller personnummer."
        ),
    )
    handed_out_on = models.DateField(_("utdelad"), null=True, blank=True)
    unreachable = models.BooleanField(_("ej nåbar under perioden"), default=False)
    code = models.CharField(
        _("kod"), max_length=8, unique=True, null=True, blank=True, editable=False
    )
    variant = models.CharField(_("variant"), max_length=10, choices=Variant.choices, blank=True)
    used = models.BooleanField(_("använd"), default=False, editable=False)
    voided = models.BooleanField(_("makulerad"), default=False)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("rad i utdelningslistan")
        verbose_name_plural = _("utdelningslista")
        ordering = ["distribution", "pseudonym"]
        constraints = [
            models.UniqueConstraint(
                fields=["distribution", "pseudonym"], name="distribution_entry_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(code__isnull=True) | ~models.Q(variant=""),
                name="distribution_entry_code_has_variant",
            ),
            models.CheckConstraint(
                condition=models.Q(used=False) | models.Q(code__isnull=False),
                name="distribution_entry_used_needs_code",
            ),
            models.CheckConstraint(
                condition=models.Q(used=False) | models.Q(voided=False),
                name="distribution_entry_used_not_voided",
            ),
        ]

    def __str__(self):
        return self.pseudonym

    @staticmethod
    def counted_q() -> models.Q:
        """The entries that count as asked: not voided, and handed out. A row without a code is
        a questionnaire handed out; a code counts once it is marked handed out, used (an answer
        proves it reached someone) or unreachable (meant for someone who could not be reached).
        A code printed but never handed out is nobody asked."""
        return models.Q(voided=False) & (
            models.Q(code__isnull=True)
            | models.Q(handed_out_on__isnull=False)
            | models.Q(used=True)
            | models.Q(unreachable=True)
        )


class OpenLink(models.Model):
    """A questionnaire link that anyone holding it may answer, e.g. on a tablet in the room.

    The random token in the address is the only key. Answers through an open link are counted
    like any other; the förbund enters the asked count by hand. Submissions are rate limited.
    """

    TENANT_PATH = "insats__forbund"

    insats = models.ForeignKey(
        "organisations.Insats",
        verbose_name=_("insats"),
        on_delete=models.PROTECT,
        related_name="open_links",
    )
    period = models.ForeignKey(
        Period, verbose_name=_("mätperiod"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.CharField(_("respondentgrupp"), max_length=30, choices=Group.choices)
    variant = models.CharField(_("variant"), max_length=10, choices=Variant.choices)
    token = models.CharField(_("nyckel"), max_length=43, unique=True, editable=False)
    active = models.BooleanField(_("öppen"), default=True)
    created_on = models.DateField(_("skapad"), auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("öppen länk")
        verbose_name_plural = _("öppna länkar")
        ordering = ["insats", "period", "group", "-created_on", "-id"]

    def __str__(self):
        group, variant = self.get_group_display(), self.get_variant_display()
        return f"{self.insats} {self.period} {group} ({variant})"
