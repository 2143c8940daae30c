"""The one place settings read the environment.

Every setting that may come from the environment goes through `env()`, so a
missing production secret fails at boot with a message naming the variable.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_UNSET = object()


def env(name: str, default=_UNSET, *, cast=str):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        if default is _UNSET:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return default
    if cast is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if cast is list:
        return [part.strip() for part in raw.split(",") if part.strip()]
    return cast(raw)
