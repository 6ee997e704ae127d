"""订单管理: the order screens of the insurer back office."""

import csv
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from insurers.pagination import BoundedPaginator, per_page_of
from insurers.tenancy import InsurerStaffMixin

from .. import search, selectors, workflow
from ..forms import (
    CancelForm,
    IssueLetterForm,
    OfflineOrderForm,
    OrderFilterForm,
    PaymentNoticeForm,
    QuoteForm,
    ReviewForm,
    SupplementaryEntryForm,
)
from ..models import Action, OrderSource, OrderState
from ..rows import RowLinks

PAGE_SIZE = 20


class OrderListView(InsurerStaffMixin, ListView):
    """The order list: search, filters, sorting, and per row the actions its
    state and the user's role allow."""

    permission_required = ("orders.view_order",)
    template_name = "orders/order_list.html"
    paginate_by = PAGE_SIZE
    paginator_class = BoundedPaginator
    context_object_name = "orders"

    def get_paginate_by(self, queryset):
        return per_page_of(self.request.GET, PAGE_SIZE)

    def get_queryset(self):
        self.filters = OrderFilterForm(self.request.GET or None)
        orders = selectors.orders_for_insurer(self.insurer)
        if not self.filters.is_valid():
            return orders
        return filter_orders(orders, self.filters.cleaned_data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        describe_rows(context["orders"], self.request.user)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filters"] = self.filters
        context["query"] = query.urlencode() + "&" if query else ""
        context["state_tabs"] = state_tabs(self.request.GET.get("state", ""))
        context["can_create_offline"] = self.request.user.has_perm(
            "orders.create_offline_order"
        )
        context["can_export"] = self.request.user.has_perm("orders.export_orders")
        return context


# The badge colour of each state, as the state badge partial has them.
STATE_BADGES = {
    OrderState.ISSUED: "text-bg-success",
    OrderState.CANCELLED: "text-bg-secondary",
    OrderState.QUOTED: "text-bg-info",
    OrderState.AWAITING_PAYMENT: "text-bg-info",
}
# get_FOO_display() translates every label of the field on each call.
STATE_LABELS = dict(OrderState.choices)
SOURCE_LABELS = dict(OrderSource.choices)


def describe_rows(orders, user) -> None:
    """Give each row of the page its URL, state badge and action buttons."""
    links = RowLinks()
    for order in orders:
        order.url = links.url("orders:detail", order.pk)
        order.state_label = links.label(STATE_LABELS.get(order.state, order.state))
        order.state_badge = STATE_BADGES.get(order.state, "text-bg-warning")
        order.source_label = links.label(SOURCE_LABELS.get(order.source, order.source))
        order.buttons = [
            {
                "url": links.url(move.url_name, order.pk),
                "label": links.label(move.label),
                "action": move.action,
            }
            for move in workflow.list_buttons(order, user)
        ]


def filter_orders(orders, data):
    """Apply the list's search, filters and sorting."""
    if text := data.get("q", "").strip():
        orders = search.search(orders, text)
    for field in ("state", "source", "industry", "region"):
        if value := data.get(field):
            lookup = field if field in ("state", "source") else f"enterprise__{field}"
            orders = orders.filter(**{lookup: value})
    # Whole local days, as a range on the indexed timestamp.
    if data.get("date_from"):
        orders = orders.filter(created_at__gte=start_of(data["date_from"]))
    if data.get("date_to"):
        next_day = data["date_to"] + datetime.timedelta(days=1)
        orders = orders.filter(created_at__lt=start_of(next_day))
    sort = OrderFilterForm.SORTS.get(data.get("sort") or "-created")
    return orders.order_by(*sort)


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def state_tabs(current: str) -> list[dict]:
    tabs = [{"value": "", "label": _("All"), "active": not current}]
    for value, label in OrderState.choices:
        tabs.append({"value": value, "label": label, "active": value == current})
    return tabs


class OrderDetailView(InsurerStaffMixin, DetailView):
    """The order page: all data, documents and the timeline."""

    permission_required = ("orders.view_order",)
    template_name = "orders/order_detail.html"
    context_object_name = "order"

    def get_object(self, queryset=None):
        return selectors.get_order_for_insurer(self.insurer, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        user = self.request.user
        context.update(order_context(order))
        context["buttons"] = workflow.list_buttons(order, user)
        cancel = workflow.find_move(order, user, Action.CANCEL)
        if cancel and cancel in workflow.allowed_moves(order, user):
            context["cancel_form"] = CancelForm(initial={"version": order.version})
        return context


def order_context(order) -> dict:
    """What both sides show about an order."""
    return {
        "quote": order.current_quote,
        "quotes": order.quotes.select_related("created_by"),
        "documents": selectors.current_documents(order),
        "all_documents": order.documents.select_related("uploaded_by"),
        "events": order.events.all(),
    }


class OrderMoveView(InsurerStaffMixin, FormView):
    """A screen that makes one move on one order.

    Subclasses set ``action`` and ``form_class`` and implement ``perform``,
    which calls one function of the workflow.
    """

    action: str = ""
    template_name = "orders/order_form.html"
    success_message = ""
    title = ""

    permission_required = ("orders.view_order",)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.order = None

    def get(self, request, *args, **kwargs):
        refusal = self.load_order()
        return refusal or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        refusal = self.load_order()
        return refusal or super().post(request, *args, **kwargs)

    def load_order(self):
        """Fetch the order through the door; if the move is not open now,
        say why and go back to the order page."""
        self.order = selectors.get_order_for_insurer(self.insurer, self.kwargs["pk"])
        self.move = workflow.find_move(self.order, self.request.user, self.action)
        if self.move is None:
            return self.refuse(_("This action does not apply to this order."))
        if not self.request.user.has_perm(self.move.permission):
            raise PermissionDenied
        if self.order.state not in self.move.sources:
            return self.refuse(
                _("Order %(number)s is now “%(state)s”: this action is closed.")
                % {
                    "number": self.order.number,
                    "state": self.order.get_state_display(),
                }
            )
        return None

    def refuse(self, message: str) -> HttpResponseRedirect:
        messages.error(self.request, message)
        return redirect("orders:detail", self.order.pk)

    def get_initial(self):
        return {"version": self.order.version}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(order_context(self.order))
        context["order"] = self.order
        context["title"] = self.title or self.move.label
        return context

    def form_valid(self, form):
        try:
            self.perform(form)
        except (workflow.WrongState, workflow.StaleOrder) as error:
            messages.error(self.request, error.message)
            return redirect("orders:detail", self.order.pk)
        except workflow.WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect("orders:detail", self.order.pk)

    def perform(self, form) -> None:
        raise NotImplementedError


class QuoteView(OrderMoveView):
    action = Action.QUOTE
    form_class = QuoteForm
    success_message = gettext_lazy("Quote sent; waiting for the enterprise.")

    def get_initial(self):
        initial = super().get_initial()
        previous = self.order.current_quote
        if previous is not None:
            fields = [f for f in QuoteForm.base_fields if hasattr(previous, f)]
            initial.update({f: getattr(previous, f) for f in fields if f != "version"})
        else:
            initial["headcount"] = self.order.enterprise.employee_count
            initial["death_limit_per_person"] = self.order.requested_death_limit
            initial["period_start"] = self.order.requested_start
        return initial

    def perform(self, form):
        workflow.quote_order(
            order=self.order,
            user=self.request.user,
            terms=form.terms(),
            expected_version=form.cleaned_data["version"],
        )


class PaymentNoticeView(OrderMoveView):
    action = Action.UPLOAD_PAYMENT_NOTICE
    form_class = PaymentNoticeForm
    success_message = gettext_lazy("Payment notice uploaded; waiting for payment.")

    def get_initial(self):
        initial = super().get_initial()
        if self.order.current_quote:
            initial["amount_due"] = self.order.current_quote.premium
        return initial

    def perform(self, form):
        data = form.cleaned_data
        workflow.upload_payment_notice(
            order=self.order,
            user=self.request.user,
            file=data["file"],
            amount_due=data["amount_due"],
            payee_account=data["payee_account"],
            due_on=data["due_on"],
            expected_version=data["version"],
        )


class ReviewView(OrderMoveView):
    """支付审核: the proof beside the quote; 通过 or 驳回."""

    action = Action.APPROVE_PAYMENT
    form_class = ReviewForm
    template_name = "orders/order_review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["warnings"] = workflow.payment_warnings(self.order)
        return context

    def perform(self, form):
        data = form.cleaned_data
        if data["decision"] == ReviewForm.APPROVE:
            workflow.approve_payment(
                order=self.order,
                user=self.request.user,
                expected_version=data["version"],
            )
            self.success_message = _("Payment approved; the order awaits its letter.")
        else:
            workflow.reject_payment(
                order=self.order,
                user=self.request.user,
                reason=data["reason"],
                expected_version=data["version"],
            )
            self.success_message = _("Payment rejected; the enterprise was told why.")


class IssueLetterView(OrderMoveView):
    action = Action.ISSUE_LETTER
    form_class = IssueLetterForm
    success_message = gettext_lazy("Letter issued; the enterprise gets an SMS.")

    def perform(self, form):
        data = form.cleaned_data
        workflow.issue_letter(
            order=self.order,
            user=self.request.user,
            policy_number=data["policy_number"],
            issued_on=data["issued_on"],
            e_policy=data["e_policy"],
            invoice=data["invoice"],
            expected_version=data["version"],
        )


class SupplementaryEntryView(OrderMoveView):
    """保单信息补录: issuing an offline order."""

    action = Action.SUPPLEMENTARY_ENTRY
    form_class = SupplementaryEntryForm
    title = gettext_lazy("Supplementary policy entry")
    success_message = gettext_lazy("Policy entered and issued.")

    def get_initial(self):
        initial = super().get_initial()
        initial["headcount"] = self.order.headcount
        initial["death_limit_per_person"] = self.order.requested_death_limit
        initial["period_start"] = self.order.requested_start
        return initial

    def perform(self, form):
        data = form.cleaned_data
        workflow.supplementary_entry(
            order=self.order,
            user=self.request.user,
            terms=form.terms(),
            policy_number=data["policy_number"],
            issued_on=data["issued_on"],
            actual_service_items=data["actual_service_items"],
            contract=data["contract"],
            e_policy=data["e_policy"],
            invoice=data["invoice"],
            override_reason=data["override_reason"],
            expected_version=data["version"],
        )


class CancelView(OrderMoveView):
    action = Action.CANCEL
    form_class = CancelForm
    success_message = gettext_lazy("Order cancelled.")

    def perform(self, form):
        workflow.cancel_order(
            order=self.order,
            user=self.request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )


class OfflineOrderCreateView(InsurerStaffMixin, FormView):
    """新增线下订单."""

    permission_required = ("orders.view_order", "orders.create_offline_order")
    form_class = OfflineOrderForm
    template_name = "orders/order_offline_form.html"

    def form_valid(self, form):
        new_enterprise = None
        if form.enterprise is None:
            new_enterprise = {
                "credit_code": form.cleaned_data["credit_code"],
                **form.enterprise_values(),
            }
        try:
            order = workflow.create_offline_order(
                user=self.request.user,
                enterprise=form.enterprise,
                new_enterprise=new_enterprise,
                cover=form.cover(),
            )
        except workflow.WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Offline order %(number)s added; enter its policy details next.")
            % {"number": order.number},
        )
        return redirect(reverse("orders:supplementary_entry", args=[order.pk]))


class OrderExportView(InsurerStaffMixin, View):
    """导出: the filtered list as CSV, streamed so that size does not
    matter; Excel opens it thanks to the byte-order mark."""

    permission_required = ("orders.view_order", "orders.export_orders")

    COLUMNS = [
        (gettext_lazy("Order number"), lambda o: o.number),
        (gettext_lazy("Enterprise name"), lambda o: o.enterprise.name),
        (
            gettext_lazy("Unified social credit code"),
            lambda o: o.enterprise.credit_code,
        ),
        (gettext_lazy("Industry"), lambda o: o.enterprise.industry.name),
        (gettext_lazy("Region"), lambda o: o.enterprise.region.name),
        (gettext_lazy("Source"), lambda o: o.get_source_display()),
        (gettext_lazy("State"), lambda o: o.get_state_display()),
        (gettext_lazy("Insured headcount"), lambda o: o.headcount),
        (
            gettext_lazy("Premium (yuan)"),
            lambda o: o.current_quote.premium if o.current_quote else "",
        ),
        (gettext_lazy("Policy number"), lambda o: o.policy_number),
        (
            gettext_lazy("Created at"),
            lambda o: timezone.localtime(o.created_at).strftime("%Y-%m-%d %H:%M"),
        ),
    ]

    def get(self, request):
        filters = OrderFilterForm(request.GET or None)
        orders = selectors.orders_for_insurer(self.insurer)
        if filters.is_valid():
            orders = filter_orders(orders, filters.cleaned_data)
        response = StreamingHttpResponse(
            self.rows(orders), content_type="text/csv; charset=utf-8"
        )
        filename = f"orders-{timezone.localdate():%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def rows(self, orders):
        buffer = Echo()
        writer = csv.writer(buffer)
        yield "\ufeff" + writer.writerow([str(label) for label, _v in self.COLUMNS])
        for order in orders.iterator(chunk_size=2000):
            yield writer.writerow([_cell(value(order)) for _l, value in self.COLUMNS])


class Echo:
    """A file-like object whose write returns what it is given."""

    def write(self, value):
        return value


def _cell(value):
    """Keep a spreadsheet from reading a cell as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
