"""账号管理: list, add, edit, delete, each allowed and refused by
permission, scoped to the insurer of the request."""

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEntry, User
from roles.services import create_role, ensure_administrator_role
from tests.factories import InsurerStaffFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Stronger-pass-77"


def account_data(role, **overrides):
    data = {
        "username": "newclerk",
        "real_name": "王小明",
        "mobile": "13912345678",
        "email": "",
        "roles": [role.pk],
        "is_active": "on",
        "password": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.fixture
def quoter_role(insurer_a):
    return create_role(
        insurer=insurer_a,
        name="业务员",
        perms={"orders.view_order", "orders.quote_order"},
    )


def test_list_shows_own_insurer_only_and_hides_deleted(client, admin_a, admin_b):
    gone = InsurerStaffFactory(insurer=admin_a.insurer, username="gone")
    User.objects.filter(pk=gone.pk).update(is_active=False)
    from django.utils import timezone

    User.objects.filter(pk=gone.pk).update(deleted_at=timezone.now())
    client.force_login(admin_a)

    page = client.get(reverse("accounts:list")).content.decode()

    assert "账号管理" in page
    assert "admin_a" in page
    assert "admin_b" not in page
    assert 'data-username="gone"' not in page


def test_list_search_and_filters(client, admin_a, clerk_a):
    client.force_login(admin_a)
    role = clerk_a.groups.get().role
    url = reverse("accounts:list")

    by_name = client.get(url, {"q": clerk_a.real_name}).content.decode()
    by_role = client.get(url, {"role": role.pk}).content.decode()
    inactive = client.get(url, {"active": "0"}).content.decode()
    hostile = client.get(url, {"role": "not-a-number", "active": "x" * 99})

    assert 'data-username="clerk_a"' in by_name
    assert 'data-username="admin_a"' not in by_name
    assert 'data-username="clerk_a"' in by_role
    assert 'data-username="admin_a"' not in by_role
    assert 'data-username="admin_a"' not in inactive
    assert hostile.status_code == 200


def test_list_paginates_by_20_and_keeps_the_filters(client, admin_a):
    InsurerStaffFactory.create_batch(25, insurer=admin_a.insurer, real_name="批量")
    client.force_login(admin_a)

    response = client.get(reverse("accounts:list"), {"q": "批量"})

    assert len(response.context["accounts"]) == 20
    assert "?q=%E6%89%B9%E9%87%8F&amp;page=2" in response.content.decode()


def test_list_needs_manage_accounts(client, clerk_a):
    client.force_login(clerk_a)

    for name in ("list", "create", "audit"):
        assert client.get(reverse(f"accounts:{name}")).status_code == 403


def test_other_sides_cannot_manage_accounts(client, enterprise_user):
    client.force_login(enterprise_user)

    assert client.get(reverse("accounts:list")).status_code == 403


def test_admin_adds_an_account_with_a_role(client, admin_a, quoter_role, password):
    client.force_login(admin_a)

    response = client.post(reverse("accounts:create"), account_data(quoter_role))

    assert response.status_code == 302
    account = User.objects.get(username="newclerk")
    assert account.insurer == admin_a.insurer
    assert account.check_password(NEW_PASSWORD)
    assert account.has_perm("orders.quote_order")
    assert not account.has_perm("accounts.manage_accounts")
    entry = AuditEntry.objects.get(action=AuditAction.ACCOUNT_CREATED)
    assert entry.actor == admin_a
    assert entry.insurer == admin_a.insurer
    assert NEW_PASSWORD not in str(entry.changes)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("password", "short1", "密码长度太短"),
        ("password", "12345678", "密码只包含数字"),
        ("mobile", "12345", "11 位"),
        ("username", "admin_a", "用户名已被占用"),
        ("username", "ADMIN_A", "用户名已被占用"),
        ("username", "bad name!", "只能包含"),
        ("email", "not-an-email", "有效的 Email"),
    ],
)
def test_add_form_refuses_bad_input_in_chinese(
    client, admin_a, quoter_role, field, value, message
):
    client.force_login(admin_a)

    response = client.post(
        reverse("accounts:create"), account_data(quoter_role, **{field: value})
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="newclerk").exists()


def test_role_of_another_insurer_is_refused(client, admin_a, admin_b):
    foreign_role = ensure_administrator_role(insurer=admin_b.insurer)
    client.force_login(admin_a)

    response = client.post(reverse("accounts:create"), account_data(foreign_role))

    assert response.status_code == 200
    assert "有效的选项" in response.content.decode() or "选择" in (
        response.content.decode()
    )
    assert not User.objects.filter(username="newclerk").exists()


def test_edit_keeps_password_unless_the_pencil_field_is_filled(
    client, admin_a, clerk_a, password
):
    client.force_login(admin_a)
    role = clerk_a.groups.get().role
    url = reverse("accounts:update", args=[clerk_a.pk])
    data = account_data(role, username="clerk_a", password="")
    data.pop("password")

    page = client.get(url).content.decode()
    client.post(url, {**data, "real_name": "改名", "new_password": ""})
    clerk_a.refresh_from_db()
    kept = clerk_a.check_password(password)
    client.post(url, {**data, "new_password": NEW_PASSWORD})
    clerk_a.refresh_from_db()

    assert "bi-pencil" in page
    assert password not in page
    assert kept
    assert clerk_a.real_name == "王小明"
    assert clerk_a.check_password(NEW_PASSWORD)
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert AuditAction.PASSWORD_CHANGED in actions
    changed = AuditEntry.objects.filter(action=AuditAction.ACCOUNT_UPDATED).first()
    assert changed.changes["real_name"] == ["改名", "王小明"]


def test_edit_refuses_a_weak_new_password(client, admin_a, clerk_a, password):
    client.force_login(admin_a)
    role = clerk_a.groups.get().role
    data = account_data(role, username="clerk_a", new_password="123")
    data.pop("password")

    response = client.post(reverse("accounts:update", args=[clerk_a.pk]), data)

    assert response.status_code == 200
    assert "密码长度太短" in response.content.decode()
    clerk_a.refresh_from_db()
    assert clerk_a.check_password(password)


def test_delete_is_soft_and_ends_sign_in(client, admin_a, clerk_a, password):
    client.force_login(admin_a)

    response = client.post(reverse("accounts:delete", args=[clerk_a.pk]))

    assert response.status_code == 302
    clerk_a.refresh_from_db()
    assert clerk_a.deleted_at is not None
    assert not clerk_a.is_active
    assert not clerk_a.groups.exists()
    assert clerk_a.real_name
    entry = AuditEntry.objects.get(action=AuditAction.ACCOUNT_DELETED)
    assert (entry.actor, entry.target_name) == (admin_a, clerk_a.display_name)
    assert client.get(reverse("accounts:update", args=[clerk_a.pk])).status_code == (
        404
    )


def test_delete_needs_post(client, admin_a, clerk_a):
    client.force_login(admin_a)

    assert client.get(reverse("accounts:delete", args=[clerk_a.pk])).status_code == 405


@pytest.mark.parametrize("name", ["update", "delete"])
def test_accounts_of_another_insurer_are_404(client, admin_a, admin_b, name):
    client.force_login(admin_a)
    url = reverse(f"accounts:{name}", args=[admin_b.pk])

    response = client.post(url, {"username": "taken", "real_name": "x"})

    assert response.status_code == 404
    assert client.get(url).status_code in (404, 405)
    admin_b.refresh_from_db()
    assert admin_b.is_active and admin_b.deleted_at is None
    assert admin_b.username == "admin_b"


def test_delete_of_other_insurer_account_is_refused_for_clerk(client, clerk_a, admin_a):
    client.force_login(clerk_a)

    assert client.post(reverse("accounts:delete", args=[admin_a.pk])).status_code == (
        403
    )


def test_edit_form_shows_the_current_values_but_no_password(client, admin_a, clerk_a):
    client.force_login(admin_a)

    response = client.get(reverse("accounts:update", args=[clerk_a.pk]))

    form = response.context["form"]
    assert form["username"].value() == "clerk_a"
    assert form["mobile"].value() == clerk_a.mobile
    assert [r.pk for r in form["roles"].initial] == [clerk_a.groups.get().role.pk]
    assert 'name="new_password"' in response.content.decode()
    assert 'value="' + clerk_a.password not in response.content.decode()


def test_a_manager_is_offered_only_roles_within_their_power(client, insurer_a):
    ensure_administrator_role(insurer=insurer_a)
    manager_role = create_role(
        insurer=insurer_a,
        name="人事",
        perms={"accounts.manage_accounts", "orders.view_order"},
    )
    viewer = create_role(insurer=insurer_a, name="查看", perms={"orders.view_order"})
    manager = InsurerStaffFactory(insurer=insurer_a, roles=[manager_role])
    admin_role = ensure_administrator_role(insurer=insurer_a)
    client.force_login(manager)

    offered = client.get(reverse("accounts:create")).context["form"]
    response = client.post(reverse("accounts:create"), account_data(admin_role))

    assert set(offered.fields["roles"].queryset) == {manager_role, viewer}
    assert response.status_code == 200
    assert not User.objects.filter(username="newclerk").exists()


def test_account_list_queries_do_not_grow_per_row(
    client, admin_a, clerk_a, django_assert_max_num_queries
):
    role = clerk_a.groups.get().role
    InsurerStaffFactory.create_batch(20, insurer=admin_a.insurer, roles=[role])
    client.force_login(admin_a)

    with django_assert_max_num_queries(12):
        client.get(reverse("accounts:list"))
