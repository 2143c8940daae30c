from django.contrib import admin, messages

from market.core.events import enqueue
from search.models import PendingIndexUpdate, SearchSynonym
from search.services import synonym_delete, synonym_save
from search.tasks import rebuild_search_index


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """Synonym groups apply to the next search on both backends: the database backend reads this table, and
    Elasticsearch gets it as a search-time synonym set (no reindex)."""

    list_display = ["terms", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["terms"]
    actions = ["rebuild_index"]

    def save_model(self, request, obj, form, change):
        synonym_save(synonym=obj)

    def delete_model(self, request, obj):
        synonym_delete(synonym=obj)

    def delete_queryset(self, request, queryset):
        for synonym in queryset:
            synonym_delete(synonym=synonym)

    @admin.action(description="Rebuild the search index (after user dictionary changes, or to repair)")
    def rebuild_index(self, request, queryset):
        enqueue(rebuild_search_index)  # the broker away: recorded and sent later, not a 500
        self.message_user(request, "The search index rebuild has been queued.", messages.SUCCESS)


@admin.register(PendingIndexUpdate)
class PendingIndexUpdateAdmin(admin.ModelAdmin):
    list_display = ["product_id", "created_at", "attempts", "last_error"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False
