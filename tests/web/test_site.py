"""Django serves the web UI: the app's page at / and every app route, server-side tags for product and firm
pages, 404s that are still the app, the API and admin untouched, and the page before the UI is built."""

import io
from html.parser import HTMLParser

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from market.catalog.images import product_image_add, product_images_reorder
from market.catalog.models import ProductStatus
from market.firms.models import DesignationStatus, FirmKind, VerificationStatus
from tests.factories import DesignationFactory, FirmFactory, ProductFactory
from tests.web.fake_build import CHUNK_JS, ENTRY_CSS, ENTRY_JS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("built_ui")]


class Head(HTMLParser):
    """What a link preview reads: <html lang>, <title>, the <meta> tags, <link>s, <script>s and the root div."""

    def __init__(self, html: str):
        super().__init__()
        self.lang, self.title, self.meta, self.links, self.scripts, self.root = None, "", {}, [], [], False
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script":
            self.scripts.append(attrs)
        elif tag == "div" and attrs.get("id") == "root":
            self.root = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def page(path: str, status: int = 200, client=None) -> Head:
    response = (client or Client()).get(path)
    assert response.status_code == status, (path, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("text/html")
    head = Head(response.content.decode())
    assert head.lang == "ko" and head.root
    # The built entry from the manifest, as files: its script (a module) and its stylesheet.
    assert [s.get("src") for s in head.scripts] == [f"/static/app/{ENTRY_JS}"]
    assert head.scripts[0].get("type") == "module"
    assert [link["href"] for link in head.links if link.get("rel") == "stylesheet"] == [f"/static/app/{ENTRY_CSS}"]
    return head


# --- the app at every route ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=떡",
        "/cart",
        "/checkout",
        "/orders",
        "/orders/12",
        "/login",
        "/signup",
        "/seller",
        "/seller/listings/3",
        "/seller/listings/new",
        "/agency",
        "/agency/register",
        "/agency/join?token=abc123",
        "/agency/rfqs/new",
        "/agency/purchases/7",
        "/agency/performance?year=2026",
        "/firms",
        "/products",
        "/products/not-a-number",
        "/somewhere/the/app/decides",
    ],
)
def test_every_app_route_is_the_app(path):
    head = page(path)
    assert head.title == "같이마켓"
    assert head.meta["og:site_name"] == "같이마켓" and head.meta["og:locale"] == "ko_KR"
    assert head.meta["og:type"] == "website" and head.meta["description"]
    assert head.meta["og:url"] == "http://testserver" + path.split("?")[0]


def test_the_page_is_fetched_afresh_each_time_and_head_works():
    response = Client().get("/seller/listings/3")
    assert "no-cache" in response["Cache-Control"]  # it names the current build's hashed files
    assert Client().head("/").status_code == 200


def test_a_write_to_an_app_route_is_refused_in_the_api_error_shape():
    response = Client().post("/cart", {})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("path", ["/api/v1/nowhere/", "/api/nowhere", "/api", "/media/products/none.jpg"])
def test_unknown_api_and_media_paths_stay_json_404s(path):
    response = Client().get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", ["/favicon.ico", "/robots.txt", "/static/app/assets/gone-AbCd1234.js"])
def test_a_missing_file_is_a_404_not_the_app(path):
    response = Client().get(path)
    assert response.status_code == 404 and b'id="root"' not in response.content


def test_the_admin_is_untouched():
    client = Client()
    assert client.get("/admin")["Location"] == "/admin/"  # the slash is added: not the app
    assert client.get("/admin/").status_code == 302
    login = client.get("/admin/login/")
    assert login.status_code == 200 and b'id="root"' not in login.content and b"csrfmiddlewaretoken" in login.content


def test_the_api_is_untouched():
    product = ProductFactory()
    response = Client().get(f"/api/v1/products/{product.pk}/")
    assert response.status_code == 200 and response.json()["title"] == product.title


# --- product and firm pages ----------------------------------------------------------------------------------


def jpeg(color) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (120, 90), color).save(out, "JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue())


def test_a_product_page_carries_its_name_price_firm_and_first_image(django_capture_on_commit_callbacks):
    firm = FirmFactory(name="마포 빵공방")
    product = ProductFactory(firm=firm, title="우리밀 식빵", price=15000, description="  아침에 굽는\n식빵  ")
    with django_capture_on_commit_callbacks(execute=True):  # the renditions task, as after a real upload
        first = product_image_add(product=product, upload=jpeg((200, 30, 30)))
        second = product_image_add(product=product, upload=jpeg((30, 30, 200)))

    head = page(f"/products/{product.pk}")
    assert head.title == "우리밀 식빵 | 같이마켓"
    assert head.meta["og:title"] == head.meta["twitter:title"] == "우리밀 식빵"
    assert head.meta["description"] == "15,000원 · 마포 빵공방 — 아침에 굽는 식빵"
    assert head.meta["og:description"] == head.meta["twitter:description"] == head.meta["description"]
    assert head.meta["og:type"] == "product"
    assert head.meta["product:price:amount"] == "15000" and head.meta["product:price:currency"] == "KRW"
    assert head.meta["og:url"] == f"http://testserver/products/{product.pk}"
    first.refresh_from_db()
    large = first.renditions["large"]
    assert default_storage.exists(large)
    assert head.meta["og:image"] == head.meta["twitter:image"] == "http://testserver" + default_storage.url(large)
    assert head.meta["twitter:card"] == "summary_large_image"
    assert {"rel": "canonical", "href": f"http://testserver/products/{product.pk}"} in head.links

    # The seller's order decides which image is first.
    product_images_reorder(product=product, image_ids=[second.pk, first.pk])
    second.refresh_from_db()
    assert page(f"/products/{product.pk}/").meta["og:image"].endswith(default_storage.url(second.renditions["large"]))


def test_a_product_without_images_has_no_image_tag():
    product = ProductFactory()
    head = page(f"/products/{product.pk}")
    assert "og:image" not in head.meta and head.meta["twitter:card"] == "summary"


def test_a_product_name_cannot_inject_markup():
    title = 'Say "hi"><script>alert(1)</script><meta property="og:title" content="x'
    product = ProductFactory(title=title, description="</title><script>alert(2)</script>")
    response = Client().get(f"/products/{product.pk}")
    html = response.content.decode()
    assert "<script>alert" not in html and "</title><script>" not in html
    head = Head(html)
    assert head.meta["og:title"] == title  # escaped in the HTML, the same text once read back
    assert head.title == f"{title} | 같이마켓"
    assert [s.get("src") for s in head.scripts] == [f"/static/app/{ENTRY_JS}"]


def hidden_products():
    return {
        "draft": lambda: ProductFactory(status=ProductStatus.DRAFT),
        "hidden": lambda: ProductFactory(status=ProductStatus.HIDDEN),
        "firm not verified": lambda: ProductFactory(firm=FirmFactory(verification_status=VerificationStatus.PENDING)),
        "firm's listings hidden": lambda: ProductFactory(firm=FirmFactory(listings_hidden_reason="지정 만료")),
    }


@pytest.mark.parametrize("case", list(hidden_products()))
def test_a_product_that_is_not_public_is_a_404_with_the_app(case):
    product = hidden_products()[case]()
    head = page(f"/products/{product.pk}", status=404)
    assert product.title not in head.title and head.title == "같이마켓"
    assert head.meta["robots"] == "noindex" and "og:image" not in head.meta


@pytest.mark.parametrize("path", ["/products/999999", "/products/99999999999999999999999", "/firms/424242"])
def test_an_unknown_product_or_firm_is_a_404_with_the_app(path):
    head = page(path, status=404)
    assert head.title == "같이마켓" and head.meta["robots"] == "noindex"


def test_a_firm_page_carries_its_name_kinds_and_district():
    firm = FirmFactory(name="성수 마을부엌", description="동네 어르신과 함께 반찬을 만듭니다.")
    DesignationFactory(firm=firm, kind=FirmKind.VILLAGE_ENTERPRISE)
    DesignationFactory(firm=firm, kind=FirmKind.COOPERATIVE, status=DesignationStatus.REVOKED)  # not valid: not shown
    head = page(f"/firms/{firm.pk}")
    assert head.title == "성수 마을부엌 | 같이마켓" and head.meta["og:title"] == "성수 마을부엌"
    assert head.meta["description"] == "사회적기업·마을기업 · 마포구 — 동네 어르신과 함께 반찬을 만듭니다."
    assert head.meta["og:url"] == f"http://testserver/firms/{firm.pk}"


def test_a_firm_that_is_not_public_is_a_404_with_the_app():
    firm = FirmFactory(verification_status=VerificationStatus.PENDING)
    head = page(f"/firms/{firm.pk}", status=404)
    assert firm.name not in head.title


def test_a_product_page_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    product = ProductFactory()
    with django_assert_max_num_queries(5):
        page(f"/products/{product.pk}")


# --- static files ------------------------------------------------------------------------------------------


def max_age(response) -> int:
    parts = [p.strip() for p in response["Cache-Control"].split(",")]
    return next(int(p.split("=")[1]) for p in parts if p.startswith("max-age="))


def assert_cached_for_good(response):
    assert response.status_code == 200
    assert max_age(response) >= 365 * 24 * 3600 and "immutable" in response["Cache-Control"]


def assert_not_immutable(response):
    assert response.status_code == 200 and "immutable" not in response.get("Cache-Control", "")


def test_hashed_assets_are_cached_for_good_and_others_are_not():
    client = Client()
    for name in (ENTRY_JS, ENTRY_CSS, CHUNK_JS):
        response = client.get(f"/static/app/{name}")
        assert_cached_for_good(response)
    assert client.get(f"/static/app/{ENTRY_JS}")["Content-Type"].startswith("text/javascript")
    assert_not_immutable(client.get("/static/app/robots.txt"))


def test_collected_static_files_are_served_with_debug_off(settings, tmp_path, built_ui):
    """As gunicorn serves them in production: WhiteNoise from STATIC_ROOT after collectstatic, no finders."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (settings.STATIC_ROOT / "app" / ENTRY_JS).is_file()
    assert not (settings.STATIC_ROOT / "app" / ".vite").exists()  # the manifest is read where it was built
    client = Client()
    assert_cached_for_good(client.get(f"/static/app/{ENTRY_JS}"))
    compressed = client.get(f"/static/app/{ENTRY_JS}", headers={"Accept-Encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"
    assert_not_immutable(client.get("/static/app/robots.txt"))
    page("/", client=client)


def test_the_demo_serves_the_collected_compressed_files_with_debug_on(settings, tmp_path):
    """scripts/demo.sh (runserver, DEBUG on) collects, then turns the finders off: the entry script goes compressed.
    With the finders on, WhiteNoise serves the build's own file, which has no compressed copy."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", "--noinput", verbosity=0)
    url = f"/static/app/{ENTRY_JS}"
    with_finders = Client().get(url, headers={"Accept-Encoding": "gzip, br"})
    assert with_finders.status_code == 200 and "Content-Encoding" not in with_finders

    settings.WHITENOISE_USE_FINDERS = False  # what demo.sh exports (WHITENOISE_USE_FINDERS=false)
    assert settings.WHITENOISE_AUTOREFRESH  # DEBUG's default, as in the demo
    compressed = Client().get(url, headers={"Accept-Encoding": "gzip, br"})
    assert compressed.status_code == 200 and compressed["Content-Encoding"] in ("br", "gzip")
