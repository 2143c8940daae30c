class ReadOnlyAdminMixin:
    """For rows that change only through services (or never): the admin shows them and nothing else."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
