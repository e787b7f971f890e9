"""Reading organisations and users, already scoped to what the acting user may see."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from matpunkt.instrument.models import Group
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.organisations.permissions import role_of


def users_for(actor, forbund: Forbund | None = None) -> QuerySet:
    """Users the actor manages: an NNS administrator all of them, a förbund administrator the
    users of their own förbund, anyone else none. `forbund` narrows the list further."""
    users = get_user_model().objects.select_related("membership__forbund").order_by("username")
    role = role_of(actor)
    if role is None or not role.can_manage:
        return users.none()
    if not role.is_national:
        users = users.filter(membership__forbund_id=role.forbund_id)
    if forbund is not None:
        users = users.filter(membership__forbund=forbund)
    return users


def insatser_for(actor, forbund: Forbund | None = None) -> QuerySet:
    """Insatser the actor may see, optionally of one förbund."""
    insatser = Insats.objects.for_user(actor).select_related("forbund")
    if forbund is not None:
        insatser = insatser.filter(forbund=forbund)
    return insatser


def forbund_from_query(actor, value) -> Forbund | None:
    """The förbund chosen in a filter (a primary key as text), or None for no or a bad choice."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return Forbund.objects.for_user(actor).filter(pk=pk).first()


def group_labels(codes) -> list[str]:
    """The Swedish names of respondent group codes, in the order given."""
    return [Group(code).label for code in codes if code in Group.values]
