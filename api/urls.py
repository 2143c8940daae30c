"""The root URLconf (kept in api/ so that market/ never imports api/)."""

from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from api import site

# The docs pages run under the site's Content-Security-Policy with scripts from our own static files only
# (the split Swagger view serves its init script as a file, not inline). What they need beyond it: inline
# styles (a <style> block in both pages; Redoc's styled-components inject more) and, for Redoc's search, a
# worker from a blob: URL. No page with user data gets either.
_docs_csp = csp_update({"style-src": ["'unsafe-inline'"]})
_redoc_csp = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(("api.v1.urls", "v1"), namespace="v1")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", _docs_csp(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="api-docs"),
    path("api/redoc/", _redoc_csp(SpectacularRedocView.as_view(url_name="schema")), name="api-redoc"),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The web UI (api/site.py), last: product, firm and shared impact-card pages (their tags from the server, 404 when
# not public), then every other path the app's router may own. Not the reserved prefixes (with or without their
# slash, so /admin still redirects to /admin/ and an unknown /api/... is the API's JSON 404) nor a path with a dot
# in it (favicon.ico, robots.txt: a file that is not there is a 404, not the app).
urlpatterns += [
    re_path(r"^products/(?P<pk>[0-9]+)/?$", site.product_page, name="site-product"),
    re_path(r"^firms/(?P<pk>[0-9]+)/?$", site.firm_page, name="site-firm"),
    re_path(r"^impact/cards/(?P<token>[A-Za-z0-9_-]{1,64})/?$", site.impact_card_page, name="site-impact-card"),
    re_path(r"^(?!(?:api|admin|static|media)(?:/|$))(?P<path>[^.]*)$", site.app_page, name="site-app"),
]

# Django's own errors in the one JSON error shape (api/errors.py); with DEBUG on, api/middleware.py does it.
handler400 = "api.errors.handler400"
handler403 = "api.errors.handler403"
handler404 = "api.errors.handler404"
handler500 = "api.errors.handler500"
