"""The web UI's page: the built single-page app (frontend/), with the page's title, description and Open Graph
tags written by the server, so a shared link (KakaoTalk, other messengers, search engines) shows what it is.

api/urls.py sends `/`, every app route and any other path outside /api/, /admin/, /static/ and /media/ here.
A product or firm page that is not public answers 404, still with the app (which shows its not-found page);
every other path answers 200 and the app's router decides. Until the UI is built, a plain page says how.

A product page's HTML also starts what the app will ask for next, instead of one after another once the entry
script runs (bench/README.md, web UI budget): the product route's code and the storefront's strings
(<link rel="modulepreload">, their CSS as preload, from Vite's manifest), the product's API read (as="fetch") and
the picture the gallery shows first (as="image", with the same srcset and sizes as the gallery's <img>). Each is
asked for with the credentials mode the app's own request will use (crossorigin: anonymous, same-origin
cookies), or Chromium would fetch it a second time.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.text import Truncator
from django.views.decorators.http import require_safe
from django_vite.core.asset_loader import DEFAULT_APP_NAME, DjangoViteAssetLoader
from django_vite.core.exceptions import DjangoViteAssetNotFoundError

from market.catalog.images import RENDITION_SPECS
from market.catalog.selectors import product_list_public
from market.core.errors import NotFound
from market.firms.models import FirmKind
from market.firms.selectors import firm_list_public
from market.reports.impact_card import card_description, impact_card_shared, shared_figures

SITE_NAME = "같이마켓"
SITE_DESCRIPTION = "서울의 사회적경제기업이 만든 상품을 사고, 착한 소비로 지역을 돕는 온라인 장터"
# The rendition a shared link shows: a JPEG every messenger reads, 1600 px on its longest side.
SHARE_RENDITION = "large"
DESCRIPTION_CHARS = 150
MAX_ID = 2**63 - 1  # the id columns' range: a longer number is no row (and must not reach the database)

# What a product page loads after the entry script, as Vite's manifest names it: the route's module (its chunk,
# the chunks it imports and their CSS) and the storefront's Korean strings (the language the app starts in; a
# visitor who chose English fetches theirs as before).
PRODUCT_PAGE_MODULES = ("src/features/storefront/product/ProductPage.tsx", "src/locales/ko/storefront.json")
# The gallery's main picture (frontend/src/features/storefront/product/Gallery.tsx): its srcset candidates and
# its sizes, which must stay the gallery's own so that the browser picks the same file for both.
GALLERY_RENDITIONS = ("card", "large")
GALLERY_SRC = "large"  # its src, for a browser without srcset
GALLERY_SIZES = "(min-width: 1200px) 572px, (min-width: 720px) calc(50vw - 28px), calc(100vw - 32px)"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageMeta:
    title: str  # the page's own name (og:title); <title> adds the site's name
    description: str
    path: str  # canonical path, made absolute for og:url
    type: str = "website"
    image: str = ""  # a URL of our storage; made absolute for og:image
    price: int | None = None  # products only (product:price:amount)


GENERIC = PageMeta(title=SITE_NAME, description=SITE_DESCRIPTION, path="/")


@dataclass(frozen=True)
class LeadImage:
    """The picture a product page shows first, as its <img> asks for it."""

    src: str
    srcset: str = ""
    sizes: str = GALLERY_SIZES


@dataclass(frozen=True)
class Preload:
    scripts: tuple[str, ...] = ()  # lazy modules' chunks (modulepreload)
    styles: tuple[str, ...] = ()  # their CSS
    data: str = ""  # the API read the page starts with
    image: LeadImage | None = None


NO_PRELOAD = Preload()


def _with_text(summary: str, text: str) -> str:
    text = " ".join(text.split())  # one line, whatever the seller typed
    return f"{summary} — {Truncator(text).chars(DESCRIPTION_CHARS)}" if text else summary


def _share_image(product) -> str:
    """The first of the product's images (in the seller's order) with its renditions made."""
    for image in product.images.all():  # prefetched in position order by product_list_public()
        path = (image.renditions or {}).get(SHARE_RENDITION)
        if path:
            return default_storage.url(path)
    return ""


def _rendition_width(image, longest_side: int) -> int:
    """A rendition's width: the original fitted inside a square of `longest_side`, never upscaled (images.py),
    rounded down as the gallery rounds it (Pillow may round up: a srcset width only guides the choice)."""
    longest = max(image.width, image.height)
    return image.width * longest_side // longest if longest > longest_side else image.width


def _lead_image(product) -> LeadImage | None:
    """The gallery's first picture: the first image (in the seller's order) with its large rendition or, while
    that is being made, its original; srcset from the renditions made, each with its width."""
    for image in product.images.all():  # prefetched in position order by product_list_public()
        renditions = image.renditions or {}
        path = renditions.get(GALLERY_SRC)
        src = default_storage.url(path) if path else (image.original.url if image.original else "")
        if not src:
            continue
        candidates = {}  # width -> path: a picture smaller than a rendition's side has two of the same width
        if image.width and image.height:
            for name in GALLERY_RENDITIONS:
                if renditions.get(name):
                    candidates.setdefault(_rendition_width(image, RENDITION_SPECS[name][0]), renditions[name])
        srcset = ", ".join(f"{default_storage.url(name)} {width}w" for width, name in candidates.items())
        return LeadImage(src=src, srcset=srcset)
    return None


def _lazy_module_files(paths) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The URLs of lazy modules' files: each module's chunk, the chunks it imports (not the entry's, which the page
    loads already) and their CSS. From the manifest django-vite parsed at start, through its app client: its
    preload_vite_asset tag writes the CSS preloads without crossorigin, which Vite's loader then does not use."""
    client = DjangoViteAssetLoader.instance()._get_app_client(DEFAULT_APP_NAME)
    scripts: list[str] = []
    styles: list[str] = []

    def visit(key: str) -> None:
        entry = client.manifest.get(key)
        url = client.get_production_server_url(entry.file)
        if entry.isEntry or url in scripts:
            return
        scripts.append(url)
        styles.extend(u for u in map(client.get_production_server_url, entry.css) if u not in styles)
        for imported in entry.imports:
            visit(imported)

    for path in paths:
        try:
            visit(path)
        except DjangoViteAssetNotFoundError:
            # A module renamed in the UI: the page still works, it only loads that part later.
            logger.warning("no %s in Vite's manifest to preload", path)
    return tuple(scripts), tuple(styles)


def _public_product(pk: int):
    return product_list_public().filter(pk=pk).first() if pk <= MAX_ID else None


def _product_meta(product) -> PageMeta:
    return PageMeta(
        title=product.title,
        description=_with_text(f"{product.price:,}원 · {product.firm.name}", product.description),
        path=f"/products/{product.pk}",
        type="product",
        image=_share_image(product),
        price=product.price,
    )


def _firm_meta(pk: int) -> PageMeta | None:
    firm = firm_list_public().filter(pk=pk).first() if pk <= MAX_ID else None
    if firm is None:
        return None
    kinds = "·".join(FirmKind(kind).label for kind in sorted({d.kind for d in firm.valid_designations}))
    summary = " · ".join(part for part in (kinds, firm.district.name_ko) if part)
    return PageMeta(title=firm.name, description=_with_text(summary, firm.description), path=f"/firms/{firm.pk}")


def _impact_card_meta(token: str) -> PageMeta | None:
    """A citizen's shared value-consumption card: the figures they chose, its PNG as the preview image."""
    try:
        figures = shared_figures(impact_card_shared(token))
    except NotFound:  # revoked or unknown
        return None
    return PageMeta(
        title=f"{figures.year}년 나의 가치소비",
        description=card_description(figures),
        path=f"/impact/cards/{token}",
        image=reverse("v1:impact-card-png", args=[token]),
    )


def _built() -> bool:
    return settings.DJANGO_VITE["default"]["manifest_path"].is_file()


def _not_built(request, *, stale: bool = False):
    response = render(request, "site/not_built.html", {"site_name": SITE_NAME, "stale": stale}, status=503)
    response.is_app_page = True
    return response


def _app(request, meta: PageMeta, *, status: int = 200, preload: Preload = NO_PRELOAD):
    context = {
        "site_name": SITE_NAME,
        "meta": meta,
        "preload": preload,
        "found": status == 200,
        "url": request.build_absolute_uri(meta.path),
        "image": request.build_absolute_uri(meta.image) if meta.image else "",
    }
    try:
        response = render(request, "site/app.html", context, status=status)
    except DjangoViteAssetNotFoundError:
        # django-vite reads the manifest once, at start: a UI built after the server started needs a restart.
        return _not_built(request, stale=True)
    # RequestIdMiddleware leaves this HTML as it is, also as a 404 (the API's errors stay JSON).
    response.is_app_page = True
    # The HTML names the current hashed assets: browsers ask again each time (the assets are cached for good).
    patch_cache_control(response, no_cache=True)
    return response


@require_safe
def app_page(request, path: str = ""):
    if not _built():
        return _not_built(request)
    return _app(request, PageMeta(title=SITE_NAME, description=SITE_DESCRIPTION, path=request.path))


@require_safe
def product_page(request, pk: str):
    if not _built():
        return _not_built(request)
    product = _public_product(int(pk))
    if product is None:
        return _app(request, GENERIC, status=404)
    scripts, styles = _lazy_module_files(PRODUCT_PAGE_MODULES)
    preload = Preload(
        scripts=scripts,
        styles=styles,
        # What the route's loader asks for (productQuery). The preload goes with the browser's Accept-Language, not
        # the app's choice: a product's answer is the same in both (its names come in both languages).
        data=reverse("v1:product-detail", args=[product.pk]),
        image=_lead_image(product),
    )
    return _app(request, _product_meta(product), preload=preload)


@require_safe
def firm_page(request, pk: str):
    if not _built():
        return _not_built(request)
    meta = _firm_meta(int(pk))
    return _app(request, meta) if meta else _app(request, GENERIC, status=404)


@require_safe
def impact_card_page(request, token: str):
    if not _built():
        return _not_built(request)
    meta = _impact_card_meta(token)
    return _app(request, meta) if meta else _app(request, GENERIC, status=404)
