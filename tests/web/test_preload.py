"""A product page's HTML starts what the app asks for next: the product route's modules from Vite's manifest
(<link rel="modulepreload">, their CSS as preload), the product's API read (as="fetch") and the gallery's first
picture (as="image", with the gallery's srcset and sizes). Scripts, styles and the read go with crossorigin (the
credentials mode of the app's own requests, else Chromium fetches them twice). Other pages, and products that are
not public, preload nothing."""

import io
import json
import logging
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from api.site import GALLERY_RENDITIONS, GALLERY_SIZES, PRODUCT_PAGE_MODULES
from market.catalog.images import RENDITION_SPECS, product_image_add
from market.catalog.models import ProductStatus
from tests.factories import FirmFactory, ProductFactory
from tests.web.fake_build import CHUNK_JS, SHARED_CSS, SHARED_JS, STRINGS_JS, reset_vite_loader, use_build
from tests.web.test_site import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("built_ui")]

ROUTE_MODULES = {f"/static/app/{name}" for name in (CHUNK_JS, SHARED_JS, STRINGS_JS)}


def jpeg(width: int, height: int, color=(200, 30, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue())


def modulepreloads(head) -> set[str]:
    return {link["href"] for link in head.links if link.get("rel") == "modulepreload"}


def preloads(head, kind: str) -> list[dict]:
    return [link for link in head.links if link.get("rel") == "preload" and link.get("as") == kind]


def image_preloads(head) -> list[dict]:
    return preloads(head, "image")


def test_a_product_page_preloads_its_route_its_strings_and_its_first_picture(django_capture_on_commit_callbacks):
    product = ProductFactory()
    with django_capture_on_commit_callbacks(execute=True):  # the renditions task, as after a real upload
        first = product_image_add(product=product, upload=jpeg(700, 900))  # portrait: card 600 px high
        product_image_add(product=product, upload=jpeg(300, 300, (30, 30, 200)))
    first.refresh_from_db()
    card, large = first.renditions["card"], first.renditions["large"]

    head = page(f"/products/{product.pk}")
    # The route's chunk, the chunk it imports (and that one's CSS) and the Korean strings, all fetched at once
    # with the entry instead of one after another once it runs; not the entry again.
    assert modulepreloads(head) == ROUTE_MODULES
    [style] = preloads(head, "style")
    assert style["href"] == f"/static/app/{SHARED_CSS}"
    [data] = preloads(head, "fetch")
    assert data["href"] == f"/api/v1/products/{product.pk}/"  # what the route's loader asks for
    scripts = [link for link in head.links if link.get("rel") == "modulepreload"]
    for link in [style, data, *scripts]:  # anonymous, as Vite's loader and openapi-fetch ask
        assert "crossorigin" in link and link["crossorigin"] in (None, "", "anonymous"), link

    [picture] = image_preloads(head)
    assert picture["href"] == default_storage.url(large)  # the gallery's src (large; 900 px high is kept)
    assert picture["imagesizes"] == GALLERY_SIZES
    assert picture["fetchpriority"] == "high"
    # Each candidate with its rendition's width, the one the file has (within a pixel: Pillow may round up).
    candidates = [part.rsplit(" ", 1) for part in picture["imagesrcset"].split(", ")]
    assert [url for url, _ in candidates] == [default_storage.url(card), default_storage.url(large)]
    for (_, width), path in zip(candidates, (card, large), strict=True):
        with default_storage.open(path) as file, Image.open(file) as made:
            assert abs(int(width.removesuffix("w")) - made.width) <= 1, (path, width, made.size)


def test_a_small_picture_has_one_candidate_per_width(django_capture_on_commit_callbacks):
    """Smaller than the card's side, both renditions are the picture's own size: one candidate, the first."""
    product = ProductFactory()
    with django_capture_on_commit_callbacks(execute=True):
        image = product_image_add(product=product, upload=jpeg(300, 200))
    image.refresh_from_db()
    [picture] = image_preloads(page(f"/products/{product.pk}"))
    assert picture["imagesrcset"] == f"{default_storage.url(image.renditions['card'])} 300w"
    assert picture["href"] == default_storage.url(image.renditions["large"])


def test_a_product_without_pictures_preloads_its_route_only():
    product = ProductFactory()
    head = page(f"/products/{product.pk}")
    assert modulepreloads(head) == ROUTE_MODULES and len(preloads(head, "fetch")) == 1
    assert image_preloads(head) == []


@pytest.mark.parametrize(
    "case",
    [
        lambda: ("/products/999999", 404),
        lambda: (f"/products/{ProductFactory(status=ProductStatus.HIDDEN).pk}", 404),
        lambda: (f"/firms/{FirmFactory().pk}", 200),
        lambda: ("/", 200),
        lambda: ("/search?q=떡", 200),
    ],
    ids=["unknown product", "hidden product", "firm", "home", "search"],
)
def test_other_pages_preload_nothing(case):
    head = page(*case())
    assert modulepreloads(head) == set()
    assert [link for link in head.links if link.get("rel") == "preload"] == []


def test_a_module_missing_from_the_manifest_is_not_preloaded_and_the_page_still_works(built_ui, settings, caplog):
    manifest_path = built_ui / ".vite" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["src/locales/ko/storefront.json"]
    manifest_path.write_text(json.dumps(manifest))
    use_build(settings, dirs=[("app", built_ui)], manifest_path=manifest_path)
    product = ProductFactory()
    with caplog.at_level(logging.WARNING, logger="api.site"):
        head = page(f"/products/{product.pk}")
    assert f"/static/app/{CHUNK_JS}" in modulepreloads(head)
    assert f"/static/app/{STRINGS_JS}" not in modulepreloads(head)
    assert "src/locales/ko/storefront.json" in caplog.text
    reset_vite_loader()


@pytest.mark.parametrize("module", PRODUCT_PAGE_MODULES)
def test_the_preloaded_modules_are_the_ui_sources(module):
    """The manifest names them by source path: a renamed file would silently lose its preload."""
    assert (Path(django_settings.BASE_DIR) / "frontend" / module).is_file()


def test_the_gallery_asks_for_what_the_server_preloads():
    """The gallery's <img> and the preload must pick the same file: the same sizes, renditions and their sides."""
    gallery = Path(django_settings.BASE_DIR) / "frontend/src/features/storefront/product/Gallery.tsx"
    source = gallery.read_text(encoding="utf-8")
    assert f'GALLERY_SIZES = "{GALLERY_SIZES}"' in source
    for name in GALLERY_RENDITIONS:
        assert f'["{name}", {RENDITION_SPECS[name][0]}]' in source, name
