"""Every response carries a request id, and every error leaves in the one JSON error shape.

RequestIdMiddleware is the outermost middleware:
- it takes the caller's X-Request-ID (when it is a short token) or makes one, and echoes it on the response;
- an exception a view did not handle is logged with its traceback and the request id, and answered with a JSON
  500 that names the id and holds no traceback, with DEBUG on as well (Django's debug page would show code,
  settings and SQL to anyone; only a staff user signed in to the admin still gets it there);
- an error page Django rendered itself (its DEBUG 404 page listing the URL patterns, a 400 for a broken
  request, a 500 from a middleware) is replaced by the same JSON shape, except on the admin's HTML pages and
  the web UI's page (api/site.py marks its responses `is_app_page`: its 404 for a missing product is the app).

BodySizeLimitMiddleware answers a body larger than the limit with a JSON 413 before anything reads it.
"""

import logging
import re
import uuid

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext as _

from api.errors import error_json, status_error_json

logger = logging.getLogger("api.errors")

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}", re.ASCII)  # a caller's id, when safe to log and echo
# Django answers these itself with a 4xx (Http404, 403, 400); they are not server errors.
_CLIENT_ERRORS = (Http404, PermissionDenied, SuspiciousOperation, BadRequest)


def _is_admin(request) -> bool:
    return request.path_info.startswith("/admin/")


def _staff_debugging(request) -> bool:
    user = getattr(request, "user", None)
    return settings.DEBUG and _is_admin(request) and bool(user and user.is_authenticated and user.is_staff)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = offered if _REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and not _is_json(response)
            and not _is_admin(request)
            and not getattr(response, "is_app_page", False)
        ):
            if response.status_code >= 500:
                logger.error(
                    "%s %s answered %s [request_id=%s]",
                    request.method,
                    request.path,
                    response.status_code,
                    request.request_id,
                )
            response = status_error_json(response.status_code, request_id=request.request_id)
        response[REQUEST_ID_HEADER] = request.request_id
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, _CLIENT_ERRORS) or _staff_debugging(request):
            return None  # Django's handlers answer these (and __call__ gives them the JSON shape)
        logger.error(
            "Unhandled %s on %s %s [request_id=%s]",
            type(exception).__name__,
            request.method,
            request.path,
            request.request_id,
            exc_info=exception,
        )
        return status_error_json(500, request_id=request.request_id)


def _is_json(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() in ("application/json", "application/problem+json")


class BodySizeLimitMiddleware:
    """A body larger than the limit is refused from its Content-Length, unread: uploads (multipart) may be up
    to REQUEST_MAX_UPLOAD_BYTES, anything else (JSON, forms) up to DATA_UPLOAD_MAX_MEMORY_SIZE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads an unreadable length as an empty body
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        limit = settings.REQUEST_MAX_UPLOAD_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return error_json(
                status_code=413,
                code="request_too_large",
                message=_("The request body is larger than %(limit)s bytes.") % {"limit": f"{limit:,}"},
            )
        return self.get_response(request)
