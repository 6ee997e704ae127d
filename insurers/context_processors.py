from accounts.models import Side

from . import navigation


def side(request):
    """Navigation and branding of the signed-in user's side."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.side == Side.OPERATOR:
        return {}
    return {
        "nav_items": navigation.items_for(request),
        "brand": getattr(request, "insurer", None),
    }
