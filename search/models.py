from django.db import models
from django.utils import timezone

from market.catalog.models import Product


class SearchSynonym(models.Model):
    """One group of words that mean the same to buyers (에코백, 장바구니, eco bag). Operators edit these."""

    terms = models.CharField(max_length=500, help_text="comma-separated, e.g. 에코백, 장바구니, 장가방")
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.terms

    @property
    def words(self) -> list[str]:
        return [word.strip().lower() for word in self.terms.split(",") if word.strip()]


class ProductSearchEntry(models.Model):
    """The database backend's index row of one public product (bigrams, so partial Korean words match).

    PostgreSQL indexes it with a weighted tsvector GIN index, SQLite with an FTS5 table (see migrations).
    """

    product = models.OneToOneField(Product, primary_key=True, on_delete=models.CASCADE, related_name="search_entry")
    title_grams = models.TextField()
    body_grams = models.TextField()
    chosung = models.TextField()
    # Lower-weight text: the firm's mission (bigrams) and 초성 of words inside title compounds.
    low_grams = models.TextField(default="", blank=True)
    recent_sales = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)


class PendingIndexUpdate(models.Model):
    """Outbox: a product whose index entries must be brought up to date. Written in the same transaction as the
    change, deleted once both indexes have it, so an Elasticsearch outage loses nothing."""

    product_id = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
