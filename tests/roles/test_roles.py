"""角色管理: list, add, edit, delete; the catalogue as the only source of
permissions; no one grants what they do not hold; tenancy 404s."""

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEntry
from roles import services
from roles.models import Role
from roles.services import create_role, ensure_administrator_role, perms_of_groups
from tests.factories import InsurerStaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def role_manager(insurer_a):
    """Staff who may manage roles and quote, nothing more."""
    role = create_role(
        insurer=insurer_a,
        name="角色专员",
        perms={"roles.manage_roles", "orders.view_order", "orders.quote_order"},
    )
    return InsurerStaffFactory(username="roles_a", insurer=insurer_a, roles=[role])


def test_role_list_of_own_insurer_with_counts_and_summary(
    client, admin_a, clerk_a, admin_b
):
    foreign = create_role(insurer=admin_b.insurer, name="外公司角色", perms=set())
    client.force_login(admin_a)

    response = client.get(reverse("roles:list"))
    page = response.content.decode()

    assert "角色管理" in page
    assert "查看员" in page
    assert foreign.name not in page
    rows = {
        role.name: (role.account_count, modules)
        for role, modules in response.context["rows"]
    }
    assert rows["查看员"][0] == 1
    assert [(str(m), [str(x) for x in labels]) for m, labels in rows["查看员"][1]] == [
        ("订单管理", ["查看"])
    ]


def test_role_list_queries_do_not_grow_per_row(
    client, admin_a, django_assert_max_num_queries
):
    for n in range(15):
        create_role(
            insurer=admin_a.insurer, name=f"角色{n}", perms={"orders.view_order"}
        )
    client.force_login(admin_a)

    with django_assert_max_num_queries(12):
        client.get(reverse("roles:list"))


def test_role_form_groups_the_catalogue_by_module_in_chinese(client, admin_a):
    client.force_login(admin_a)

    page = client.get(reverse("roles:create")).content.decode()

    for label in (
        "订单管理",
        "报价",
        "上传付款通知书",
        "支付审核",
        "出函",
        "新增线下订单",
        "导出",
        "保单管理",
        "指定第三方服务",
        "账号管理",
        "角色管理",
        "短信记录",
        "重新发送",
    ):
        assert label in page
    assert "提交" in page


def test_admin_creates_edits_and_deletes_a_role(client, admin_a):
    client.force_login(admin_a)

    client.post(
        reverse("roles:create"),
        {"name": "业务员", "perms_orders": ["orders.view_order", "orders.quote_order"]},
    )
    role = Role.objects.get(insurer=admin_a.insurer, name="业务员")
    client.post(
        reverse("roles:update", args=[role.pk]),
        {
            "name": "资深业务员",
            "perms_orders": ["orders.view_order"],
            "perms_policies": ["policies.view_policy"],
        },
    )
    role.refresh_from_db()
    perms = perms_of_groups([role.group])
    response = client.post(reverse("roles:delete", args=[role.pk]))

    assert perms == {"orders.view_order", "policies.view_policy"}
    assert role.name == "资深业务员"
    assert response.status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()
    entries = AuditEntry.objects.for_insurer(admin_a.insurer).order_by("at", "pk")
    assert [e.action for e in entries] == [
        AuditAction.ROLE_CREATED,
        AuditAction.ROLE_UPDATED,
        AuditAction.ROLE_DELETED,
    ]
    assert {e.actor for e in entries} == {admin_a}
    assert entries[1].changes == {
        "name": ["业务员", "资深业务员"],
        "perms_added": ["policies.view_policy"],
        "perms_removed": ["orders.quote_order"],
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "空权限"}, "请至少选择一项权限"),
        ({"name": "", "perms_orders": ["orders.view_order"]}, "这个字段是必填项"),
        ({"name": "查看员", "perms_orders": ["orders.view_order"]}, "已存在同名角色"),
        ({"name": "x" * 51, "perms_orders": ["orders.view_order"]}, "不超过 50"),
        ({"name": "越界", "perms_orders": ["auth.add_user"]}, "有效的选项"),
        ({"name": "越界", "perms_orders": ["policies.view_policy"]}, "有效的选项"),
    ],
)
def test_role_form_refuses_bad_input(client, admin_a, clerk_a, data, message):
    client.force_login(admin_a)
    before = Role.objects.count()

    response = client.post(reverse("roles:create"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Role.objects.count() == before


def test_a_role_manager_is_offered_and_may_grant_only_what_they_hold(
    client, role_manager
):
    client.force_login(role_manager)

    page = client.get(reverse("roles:create")).content.decode()
    refused = client.post(
        reverse("roles:create"),
        {
            "name": "越权",
            "perms_orders": ["orders.view_order", "orders.review_payment"],
        },
    )
    sneaky = client.post(
        reverse("roles:create"),
        {"name": "越权", "perms_accounts": ["accounts.manage_accounts"]},
    )

    assert "orders.quote_order" in page
    assert "orders.review_payment" not in page
    assert "accounts.manage_accounts" not in page
    assert refused.status_code == sneaky.status_code == 200
    assert not Role.objects.filter(name="越权").exists()


def test_the_service_refuses_escalation_and_outside_permissions(
    role_manager, insurer_a
):
    with pytest.raises(services.RoleError, match="自己没有的权限"):
        create_role(
            insurer=insurer_a,
            name="越权",
            perms={"orders.issue_letter"},
            actor=role_manager,
        )
    with pytest.raises(services.RoleError, match="列表中的权限"):
        create_role(
            insurer=insurer_a, name="越权", perms={"auth.add_user"}, actor=role_manager
        )


def test_a_role_manager_cannot_change_a_role_with_more_power(
    role_manager, insurer_a, clerk_a
):
    payer = create_role(insurer=insurer_a, name="财务", perms={"orders.review_payment"})

    with pytest.raises(services.RoleError, match="您没有的权限"):
        services.update_role(actor=role_manager, role=payer, name="财务", perms=set())
    with pytest.raises(services.RoleError, match="您没有的权限"):
        services.delete_role(actor=role_manager, role=payer)


def test_the_administrator_role_cannot_be_changed_or_deleted(client, admin_a):
    admin_role = ensure_administrator_role(insurer=admin_a.insurer)
    client.force_login(admin_a)

    with pytest.raises(services.RoleError, match="管理员角色"):
        services.update_role(actor=admin_a, role=admin_role, name="x", perms=set())
    response = client.post(reverse("roles:delete", args=[admin_role.pk]), follow=True)

    assert "管理员角色拥有全部权限" in response.content.decode()
    assert Role.objects.filter(pk=admin_role.pk).exists()


def test_a_role_still_held_asks_to_reassign_first(client, admin_a, clerk_a):
    role = clerk_a.groups.get().role
    client.force_login(admin_a)

    response = client.post(reverse("roles:delete", args=[role.pk]), follow=True)

    assert "请先为这些账号重新分配角色" in response.content.decode()
    assert Role.objects.filter(pk=role.pk).exists()


def test_roles_need_manage_roles(client, clerk_a):
    role = clerk_a.groups.get().role
    client.force_login(clerk_a)

    assert client.get(reverse("roles:list")).status_code == 403
    assert client.get(reverse("roles:create")).status_code == 403
    assert client.get(reverse("roles:update", args=[role.pk])).status_code == 403
    assert client.post(reverse("roles:delete", args=[role.pk])).status_code == 403


def test_roles_of_another_insurer_are_404(client, admin_a, admin_b):
    foreign = create_role(
        insurer=admin_b.insurer, name="外公司角色", perms={"orders.view_order"}
    )
    client.force_login(admin_a)

    edit = reverse("roles:update", args=[foreign.pk])
    assert client.get(edit).status_code == 404
    assert (
        client.post(
            edit, {"name": "改掉", "perms_orders": ["orders.view_order"]}
        ).status_code
        == 404
    )
    assert client.post(reverse("roles:delete", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "外公司角色"
