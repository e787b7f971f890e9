from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from matpunkt.accounts import views as account_views

urlpatterns = [
    path("", include("matpunkt.core.urls")),
    path("logga-in/", account_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/", include("matpunkt.accounts.urls")),
    # One way in, throttled and with the second factor: the admin's own login page sends
    # people to it (with ?next= kept).
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="login", query_string=True),
        name="admin_login_redirect",
    ),
    path("admin/", admin.site.urls),
    path("organisation/", include("matpunkt.organisations.urls")),
    path("faltarbete/", include("matpunkt.fieldwork.urls")),
    path("svar/", include("matpunkt.responses.urls")),
    path("resultat/", include("matpunkt.results.urls")),
    path("instrument/", include("matpunkt.instrument.urls")),
    path("svar/synpunkter/", include("matpunkt.responses.survey.urls_comments")),
    # The respondents' questionnaire, at short addresses that can be typed from paper.
    path("", include("matpunkt.responses.survey.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
