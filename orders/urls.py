from django.urls import path

from .views import documents, enterprise, insurer

app_name = "orders"

urlpatterns = [
    # Insurer side: 订单管理.
    path("office/orders/", insurer.OrderListView.as_view(), name="list"),
    path(
        "office/orders/offline/new/",
        insurer.OfflineOrderCreateView.as_view(),
        name="offline_new",
    ),
    path("office/orders/export/", insurer.OrderExportView.as_view(), name="export"),
    path("office/orders/<int:pk>/", insurer.OrderDetailView.as_view(), name="detail"),
    path("office/orders/<int:pk>/quote/", insurer.QuoteView.as_view(), name="quote"),
    path(
        "office/orders/<int:pk>/payment-notice/",
        insurer.PaymentNoticeView.as_view(),
        name="payment_notice",
    ),
    path("office/orders/<int:pk>/review/", insurer.ReviewView.as_view(), name="review"),
    path(
        "office/orders/<int:pk>/issue/", insurer.IssueLetterView.as_view(), name="issue"
    ),
    path(
        "office/orders/<int:pk>/supplementary-entry/",
        insurer.SupplementaryEntryView.as_view(),
        name="supplementary_entry",
    ),
    path("office/orders/<int:pk>/cancel/", insurer.CancelView.as_view(), name="cancel"),
    # Enterprise side.
    path(
        "enterprise/", enterprise.EnterpriseHomeView.as_view(), name="enterprise_home"
    ),
    path("enterprise/register/", enterprise.RegisterView.as_view(), name="register"),
    path("enterprise/apply/", enterprise.ApplyView.as_view(), name="apply"),
    path(
        "enterprise/orders/",
        enterprise.EnterpriseOrderListView.as_view(),
        name="enterprise_orders",
    ),
    path(
        "enterprise/orders/<int:pk>/",
        enterprise.EnterpriseOrderDetailView.as_view(),
        name="enterprise_order",
    ),
    path(
        "enterprise/orders/<int:pk>/accept/",
        enterprise.AcceptQuoteView.as_view(),
        name="enterprise_accept",
    ),
    path(
        "enterprise/orders/<int:pk>/decline/",
        enterprise.DeclineQuoteView.as_view(),
        name="enterprise_decline",
    ),
    path(
        "enterprise/orders/<int:pk>/payment/",
        enterprise.PaymentProofView.as_view(),
        name="enterprise_payment",
    ),
    path(
        "enterprise/orders/<int:pk>/cancel/",
        enterprise.EnterpriseCancelView.as_view(),
        name="enterprise_cancel",
    ),
    # Both sides.
    path("documents/<int:pk>/", documents.DocumentView.as_view(), name="document"),
]
