from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def import_page(request, **kwargs):  # placeholder until the import page lands
    return HttpResponse("import_page")
