"""Reads of orders: the doors through which every view fetches them.

An order or document of another insurer or another enterprise is simply not
found, so it answers 404 exactly like a missing one.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Side
from insurers.tenancy import insurer_of

from .models import Document, Order


def orders_for_insurer(insurer):
    """Orders of one insurer, with what the list shows joined in."""
    return Order.objects.for_insurer(insurer).select_related(
        "enterprise", "enterprise__industry", "enterprise__region", "current_quote"
    )


def orders_for_enterprise(enterprise):
    return Order.objects.for_enterprise(enterprise).select_related(
        "insurer", "current_quote"
    )


def get_order_for_insurer(insurer, pk) -> Order:
    return get_object_or_404(orders_for_insurer(insurer), pk=pk)


def get_order_for_enterprise(enterprise, pk) -> Order:
    return get_object_or_404(orders_for_enterprise(enterprise), pk=pk)


def get_document_for(user, pk) -> Document:
    """Return a document the user may open: its insurer's staff holding
    orders.view_order, or the enterprise that owns the order."""
    documents = Document.objects.select_related("order")
    if not user.is_authenticated:
        raise Http404
    if user.side == Side.INSURER and user.has_perm("orders.view_order"):
        insurer = insurer_of(user)
        if insurer is None:
            raise Http404
        return get_object_or_404(documents.for_insurer(insurer), pk=pk)
    if user.side == Side.ENTERPRISE and user.enterprise_id:
        return get_object_or_404(
            documents.filter(order__enterprise_id=user.enterprise_id), pk=pk
        )
    raise Http404


def current_documents(order) -> dict[str, Document]:
    """The latest document of each kind of an order."""
    documents = order.documents.current().order_by("kind", "-uploaded_at", "-id")
    latest = {}
    for document in documents:
        latest.setdefault(document.kind, document)
    return latest
