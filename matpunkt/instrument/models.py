"""The survey instrument: versions, questionnaires, questions, scales and indicators.

Question texts live in the versioned data files in `data/`, loaded by `loader.py`; nothing in
Python or templates holds them. A version that a measurement period uses is immutable.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Group(models.TextChoices):
    """Respondent groups, with the codes used in files and APIs."""

    DELTAGARE_PAGAENDE = "deltagare_pagaende", _("Deltagare, pågående insats")
    DELTAGARE_AVSLUT = "deltagare_avslut", _("Deltagare, inför avslut")
    PERSONAL = "personal", _("Personal")
    FORBUNDSCHEF = "forbundschef", _("Förbundschef")
    STYRELSE = "styrelse", _("Styrelse")
    CHEFSGRUPP = "chefsgrupp", _("Parternas chefsgrupp")
    REMITTENTER = "remittenter", _("Remittenter")


PARTICIPANT_GROUPS = (Group.DELTAGARE_PAGAENDE, Group.DELTAGARE_AVSLUT)


class Variant(models.TextChoices):
    """Participant questionnaires come with or without the gender item."""

    MED_KON = "med_kon", _("Med variabeln kön")
    UTAN_KON = "utan_kon", _("Utan variabeln kön")


class Kon(models.TextChoices):
    KVINNA = "kvinna", _("Kvinna")
    MAN = "man", _("Man")
    EJ_UPPGETT = "ej_uppgett", _("Ej uppgett")


class ImmutableVersionError(ValidationError):
    pass


class InstrumentVersion(models.Model):
    """One edition of the instrument (e.g. 2017, 2021), loaded from a data file."""

    code = models.CharField(_("version"), max_length=20, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    source = models.TextField(_("källa"), blank=True)
    notes = models.TextField(_("anmärkningar"), blank=True)
    content_hash = models.CharField(_("innehållets kontrollsumma"), max_length=64)
    loaded_at = models.DateTimeField(_("inläst"), auto_now=True)

    class Meta:
        verbose_name = _("instrumentversion")
        verbose_name_plural = _("instrumentversioner")
        ordering = ["code"]

    def __str__(self):
        return self.code

    def is_in_use(self) -> bool:
        """A version is in use once a measurement period refers to it."""
        return self.pk is not None and self.periods.exists()


class VersionPart(models.Model):
    """Base of every model that belongs to a version: refuses change once the version is in use."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and self._version().is_in_use():
            raise ImmutableVersionError(
                _("Instrumentversion %(version)s används i en mätperiod och kan inte ändras."),
                code="immutable",
                params={"version": self._version().code},
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._version().is_in_use():
            raise ImmutableVersionError(
                _("Instrumentversion %(version)s används i en mätperiod och kan inte ändras."),
                code="immutable",
                params={"version": self._version().code},
            )
        return super().delete(*args, **kwargs)

    def _version(self) -> InstrumentVersion:
        raise NotImplementedError


class Scale(VersionPart):
    """An answer scale of a version: frequency, extent or yes/no."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="scales")
    code = models.CharField(_("kod"), max_length=30)
    name = models.CharField(_("namn"), max_length=100)

    class Meta:
        verbose_name = _("svarsskala")
        verbose_name_plural = _("svarsskalor")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="scale_unique_code"),
        ]

    def __str__(self):
        return f"{self.version.code}: {self.name}"

    def _version(self):
        return self.version


class ScaleOption(VersionPart):
    """One answer option. `value` is what a response stores; `code` is what files carry."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="options")
    value = models.PositiveSmallIntegerField(_("lagrat värde"))
    code = models.CharField(_("kod i filer"), max_length=10)
    label = models.CharField(_("text"), max_length=100)
    is_positive = models.BooleanField(
        _("klart positivt"),
        default=False,
        help_text=_("Räknas till nyckeltalet (klart positiva svar, eller ja)."),
    )

    class Meta:
        verbose_name = _("svarsalternativ")
        verbose_name_plural = _("svarsalternativ")
        ordering = ["scale", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "value"], name="option_unique_value"),
            models.UniqueConstraint(fields=["scale", "code"], name="option_unique_code"),
        ]

    def __str__(self):
        return self.label

    def _version(self):
        return self.scale.version


class Measure(models.Model):
    """The stable identity of a question: followed across versions and compared across groups.

    Questions with the same wording in several groups, and the same question in several versions,
    share one measure.
    """

    key = models.SlugField(_("nyckel"), max_length=60, unique=True)
    name = models.CharField(_("kort namn"), max_length=200)

    class Meta:
        verbose_name = _("mätpunkt")
        verbose_name_plural = _("mätpunkter")
        ordering = ["key"]

    def __str__(self):
        return self.name


class Questionnaire(VersionPart):
    """The questionnaire of one respondent group in one version, with its introduction texts.

    Texts may hold placeholders in square brackets, e.g. [namn på aktiviteten], which a förbund
    fills in; the question texts themselves are never changed.
    """

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="questionnaires"
    )
    group = models.CharField(_("respondentgrupp"), max_length=30, choices=Group.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    form_label = models.CharField(_("enkätens beteckning"), max_length=100, blank=True)
    cover_text = models.TextField(_("försättsblad"), blank=True)
    instructions = models.TextField(_("instruktion"), blank=True)
    has_gender_variant = models.BooleanField(_("finns med variabeln kön"), default=False)
    gender_prompt = models.CharField(_("fråga om kön"), max_length=100, blank=True)
    gender_labels = models.JSONField(_("svarsalternativ för kön"), default=dict, blank=True)
    notes = models.TextField(_("anmärkningar om källan"), blank=True)

    class Meta:
        verbose_name = _("enkät")
        verbose_name_plural = _("enkäter")
        ordering = ["version", "group"]
        constraints = [
            models.UniqueConstraint(fields=["version", "group"], name="questionnaire_unique"),
        ]

    def __str__(self):
        return f"{self.version.code}: {self.get_group_display()}"

    def _version(self):
        return self.version


class Question(VersionPart):
    """One numbered question (F1–F10) of a questionnaire, in that version's own wording."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    text = models.TextField(_("frågetext"))
    scale = models.ForeignKey(Scale, on_delete=models.PROTECT, related_name="questions")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="questions")
    condition_number = models.PositiveSmallIntegerField(
        _("villkor: fråga"),
        null=True,
        blank=True,
        help_text=_("Frågan ställs bara när denna fråga har fått svaret nedan."),
    )
    condition_code = models.CharField(_("villkor: svar"), max_length=10, blank=True)
    instruction_before = models.TextField(_("instruktion före frågan"), blank=True)
    notes = models.TextField(_("anmärkningar om källan"), blank=True)

    class Meta:
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="question_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=10), name="question_number_1_10"
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.text}"

    @property
    def code(self) -> str:
        return f"F{self.number}"

    def _version(self):
        return self.questionnaire.version


class IndicatorLevel(models.TextChoices):
    SAMHALLE = "samhalle", _("Samhälle")
    ORGANISATION = "organisation", _("Organisation")
    PERSONAL = "personal", _("Personal")
    DELTAGARE = "deltagare", _("Deltagare")


class IndicatorKind(models.TextChoices):
    PROCESS = "process", _("Processindikator")
    EFFEKT = "effekt", _("Effektindikator")


class Indicator(models.Model):
    """One of NNS's core indicators, entered by an NNS administrator, with the measures it uses."""

    code = models.CharField(_("kod"), max_length=20, unique=True)
    name = models.CharField(_("namn"), max_length=300)
    level = models.CharField(_("nivå"), max_length=20, choices=IndicatorLevel.choices)
    kind = models.CharField(_("typ"), max_length=20, choices=IndicatorKind.choices)
    description = models.TextField(_("beskrivning"), blank=True)
    measures = models.ManyToManyField(
        Measure, verbose_name=_("mätpunkter"), related_name="indicators", blank=True
    )

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class TranslationStatus(models.TextChoices):
    UPLOADED = "uppladdad", _("Väntar på godkännande")
    APPROVED = "godkand", _("Godkänd")
    WITHDRAWN = "aterkallad", _("Återkallad")
    SUPERSEDED = "ersatt", _("Ersatt av en senare översättning")


class Direction(models.TextChoices):
    LTR = "ltr", _("Vänster till höger")
    RTL = "rtl", _("Höger till vänster")


class QuestionnaireTranslation(models.Model):
    """The texts of a version's questionnaires in one language, uploaded as a file by NNS.

    Respondents see a translation only once an NNS administrator has approved it. An approved
    translation never changes: a corrected file is a new translation that must be approved again,
    and approving it supersedes the old one. `texts` holds
    {"groups": {group: {"title", "form_label", "cover_text", "instructions", "gender_prompt",
    "gender_labels": {kon: label}, "questions": {number: text},
    "instructions_before": {number: text}}}, "scales": {scale: {option code: label}},
    "interface": {name: text}}, with only the texts that were translated ("interface" holds the
    respondent pages' and printed copies' own texts, see translations.interface).
    """

    IMMUTABLE_FIELDS = ("version_id", "language", "name", "name_sv", "direction", "texts")

    version = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("instrumentversion"),
        on_delete=models.PROTECT,
        related_name="translations",
    )
    language = models.CharField(
        _("språkkod"), max_length=20, help_text=_("Språkkod enligt BCP 47, t.ex. ar, fa, ckb.")
    )
    name = models.CharField(_("språkets namn på språket"), max_length=100)
    name_sv = models.CharField(_("språkets namn på svenska"), max_length=100)
    direction = models.CharField(
        _("skriftriktning"), max_length=3, choices=Direction.choices, default=Direction.LTR
    )
    texts = models.JSONField(_("översatta texter"), default=dict)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TranslationStatus.choices,
        default=TranslationStatus.UPLOADED,
    )
    file_name = models.CharField(_("filnamn"), max_length=255, blank=True)
    version_hash = models.CharField(
        _("versionens kontrollsumma vid uppladdning"),
        max_length=64,
        help_text=_("Visar om instrumentversionen har lästs in på nytt efter uppladdningen."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uppladdad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uppladdad"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkänd av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("återkallad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        verbose_name = _("översättning")
        verbose_name_plural = _("översättningar")
        ordering = ["version", "name_sv", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"],
                condition=models.Q(status="uppladdad"),
                name="translation_one_pending",
            ),
            models.UniqueConstraint(
                fields=["version", "language"],
                condition=models.Q(status="godkand"),
                name="translation_one_approved",
            ),
            models.CheckConstraint(
                condition=models.Q(status="uppladdad") | models.Q(approved_at__isnull=False),
                name="translation_approved_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.version.code}: {self.name_sv} ({self.language})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).first()
            if stored is not None and stored.status != TranslationStatus.UPLOADED:
                changed = [
                    f for f in self.IMMUTABLE_FIELDS if getattr(stored, f) != getattr(self, f)
                ]
                if changed:
                    raise ValidationError(
                        _(
                            "En godkänd översättning kan inte ändras. "
                            "Ladda upp en ny fil och godkänn den."
                        ),
                        code="immutable",
                    )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status != TranslationStatus.UPLOADED:
            raise ValidationError(
                _("Bara en översättning som inte har godkänts kan tas bort."), code="immutable"
            )
        return super().delete(*args, **kwargs)

    @property
    def is_pending(self) -> bool:
        return self.status == TranslationStatus.UPLOADED

    @property
    def is_approved(self) -> bool:
        return self.status == TranslationStatus.APPROVED

    def group_codes(self) -> list[str]:
        """The respondent groups this translation covers, in the instrument's order."""
        present = self.texts.get("groups", {})
        return [code for code in Group.values if code in present]
