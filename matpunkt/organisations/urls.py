from django.urls import path

from matpunkt.organisations import views

app_name = "organisations"
urlpatterns = [
    path("forbund/", views.forbund_list, name="forbund_list"),
    path("forbund/nytt/", views.forbund_create, name="forbund_create"),
    path("forbund/<int:forbund_id>/", views.forbund_detail, name="forbund_detail"),
    path("forbund/<int:forbund_id>/redigera/", views.forbund_edit, name="forbund_edit"),
    path("forbund/<int:forbund_id>/logotyp/", views.forbund_logo, name="forbund_logo"),
    path("insatser/", views.insats_list, name="insats_list"),
    path("insatser/ny/", views.insats_create, name="insats_create"),
    path("insatser/<int:insats_id>/redigera/", views.insats_edit, name="insats_edit"),
    path("anvandare/", views.user_list, name="user_list"),
    path("anvandare/ny/", views.user_create, name="user_create"),
    path("anvandare/<int:user_id>/", views.user_edit, name="user_edit"),
    path("anvandare/<int:user_id>/losenord/", views.user_password, name="user_password"),
    path("mitt-losenord/", views.OwnPasswordChangeView.as_view(), name="own_password"),
]
