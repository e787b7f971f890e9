from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def insats_list(request, **kwargs):  # placeholder until the organisation pages lands
    return HttpResponse("insats_list")
