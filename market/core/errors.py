"""The one application error type. api/ maps it to the standard JSON error shape."""


class ApplicationError(Exception):
    """A rule of the domain said no. `code` is stable; `message` is for people; `field` names the input at fault."""

    status = 400
    default_code = "invalid"

    def __init__(
        self, message: str, *, code: str | None = None, field: str | None = None, details: list[dict] | None = None
    ):
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.field = field
        # More than one problem at once, e.g. every bad row of an import: [{"field", "code", "message", ...}].
        self.details = details or []


class NotFound(ApplicationError):
    status = 404
    default_code = "not_found"


class PermissionDenied(ApplicationError):
    status = 403
    default_code = "permission_denied"


class Conflict(ApplicationError):
    status = 409
    default_code = "conflict"


class ServiceUnavailable(ApplicationError):
    """A service we depend on (the payment gateway, the database) is away: nothing was done; try again shortly."""

    status = 503
    default_code = "service_unavailable"
