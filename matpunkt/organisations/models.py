from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from matpunkt.core.tenancy import TenantQuerySet
from matpunkt.instrument.models import Group


class AgreementStatus(models.TextChoices):
    ACTIVE = "avtal", _("Har avtal med NNS")
    NONE = "inget_avtal", _("Inget avtal")
    ENDED = "uppsagt", _("Avtalet uppsagt")


class Forbund(models.Model):
    """A samordningsförbund: the tenant that owns insatser, distribution and responses."""

    TENANT_PATH = ""

    name = models.CharField(
        _("namn"),
        max_length=120,
        unique=True,
        validators=[MinLengthValidator(2)],
        help_text=_("Förbundets namn så som det skrivs i svarsfiler, t.ex. ”Södra Dalarna”."),
    )
    members = models.TextField(
        _("medlemmar"),
        blank=True,
        help_text=_("Förbundets medlemsorganisationer, en per rad."),
    )
    agreement_status = models.CharField(
        _("avtal med NNS"),
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.ACTIVE,
    )
    agreement_since = models.DateField(_("avtal sedan"), null=True, blank=True)
    contact_name = models.CharField(_("kontaktperson"), max_length=120, blank=True)
    contact_role = models.CharField(_("kontaktpersonens funktion"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    logo = models.ImageField(_("logotyp"), upload_to="logos/", blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("förbund")
        verbose_name_plural = _("förbund")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def member_list(self) -> list[str]:
        return [line.strip() for line in self.members.splitlines() if line.strip()]


class Orientation(models.TextChoices):
    INDIVIDUAL = "individ", _("Individinriktad")
    STRUCTURAL = "struktur", _("Strukturinriktad")


def _validate_groups(value):
    if not isinstance(value, list) or not all(code in Group.values for code in value):
        raise ValidationError(
            _("Okänd respondentgrupp. Tillåtna grupper: %(groups)s."),
            code="invalid_group",
            params={"groups": ", ".join(Group.values)},
        )


class Insats(models.Model):
    """An activity financed by a förbund, and the respondent groups it surveys."""

    TENANT_PATH = "forbund"

    forbund = models.ForeignKey(
        Forbund, verbose_name=_("förbund"), on_delete=models.PROTECT, related_name="insatser"
    )
    name = models.CharField(_("namn"), max_length=200, validators=[MinLengthValidator(2)])
    orientation = models.CharField(
        _("inriktning"),
        max_length=10,
        choices=Orientation.choices,
        default=Orientation.INDIVIDUAL,
    )
    groups = models.JSONField(
        _("respondentgrupper"),
        default=list,
        blank=True,
        validators=[_validate_groups],
        help_text=_("De grupper som tillfrågas i insatsen."),
    )
    active = models.BooleanField(_("pågår"), default=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        ordering = ["forbund__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["forbund", "name"], name="insats_unique_name"),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    NNS_ADMIN = "nns_admin", _("NNS-administratör")
    FORBUND_ADMIN = "forbund_admin", _("Förbundsadministratör")
    REGISTRAR = "registrar", _("Registrerare")
    READER = "reader", _("Läsare")


class Membership(models.Model):
    """A user's role, and for every role but NNS administrator the förbund it applies to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    forbund = models.ForeignKey(
        Forbund,
        verbose_name=_("förbund"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role="nns_admin", forbund__isnull=True)
                    | (~models.Q(role="nns_admin") & models.Q(forbund__isnull=False))
                ),
                name="membership_forbund_matches_role",
            ),
        ]

    def __str__(self):
        where = self.forbund or "NNS"
        return f"{self.user} – {self.get_role_display()} ({where})"
