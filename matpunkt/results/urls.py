from django.urls import path

from matpunkt.results import views, views_reports, views_staff

app_name = "results"
urlpatterns = [
    path("", views.index, name="index"),
    path("inlamning/", views_staff.submission_overview, name="submission_overview"),
    path(
        "inlamning/publicera/<str:period_label>/",
        views_staff.release_confirm,
        name="release_confirm",
    ),
    path("inlamning/<int:forbund_id>/", views_staff.submission_list, name="submission_list"),
    path(
        "inlamning/<int:forbund_id>/<str:period_label>/",
        views_staff.submission_detail,
        name="submission_detail",
    ),
    path(
        "inlamning/<int:forbund_id>/<str:period_label>/lamna-in/",
        views_staff.submission_confirm,
        name="submission_confirm",
    ),
    path(
        "inlamning/<int:forbund_id>/<str:period_label>/oppna-igen/",
        views_staff.submission_reopen,
        name="submission_reopen",
    ),
    path("mal/<int:forbund_id>/", views_staff.goal_list, name="goal_list"),
    path("mal/<int:forbund_id>/nytt/", views_staff.goal_create, name="goal_create"),
    path("mal/<int:forbund_id>/<int:goal_id>/", views_staff.goal_edit, name="goal_edit"),
    path(
        "mal/<int:forbund_id>/<int:goal_id>/ta-bort/",
        views_staff.goal_delete,
        name="goal_delete",
    ),
    path("<int:forbund_id>/", views.forbund, name="forbund"),
    path("<int:forbund_id>/<str:period_label>/", views.forbund_period, name="forbund_period"),
    path(
        "<int:forbund_id>/<str:period_label>/rapport.pdf",
        views_reports.forbund_report_pdf,
        name="forbund_report_pdf",
    ),
    path(
        "<int:forbund_id>/<str:period_label>/rapport.xlsx",
        views_reports.forbund_report_xlsx,
        name="forbund_report_xlsx",
    ),
    path("riket/", views_reports.national, name="national"),
    path("riket/<str:period_label>/", views_reports.national_report, name="national_report"),
    path(
        "riket/<str:period_label>/rapport.pdf",
        views_reports.national_report_pdf,
        name="national_report_pdf",
    ),
    path(
        "riket/<str:period_label>/rapport.xlsx",
        views_reports.national_report_xlsx,
        name="national_report_xlsx",
    ),
    path("oppna-data/kolada.csv", views_reports.kolada_csv, name="kolada_csv"),
    path("oppna-data/kolada.json", views_reports.kolada_json, name="kolada_json"),
]
