"""The generated method appendix: definitions, K, intervals and tests, and who took part.

The text states the rules that the computation module and `statistics` apply; K, the minimum
number of förbund for the spread, and the list of participating förbund are filled in from the
same values the report was computed with.
"""

from django.utils.translation import gettext as _

from matpunkt.results.reports.model import (
    BulletList,
    Column,
    Count,
    Heading,
    Paragraph,
    Row,
    Section,
    Table,
    Text,
)
from matpunkt.results.statistics import MIN_EXPECTED
from matpunkt.results.trends import MIN_FORBUND_FOR_SPREAD


def _definitions(k: int) -> Table:
    terms = [
        (
            _("Tillfrågade"),
            _("Antalet enkäter som delats ut under mätperioden, enligt förbundets utdelning."),
        ),
        (
            _("Svar"),
            _(
                "En returnerad enkät där minst en fråga är besvarad. En tom enkät, eller en där "
                "bara frågan om kön är besvarad, är inget svar."
            ),
        ),
        (_("Bortfall"), _("Tillfrågade som inte har svarat: tillfrågade − svar.")),
        (_("Svarsfrekvens"), _("Svar delat med tillfrågade.")),
        (
            _("Ej nåbara"),
            _(
                "Tillfrågade som inte gick att nå under mätperioden (undertäckning). De är en "
                "del av bortfallet och redovisas som antal och som andel av tillfrågade."
            ),
        ),
        (
            _("Antal svar på en fråga"),
            _(
                "Enkäter där just den frågan är besvarad. Frågorna 9–10 till deltagare inför "
                "avslut räknas bara när fråga 8 är besvarad med ja."
            ),
        ),
        (
            _("Klart positiva svar"),
            _(
                "De två mest positiva svarsalternativen: ”För det mesta” och ”Alltid”, eller "
                "”Till mycket stor del” och ”Helt och hållet”. Nyckeltalet är deras andel av "
                "dem som besvarat frågan; för ja/nej-frågor är nyckeltalet andelen ja."
            ),
        ),
        (
            _("K"),
            _(
                "Minsta antal svar för att en andel, ett antal positiva svar eller en "
                "svarsfördelning ska visas: %(k)s. Uppdelning på kön visas bara när både "
                "kvinnor och män har minst %(k)s svar på frågan."
            )
            % {"k": k},
        ),
    ]
    return Table(
        key="definitions",
        caption=_("Begrepp"),
        columns=[Column(_("Begrepp"), numeric=False), Column(_("Förklaring"), numeric=False)],
        rows=[Row([Text(term), Text(text)]) for term, text in terms],
    )


def _statistics(k: int) -> list:
    return [
        Heading(_("Intervall, test och spridning")),
        BulletList(
            [
                _(
                    "95 %-intervallet för ett nyckeltal är ett Wilson-intervall. Det håller sig "
                    "mellan 0 och 100 % och fungerar även när antalet svar är litet."
                ),
                _(
                    "En förändring mot föregående mätperiod prövas med Fishers exakta test "
                    "(tvåsidigt) när något förväntat antal i fyrfältstabellen är under "
                    "%(expected)s, annars med chi2-test utan kontinuitetskorrektion. Skillnaden "
                    "anges i procentenheter."
                )
                % {"expected": MIN_EXPECTED},
                _(
                    "En förändring kallas förbättring eller försämring bara när testet visar att "
                    "den är statistiskt säkerställd (p < 0,05). Annars står det ”ingen säker "
                    "förändring”, även om andelen har ändrats."
                ),
                _(
                    "Spridningen mellan förbund är nedre kvartil, median och övre kvartil av "
                    "förbundens nyckeltal, vart och ett som medelvärdet av de tre "
                    "förbundsnyckeltal som ligger närmast kvartilen eller medianen. Bara förbund "
                    "med minst %(k)s svar på frågan räknas, och spridningen visas bara när minst "
                    "%(forbund)s förbund har det och inget enskilt förbunds nyckeltal går att "
                    "räkna fram ur medelvärdena, inte heller med ett förbunds egna siffror och "
                    "nyckeltalen i öppna data."
                )
                % {"k": k, "forbund": MIN_FORBUND_FOR_SPREAD},
                _(
                    "En fråga följs över mätperioderna med sin fasta identitet, även när den har "
                    "fått ett annat nummer i en ny instrumentversion. Där formuleringen skiljer "
                    "sig mellan versionerna står det i en not."
                ),
            ]
        ),
    ]


def caution_paragraphs() -> list[Paragraph]:
    """The caution of the 2017 national report, kept for every national report."""
    return [
        Paragraph(
            _(
                "Materialet är inte ett urval av alla samordningsförbund. Det kan inte "
                "generaliseras till att gälla alla samordningsförbund eller ge en fullständig "
                "bild av hur den finansiella samordningen fungerar i stort. Analyser av "
                "resultatet bör göras med stor försiktighet: analys kan endast göras i "
                "förhållande till de svar som har lämnats, varken mer eller mindre."
            )
        ),
        Paragraph(
            _(
                "Svaren kommer från de förbund som hade intresse av, resurser, tid och kunskap att "
                "genomföra mätningen, och inom förbunden från de insatser som förbundet lokalt har "
                "beslutat ska vara med. Vissa förbund har mätt i en del av den finansierade "
                "verksamheten, andra i alla insatser."
            )
        ),
    ]


def method_section(
    k: int, *, national: bool, participants: list[tuple[str, int]] | None = None
) -> Section:
    """The method appendix. A national report also lists the förbund and their insatser."""
    blocks: list = [_definitions(k), *_statistics(k)]
    if national:
        blocks.append(Heading(_("Vilka data som ingår")))
        blocks.append(
            Paragraph(
                _(
                    "Den nationella sammanställningen bygger bara på data som förbunden har "
                    "lämnat in till NNS för mätperioden. Data som inte är inlämnade ingår inte."
                )
            )
        )
        blocks += caution_paragraphs()
        rows = [Row([Text(name), Count(insatser)]) for name, insatser in participants or []]
        blocks.append(
            Table(
                key="participants",
                caption=_("Förbund som ingår och antal insatser"),
                columns=[Column(_("Förbund"), numeric=False), Column(_("Antal insatser"))],
                rows=rows,
            )
        )
    else:
        blocks.append(
            Paragraph(
                _(
                    "Riksjämförelsen bygger bara på data som förbunden har lämnat in till NNS för "
                    "mätperioden. Riket är inte ett urval av alla samordningsförbund, så "
                    "jämförelsen bör tolkas med försiktighet."
                )
            )
        )
    return Section(key="method", heading=_("Metod och begrepp"), blocks=blocks)
