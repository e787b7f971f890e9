from matpunkt.organisations.permissions import role_of


def membership(request):
    """The signed-in user's role, for menus that show only what the user may do."""
    return {"user_role": role_of(getattr(request, "user", None))}
