from django.urls import path

from matpunkt.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("verifiera/", views.verify, name="verify"),
    path("tvastegsverifiering/", views.two_factor_setup, name="two_factor_setup"),
    path("tvastegsverifiering/stang-av/", views.two_factor_disable, name="two_factor_disable"),
    path("aterstallningskoder/", views.recovery_codes, name="recovery_codes"),
    path(
        "anvandare/<int:user_id>/tvastegsverifiering/",
        views.two_factor_reset,
        name="two_factor_reset",
    ),
    path("sparrar/", views.lockouts, name="lockouts"),
    path("sparrar/las-upp/", views.lockout_release, name="lockout_release"),
]
