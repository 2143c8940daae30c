from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from market.core.errors import ApplicationError
from market.reports.models import CityPurchasingFigure, DistrictOfficer
from market.reports.services import officer_appoint, officer_check, officer_remove


class DistrictOfficerForm(forms.ModelForm):
    class Meta:
        model = DistrictOfficer
        fields = ("user", "district")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("user") is not None:
            try:
                officer_check(user=cleaned["user"])  # the service's refusals, shown on the form
            except ApplicationError as error:
                raise ValidationError({"user": error.message}) from None
        return cleaned


@admin.register(DistrictOfficer)
class DistrictOfficerAdmin(admin.ModelAdmin):
    """Appointing, moving and removing officers go through market/reports/services.py, as the operator API does."""

    form = DistrictOfficerForm
    list_display = ("user", "district", "created_at")
    list_filter = ("district",)
    raw_id_fields = ("user",)

    def get_readonly_fields(self, request, obj=None):
        return ("user",) if obj else ()  # another person is another appointment

    def save_model(self, request, obj, form, change):
        officer = officer_appoint(actor=request.user, user=obj.user, district=obj.district)
        obj.pk, obj.created_at = officer.pk, officer.created_at

    def delete_model(self, request, obj):
        officer_remove(actor=request.user, officer=obj)

    def delete_queryset(self, request, queryset):
        for officer in queryset:
            officer_remove(actor=request.user, officer=officer)


@admin.register(CityPurchasingFigure)
class CityPurchasingFigureAdmin(admin.ModelAdmin):
    list_display = ("kind", "year", "amount", "share", "source")
