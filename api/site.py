"""The web UI's page: the built single-page app (frontend/), with the page's title, description and Open Graph
tags written by the server, so a shared link (KakaoTalk, other messengers, search engines) shows what it is.

api/urls.py sends `/`, every app route and any other path outside /api/, /admin/, /static/ and /media/ here.
A product or firm page that is not public answers 404, still with the app (which shows its not-found page);
every other path answers 200 and the app's router decides. Until the UI is built, a plain page says how.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.text import Truncator
from django.views.decorators.http import require_safe
from django_vite.core.exceptions import DjangoViteAssetNotFoundError

from market.catalog.selectors import product_list_public
from market.firms.models import FirmKind
from market.firms.selectors import firm_list_public

SITE_NAME = "같이마켓"
SITE_DESCRIPTION = "서울의 사회적경제기업이 만든 상품을 사고, 착한 소비로 지역을 돕는 온라인 장터"
# The rendition a shared link shows: a JPEG every messenger reads, 1600 px on its longest side.
SHARE_RENDITION = "large"
DESCRIPTION_CHARS = 150
MAX_ID = 2**63 - 1  # the id columns' range: a longer number is no row (and must not reach the database)


@dataclass(frozen=True)
class PageMeta:
    title: str  # the page's own name (og:title); <title> adds the site's name
    description: str
    path: str  # canonical path, made absolute for og:url
    type: str = "website"
    image: str = ""  # a URL of our storage; made absolute for og:image
    price: int | None = None  # products only (product:price:amount)


GENERIC = PageMeta(title=SITE_NAME, description=SITE_DESCRIPTION, path="/")


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


def _product_meta(pk: int) -> PageMeta | None:
    product = product_list_public().filter(pk=pk).first() if pk <= MAX_ID else None
    if product is None:
        return None
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


def _built() -> bool:
    return settings.DJANGO_VITE["default"]["manifest_path"].is_file()


def _not_built(request, *, stale: bool = False):
    response = render(request, "site/not_built.html", {"site_name": SITE_NAME, "stale": stale}, status=503)
    response.is_app_page = True
    return response


def _app(request, meta: PageMeta, *, status: int = 200):
    context = {
        "site_name": SITE_NAME,
        "meta": meta,
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
    meta = _product_meta(int(pk))
    return _app(request, meta) if meta else _app(request, GENERIC, status=404)


@require_safe
def firm_page(request, pk: str):
    if not _built():
        return _not_built(request)
    meta = _firm_meta(int(pk))
    return _app(request, meta) if meta else _app(request, GENERIC, status=404)
