from django.urls import path

from matpunkt.results import views

app_name = "results"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:forbund_id>/", views.forbund, name="forbund"),
    path("<int:forbund_id>/<str:period_label>/", views.forbund_period, name="forbund_period"),
]
