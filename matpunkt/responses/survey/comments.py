"""The förbund's own page for the respondents' free-text comments ("Övriga synpunkter").

Comments are for the förbund's own reading only: its users (readers too) see them, NNS
administrators do not, and they are never part of an export or the national results.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from matpunkt.fieldwork.models import Period
from matpunkt.fieldwork.selectors import period_from_query
from matpunkt.instrument.models import Group
from matpunkt.organisations.models import Insats
from matpunkt.organisations.permissions import require_register, require_role
from matpunkt.responses.models import Comment
from matpunkt.responses.survey.services import comment_delete


def _forbund_role(user):
    """Comments are the förbund's own: an NNS administrator has no förbund and no access."""
    role = require_role(user)
    if role.forbund_id is None:
        raise PermissionDenied
    return role


def comments_for(*, forbund_id: int, period: Period, insats: Insats | None = None):
    """The comments of one förbund in a period, insats by insats and group by group, each
    group's in the order of their text: never in the order they came in."""
    comments = Comment.objects.for_forbund(forbund_id).filter(period=period)
    if insats is not None:
        comments = comments.filter(insats=insats)
    return comments.select_related("insats").order_by("insats__name", "group", "text", "pk")


@login_required
@require_GET
def comment_list(request):
    role = _forbund_role(request.user)
    period = period_from_query(request.GET.get("period"))
    insatser = Insats.objects.for_forbund(role.forbund_id).order_by("name")
    insats = None
    if request.GET.get("insats"):
        try:
            insats = insatser.filter(pk=int(request.GET["insats"])).first()
        except ValueError:
            insats = None
        if insats is None:
            raise Http404
    sections = []
    if period is not None:
        current = None
        for comment in comments_for(forbund_id=role.forbund_id, period=period, insats=insats):
            heading = (comment.insats.name, Group(comment.group).label)
            if heading != current:
                sections.append({"insats": heading[0], "group": heading[1], "comments": []})
                current = heading
            sections[-1]["comments"].append(comment)
    return render(
        request,
        "survey/comments.html",
        {
            "periods": Period.objects.all(),
            "period": period,
            "insatser": insatser,
            "insats": insats,
            "sections": sections,
            "can_delete": role.can_register,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete_view(request, comment_id):
    role = _forbund_role(request.user)
    comment = get_object_or_404(
        Comment.objects.for_forbund(role.forbund_id).select_related("insats__forbund", "period"),
        pk=comment_id,
    )
    require_register(request.user, comment.insats.forbund_id)
    back = f"{reverse('comments:list')}?period={comment.period_id}"
    if request.method == "POST":
        comment_delete(actor=request.user, comment=comment)
        messages.success(request, _("Synpunkten togs bort."))
        return redirect(back)
    return render(request, "survey/comment_delete.html", {"comment": comment, "back": back})
