"""Account writes: registration of buyers and of sellers who apply with their firm; API tokens."""

from datetime import datetime

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from knox.models import AuthToken

from market.accounts.models import User, UserKind
from market.core.errors import ApplicationError, Conflict
from market.firms.models import District, Firm
from market.firms.services import firm_apply


def _check_password_strength(password: str, user: User, *, field: str) -> None:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), code="weak_password", field=field) from None


def _create_user(*, email: str, password: str, display_name: str, kind: str, district_code: str | None) -> User:
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email=email).exists():
        raise Conflict(_("An account with this e-mail address exists already."), code="email_taken", field="email")
    district = None
    if district_code:
        district = District.objects.filter(code=district_code).first()
        if district is None:
            raise ApplicationError(
                _("Unknown district code %(district_code)r.") % {"district_code": district_code},
                code="unknown_district",
                field="district",
            )
    user = User(email=email, display_name=display_name.strip(), kind=kind, district=district)
    _check_password_strength(password, user, field="password")
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def user_register_buyer(*, email: str, password: str, display_name: str = "", district_code: str | None = None) -> User:
    return _create_user(
        email=email, password=password, display_name=display_name, kind=UserKind.BUYER, district_code=district_code
    )


@transaction.atomic
def user_register_seller(*, email: str, password: str, firm: dict, display_name: str = "") -> tuple[User, Firm]:
    """A seller account and its firm's application (pending until an operator verifies it), all or nothing."""
    user = _create_user(
        email=email, password=password, display_name=display_name, kind=UserKind.SELLER, district_code=None
    )
    return user, firm_apply(user=user, **firm)


# --- API tokens (django-rest-knox): one per client, stored hashed, each with its own expiry ---------------


def user_token_issue(*, user: User) -> tuple[str, datetime | None]:
    """A new token for one client of `user`: the key (shown once, stored only as a hash) and its expiry."""
    token, key = AuthToken.objects.create(user=user)
    return key, token.expiry


def user_token_revoke(*, token: AuthToken) -> None:
    """End one client's token; the user's other clients stay signed in."""
    AuthToken.objects.filter(pk=token.pk).delete()


def user_tokens_revoke_all(*, user: User) -> int:
    """End every token of `user` (signed out everywhere); returns how many there were."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def user_password_change(*, user: User, new_password: str, keep_token: AuthToken | None = None) -> None:
    """Set a new password and end every other sign-in: all tokens but `keep_token` (the caller's own); sessions
    end by themselves, as Django ties each to the password it was opened with."""
    _check_password_strength(new_password, user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    others = AuthToken.objects.filter(user=user)
    if keep_token is not None:
        others = others.exclude(pk=keep_token.pk)
    others.delete()
