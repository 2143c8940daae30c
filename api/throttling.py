"""Request-rate limits on the sign-in endpoints, per client address and per account named in the request.

Rates are settings (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], from the environment) read when a request
arrives, so a test or an operator's change applies without a restart of the class. Counters live in the
default cache (Redis in production, shared by every worker). A refused request gets DRF's Throttled: 429 in
the one error shape, with Retry-After. Failed-password lockout is django-axes' job (market/accounts/lockout.py).
"""

import hashlib

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from market.accounts.lockout import client_address, normalized_account


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def key(self, ident: str) -> str:
        return self.cache_format % {"scope": self.scope, "ident": ident}


class SignInAddressThrottle(_SettingsRateThrottle):
    """Sign-in attempts from one client address (any account)."""

    scope = "auth_address"

    def get_cache_key(self, request, view):
        return self.key(client_address(request))


class SignInAccountThrottle(_SettingsRateThrottle):
    """Attempts naming one account (its e-mail address), from any address: slows a botnet guessing one password."""

    scope = "auth_account"

    def get_cache_key(self, request, view):
        data = request.data
        account = normalized_account(data.get("email") if hasattr(data, "get") else None)
        if account is None and request.user.is_authenticated:
            account = normalized_account(request.user.email)  # a signed-in user's own account (password change)
        if account is None:
            return None  # nothing named: the serializer refuses the request anyway
        # Hashed: the cache holds no e-mail addresses.
        return self.key(hashlib.sha256(account.encode()).hexdigest()[:32])


class RegistrationAddressThrottle(_SettingsRateThrottle):
    """New accounts from one client address."""

    scope = "register_address"

    def get_cache_key(self, request, view):
        return self.key(client_address(request))


class DocumentVerifyAddressThrottle(_SettingsRateThrottle):
    """The public check of documents' verification codes, per client address (codes are unguessable; this keeps
    anyone from trying many)."""

    scope = "document_verify_address"

    def get_cache_key(self, request, view):
        return self.key(client_address(request))


class PublicReportAddressThrottle(_SettingsRateThrottle):
    """The public reports (agencies' disclosures and their open data), per client address: each answer is computed
    from the purchase rows, so one client cannot keep the database busy."""

    scope = "public_report_address"

    def get_cache_key(self, request, view):
        return self.key(client_address(request))
