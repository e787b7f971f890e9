from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def registration_start(request, **kwargs):  # placeholder until the registration page lands
    return HttpResponse("registration_start")
