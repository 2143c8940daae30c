"""Documents: PDF (and CSV) downloads for agencies and firms, the public check of verification codes, and the
electronic tax invoice (전자세금계산서) data of paid agency invoices.

Agency endpoints inherit AgencyScopedMixin and seller endpoints SellerScopedMixin: another agency's or firm's row
is not found (404). The public check is throttled per client address. Every PDF is rendered by
market/documents (WeasyPrint); each download answers with its verification code in X-Document-Code.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import AgencyScopedMixin, IsOperator, SellerScopedMixin
from api.throttling import DocumentVerifyAddressThrottle
from market.core.errors import ApplicationError
from market.documents import selectors
from market.documents.facts import delivery_note_facts, purchase_record_facts, quotation_facts
from market.documents.models import DocumentKind
from market.documents.rendering import delivery_note_csv, purchase_record_csv, quotation_csv
from market.documents.services import (
    IssuedDocument,
    delivery_note_document,
    designations_document,
    purchase_record_document,
    quotation_document,
)
from market.documents.tax_invoice import tax_invoice_csv, tax_invoice_data, tax_invoice_issue

PDF = {(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The document (PDF).")}
CSV = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="UTF-8 CSV with a byte-order mark.")}


def pdf_response(document: IssuedDocument) -> HttpResponse:
    response = HttpResponse(document.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["X-Document-Code"] = document.record.display_code
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- query parameters -------------------------------------------------------------------------------------------------
class PeriodParams(serializers.Serializer):
    # "from" is a Python keyword: declared through the class namespace.
    vars()["from"] = serializers.DateField(help_text="First day (YYYY-MM-DD), inclusive.")
    to = serializers.DateField(help_text="Last day (YYYY-MM-DD), inclusive.")


class OptionalPeriodParams(serializers.Serializer):
    vars()["from"] = serializers.DateField(required=False, help_text="First day paid (YYYY-MM-DD), inclusive.")
    to = serializers.DateField(required=False, help_text="Last day paid (YYYY-MM-DD), inclusive.")


class AsOfParams(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="The day the summary is as of (default: today).")


def _params(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- agencies ---------------------------------------------------------------------------------------------------------
class AgencyQuotationDocument(AgencyScopedMixin, APIView):
    @extend_schema(responses=PDF, summary="견적서 PDF of a quotation sent to my agency")
    def get(self, request, pk):
        quotation = selectors.quotation_of_agency(agency=self.get_agency(), pk=pk)
        return pdf_response(quotation_document(quotation=quotation, user=request.user))


class AgencyQuotationCsv(AgencyScopedMixin, APIView):
    @extend_schema(responses=CSV, summary="A quotation's lines as CSV")
    def get(self, request, pk):
        quotation = selectors.quotation_of_agency(agency=self.get_agency(), pk=pk)
        return csv_response(quotation_csv(quotation_facts(quotation)), f"quotation-{quotation.number}.csv")


class AgencyDeliveryNote(AgencyScopedMixin, APIView):
    @extend_schema(responses=PDF, summary="납품서 PDF of a delivery to my agency")
    def get(self, request, pk):
        delivery = selectors.delivery_of_agency(agency=self.get_agency(), pk=pk)
        return pdf_response(delivery_note_document(delivery=delivery, user=request.user))


class AgencyDeliveryNoteCsv(AgencyScopedMixin, APIView):
    @extend_schema(responses=CSV, summary="A delivery note's lines as CSV")
    def get(self, request, pk):
        delivery = selectors.delivery_of_agency(agency=self.get_agency(), pk=pk)
        return csv_response(delivery_note_csv(delivery_note_facts(delivery)), f"delivery-note-{delivery.number}.csv")


class AgencyPurchaseRecord(AgencyScopedMixin, APIView):
    @extend_schema(parameters=[PeriodParams], responses=PDF, summary="구매실적 증명서 PDF for a period")
    def get(self, request):
        period = _params(PeriodParams, request)
        document = purchase_record_document(
            agency=self.get_agency(), date_from=period["from"], date_to=period["to"], user=request.user
        )
        return pdf_response(document)


class AgencyPurchaseRecordCsv(AgencyScopedMixin, APIView):
    @extend_schema(parameters=[PeriodParams], responses=CSV, summary="Purchase record for a period as CSV")
    def get(self, request):
        period = _params(PeriodParams, request)
        facts = purchase_record_facts(self.get_agency(), date_from=period["from"], date_to=period["to"])
        return csv_response(
            purchase_record_csv(facts), f"purchase-record-{period['from']:%Y%m%d}-{period['to']:%Y%m%d}.csv"
        )


class AgencyFirmDesignations(AgencyScopedMixin, APIView):
    @extend_schema(parameters=[AsOfParams], responses=PDF, summary="A firm's designation summary (지정 현황) PDF")
    def get(self, request, pk):
        on = _params(AsOfParams, request).get("on") or timezone.localdate()
        firm = selectors.firm_for_designation_summary(pk=pk)
        return pdf_response(designations_document(firm=firm, on=on, agency=self.get_agency(), user=request.user))


# --- sellers ----------------------------------------------------------------------------------------------------------
class SellerQuotationDocument(SellerScopedMixin, APIView):
    @extend_schema(responses=PDF, summary="견적서 PDF of my firm's quotation")
    def get(self, request, pk):
        quotation = selectors.quotation_of_firm(firm=self.get_firm(), pk=pk)
        return pdf_response(quotation_document(quotation=quotation, user=request.user))


class SellerDeliveryNote(SellerScopedMixin, APIView):
    @extend_schema(responses=PDF, summary="납품서 PDF of my firm's delivery to an agency")
    def get(self, request, pk):
        delivery = selectors.delivery_of_firm(firm=self.get_firm(), pk=pk)
        return pdf_response(delivery_note_document(delivery=delivery, user=request.user))


# --- the public check -------------------------------------------------------------------------------------------------
class DocumentPartySerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=["supplier", "buyer", "firm", "agency", "requested_by"])
    name = serializers.CharField()
    business_number = serializers.CharField(allow_blank=True)


class RegimeCountSerializer(serializers.Serializer):
    name = serializers.CharField()
    counted = serializers.IntegerField()


class DocumentVerificationSerializer(serializers.Serializer):
    """What a verification code attests: the document's kind, number and parties, its totals or period (null where
    the kind has none); never its lines."""

    code = serializers.CharField(source="display_code", help_text="XXXX-XXXX-XXXX-XXXX")
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    number = serializers.CharField(source="subject_number")
    issued_at = serializers.DateTimeField()
    parties = serializers.SerializerMethodField()
    supply_value = serializers.SerializerMethodField(help_text="공급가액, won")
    vat = serializers.SerializerMethodField(help_text="세액, won")
    total = serializers.SerializerMethodField(help_text="합계, won (VAT included)")
    accepted_total = serializers.SerializerMethodField(help_text="A delivery note's amount accepted at inspection")
    date = serializers.SerializerMethodField(help_text="The quotation's or delivery's day")
    period_from = serializers.SerializerMethodField()
    period_to = serializers.SerializerMethodField()
    as_of = serializers.SerializerMethodField(help_text="The day a designation summary is as of")
    valid_kinds = serializers.SerializerMethodField()
    regimes = serializers.SerializerMethodField()

    @extend_schema_field(DocumentPartySerializer(many=True))
    def get_parties(self, record):
        summary = record.summary
        return [
            {"role": role, "name": summary[role]["name"], "business_number": summary[role]["business_number"]}
            for role in ("supplier", "buyer", "firm", "agency", "requested_by")
            if summary.get(role)
        ]

    def get_supply_value(self, record) -> int | None:
        return record.summary.get("supply_value")

    def get_vat(self, record) -> int | None:
        return record.summary.get("vat")

    def get_total(self, record) -> int | None:
        return record.summary.get("total")

    def get_accepted_total(self, record) -> int | None:
        return record.summary.get("accepted_total")

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_date(self, record):
        return record.summary.get("date")

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_period_from(self, record):
        return (record.summary.get("period") or {}).get("from")

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_period_to(self, record):
        return (record.summary.get("period") or {}).get("to")

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_as_of(self, record):
        return record.summary.get("as_of")

    def get_valid_kinds(self, record) -> list[str]:
        return record.summary.get("valid_kinds", [])

    @extend_schema_field(RegimeCountSerializer(many=True))
    def get_regimes(self, record):
        return record.summary.get("regimes", [])


class DocumentFileCheckInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text="The verification code printed on the document.")
    file = serializers.FileField(help_text="The PDF as downloaded.")


class DocumentFileCheckSerializer(serializers.Serializer):
    matches = serializers.BooleanField(help_text="The file is, byte for byte, a PDF issued under this code.")
    document = DocumentVerificationSerializer()


class DocumentVerify(APIView):
    """Anyone holding a document checks its code: what it attests, or 404."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [DocumentVerifyAddressThrottle]

    @extend_schema(responses=DocumentVerificationSerializer, summary="What a verification code attests")
    def get(self, request, code):
        return Response(DocumentVerificationSerializer(selectors.document_by_code(code)).data)


class DocumentFileCheck(APIView):
    """Anyone holding a PDF checks it is the file issued under its code (an edited file does not match)."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [DocumentVerifyAddressThrottle]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": DocumentFileCheckInputSerializer},
        responses=DocumentFileCheckSerializer,
        summary="Whether an uploaded PDF is the one issued under a code",
    )
    def post(self, request):
        serializer = DocumentFileCheckInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        if upload.size > settings.DOCUMENT_VERIFY_MAX_BYTES:
            raise ApplicationError(
                _("The file is larger than %(megabytes)s MB.")
                % {"megabytes": settings.DOCUMENT_VERIFY_MAX_BYTES // (1024 * 1024)},
                code="file_too_large",
                field="file",
            )
        content = upload.read()
        if not content.startswith(b"%PDF-"):
            raise ApplicationError(_("The file is not a PDF."), code="not_a_pdf", field="file")
        record, matches = selectors.document_file_matches(code=serializer.validated_data["code"], content=content)
        return Response(DocumentFileCheckSerializer({"matches": matches, "document": record}).data)


# --- electronic tax invoices ------------------------------------------------------------------------------------------
class TaxInvoicePartySerializer(serializers.Serializer):
    business_number = serializers.CharField(allow_blank=True, help_text="사업자등록번호 (or an agency's 고유번호)")
    name = serializers.CharField(help_text="상호")
    address = serializers.CharField(allow_blank=True)


class TaxInvoiceBuyerSerializer(TaxInvoicePartySerializer):
    email = serializers.CharField(allow_blank=True)


class TaxInvoiceLineSerializer(serializers.Serializer):
    month_day = serializers.CharField(help_text="월일, MM-DD")
    item = serializers.CharField(help_text="품목")
    unit = serializers.CharField(help_text="규격")
    quantity = serializers.IntegerField(help_text="수량")
    unit_supply_price = serializers.IntegerField(help_text="단가: supply value ÷ quantity, rounded (informational)")
    supply_value = serializers.IntegerField(help_text="공급가액")
    vat = serializers.IntegerField(help_text="세액")
    note = serializers.CharField(help_text="비고: the delivery's number")


class TaxInvoiceDocumentSerializer(serializers.Serializer):
    document_type = serializers.ChoiceField(choices=["tax_invoice", "invoice"], help_text="invoice = 계산서 (면세)")
    document_type_label = serializers.CharField(help_text="세금계산서 or 계산서")
    purpose = serializers.CharField(help_text="영수/청구 구분: 청구")
    written_on = serializers.DateField(help_text="작성일자: the day of acceptance at inspection")
    supplier = TaxInvoicePartySerializer(help_text="공급자")
    buyer = TaxInvoiceBuyerSerializer(help_text="공급받는자")
    supply_value = serializers.IntegerField(help_text="공급가액")
    vat = serializers.IntegerField(help_text="세액")
    total = serializers.IntegerField(help_text="합계금액")
    lines = TaxInvoiceLineSerializer(many=True)
    reference = serializers.CharField(help_text="Our invoice number (비고)")


class TaxInvoiceDataSerializer(serializers.Serializer):
    invoice_number = serializers.CharField()
    paid_on = serializers.DateField()
    supply_value = serializers.IntegerField()
    vat = serializers.IntegerField()
    total = serializers.IntegerField()
    documents = TaxInvoiceDocumentSerializer(many=True, help_text="One per tax treatment: taxable, then exempt")


class TaxInvoiceExportSerializer(serializers.Serializer):
    issuer = serializers.CharField()
    issued = serializers.BooleanField(help_text="False: exported only, nothing was issued to the tax service")
    provider_reference = serializers.CharField(allow_blank=True, help_text="The provider's approval number")
    message = serializers.CharField(allow_blank=True)
    exported_at = serializers.DateTimeField()
    data = TaxInvoiceDataSerializer()


class SellerTaxInvoiceData(SellerScopedMixin, APIView):
    @extend_schema(responses=TaxInvoiceDataSerializer, summary="전자세금계산서 data of my firm's paid agency invoice")
    def get(self, request, pk):
        invoice = selectors.invoice_of_firm(firm=self.get_firm(), pk=pk)
        return Response(TaxInvoiceDataSerializer(tax_invoice_data(invoice)).data)


class SellerTaxInvoiceIssue(SellerScopedMixin, APIView):
    @extend_schema(
        request=None,
        responses={201: TaxInvoiceExportSerializer},
        summary="Hand the tax invoice to the configured issuer (by default: export only, nothing is issued)",
    )
    def post(self, request, pk):
        invoice = selectors.invoice_of_firm(firm=self.get_firm(), pk=pk)
        export = tax_invoice_issue(invoice=invoice, user=request.user)
        return Response(TaxInvoiceExportSerializer(export).data, status=status.HTTP_201_CREATED)


class OperatorTaxInvoicesCsv(APIView):
    permission_classes = [IsOperator]

    @extend_schema(parameters=[OptionalPeriodParams], responses=CSV, summary="Every paid agency invoice's tax invoice")
    def get(self, request):
        period = _params(OptionalPeriodParams, request)
        invoices = selectors.paid_invoices(paid_from=period.get("from"), paid_to=period.get("to"))
        return csv_response(tax_invoice_csv(invoices), "gachi-tax-invoices.csv")
