"""The root URLconf (kept in api/ so that market/ never imports api/)."""

from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

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

# Django's own errors in the one JSON error shape (api/errors.py); with DEBUG on, api/middleware.py does it.
handler400 = "api.errors.handler400"
handler403 = "api.errors.handler403"
handler404 = "api.errors.handler404"
handler500 = "api.errors.handler500"
