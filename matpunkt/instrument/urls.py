from django.urls import path

from matpunkt.instrument import views

app_name = "instrument"
_one = "oversattningar/<int:translation_id>/"
urlpatterns = [
    path("oversattningar/", views.translation_list, name="translation_list"),
    path("oversattningar/ladda-upp/", views.translation_upload, name="translation_upload"),
    path(
        "oversattningar/tom/<str:version_code>.xlsx",
        views.translation_blank,
        {"fmt": "xlsx"},
        name="translation_blank_xlsx",
    ),
    path(
        "oversattningar/tom/<str:version_code>.po",
        views.translation_blank,
        {"fmt": "po"},
        name="translation_blank_po",
    ),
    path(_one, views.translation_review, name="translation_review"),
    path(f"{_one}godkann/", views.translation_approve, name="translation_approve"),
    path(f"{_one}aterkalla/", views.translation_withdraw, name="translation_withdraw"),
    path(f"{_one}ta-bort/", views.translation_delete, name="translation_delete"),
    path(
        f"{_one}fil.xlsx",
        views.translation_download,
        {"fmt": "xlsx"},
        name="translation_download_xlsx",
    ),
    path(
        f"{_one}fil.po", views.translation_download, {"fmt": "po"}, name="translation_download_po"
    ),
]
