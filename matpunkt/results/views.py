from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def index(request, **kwargs):  # placeholder until the results pages lands
    return HttpResponse("index")


@login_required
def forbund(request, **kwargs):  # placeholder until the results pages land
    return HttpResponse("forbund")


@login_required
def forbund_period(request, **kwargs):  # placeholder until the results pages land
    return HttpResponse("forbund_period")
