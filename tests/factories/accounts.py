import factory

from accounts.models import Side, User

from .insurers import EnterpriseFactory, InsurerFactory

PASSWORD = "Pass-word-2026"


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"用户{n}")
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class InsurerStaffFactory(AccountFactory):
    """Staff of an insurer; ``roles=[role, ...]`` adds them to roles."""

    side = Side.INSURER
    insurer = factory.SubFactory(InsurerFactory)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        for role in extracted or ():
            obj.groups.add(role.group)


class EnterpriseAccountFactory(AccountFactory):
    side = Side.ENTERPRISE
    enterprise = factory.SubFactory(EnterpriseFactory)


class ServiceAccountFactory(AccountFactory):
    side = Side.SERVICE
    service_organization = factory.SubFactory(
        "tests.factories.policies.ServiceOrganizationFactory"
    )


class RegulatorAccountFactory(AccountFactory):
    side = Side.REGULATOR
