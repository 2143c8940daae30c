"""Load the judged set's catalogue into the current database through the project's services.

    key_by_id = {v: k for k, v in load_catalogue().items()}
    search.services.index_rebuild()   # then rebuild the search indexes

Firms apply with their designations (firm_apply), an operator verifies them (firm_verify, which activates the
designations) and sets the SVI grade (firm_update with the operator's fields); products are created published
(product_create) with their social value tags. Seller and operator accounts are made in bulk under
@relevance.gachi.kr: they only exist to own the firms. Everything happens in one transaction; the products'
index updates are queued as usual (PendingIndexUpdate) and flushed after commit.
"""

import datetime
import json
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from market.accounts.models import User, UserKind
from market.catalog.models import Category, ProductStatus, SocialValueTag
from market.catalog.services import product_create
from market.firms.services import OPERATOR_EDITABLE_FIELDS, firm_apply, firm_update, firm_verify

CATALOGUE = Path(__file__).resolve().parent / "catalogue.json"
EMAIL_DOMAIN = "relevance.gachi.kr"


def read_catalogue(path=None) -> dict:
    return json.loads(Path(path or CATALOGUE).read_text(encoding="utf-8"))


def _designations(firm: dict, today: datetime.date) -> list[dict]:
    """Dates relative to today, so the designations stay valid whenever the catalogue is loaded."""
    out = []
    for d in firm["designations"]:
        start = today - datetime.timedelta(days=d["started_days_ago"])
        end = start + datetime.timedelta(days=d["valid_days"] - 1) if d["valid_days"] else None
        out.append(
            {"kind": d["kind"], "issuer": d["issuer"], "number": d["number"], "start_date": start, "end_date": end}
        )
    return out


@transaction.atomic
def load_catalogue(path=None) -> dict[str, int]:
    """Create the catalogue's firms and products; return {catalogue product key: product id}."""
    data = read_catalogue(path)
    today = timezone.localdate()
    operator = User.objects.create_user(
        email=f"operator@{EMAIL_DOMAIN}", password=None, is_staff=True, display_name="relevance operator"
    )
    owners = User.objects.bulk_create(
        [
            User(email=f"{firm['key']}@{EMAIL_DOMAIN}", password="!", kind=UserKind.SELLER, display_name=firm["name"])
            for firm in data["firms"]
        ]
    )
    categories = {c.slug: c for c in Category.objects.all()}
    tags = {t.slug: t for t in SocialValueTag.objects.all()}
    firms = {}
    for owner, spec in zip(owners, data["firms"], strict=True):
        firm = firm_apply(
            user=owner,
            name=spec["name"],
            registration_number=spec["registration_number"],
            district_code=spec["district"],
            address=spec["address"],
            description=spec["description"],
            purpose_type=spec["purpose_type"],
            vulnerable_employee_share=spec["vulnerable_employee_share"],
            designations=_designations(spec, today),
        )
        firm = firm_verify(firm=firm, operator=operator)
        if spec["svi_grade"]:
            firm = firm_update(firm=firm, editable=OPERATOR_EDITABLE_FIELDS, svi_grade=spec["svi_grade"])
        firms[spec["key"]] = firm
    key_to_id = {}
    for spec in data["products"]:
        product = product_create(
            firm=firms[spec["firm"]],
            category=categories[spec["category"]],
            title=spec["title"],
            price=spec["price"],
            description=spec["description"],
            stock=spec["stock"],
            unit=spec["unit"],
            min_order_quantity=spec["min_order_quantity"],
            status=ProductStatus.PUBLISHED,
            tags=[tags[slug] for slug in spec["tags"]],
        )
        key_to_id[spec["key"]] = product.pk
    return key_to_id


def settle_database() -> None:
    """After a bulk load (PostgreSQL): move the GIN indexes' pending entries into the indexes and refresh the
    planner's statistics, so queries run as on a settled database rather than on the fresh load (ten times
    slower for the database search backend until autovacuum would get there). Works inside a transaction."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE a.amname = 'gin' AND n.nspname = current_schema()"
        )
        for (name,) in cursor.fetchall():
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])
        cursor.execute("ANALYZE")
