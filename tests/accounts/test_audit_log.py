"""The audit log page: the insurer's administrators see their own
company's account and role changes, nobody else's."""

import pytest
from django.urls import reverse

from accounts import services
from roles.services import create_role

pytestmark = pytest.mark.django_db


def test_administrators_see_their_own_audit_log(client, admin_a, clerk_a, admin_b):
    services.delete_account(actor=admin_a, account=clerk_a)
    create_role(
        insurer=admin_b.insurer,
        name="乙公司角色",
        perms={"orders.view_order"},
        actor=admin_b,
    )
    create_role(
        insurer=admin_a.insurer,
        name="业务员",
        perms={"orders.quote_order"},
        actor=admin_a,
    )
    client.force_login(admin_a)

    page = client.get(reverse("accounts:audit")).content.decode()

    assert "操作日志" in page
    assert "删除账号" in page
    assert clerk_a.display_name in page
    assert "新增角色" in page
    assert "订单管理·报价" in page
    assert "乙公司角色" not in page


def test_audit_log_filters_by_action_and_text(client, admin_a, clerk_a):
    services.delete_account(actor=admin_a, account=clerk_a)
    create_role(
        insurer=admin_a.insurer,
        name="业务员",
        perms={"orders.quote_order"},
        actor=admin_a,
    )
    client.force_login(admin_a)
    url = reverse("accounts:audit")

    by_action = client.get(url, {"action": "role_created"}).content.decode()
    by_text = client.get(url, {"q": clerk_a.display_name}).content.decode()
    hostile = client.get(url, {"action": "<script>"})

    assert "业务员" in by_action and clerk_a.display_name not in by_action
    assert clerk_a.display_name in by_text and "业务员" not in by_text
    assert hostile.status_code == 200


def test_audit_log_needs_both_management_permissions(client, insurer_a):
    from tests.factories import InsurerStaffFactory

    role = create_role(
        insurer=insurer_a, name="人事", perms={"accounts.manage_accounts"}
    )
    staff = InsurerStaffFactory(insurer=insurer_a, roles=[role])
    client.force_login(staff)

    assert client.get(reverse("accounts:audit")).status_code == 403
