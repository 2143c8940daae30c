"""The reference data every search request reads — the category tree, district and tag names — kept in this process.

Search validates its parameters and labels its facets with them; reading them from the database cost three or
four queries a request. They change rarely (an operator renames a category or a tag), so each process keeps one
copy and reloads it when a change has bumped the version stored in Django's cache (Redis in production, shared by
every worker). The process that made the change forgets its copy at once; others notice within CHECK_SECONDS. With
a cache of the process only (the embedded default without Redis) a copy is still reloaded after MAX_AGE_SECONDS.
"""

import dataclasses
import threading
import time
import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "search:reference-version"
# How often a process looks at the shared version (one cache read), and how old its copy may ever get.
CHECK_SECONDS = 1.0
MAX_AGE_SECONDS = 300.0


@dataclasses.dataclass(frozen=True)
class CategoryRef:
    id: int
    slug: str
    name_ko: str
    name_en: str
    parent_id: int | None
    path: str


@dataclasses.dataclass(frozen=True)
class Reference:
    categories: dict[int, CategoryRef]  # in tree order (path)
    category_ids_by_slug: dict[str, int]
    district_names: dict[str, str]  # code -> name_ko
    tag_names: dict[str, str]  # slug -> name_ko


@dataclasses.dataclass
class _Copy:
    version: str | None
    data: Reference
    loaded_at: float
    checked_at: float


_lock = threading.Lock()
_copy: _Copy | None = None


def _load() -> Reference:
    from market.catalog.models import Category, SocialValueTag
    from market.firms.models import District

    categories = {
        pk: CategoryRef(pk, slug, name_ko, name_en, parent_id, path)
        for pk, slug, name_ko, name_en, parent_id, path in Category.objects.order_by("path").values_list(
            "pk", "slug", "name_ko", "name_en", "parent_id", "path"
        )
    }
    return Reference(
        categories=categories,
        category_ids_by_slug={c.slug: c.id for c in categories.values()},
        district_names=dict(District.objects.values_list("code", "name_ko")),
        tag_names=dict(SocialValueTag.objects.values_list("slug", "name_ko")),
    )


def _shared_version() -> str | None:
    """The version in the shared cache, set afresh when missing (a flushed or restarted cache); None when the
    cache does not answer."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def reference() -> Reference:
    global _copy
    now = time.monotonic()
    current = _copy
    if current is not None and now - current.checked_at < CHECK_SECONDS and now - current.loaded_at < MAX_AGE_SECONDS:
        return current.data
    with _lock:
        current = _copy
        version = _shared_version()
        if (
            current is not None
            and now - current.loaded_at < MAX_AGE_SECONDS
            # An unanswering cache keeps the copy until MAX_AGE_SECONDS rather than reloading at every request.
            and (version is None or version == current.version)
        ):
            current.checked_at = now
            return current.data
        data = _load()
        _copy = _Copy(version=version, data=data, loaded_at=now, checked_at=now)
        return data


def reference_changed() -> None:
    """Categories, districts or tags changed: this process forgets its copy now, and every process reloads once the
    change is committed (bumped again then, so no process keeps what it read before the commit)."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    global _copy
    _copy = None
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def reference_reset() -> None:
    """Forget this process's copy (tests: another test's categories must not linger for CHECK_SECONDS)."""
    global _copy
    _copy = None
