"""What operators change in the admin reaches search: each form posts through a service that announces it."""

import datetime

import pytest
from django.contrib.admin import helpers
from django.test import Client
from django.urls import reverse

from market.catalog.models import Category, Product, SocialValueTag
from market.catalog.services import category_create
from market.firms.models import DesignationStatus
from market.orders.services import cart_for, cart_set_item, order_place
from search.backends.base import SearchRequest
from search.models import PendingIndexUpdate, ProductSearchEntry
from search.services import database_backend, elasticsearch_backend, index_flush_pending, index_rebuild
from tests.factories import FirmFactory, OperatorFactory, ProductFactory, UserFactory, category
from tests.search.conftest import es_settings  # noqa: F401 (the test node, under an index prefix of its own)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(OperatorFactory(is_superuser=True))
    return client


def found(q: str) -> list[int]:
    return database_backend().search(SearchRequest(q=q)).ids


def flush() -> dict:
    """What the task queued after commit does (the test's transaction never commits)."""
    return index_flush_pending()


def indexed(*products) -> None:
    index_rebuild(backends=[database_backend()])
    for product in products:
        assert product.pk in found(product.title)


def form_data(response) -> dict:
    """The admin page's form as the browser would post it back unchanged: fields, inlines, management forms."""

    def values(form):
        data = {}
        for bound in form:
            value = bound.value()
            if value is None:
                continue
            if isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            else:
                data[bound.html_name] = str(value)
        return data

    data = values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data.update(values(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(values(form))
    return data


def post_change(admin_client, obj, **changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = {**form_data(admin_client.get(url)), **changes}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


def test_adding_a_product_in_the_admin_indexes_it(admin_client):
    firm = FirmFactory()
    url = reverse("admin:catalog_product_add")
    data = {
        **form_data(admin_client.get(url)),
        "firm": firm.pk,
        "category": category("bakery").pk,
        "title": "관리자 등록 호두파이",
        "price": "18000",
        "stock": "5",
        "unit": "개",
        "min_order_quantity": "1",
        "status": "published",
        "tags": [SocialValueTag.objects.get(slug="handmade").pk],
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    product = Product.objects.get(title="관리자 등록 호두파이")
    assert product.published_at is not None and list(product.tags.values_list("slug", flat=True)) == ["handmade"]
    flush()
    assert found("호두파이") == [product.pk]


def test_the_admin_product_form_keeps_the_catalogue_rules(admin_client):
    product = ProductFactory()
    url = reverse("admin:catalog_product_change", args=[product.pk])
    response = admin_client.post(url, {**form_data(admin_client.get(url)), "price": "200000000"})
    assert response.status_code == 200  # the form again, with the service's message on the field
    assert "price" in response.context["adminform"].form.errors
    product.refresh_from_db()
    assert product.price == 15000


def test_changing_a_product_in_the_admin_reindexes_it(admin_client):
    product = ProductFactory(title="옛날 호두과자")
    indexed(product)
    post_change(admin_client, product, title="새로운 단팥빵")
    flush()
    assert found("단팥빵") == [product.pk]
    assert found("호두과자") == []


def test_unpublishing_a_product_in_the_admin_removes_it(admin_client):
    product = ProductFactory(title="옛날 호두과자")
    indexed(product)
    post_change(admin_client, product, status="hidden")
    assert flush() == {"indexed": 0, "deleted": 1}
    assert not ProductSearchEntry.objects.filter(product_id=product.pk).exists()
    assert found("호두과자") == []


def test_changing_a_products_tags_in_the_admin_reindexes_it(admin_client):
    product = ProductFactory(title="유기농 잼", tags=["handmade"])
    indexed(product)
    assert found("제로웨이스트") == []
    post_change(admin_client, product, tags=[SocialValueTag.objects.get(slug="zero-waste").pk])
    assert list(product.tags.values_list("slug", flat=True)) == ["zero-waste"]
    flush()
    assert found("제로웨이스트") == [product.pk]
    assert product.pk not in found("수제품")
    assert database_backend().search(SearchRequest(tags=("zero-waste",))).ids == [product.pk]


def test_deleting_a_product_in_the_admin_removes_it(admin_client):
    product = ProductFactory(title="단종된 호두과자")
    indexed(product)
    url = reverse("admin:catalog_product_delete", args=[product.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Product.objects.filter(pk=product.pk).exists()
    assert flush() == {"indexed": 0, "deleted": 1}  # Elasticsearch is told too (its entry has no cascade)
    assert found("호두과자") == []


def test_deleting_products_from_the_admin_list_removes_them(admin_client):
    products = [ProductFactory(title="단종된 호두과자"), ProductFactory(title="단종된 호두강정")]
    indexed(*products)
    response = admin_client.post(
        reverse("admin:catalog_product_changelist"),
        {
            "action": "delete_selected",
            helpers.ACTION_CHECKBOX_NAME: [p.pk for p in products],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Product.objects.filter(pk__in=[p.pk for p in products]).exists()
    assert flush() == {"indexed": 0, "deleted": 2}
    assert found("단종된") == []


def test_an_ordered_product_is_not_deleted_in_the_admin(admin_client):
    product = ProductFactory()
    buyer = UserFactory()
    cart = cart_for(user=buyer)
    cart_set_item(cart=cart, product_id=product.pk, quantity=1)
    order_place(
        buyer=buyer,
        cart=cart,
        shipping={"name": "김시민", "phone": "010-1234-5678", "postal_code": "04001", "address1": "서울 마포구 1"},
    )
    assert admin_client.get(reverse("admin:catalog_product_delete", args=[product.pk])).status_code == 403
    response = admin_client.post(
        reverse("admin:catalog_product_changelist"),
        {
            "action": "delete_selected",
            helpers.ACTION_CHECKBOX_NAME: [product.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 403
    assert Product.objects.filter(pk=product.pk).exists()


def test_changing_a_firm_in_the_admin_reindexes_its_products(admin_client):
    firm = FirmFactory(name="햇살협동조합")
    product = ProductFactory(firm=firm, title="수제 쿠키")
    indexed(product)
    assert found("햇살협동조합") == [product.pk]
    post_change(admin_client, firm, name="달빛협동조합", svi_grade="excellent")
    flush()
    assert found("달빛협동조합") == [product.pk]
    assert found("햇살협동조합") == []
    assert database_backend().search(SearchRequest(svi_grades=("excellent",))).ids == [product.pk]


def test_revoking_a_designation_in_the_admin_removes_the_firms_products(admin_client):
    product = ProductFactory(title="마을 두부")
    designation = product.firm.designations.get()
    indexed(product)
    url = reverse("admin:firms_designation_changelist")
    response = admin_client.post(
        url,
        {
            "action": "revoke_selected",
            helpers.ACTION_CHECKBOX_NAME: [designation.pk],
            "apply": "1",
            "reason": "인증 취소",
        },
    )
    assert response.status_code == 302
    flush()
    assert found("두부") == []

    admin_client.post(url, {"action": "activate_selected", helpers.ACTION_CHECKBOX_NAME: [designation.pk], "index": 0})
    flush()
    assert found("두부") == [product.pk]


def test_editing_a_designations_dates_in_the_admin_follows_to_search(admin_client):
    product = ProductFactory(title="마을 두부")
    designation = product.firm.designations.get()
    indexed(product)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    post_change(admin_client, designation, end_date=yesterday.isoformat())
    designation.refresh_from_db()
    assert designation.end_date == yesterday and designation.status == DesignationStatus.ACTIVE
    flush()
    assert found("두부") == []


def test_moving_a_designation_to_another_firm_hides_the_firm_it_left(admin_client):
    product = ProductFactory(title="마을 두부")
    designation = product.firm.designations.get()
    other = FirmFactory(designation=False)
    indexed(product)
    post_change(admin_client, designation, firm=other.pk)
    product.firm.refresh_from_db()
    assert product.firm.listings_hidden_reason
    flush()
    assert found("두부") == []


def test_renaming_a_category_in_the_admin_reindexes_its_subtree(admin_client):
    parent = category("food")
    child = category_create(slug="nuts", name_ko="견과류", name_en="Nuts", parent=parent)
    in_child = ProductFactory(title="볶은 아몬드", category=child)
    in_parent = ProductFactory(title="우리밀 국수", category=parent)
    elsewhere = ProductFactory(title="천연 비누", category=category("soap-care"))
    indexed(in_child, in_parent, elsewhere)

    post_change(admin_client, parent, name_ko="먹거리", name_en="Groceries")
    assert Category.objects.get(pk=parent.pk).name_ko == "먹거리"
    assert set(PendingIndexUpdate.objects.values_list("product_id", flat=True)) == {in_child.pk, in_parent.pk}
    flush()
    assert sorted(found("먹거리")) == sorted([in_child.pk, in_parent.pk])
    assert sorted(found("groceries")) == sorted([in_child.pk, in_parent.pk])
    assert elsewhere.pk not in found("먹거리")

    post_change(admin_client, child, name_ko="견과·씨앗")
    flush()
    assert found("씨앗") == [in_child.pk]


def test_reordering_a_category_reindexes_nothing(admin_client):
    product = ProductFactory(category=category("bakery"))
    indexed(product)
    post_change(admin_client, category("bakery"), position="7")
    assert not PendingIndexUpdate.objects.exists()


def test_editing_a_tag_in_the_admin_reindexes_the_products_carrying_it(admin_client):
    tagged = ProductFactory(title="유리병 세제", tags=["zero-waste"])
    untagged = ProductFactory(title="유리병 세제 리필")
    indexed(tagged, untagged)
    tag = SocialValueTag.objects.get(slug="zero-waste")
    post_change(admin_client, tag, name_ko="쓰레기없는", name_en="Plastic free")
    flush()
    assert found("쓰레기없는") == [tagged.pk]
    assert found("plastic free") == [tagged.pk]
    assert found("제로웨이스트") == []


def test_deleting_a_tag_in_the_admin_reindexes_the_products_carrying_it(admin_client):
    tagged = ProductFactory(title="유리병 세제", tags=["zero-waste"])
    indexed(tagged)
    assert found("제로웨이스트") == [tagged.pk]
    tag = SocialValueTag.objects.get(slug="zero-waste")
    response = admin_client.post(reverse("admin:catalog_socialvaluetag_delete", args=[tag.pk]), {"post": "yes"})
    assert response.status_code == 302
    flush()
    assert found("제로웨이스트") == []
    assert found("세제") == [tagged.pk]


def test_the_tag_admin_lists_searches_filters_and_creates(admin_client):
    ProductFactory(tags=["handmade"])
    url = reverse("admin:catalog_socialvaluetag_changelist")
    listing = admin_client.get(url)
    assert listing.status_code == 200
    assert len(listing.context["cl"].result_list) == SocialValueTag.objects.count()
    assert [t.slug for t in admin_client.get(url, {"q": "친환경"}).context["cl"].result_list] == ["eco-friendly"]
    by_area = admin_client.get(url, {"area__exact": "internal"}).context["cl"].result_list
    assert {t.area for t in by_area} == {"internal"} and len(by_area) == 3
    handmade = next(t for t in listing.context["cl"].result_list if t.slug == "handmade")
    assert handmade.product_count == 1

    response = admin_client.post(
        reverse("admin:catalog_socialvaluetag_add"),
        {"name_ko": "동물복지", "name_en": "Animal welfare", "slug": "animal-welfare", "area": "product"},
    )
    assert response.status_code == 302
    assert SocialValueTag.objects.get(slug="animal-welfare").name_ko == "동물복지"


def test_admin_edits_and_deletions_reach_elasticsearch(admin_client, es_settings):  # noqa: F811
    backend = elasticsearch_backend()

    def es_found(q):
        backend.refresh()
        return backend.search(SearchRequest(q=q)).ids

    product = ProductFactory(title="유리병 세제", tags=["zero-waste"])
    index_rebuild()
    assert es_found("제로웨이스트") == [product.pk]
    post_change(admin_client, SocialValueTag.objects.get(slug="zero-waste"), name_ko="쓰레기없는")
    flush()
    assert es_found("쓰레기없는") == [product.pk] and es_found("제로웨이스트") == []

    admin_client.post(reverse("admin:catalog_product_delete", args=[product.pk]), {"post": "yes"})
    flush()
    assert es_found("세제") == []
