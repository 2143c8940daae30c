"""Operators' admin for firms, designations and registry imports. Every state change goes through a service."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from market.core.admin import ReadOnlyAdminMixin
from market.core.errors import ApplicationError
from market.firms.models import (
    Designation,
    DesignationStatus,
    District,
    Firm,
    FirmKind,
    FirmMember,
    RegistryImport,
)
from market.firms.registry import registry_import
from market.firms.services import (
    DESIGNATION_FIELDS,
    OPERATOR_EDITABLE_FIELDS,
    designation_add,
    designation_set_status,
    designation_update,
    firm_reject,
    firm_update,
    firm_verify,
)
from market.firms.validators import clean_registration_number


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="사유 (reason)", widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), max_length=300
    )


def _reason_action(modeladmin, request, queryset, *, title: str, apply, done: str):
    """An action that needs a reason: show an intermediate form, then apply a service to each selected row."""
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        count = 0
        for obj in queryset:
            try:
                apply(obj, form.cleaned_data["reason"])
                count += 1
            except ApplicationError as error:
                modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
        modeladmin.message_user(request, done.format(count=count), messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "form": form,
        "queryset": queryset,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/firms/reason_form.html", context)


@admin.register(District)
class DistrictAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name_ko", "name_en")
    search_fields = ("name_ko", "name_en", "code")


class DesignationInline(admin.TabularInline):
    """Shown for reference; designations change through the designation admin and its actions."""

    model = Designation
    fields = ("kind", "number", "issuer", "start_date", "end_date", "status", "status_reason")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class FirmMemberInline(admin.TabularInline):
    model = FirmMember
    fields = ("user", "role", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class FirmAdminForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Firm
        fields = "__all__"

    def clean_registration_number(self):
        try:
            return clean_registration_number(self.cleaned_data["registration_number"])
        except ApplicationError as error:
            raise forms.ValidationError(error.message, code=error.code) from None


@admin.register(Firm)
class FirmAdmin(admin.ModelAdmin):
    form = FirmAdminForm
    list_display = ("name", "registration_number", "district", "verification_status", "listings_hidden_reason")
    list_filter = ("verification_status", "district", "designations__kind", "svi_grade")
    search_fields = ("name", "registration_number")
    list_select_related = ("district",)
    readonly_fields = (
        "verification_status",
        "rejection_reason",
        "verified_at",
        "verified_by",
        "listings_hidden_reason",
        "listings_hidden_since",
        "created_at",
        "updated_at",
    )
    inlines = (DesignationInline, FirmMemberInline)
    actions = ("verify_selected", "reject_selected")

    def get_search_results(self, request, queryset, search_term):
        # Operators paste numbers with hyphens; stored numbers have none.
        digits = search_term.replace("-", "").strip()
        if digits.isdigit() and digits != search_term.strip():
            search_term = digits
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in OPERATOR_EDITABLE_FIELDS}
        firm_update(firm=obj, editable=OPERATOR_EDITABLE_FIELDS, **changes)  # its products are re-indexed

    def has_add_permission(self, request):
        return False  # firms arrive through a seller's application (firm_apply)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="선택한 기업 확인 (verify selected firms)", permissions=["change"])
    def verify_selected(self, request, queryset):
        count = 0
        for firm in queryset:
            firm_verify(firm=firm, operator=request.user)
            count += 1
        self.message_user(request, f"{count}개 기업을 확인했습니다 (verified {count} firms).", messages.SUCCESS)

    @admin.action(description="선택한 기업 반려 (reject selected firms)", permissions=["change"])
    def reject_selected(self, request, queryset):
        return _reason_action(
            self,
            request,
            queryset,
            title="기업 반려 사유 (why are these firms rejected?)",
            apply=lambda firm, reason: firm_reject(firm=firm, operator=request.user, reason=reason),
            done="{count}개 기업을 반려했습니다 (rejected {count} firms).",
        )


@admin.register(Designation)
class DesignationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "firm", "kind", "number", "issuer", "start_date", "end_date", "status", "in_force")
    list_filter = ("kind", "status", "issuer")
    search_fields = ("number", "firm__name", "firm__registration_number")
    list_select_related = ("firm",)
    raw_id_fields = ("firm",)
    readonly_fields = ("status", "status_reason", "created_at", "updated_at")
    actions = ("activate_selected", "revoke_selected")

    @admin.display(boolean=True, description="유효 (in force today)")
    def in_force(self, obj):
        return obj.is_valid_on()

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead, so the firm's history and reason stay

    def save_model(self, request, obj, form, change):
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data if name in DESIGNATION_FIELDS}
            designation_update(designation=obj, **changes)
            return
        # Operators add designations they have checked: active at once.
        created = designation_add(
            firm=obj.firm,
            kind=obj.kind,
            start_date=obj.start_date,
            end_date=obj.end_date,
            issuer=obj.issuer,
            number=obj.number,
            status=DesignationStatus.ACTIVE,
        )
        obj.pk = created.pk
        obj.status = created.status

    @admin.action(description="선택한 지정 유효 처리 (activate selected)", permissions=["change"])
    def activate_selected(self, request, queryset):
        count = 0
        for designation in queryset.select_related("firm"):
            designation_set_status(designation=designation, status=DesignationStatus.ACTIVE)
            count += 1
        self.message_user(request, f"{count}개 지정을 유효 처리했습니다 (activated {count}).", messages.SUCCESS)

    @admin.action(description="선택한 지정 취소 (revoke selected)", permissions=["change"])
    def revoke_selected(self, request, queryset):
        return _reason_action(
            self,
            request,
            queryset.select_related("firm"),
            title="지정 취소 사유 (why are these designations revoked?)",
            apply=lambda designation, reason: designation_set_status(
                designation=designation, status=DesignationStatus.REVOKED, reason=reason
            ),
            done="{count}개 지정을 취소했습니다 (revoked {count}).",
        )


class RegistryUploadForm(forms.Form):
    kind = forms.ChoiceField(label="지정 종류 (kind)", choices=FirmKind.choices)
    file = forms.FileField(
        label="명부 파일 (registry CSV)",
        help_text="UTF-8 or CP949 CSV with columns number, name, registration_number, "
        "start_date[, end_date, issuer] (or 인증번호, 기업명, 사업자등록번호, 인증일, 종료일, 발급기관).",
    )


def mismatch_table(mismatches: list[dict]):
    if not mismatches:
        return "—"
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (m.get("line"), m.get("code"), m.get("registration_number"), m.get("name"), m.get("message"))
            for m in mismatches
        ),
    )
    return format_html(
        "<table><thead><tr><th>line</th><th>code</th><th>사업자등록번호</th><th>name</th><th>message</th></tr>"
        "</thead><tbody>{}</tbody></table>",
        rows,
    )


@admin.register(RegistryImport)
class RegistryImportAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "kind",
        "filename",
        "uploaded_by",
        "rows",
        "created_count",
        "updated_count",
        "unchanged_count",
        "mismatch_count",
    )
    list_filter = ("kind",)
    fields = (
        "kind",
        "filename",
        "uploaded_by",
        "created_at",
        "rows",
        "created_count",
        "updated_count",
        "unchanged_count",
        "mismatch_list",
    )
    readonly_fields = fields

    @admin.display(description="mismatches")
    def mismatch_count(self, obj):
        return len(obj.mismatches)

    @admin.display(description="mismatches")
    def mismatch_list(self, obj):
        return mismatch_table(obj.mismatches)

    def has_add_permission(self, request):
        return False  # imports are made by uploading a file (upload_view)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request) -> bool:
        return request.user.has_perms(["firms.add_registryimport", "firms.change_designation"])

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="{}_{}_upload".format(*info)),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def upload_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = RegistryUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                record = registry_import(
                    file=upload, kind=form.cleaned_data["kind"], operator=request.user, filename=upload.name
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                self.message_user(
                    request,
                    f"{record.rows}행: 생성 {record.created_count}, 갱신 {record.updated_count}, "
                    f"변경 없음 {record.unchanged_count}, 불일치 {len(record.mismatches)} "
                    f"({record.rows} rows: {record.created_count} created, {record.updated_count} updated, "
                    f"{record.unchanged_count} unchanged, {len(record.mismatches)} mismatches).",
                    messages.WARNING if record.mismatches else messages.SUCCESS,
                )
                info = self.opts.app_label, self.opts.model_name
                return redirect(reverse("admin:{}_{}_change".format(*info), args=[record.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "공공 명부 가져오기 (import a registry file)",
            "opts": self.opts,
            "form": form,
        }
        return TemplateResponse(request, "admin/firms/registryimport/upload.html", context)
