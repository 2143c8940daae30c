"""The product CSV import takes categories and tags by name as well as by slug or id."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from market.catalog.import_csv import products_import_csv
from market.catalog.models import Product, SocialValueTag
from market.catalog.services import category_create, category_get_by_ref, tags_get_by_ref
from market.core.errors import ApplicationError
from tests.factories import FirmFactory, category

pytestmark = pytest.mark.django_db


def csv_file(text: str, encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("products.csv", text.encode(encoding), content_type="text/csv")


def tag_slugs(product) -> set[str]:
    return set(product.tags.values_list("slug", flat=True))


def test_korean_names_pick_the_category_and_tags():
    firm = FirmFactory()
    result = products_import_csv(
        firm=firm,
        file=csv_file(
            "title,category,price,tags\n"
            "우리밀 쿠키,제과·제빵,12000,수제품|친환경\n"
            "유기농 녹차, 커피·차 ,8000,공정무역; 지역 농가 상생\n"
        ),
    )
    assert result == {"created": 2, "updated": 0, "rows": 2}
    cookie, tea = Product.objects.get(title="우리밀 쿠키"), Product.objects.get(title="유기농 녹차")
    assert cookie.category.slug == "bakery" and tag_slugs(cookie) == {"handmade", "eco-friendly"}
    assert tea.category.slug == "coffee-tea" and tag_slugs(tea) == {"fair-trade", "local-farms"}


def test_korean_names_in_a_cp949_file():
    firm = FirmFactory()
    products_import_csv(
        firm=firm, file=csv_file("title,category,price,tags\n천연 비누,비누·세제,6500,제로웨이스트\n", encoding="cp949")
    )
    soap = Product.objects.get()
    assert soap.category.slug == "soap-care" and tag_slugs(soap) == {"zero-waste"}


def test_english_names_in_any_case():
    firm = FirmFactory()
    products_import_csv(
        firm=firm,
        file=csv_file(
            "title,category,price,tags\nDrip bag,COFFEE & TEA,9000,fair trade|HANDMADE\nTote,eco bags,15000,Upcycling\n"
        ),
    )
    drip, tote = Product.objects.get(title="Drip bag"), Product.objects.get(title="Tote")
    assert drip.category.slug == "coffee-tea" and tag_slugs(drip) == {"fair-trade", "handmade"}
    assert tote.category.slug == "eco-bags" and tag_slugs(tote) == {"upcycling"}


def test_ids_slugs_and_names_mix_and_a_tag_named_twice_counts_once():
    firm = FirmFactory()
    bakery = category("bakery")
    products_import_csv(
        firm=firm, file=csv_file(f"title,category,price,tags\n쿠키,{bakery.pk},5000,handmade|수제품|Handmade\n")
    )
    cookie = Product.objects.get()
    assert cookie.category == bakery and tag_slugs(cookie) == {"handmade"}


def test_an_ambiguous_korean_name_is_a_row_error_naming_the_candidates():
    firm = FirmFactory()
    category_create(slug="food-gift-sets", name_ko="선물세트", name_en="Food gift sets", parent=category("food"))
    category_create(slug="craft-gift-sets", name_ko="선물세트", name_en="Craft gift sets", parent=category("crafts"))
    text = (
        "title,category,price\n한과 세트,선물세트,30000\n도자기 세트,craft-gift-sets,45000\n없는 분류,선물꾸러미,1000\n"
    )
    with pytest.raises(ApplicationError) as caught:
        products_import_csv(firm=firm, file=csv_file(text))
    error = caught.value
    assert error.code == "import_rows_invalid"
    assert [(d["line"], d["field"], d["code"]) for d in error.details] == [
        (2, "category", "ambiguous_category"),
        (4, "category", "unknown_category"),
    ]
    ambiguous = error.details[0]
    assert "food-gift-sets (식품 > 선물세트)" in ambiguous["message"]
    assert "craft-gift-sets (공예·선물 > 선물세트)" in ambiguous["message"]
    assert [c["slug"] for c in ambiguous["candidates"]] == ["food-gift-sets", "craft-gift-sets"]
    assert ambiguous["candidates"][0]["path"] == "식품 > 선물세트"
    assert "2행, category" in error.message  # Korean by default (LANGUAGE_CODE)
    assert not Product.objects.exists()  # all or nothing: the good row was not written either


def test_unknown_and_ambiguous_tags_are_row_errors():
    SocialValueTag.objects.create(slug="handmade-2", name_ko="수제품", name_en="Hand made", area="product")
    firm = FirmFactory()
    with pytest.raises(ApplicationError) as caught:
        products_import_csv(
            firm=firm,
            file=csv_file(
                "title,category,price,tags\n"
                "쿠키,bakery,5000,수제품\n"
                "쿠키2,bakery,5000,없는태그\n"
                "쿠키3,bakery,5000,handmade\n"
            ),
        )
    details = caught.value.details
    assert [(d["line"], d["field"], d["code"]) for d in details] == [
        (2, "tags", "ambiguous_tag"),
        (3, "tags", "unknown_tag"),
    ]
    assert "handmade, handmade-2" in details[0]["message"]
    assert not Product.objects.exists()


def test_a_slug_wins_over_a_name():
    other = category_create(slug="bakery-goods", name_ko="bakery", name_en="Bakery goods", parent=category("food"))
    assert category_get_by_ref("bakery") == category("bakery")
    assert category_get_by_ref("Bakery goods") == other
    assert category_get_by_ref(f" {other.pk} ") == other
    with pytest.raises(ApplicationError) as caught:
        category_get_by_ref("99999")
    assert caught.value.code == "unknown_category"
    assert [t.slug for t in tags_get_by_ref(["handmade", "친환경"])] == ["handmade", "eco-friendly"]
