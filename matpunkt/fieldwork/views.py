from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def distribution_list(request, **kwargs):  # placeholder until the fieldwork pages lands
    return HttpResponse("distribution_list")
