from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matpunkt.core.demo import DEMO_URL, DemoLogin, DemoSummary, load_demo
from matpunkt.fieldwork.models import Period, Submission, SubmissionStatus
from matpunkt.organisations.models import Forbund, Role
from matpunkt.results.releases import latest_release, release_create
from matpunkt.results.submission import submission_contents, submission_submit


class Command(BaseCommand):
    help = _(
        "Läser in demodata: tre påhittade förbund med insatser, mätperioder, utdelning, svar "
        "och en inloggning per roll. Kan köras flera gånger utan att något dubbleras."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Läs in demodata även när utvecklingsläget (MATPUNKT_DEBUG) är avstängt."),
        )
        parser.add_argument(
            "--url",
            default=DEMO_URL,
            help=_("Adressen som skrivs ut tillsammans med inloggningarna."),
        )

    def handle(self, *args, force: bool = False, url: str = DEMO_URL, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "Demodata skapar användare med kända lösenord och läses därför bara in i "
                    "utvecklingsläge (MATPUNKT_DEBUG=1). Ange --force om du ändå vill läsa in "
                    "demodata i den här databasen."
                )
            )
        try:
            with transaction.atomic():
                summary = load_demo()
                submit_and_release_past_periods()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_summary_line(summary))
        self.stdout.write(login_box(summary.logins, url=url))


def submit_and_release_past_periods() -> None:
    """Every förbund's data of the periods that have ended submitted, and each such period
    released by NNS, so that the demo's förbund users see national figures. What is already
    submitted or released is left as it is."""
    nns = get_user_model().objects.get(username="nns")
    today = timezone.localdate()
    for period in Period.objects.filter(ends_on__lt=today).order_by("starts_on"):
        for forbund in Forbund.objects.order_by("name"):
            submitted = Submission.objects.filter(
                forbund=forbund, period=period, status=SubmissionStatus.SUBMITTED
            ).exists()
            if submitted or submission_contents(forbund=forbund, period=period).is_empty:
                continue
            submission_submit(actor=nns, forbund=forbund, period=period, accept_conflicts=True)
        submitted_any = Submission.objects.filter(
            period=period, status=SubmissionStatus.SUBMITTED
        ).exists()
        if submitted_any and latest_release(period) is None:
            release_create(actor=nns, period=period)


def _summary_line(summary: DemoSummary) -> str:
    if not any((summary.forbund, summary.insatser, summary.distributions, summary.forms)):
        return _("Demodata fanns redan: inget nytt skapades.")
    return _(
        "Demodata inläst: %(forbund)s förbund, %(insatser)s insatser, %(periods)s mätperioder, "
        "%(distributions)s utdelningar och %(forms)s enkäter."
    ) % {
        "forbund": summary.forbund,
        "insatser": summary.insatser,
        "periods": summary.periods,
        "distributions": summary.distributions,
        "forms": summary.forms,
    }


def login_box(logins: list[DemoLogin], url: str = DEMO_URL) -> str:
    """The demo logins in a box, one row per role, for the terminal."""
    # The common prefix is left out so the box fits a normal terminal.
    rows = [
        (
            str(Role(login.role).label),
            (login.forbund or "NNS").removeprefix("Samordningsförbundet "),
            login.username,
            login.password,
        )
        for login in logins
    ]
    header = (_("Roll"), _("Förbund"), _("Användarnamn"), _("Lösenord"))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    title = _("Demoinloggningar: %(url)s") % {"url": url}

    def line(cells) -> str:
        return "│ " + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " │"

    inner = max(len(line(header)) - 4, len(title))
    widths[-1] += inner - (len(line(header)) - 4)
    rule = "─" * (inner + 2)
    return "\n".join(
        [
            "┌" + rule + "┐",
            "│ " + title.ljust(inner) + " │",
            "├" + rule + "┤",
            line(header),
            "├" + rule + "┤",
            *(line(row) for row in rows),
            "└" + rule + "┘",
        ]
    )
