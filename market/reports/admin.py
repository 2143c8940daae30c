from django.contrib import admin

from market.reports.models import CityPurchasingFigure, DistrictOfficer


@admin.register(DistrictOfficer)
class DistrictOfficerAdmin(admin.ModelAdmin):
    list_display = ("user", "district", "created_at")
    list_filter = ("district",)
    raw_id_fields = ("user",)


@admin.register(CityPurchasingFigure)
class CityPurchasingFigureAdmin(admin.ModelAdmin):
    list_display = ("kind", "year", "amount", "share", "source")
