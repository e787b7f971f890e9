from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from matpunkt.core.admin import DescribedAdminMixin, NationalAdmin, ReadOnlyAdmin
from matpunkt.instrument.models import (
    Indicator,
    InstrumentVersion,
    Measure,
    Question,
    Questionnaire,
    QuestionnaireTranslation,
    Scale,
    ScaleOption,
)

DATA_FILE_NOTE = _(
    "Instrumentet är data: det läses in från versionsfilerna (matpunkt/instrument/data/*.toml) "
    "och kan inte ändras här. Frågornas ordalydelse får aldrig ändras."
)


class InstrumentAdmin(DescribedAdminMixin, ReadOnlyAdmin):
    description = DATA_FILE_NOTE


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(InstrumentAdmin):
    list_display = ["code", "name", "loaded_at"]
    exclude = ["content_hash"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(InstrumentAdmin):
    list_display = ["__str__", "version", "group", "title"]
    list_filter = ["version", "group"]
    list_select_related = ["version"]


@admin.register(Question)
class QuestionAdmin(InstrumentAdmin):
    list_display = ["code", "questionnaire", "text", "measure", "scale"]
    list_filter = ["questionnaire__version", "questionnaire__group"]
    search_fields = ["text", "measure__key", "measure__name"]
    list_select_related = ["questionnaire__version", "measure", "scale"]


class ScaleOptionInline(admin.TabularInline):
    model = ScaleOption
    fields = ["value", "code", "label", "is_positive"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Scale)
class ScaleAdmin(InstrumentAdmin):
    list_display = ["name", "code", "version"]
    list_filter = ["version"]
    inlines = [ScaleOptionInline]


@admin.register(ScaleOption)
class ScaleOptionAdmin(InstrumentAdmin):
    list_display = ["label", "code", "value", "is_positive", "scale"]
    list_filter = ["scale__version", "scale__code"]
    list_select_related = ["scale__version"]


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["questionnaire", "number", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("Frågor med mätpunkten")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Measure)
class MeasureAdmin(DescribedAdminMixin, NationalAdmin):
    description = _(
        "Mätpunkterna ger varje fråga en stabil identitet mellan versioner och grupper. Det korta "
        "namnet används i tabeller och diagram och kan ändras här; nyckeln och frågorna kommer "
        "från instrumentets datafiler. Obs: läses datafilen measures.toml in på nytt skrivs "
        "namnet över."
    )
    list_display = ["name", "key", "question_count"]
    search_fields = ["key", "name", "questions__text"]
    fields = ["key", "name"]
    readonly_fields = ["key"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    @admin.display(description=_("antal frågor"), ordering="question_count")
    def question_count(self, obj):
        return obj.question_count

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(DescribedAdminMixin, NationalAdmin):
    description = _(
        "NNS kärnindikatorer och vilka mätpunkter (frågor) som hör till varje indikator. "
        "Listan och kopplingen förs in här av NNS; Mätpunkt levereras utan indikatorer."
    )
    list_display = ["code", "name", "level", "kind", "measure_count"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name", "measures__name"]
    filter_horizontal = ["measures"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(measure_count=Count("measures"))

    @admin.display(description=_("antal mätpunkter"), ordering="measure_count")
    def measure_count(self, obj):
        return obj.measure_count


@admin.register(QuestionnaireTranslation)
class QuestionnaireTranslationAdmin(DescribedAdminMixin, NationalAdmin):
    description = _(
        "Översättningar laddas upp, granskas och godkänns på sidan Översättningar. Här kan "
        "skriftriktningen rättas på en översättning som ännu inte är godkänd; en godkänd "
        "översättning kan inte ändras."
    )
    list_display = ["__str__", "language", "direction", "status", "uploaded_at", "approved_at"]
    list_filter = ["version", "status", "direction"]
    list_select_related = ["version"]
    search_fields = ["language", "name", "name_sv"]
    fields = [
        "version",
        "language",
        "name",
        "name_sv",
        "direction",
        "status",
        "file_name",
        "uploaded_by",
        "uploaded_at",
        "approved_by",
        "approved_at",
        "withdrawn_by",
        "withdrawn_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        editable = {"direction"} if obj is not None and obj.is_pending else set()
        return [field for field in self.fields if field not in editable]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return self._allowed(request) and (obj is None or obj.is_pending)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request) and obj is not None and obj.is_pending
