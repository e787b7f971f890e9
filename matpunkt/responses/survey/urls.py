"""The public questionnaire's short addresses: /e/<code> for a code, /o/<token> for an open link."""

from django.urls import path

from matpunkt.responses.survey import views

app_name = "survey"
urlpatterns = [
    path("e/", views.code_start, name="code_start"),
    path("e/<str:code>", views.code_survey, name="code"),
    path("e/<str:code>/", views.code_slash),
    path("e/<str:code>/tack", views.code_thanks, name="code_thanks"),
    path("e/<str:code>/integritet", views.code_privacy, name="code_privacy"),
    path("e/<str:code>/logotyp", views.code_logo, name="code_logo"),
    path("o/<str:token>", views.open_start, name="open"),
    path("o/<str:token>/tack", views.open_thanks, name="open_thanks"),
    path("o/<str:token>/integritet", views.open_privacy, name="open_privacy"),
    path("o/<str:token>/logotyp", views.open_logo, name="open_logo"),
    path("o/<str:token>/<str:form_key>", views.open_survey, name="open_form"),
]
