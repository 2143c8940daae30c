from django.contrib import admin

from market.core.models import DeferredTask


class ReadOnlyAdminMixin:
    """For rows that change only through services (or never): the admin shows them and nothing else."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeferredTask)
class DeferredTaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Tasks waiting for the broker to come back; beat sends them every minute."""

    list_display = ("task_name", "created_at", "attempts", "last_error")
