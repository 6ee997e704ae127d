"""短信记录: the SMS log of the insurer back office."""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from insurers.pagination import BoundedPaginator
from insurers.tenancy import InsurerStaffMixin, get_for_insurer_or_404

from . import selectors, services
from .forms import SmsFilterForm
from .models import SmsMessage


class SmsListView(InsurerStaffMixin, ListView):
    permission_required = ("sms.view_smsmessage",)
    template_name = "sms/smsmessage_list.html"
    context_object_name = "sms_messages"
    paginate_by = 20
    paginator_class = BoundedPaginator

    def get_queryset(self):
        self.filters = SmsFilterForm(self.request.GET or None)
        data = self.filters.cleaned_data if self.filters.is_valid() else {}
        return selectors.messages_for_insurer(self.insurer, filters=data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filters"] = self.filters
        context["query"] = query.urlencode() + "&" if query else ""
        context["can_resend"] = self.request.user.has_perm("sms.resend_sms")
        return context


class SmsResendView(InsurerStaffMixin, View):
    """重新发送: put one failed message of this insurer back in the outbox."""

    permission_required = ("sms.resend_sms",)
    http_method_names = ["post"]

    def post(self, request, pk):
        message = get_for_insurer_or_404(SmsMessage.objects, self.insurer, pk=pk)
        try:
            services.resend_sms(message=message, actor=request.user)
        except services.SmsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("The message to %(mobile)s will be sent again.")
                % {"mobile": message.masked_mobile},
            )
        # Back to the list as it was filtered; only a query string is kept.
        query = QueryDict(request.POST.get("query", "")).urlencode()
        return redirect(f"{reverse('sms:list')}?{query}" if query else "sms:list")
