"""Screens of the enterprise side: apply, answer a quote, pay, download."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from insurers import selectors as insurer_selectors
from insurers.tenancy import EnterpriseMixin

from .. import selectors, workflow
from ..forms import (
    ApplyForm,
    CancelForm,
    DeclineQuoteForm,
    PaymentProofForm,
    QuoteAnswerForm,
    RegistrationForm,
)
from ..models import Action, OrderState
from ..registration import RegistrationRefused, register_enterprise
from .insurer import order_context

# What the enterprise reads about each state: the step it is at, plainly.
NEXT_STEP = {
    OrderState.AWAITING_QUOTE: gettext_lazy(
        "The insurer is preparing a quote. You will get an SMS when it is ready."
    ),
    OrderState.QUOTED: gettext_lazy(
        "The insurer sent a quote. Read it, then accept or decline it."
    ),
    OrderState.QUOTE_ACCEPTED: gettext_lazy(
        "You accepted the quote. The insurer will upload a payment notice."
    ),
    OrderState.AWAITING_PAYMENT: gettext_lazy(
        "Download the payment notice, pay, then upload the proof of payment."
    ),
    OrderState.PAYMENT_SUBMITTED: gettext_lazy("The insurer is checking your payment."),
    OrderState.AWAITING_ISSUANCE: gettext_lazy(
        "Your payment was approved. The insurer will issue the letter."
    ),
    OrderState.ISSUED: gettext_lazy(
        "The letter is issued. Download the e-policy and invoice below."
    ),
    OrderState.OFFLINE_PENDING: gettext_lazy(
        "The insurer is entering the policy signed offline."
    ),
    OrderState.CANCELLED: gettext_lazy("This order was cancelled."),
}


class EnterpriseHomeView(EnterpriseMixin, TemplateView):
    template_name = "orders/enterprise_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending"] = insurer_selectors.enterprise_pending(self.enterprise)
        context["orders"] = selectors.orders_for_enterprise(self.enterprise)[:5]
        return context


class EnterpriseOrderListView(EnterpriseMixin, ListView):
    """我的订单."""

    template_name = "orders/order_enterprise_list.html"
    context_object_name = "orders"
    paginate_by = 20

    def get_queryset(self):
        return selectors.orders_for_enterprise(self.enterprise)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = ""
        return context


class EnterpriseOrderDetailView(EnterpriseMixin, DetailView):
    template_name = "orders/order_enterprise_detail.html"
    context_object_name = "order"

    def get_object(self, queryset=None):
        return selectors.get_order_for_enterprise(self.enterprise, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        context.update(order_context(order))
        context["next_step"] = NEXT_STEP.get(order.state, "")
        actions = {m.action for m in workflow.allowed_moves(order, self.request.user)}
        context["actions"] = actions
        if Action.ACCEPT_QUOTE in actions:
            version = order.current_quote.version
            context["accept_form"] = QuoteAnswerForm(initial={"quote_version": version})
            context["decline_form"] = DeclineQuoteForm(
                initial={"quote_version": version}
            )
        if Action.CANCEL in actions:
            context["cancel_form"] = CancelForm(initial={"version": order.version})
        return context


class ApplyView(EnterpriseMixin, FormView):
    """我要投保."""

    template_name = "orders/order_apply.html"
    form_class = ApplyForm

    def get_initial(self):
        return {"headcount": self.enterprise.employee_count}

    def form_valid(self, form):
        try:
            order = workflow.apply_for_cover(
                user=self.request.user,
                insurer=form.cleaned_data["insurer"],
                cover=form.cover(),
            )
        except workflow.WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Application %(number)s sent; the insurer will quote.")
            % {"number": order.number},
        )
        return redirect("orders:enterprise_order", order.pk)


class EnterpriseMoveView(EnterpriseMixin, View):
    """A POST that answers on one order of the enterprise."""

    form_class = None
    success_message = ""

    def post(self, request, pk):
        self.order = selectors.get_order_for_enterprise(self.enterprise, pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return self.back()
        try:
            self.perform(form.cleaned_data)
        except workflow.WorkflowError as error:
            messages.error(request, error.message)
            return self.back()
        messages.success(request, self.success_message)
        return self.back()

    def back(self):
        return redirect("orders:enterprise_order", self.order.pk)


class AcceptQuoteView(EnterpriseMoveView):
    form_class = QuoteAnswerForm
    success_message = gettext_lazy("Quote accepted; the insurer will send a notice.")

    def perform(self, data):
        workflow.accept_quote(
            order=self.order,
            user=self.request.user,
            quote_version=data["quote_version"],
        )


class DeclineQuoteView(EnterpriseMoveView):
    form_class = DeclineQuoteForm
    success_message = gettext_lazy("Quote declined; the insurer may quote again.")

    def perform(self, data):
        workflow.decline_quote(
            order=self.order,
            user=self.request.user,
            quote_version=data["quote_version"],
            reason=data["reason"],
        )


class EnterpriseCancelView(EnterpriseMoveView):
    form_class = CancelForm
    success_message = gettext_lazy("Order cancelled.")

    def perform(self, data):
        workflow.cancel_order(
            order=self.order,
            user=self.request.user,
            reason=data["reason"],
            expected_version=data["version"],
        )


class PaymentProofView(EnterpriseMixin, FormView):
    """Upload the proof of payment."""

    template_name = "orders/order_enterprise_payment.html"
    form_class = PaymentProofForm

    def get_order(self):
        return selectors.get_order_for_enterprise(self.enterprise, self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.order = self.get_order()
        if self.order.state != OrderState.AWAITING_PAYMENT:
            messages.error(request, _("No payment is expected on this order now."))
            return redirect("orders:enterprise_order", self.order.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.order = self.get_order()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.order.version, "amount_paid": self.order.amount_due}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["order"] = self.order
        context["documents"] = selectors.current_documents(self.order)
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            workflow.submit_payment(
                order=self.order,
                user=self.request.user,
                file=data["file"],
                amount_paid=data["amount_paid"],
                payer_account=data["payer_account"],
                bank_serial=data["bank_serial"],
                paid_on=data["paid_on"],
                expected_version=data["version"],
            )
        except (workflow.WrongState, workflow.StaleOrder) as error:
            messages.error(self.request, error.message)
            return redirect("orders:enterprise_order", self.order.pk)
        except workflow.WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Proof of payment sent; the insurer will check it.")
        )
        return redirect("orders:enterprise_order", self.order.pk)


class RegisterView(FormView):
    """Self-registration of an enterprise; signs the new account in."""

    template_name = "orders/enterprise_register.html"
    form_class = RegistrationForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            user = register_enterprise(
                enterprise_values=form.enterprise_values(),
                username=data["username"],
                password=data["password1"],
            )
        except RegistrationRefused as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        login(
            self.request,
            user,
            backend="django.contrib.auth.backends.AllowAllUsersModelBackend",
        )
        messages.success(self.request, _("Your enterprise is registered."))
        return redirect(reverse("orders:apply"))
