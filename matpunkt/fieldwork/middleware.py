"""A write refused by the period lock is a message, never a server error.

Views map the lock's ValidationError to a message where they call a service; this middleware is
the net under every other write path (and under views yet to be written): a POST that meets the
lock is sent back to its page, which then shows the lock banner and no forms, with the refusal as
an error message. Any other method gets a plain page saying the same, with status 409.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from matpunkt.fieldwork.locks import is_lock_refusal


class PeriodLockMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ValidationError) or not is_lock_refusal(exception):
            return None
        if request.method == "POST":
            for message in exception.messages:
                messages.error(request, message)
            return redirect(request.get_full_path())
        return render(
            request, "fieldwork/locked.html", {"refusals": exception.messages}, status=409
        )
