from django.contrib import admin, messages

from search.models import PendingIndexUpdate, SearchSynonym
from search.tasks import rebuild_search_index


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["terms", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["terms"]
    actions = ["rebuild_index"]

    @admin.action(description="Rebuild the search index so synonym changes apply")
    def rebuild_index(self, request, queryset):
        rebuild_search_index.delay()
        self.message_user(request, "The search index rebuild has been queued.", messages.SUCCESS)


@admin.register(PendingIndexUpdate)
class PendingIndexUpdateAdmin(admin.ModelAdmin):
    list_display = ["product_id", "created_at", "attempts", "last_error"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False
