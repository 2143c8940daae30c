"""One JSON error shape for every error the API returns:

    {"error": {"code": "...", "message": "...", "field": "price" | null, "details": [{"field", "code", "message"}]}}

`code` is stable for clients; `message` is for people; `field` names the first input at fault.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from market.core.errors import ApplicationError, ServiceUnavailable
from market.payments.provider import GatewayError, GatewayUnavailable

logger = logging.getLogger(__name__)


def _flatten(detail, field=None):
    """Turn DRF's nested error detail into a flat list of {field, code, message}."""
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            if key == "non_field_errors":
                name = field
            elif isinstance(key, int) or str(key).isdigit():  # a row of a list: designations[0]
                name = f"{field}[{key}]"
            else:
                name = f"{field}.{key}" if field else str(key)
            items.extend(_flatten(value, name))
        return items
    if isinstance(detail, list):
        items = []
        for index, value in enumerate(detail):
            # A list of dicts is a nested list serializer: keep the row index in the field name.
            name = f"{field}[{index}]" if isinstance(value, dict) and field else field
            items.extend(_flatten(value, name))
        return items
    return [{"field": field, "code": getattr(detail, "code", "invalid") or "invalid", "message": str(detail)}]


def error_response(*, code: str, message: str, field=None, details=None, status_code=400):
    return Response(
        {"error": {"code": code, "message": message, "field": field, "details": details or []}}, status=status_code
    )


def error_json(*, code: str, message: str, status_code: int, field=None, details=None) -> JsonResponse:
    """The error shape outside DRF's views: Django's own error pages and the middleware."""
    return JsonResponse(
        {"error": {"code": code, "message": str(message), "field": field, "details": details or []}},
        status=status_code,
        json_dumps_params={"ensure_ascii": False},
    )


# Django's own error responses, by status: the code clients see and the message people read.
STATUS_ERRORS = {
    400: ("bad_request", gettext_lazy("The request cannot be read.")),
    403: ("permission_denied", gettext_lazy("You do not have permission to perform this action.")),
    404: ("not_found", gettext_lazy("Nothing is at this address.")),
    405: ("method_not_allowed", gettext_lazy("This method is not allowed here.")),
    413: ("request_too_large", gettext_lazy("The request body is too large.")),
    500: (
        "server_error",
        gettext_lazy(
            "Something went wrong on our side; nothing was changed. "
            "Quote the reference %(request_id)s when you report it."
        ),
    ),
}


def status_error_json(status_code: int, *, request_id: str | None = None) -> JsonResponse:
    code, message = STATUS_ERRORS.get(status_code, STATUS_ERRORS[500 if status_code >= 500 else 400])
    message = str(message)
    if "%(request_id)s" in message:
        message = message % {"request_id": request_id or "-"}
    return error_json(code=code, message=message, status_code=status_code)


# The root URLconf's handlers (api/urls.py): the same shape when DEBUG is off. The admin keeps its HTML 404.
def handler400(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return status_error_json(413)
    return status_error_json(400)


def handler403(request, exception=None):
    return status_error_json(403)


def handler404(request, exception=None):
    if request.path_info.startswith("/admin/"):
        return defaults.page_not_found(request, exception)
    return status_error_json(404)


def handler500(request):
    return status_error_json(500, request_id=getattr(request, "request_id", None))


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):  # a form or multipart body past DATA_UPLOAD_MAX_MEMORY_SIZE
        return error_response(code="request_too_large", message=str(STATUS_ERRORS[413][1]), status_code=413)
    if isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        return error_response(
            code="too_many_fields", message=_("The request has too many fields or files."), status_code=400
        )
    if isinstance(exc, GatewayError):
        # The payment gateway failed or could not be reached: not the buyer's fault; the same call can be repeated.
        logger.warning("payment gateway unavailable during %s: %s", context.get("view").__class__.__name__, exc)
        exc = GatewayUnavailable(_("The payment service did not answer; try again shortly."))
    if isinstance(exc, ApplicationError):
        response = error_response(
            code=exc.code, message=exc.message, field=exc.field, details=exc.details, status_code=exc.status
        )
        if isinstance(exc, ServiceUnavailable):  # a service we need is away (the gateway, whoever noticed it)
            response["Retry-After"] = "30"
        return response
    if isinstance(exc, (DatabaseOperationalError, DatabaseInterfaceError)):
        # The connection was lost, or a deadlock rolled the transaction back: nothing was written.
        logger.warning("database unavailable during %s: %s", context.get("view").__class__.__name__, exc)
        response = error_response(
            code="service_unavailable",
            status_code=503,
            message=_("The service is briefly unavailable; nothing was changed. Try again."),
        )
        response["Retry-After"] = "5"
        return response
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handling and logging take it
    if isinstance(exc, exceptions.ValidationError):
        details = _flatten(exc.detail)
        first = details[0] if details else {"field": None, "code": "invalid", "message": _("Invalid input.")}
        code = "validation_error" if first["code"] in ("invalid", "required", "null", "blank") else first["code"]
        message = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
        response.data = {"error": {"code": code, "message": message, "field": first["field"], "details": details}}
        return response
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    if isinstance(detail, dict):
        details = _flatten(detail)
        first = details[0]
        response.data = {
            "error": {"code": first["code"], "message": first["message"], "field": first["field"], "details": details}
        }
    else:
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"error": {"code": code, "message": str(detail), "field": None, "details": []}}
    if response.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
        response.data["error"]["code"] = "method_not_allowed"
    return response
