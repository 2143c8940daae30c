"""Who a sign-in attempt is from, for failed-login lockout (django-axes) and the sign-in throttles.

One rule for the client address: REMOTE_ADDR, unless TRUSTED_PROXY_COUNT proxies in front of us append to
X-Forwarded-For; then the address the outermost trusted proxy saw. A client cannot pick its own address by
sending the header itself, which would let it escape every per-address limit.
"""

import math

from django.conf import settings
from django.http import HttpResponse


def client_address(request) -> str:
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote_addr
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-min(proxies, len(hops))] if hops else remote_addr


def normalized_account(value) -> str | None:
    """The account a sign-in names, as the user table stores it (e-mail addresses are kept lower-case)."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().lower()[:254]


def lockout_username(request, credentials: dict | None) -> str | None:
    """The API logs in with `email`; the admin's form posts `username` (the e-mail address all the same)."""
    credentials = credentials or {}
    for value in (credentials.get("email"), credentials.get("username"), request.POST.get("username")):
        account = normalized_account(value)
        if account:
            return account
    return None


def lockout_retry_after() -> int:
    """Seconds until a locked-out account or address may try again (the whole cool-off, an upper bound)."""
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds()))


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The admin login's answer while locked out (the API answers in its own JSON shape instead)."""
    seconds = lockout_retry_after()
    response = HttpResponse(
        f"Too many failed sign-in attempts. Try again in {math.ceil(seconds / 60)} minutes.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(seconds)
    return response
