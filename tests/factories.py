import datetime
import itertools

import factory
from django.utils import timezone

from market.accounts.models import User, UserKind
from market.catalog.models import Category, Product, ProductStatus, SocialValueTag
from market.firms.models import (
    Designation,
    DesignationStatus,
    District,
    Firm,
    FirmKind,
    FirmMember,
    MemberRole,
    VerificationStatus,
)
from market.firms.validators import registration_number_with_check_digit

_brn_counter = itertools.count(100_000_001)


def valid_registration_number() -> str:
    return registration_number_with_check_digit(f"{next(_brn_counter):09d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.kr")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")
    kind = UserKind.BUYER

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OperatorFactory(UserFactory):
    is_staff = True


class FirmFactory(factory.django.DjangoModelFactory):
    """A verified firm with one active, open-ended social enterprise designation: it can sell."""

    class Meta:
        model = Firm
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"같이협동조합 {n}")
    registration_number = factory.LazyFunction(valid_registration_number)
    district = factory.LazyFunction(lambda: District.objects.get(code="11440"))
    address = "서울특별시 마포구 월드컵로 1"
    verification_status = VerificationStatus.VERIFIED

    @factory.post_generation
    def designation(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            DesignationFactory(firm=obj, **(extracted or {}))


class DesignationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Designation

    firm = factory.SubFactory(FirmFactory, designation=False)
    kind = FirmKind.SOCIAL_ENTERPRISE
    issuer = "고용노동부"
    number = factory.Sequence(lambda n: f"제2020-{n:04d}호")
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    end_date = None
    status = DesignationStatus.ACTIVE


def firm_with_mixed_designations() -> Firm:
    """A firm whose valid kinds are social cooperative and social enterprise (an active social enterprise
    designation twice: listed once), beside a lapsed cooperative and a revoked village-enterprise designation that
    must not count."""
    firm = FirmFactory()  # an active social enterprise designation
    DesignationFactory(firm=firm, kind=FirmKind.SOCIAL_COOPERATIVE)
    DesignationFactory(firm=firm, kind=FirmKind.SOCIAL_ENTERPRISE)
    DesignationFactory(firm=firm, kind=FirmKind.COOPERATIVE, end_date=timezone.localdate() - datetime.timedelta(1))
    DesignationFactory(
        firm=firm,
        kind=FirmKind.VILLAGE_ENTERPRISE,
        status=DesignationStatus.REVOKED,
        status_reason="x",
        revoked_on=timezone.localdate(),
    )
    return firm


class SellerFactory(UserFactory):
    kind = UserKind.SELLER

    @factory.post_generation
    def firm(obj, create, extracted, **kwargs):
        if create:
            FirmMember.objects.create(
                user=obj, firm=extracted or FirmFactory(), role=kwargs.get("role", MemberRole.OWNER)
            )


def category(slug: str = "bakery") -> Category:
    return Category.objects.get(slug=slug)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    firm = factory.SubFactory(FirmFactory)
    category = factory.LazyFunction(category)
    title = factory.Sequence(lambda n: f"수제 쿠키 세트 {n}")
    description = "우리 밀과 유기농 설탕으로 구운 쿠키"
    price = 15000
    stock = 50
    status = ProductStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(SocialValueTag.objects.filter(slug__in=extracted))
