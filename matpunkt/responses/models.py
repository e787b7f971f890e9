"""Returned questionnaires. A response holds answer codes only: nothing about the respondent."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from matpunkt.core.tenancy import TenantQuerySet
from matpunkt.instrument.models import Group, Kon, Variant

QUESTION_NUMBERS = range(1, 11)
ANSWER_FIELDS = tuple(f"f{n}" for n in QUESTION_NUMBERS)


def answered_q() -> models.Q:
    """The forms that are responses: at least one question answered."""
    answered = models.Q()
    for name in ANSWER_FIELDS:
        answered |= models.Q(**{f"{name}__isnull": False})
    return answered


class Source(models.TextChoices):
    PAPER = "paper", _("Pappersenkät, registrerad")
    WEB = "web", _("Webbenkät")
    IMPORT = "import", _("Importerad fil")


class ImportBatch(models.Model):
    """One imported file. Its content hash makes a second import of the same data a no-op."""

    TENANT_PATH = "forbund"

    class Kind(models.TextChoices):
        RESPONSES = "responses", _("Svarsfil")
        DISTRIBUTION = "distribution", _("Utdelning")

    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    content_hash = models.CharField(_("kontrollsumma"), max_length=64)
    filename = models.CharField(_("filnamn"), max_length=255, blank=True)
    row_count = models.PositiveIntegerField(_("antal rader"), default=0)
    forbund = models.ForeignKey(
        "organisations.Forbund",
        verbose_name=_("förbund"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Tomt när filen gäller flera förbund."),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importerad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("importerad"), auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "content_hash"], name="import_unique_content"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename} ({self.row_count})"


class Response(models.Model):
    """One returned questionnaire: insats, period, group, variant, gender item and answers F1–F10.

    Answers hold the stored value of a scale option (see ScaleOption.value); None is unanswered.
    Forms typed in or imported by staff keep the day they were recorded; a web response keeps no
    date at all, since the day it arrived would pair it with the code or visit that made it.
    """

    TENANT_PATH = "insats__forbund"

    insats = models.ForeignKey(
        "organisations.Insats",
        verbose_name=_("insats"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    period = models.ForeignKey(
        "fieldwork.Period",
        verbose_name=_("mätperiod"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    group = models.CharField(_("respondentgrupp"), max_length=30, choices=Group.choices)
    variant = models.CharField(
        _("variant"), max_length=10, choices=Variant.choices, default=Variant.UTAN_KON
    )
    kon = models.CharField(_("kön"), max_length=12, choices=Kon.choices, blank=True)
    f1 = models.PositiveSmallIntegerField("F1", null=True, blank=True)
    f2 = models.PositiveSmallIntegerField("F2", null=True, blank=True)
    f3 = models.PositiveSmallIntegerField("F3", null=True, blank=True)
    f4 = models.PositiveSmallIntegerField("F4", null=True, blank=True)
    f5 = models.PositiveSmallIntegerField("F5", null=True, blank=True)
    f6 = models.PositiveSmallIntegerField("F6", null=True, blank=True)
    f7 = models.PositiveSmallIntegerField("F7", null=True, blank=True)
    f8 = models.PositiveSmallIntegerField("F8", null=True, blank=True)
    f9 = models.PositiveSmallIntegerField("F9", null=True, blank=True)
    f10 = models.PositiveSmallIntegerField("F10", null=True, blank=True)
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices)
    recorded_on = models.DateField(
        _("registrerad (dag)"),
        null=True,
        blank=True,
        help_text=_("Tomt för webbenkäter: dagen då ett webbsvar kom in sparas inte."),
    )
    import_batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="responses",
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        indexes = [models.Index(fields=["period", "insats", "group"], name="response_scope")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(variant="utan_kon") | models.Q(kon=""),
                name="response_no_gender_without_item",
            ),
            models.CheckConstraint(
                condition=~models.Q(source="web") | models.Q(recorded_on__isnull=True),
                name="response_web_has_no_date",
            ),
        ]

    def __str__(self):
        return f"{self.insats} {self.period} {self.get_group_display()} #{self.pk}"

    def answers(self) -> dict[int, int | None]:
        return {n: getattr(self, f"f{n}") for n in QUESTION_NUMBERS}

    def is_response(self) -> bool:
        """A returned form counts as a response when at least one question is answered."""
        return any(value is not None for value in self.answers().values())


class RegistrationToken(models.Model):
    """A used one-time key of a blank form: on the registration page or an open-link web form.

    The key is made when the blank form is shown; storing it when the form is saved makes a second
    POST of the same form (a double Enter, a reload, the back button) a no-op. It holds nothing
    about the respondent, no date and no link to the stored response.
    """

    token = models.UUIDField(_("engångsnyckel"), unique=True)

    class Meta:
        verbose_name = _("engångsnyckel för registrering")
        verbose_name_plural = _("engångsnycklar för registrering")

    def __str__(self):
        return str(self.token)


class Comment(models.Model):
    """A respondent's optional free-text comment ("Övriga synpunkter").

    Kept apart from the response, with no link to it, and for the förbund's own reading only: it
    is never exported and never part of the national results. A random key rather than a counter,
    no date and an order by text keep comments from pairing with the order of responses.
    """

    TENANT_PATH = "insats__forbund"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    insats = models.ForeignKey(
        "organisations.Insats",
        verbose_name=_("insats"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    period = models.ForeignKey(
        "fieldwork.Period",
        verbose_name=_("mätperiod"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    group = models.CharField(_("respondentgrupp"), max_length=30, choices=Group.choices)
    text = models.TextField(_("synpunkter"), max_length=2000)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("övrig synpunkt")
        verbose_name_plural = _("övriga synpunkter")
        ordering = ["insats", "period", "group", "text"]

    def __str__(self):
        return f"{self.insats} {self.period} {self.get_group_display()}"


class SubmissionCounter(models.Model):
    """How many requests one rate-limit key made in one window (a clock minute or hour).

    A key is an open link's token or a keyed hash of a client's network made with the current
    hour's ThrottleSalt (never the address itself). `minute` is the window's first minute and
    `expires` its last; expired rows are deleted, and all of an hour's rows go with its salt.
    """

    key = models.CharField(_("nyckel"), max_length=64)
    minute = models.BigIntegerField(_("fönstrets första minut"))
    expires = models.BigIntegerField(_("fönstrets sista minut"), default=0)
    count = models.PositiveIntegerField(_("antal"), default=0)

    class Meta:
        verbose_name = _("räknare för begränsning av försök")
        verbose_name_plural = _("räknare för begränsning av försök")
        constraints = [
            models.UniqueConstraint(fields=["key", "minute"], name="submission_counter_unique"),
        ]
        indexes = [models.Index(fields=["expires"], name="submission_counter_expires")]

    def __str__(self):
        return f"{self.key} {self.minute}: {self.count}"


class ThrottleSalt(models.Model):
    """The random key that the rate limits hash client networks with during one clock hour.

    It is shared by every worker through the database and deleted, with every counter it keyed,
    as soon as the next hour begins: after that no stored value can be mapped back to an address,
    not even with everything else on the machine.
    """

    hour = models.BigIntegerField(_("timme"), unique=True)
    salt = models.CharField(_("nyckel"), max_length=64)

    class Meta:
        verbose_name = _("timnyckel för begränsning av försök")
        verbose_name_plural = _("timnycklar för begränsning av försök")

    def __str__(self):
        return str(self.hour)
