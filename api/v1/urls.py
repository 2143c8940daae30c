from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from api.v1 import (
    auth,
    documents,
    operator,
    orders,
    procurement_agencies,
    procurement_deliveries,
    procurement_performance,
    procurement_quotations,
    public,
    reports_city,
    reports_disclosure,
    reports_impact,
    reports_monthly,
    reports_seller,
    search,
    seller,
)

router = SimpleRouter()
router.register("seller/products", seller.MyProducts, basename="seller-product")
router.register("seller/fulfilments", orders.SellerFulfilments, basename="seller-fulfilment")

urlpatterns = [
    path("auth/register/", auth.RegisterBuyer.as_view(), name="register-buyer"),
    path("auth/register/seller/", auth.RegisterSeller.as_view(), name="register-seller"),
    path("auth/login/", auth.Login.as_view(), name="login"),
    path("auth/logout/", auth.Logout.as_view(), name="logout"),
    path("auth/logoutall/", auth.LogoutAll.as_view(), name="logout-all"),
    path("auth/token/", auth.ObtainToken.as_view(), name="token"),
    path("auth/password/", auth.PasswordChange.as_view(), name="password-change"),
    path("auth/me/", auth.Me.as_view(), name="me"),
    path("districts/", public.DistrictList.as_view(), name="district-list"),
    path("tags/", public.TagList.as_view(), name="tag-list"),
    path("categories/", public.CategoryTree.as_view(), name="category-tree"),
    path("firms/", public.FirmList.as_view(), name="firm-list"),
    path("firms/<int:pk>/", public.FirmDetail.as_view(), name="firm-detail"),
    path("products/", public.ProductList.as_view(), name="product-list"),
    path("products/<int:pk>/", public.ProductDetail.as_view(), name="product-detail"),
    re_path(r"^search/products/?$", search.ProductSearch.as_view(), name="search-products"),
    re_path(r"^search/suggest/?$", search.ProductSuggest.as_view(), name="search-suggest"),
    path("seller/firm/", seller.MyFirm.as_view(), name="seller-firm"),
    path("seller/firm/designations/", seller.MyDesignations.as_view(), name="seller-designations"),
    path("operator/firms/", operator.OperatorFirmList.as_view(), name="operator-firm-list"),
    path("operator/firms/<int:pk>/verify/", operator.OperatorFirmVerify.as_view(), name="operator-firm-verify"),
    path("operator/firms/<int:pk>/reject/", operator.OperatorFirmReject.as_view(), name="operator-firm-reject"),
    path(
        "operator/designations/<int:pk>/status/",
        operator.OperatorDesignationStatus.as_view(),
        name="operator-designation-status",
    ),
    path("operator/registry-imports/", operator.OperatorRegistryImports.as_view(), name="operator-registry-imports"),
    path("cart/", orders.CartView.as_view(), name="cart"),
    path("cart/items/<int:product_id>/", orders.CartItemView.as_view(), name="cart-item"),
    path("checkout/", orders.Checkout.as_view(), name="checkout"),
    path("orders/", orders.OrderList.as_view(), name="order-list"),
    path("orders/<int:pk>/", orders.OrderDetail.as_view(), name="order-detail"),
    path("orders/<int:pk>/payment/", orders.OrderPayment.as_view(), name="order-payment"),
    path("orders/<int:pk>/payment/confirm/", orders.OrderPaymentConfirm.as_view(), name="order-payment-confirm"),
    path("orders/<int:pk>/payment/sync/", orders.OrderPaymentSync.as_view(), name="order-payment-sync"),
    path("orders/<int:pk>/cancel/", orders.OrderCancel.as_view(), name="order-cancel"),
    path(
        "orders/<int:pk>/fulfilments/<int:fulfilment_id>/confirm-purchase/",
        orders.OrderFulfilmentConfirmPurchase.as_view(),
        name="order-fulfilment-confirm-purchase",
    ),
    path(
        "orders/<int:pk>/fulfilments/<int:fulfilment_id>/claim/",
        orders.OrderFulfilmentClaim.as_view(),
        name="order-fulfilment-claim",
    ),
    path("seller/settlement/", orders.SellerSettlement.as_view(), name="seller-settlement"),
    path("operator/claims/", orders.OperatorClaims.as_view(), name="operator-claims"),
    path("operator/claims/<int:pk>/accept/", orders.OperatorClaimAccept.as_view(), name="operator-claim-accept"),
    path("operator/claims/<int:pk>/reject/", orders.OperatorClaimReject.as_view(), name="operator-claim-reject"),
    path(
        "operator/fulfilments/<int:pk>/refund/",
        orders.OperatorFulfilmentRefund.as_view(),
        name="operator-fulfilment-refund",
    ),
    path("operator/payout-batches/", orders.PayoutBatches.as_view(), name="operator-payout-batches"),
    path("operator/payout-batches/<int:pk>/csv/", orders.PayoutBatchCsv.as_view(), name="operator-payout-csv"),
    path("payments/config/", orders.PaymentConfig.as_view(), name="payment-config"),
    path("payments/stripe/webhook/", orders.StripeWebhook.as_view(), name="stripe-webhook"),
    # Agencies and their people (api/v1/procurement_agencies.py).
    path("agencies/", procurement_agencies.AgencyRegister.as_view(), name="agency-register"),
    path("agency/", procurement_agencies.MyAgency.as_view(), name="agency-mine"),
    path("agency/members/", procurement_agencies.AgencyMembers.as_view(), name="agency-members"),
    path("agency/members/<int:pk>/", procurement_agencies.AgencyMemberDetail.as_view(), name="agency-member"),
    path("agency/invitations/", procurement_agencies.AgencyInvitations.as_view(), name="agency-invitations"),
    path(
        "agency/invitations/<int:pk>/",
        procurement_agencies.AgencyInvitationDetail.as_view(),
        name="agency-invitation",
    ),
    path(
        "agency/invitations/accept/",
        procurement_agencies.AgencyInvitationAccept.as_view(),
        name="agency-invitation-accept",
    ),
    path("operator/agencies/", procurement_agencies.OperatorAgencies.as_view(), name="operator-agencies"),
    path(
        "operator/agencies/<int:pk>/approve/",
        procurement_agencies.OperatorAgencyApprove.as_view(),
        name="operator-agency-approve",
    ),
    path(
        "operator/agencies/<int:pk>/reject/",
        procurement_agencies.OperatorAgencyReject.as_view(),
        name="operator-agency-reject",
    ),
    # Documents (api/v1/documents.py): PDF and CSV downloads, the public check of verification codes, tax invoices.
    path(
        "agency/quotations/<int:pk>/document.pdf",
        documents.AgencyQuotationDocument.as_view(),
        name="agency-quotation-document",
    ),
    path(
        "agency/quotations/<int:pk>/document.csv", documents.AgencyQuotationCsv.as_view(), name="agency-quotation-csv"
    ),
    path(
        "agency/deliveries/<int:pk>/delivery-note.pdf",
        documents.AgencyDeliveryNote.as_view(),
        name="agency-delivery-note",
    ),
    path(
        "agency/deliveries/<int:pk>/delivery-note.csv",
        documents.AgencyDeliveryNoteCsv.as_view(),
        name="agency-delivery-note-csv",
    ),
    path("agency/purchase-record.pdf", documents.AgencyPurchaseRecord.as_view(), name="agency-purchase-record"),
    path("agency/purchase-record.csv", documents.AgencyPurchaseRecordCsv.as_view(), name="agency-purchase-record-csv"),
    path(
        "agency/firms/<int:pk>/designations.pdf",
        documents.AgencyFirmDesignations.as_view(),
        name="agency-firm-designations",
    ),
    path(
        "seller/quotations/<int:pk>/document.pdf",
        documents.SellerQuotationDocument.as_view(),
        name="seller-quotation-document",
    ),
    path(
        "seller/agency-deliveries/<int:pk>/delivery-note.pdf",
        documents.SellerDeliveryNote.as_view(),
        name="seller-delivery-note",
    ),
    path(
        "seller/agency-invoices/<int:pk>/tax-invoice.json",
        documents.SellerTaxInvoiceData.as_view(),
        name="seller-tax-invoice",
    ),
    path(
        "seller/agency-invoices/<int:pk>/tax-invoice/issue/",
        documents.SellerTaxInvoiceIssue.as_view(),
        name="seller-tax-invoice-issue",
    ),
    path("operator/tax-invoices.csv", documents.OperatorTaxInvoicesCsv.as_view(), name="operator-tax-invoices-csv"),
    path("documents/verify/", documents.DocumentFileCheck.as_view(), name="document-file-check"),
    path("documents/verify/<str:code>/", documents.DocumentVerify.as_view(), name="document-verify"),
    # Purchase performance (api/v1/procurement_performance.py).
    path("agency/performance/", procurement_performance.AgencyPerformance.as_view(), name="agency-performance"),
    path(
        "agency/performance/export.csv",
        procurement_performance.AgencyPerformanceCsv.as_view(),
        name="agency-performance-csv",
    ),
    path(
        "agency/performance/export.xlsx",
        procurement_performance.AgencyPerformanceXlsx.as_view(),
        name="agency-performance-xlsx",
    ),
    path("agency/years/", procurement_performance.AgencyYears.as_view(), name="agency-years"),
    path("agency/years/import/", procurement_performance.AgencyYearsImport.as_view(), name="agency-years-import"),
    path("agency/plan-targets/", procurement_performance.AgencyPlanTargets.as_view(), name="agency-plan-targets"),
    path("operator/regimes/", procurement_performance.OperatorRegimes.as_view(), name="operator-regimes"),
    path("operator/regimes/<int:pk>/", procurement_performance.OperatorRegimeDetail.as_view(), name="operator-regime"),
    path(
        "operator/firm-qualifications/",
        procurement_performance.OperatorFirmQualifications.as_view(),
        name="operator-firm-qualifications",
    ),
    path(
        "operator/firm-qualifications/<int:pk>/revoke/",
        procurement_performance.OperatorFirmQualificationRevoke.as_view(),
        name="operator-firm-qualification-revoke",
    ),
    path(
        "operator/firm-qualifications/<int:pk>/end/",
        procurement_performance.OperatorFirmQualificationEnd.as_view(),
        name="operator-firm-qualification-end",
    ),
    path("operator/performance/", procurement_performance.OperatorPerformance.as_view(), name="operator-performance"),
    path(
        "operator/agencies/<int:pk>/performance/",
        procurement_performance.OperatorAgencyPerformance.as_view(),
        name="operator-agency-performance",
    ),
    # Deliveries, inspection, agencies' invoices and refunds (api/v1/procurement_deliveries.py).
    path(
        "seller/agency-orders/<int:pk>/deliveries/",
        procurement_deliveries.SellerAgencyOrderDeliveries.as_view(),
        name="seller-agency-order-deliveries",
    ),
    path(
        "seller/agency-deliveries/",
        procurement_deliveries.SellerAgencyDeliveries.as_view(),
        name="seller-agency-deliveries",
    ),
    path(
        "seller/agency-deliveries/<int:pk>/invoice/",
        procurement_deliveries.SellerAgencyDeliveryInvoice.as_view(),
        name="seller-agency-delivery-invoice",
    ),
    path(
        "seller/agency-invoices/", procurement_deliveries.SellerAgencyInvoices.as_view(), name="seller-agency-invoices"
    ),
    path(
        "seller/agency-invoices/<int:pk>/mark-paid/",
        procurement_deliveries.SellerAgencyInvoiceMarkPaid.as_view(),
        name="seller-agency-invoice-mark-paid",
    ),
    path("agency/deliveries/", procurement_deliveries.AgencyDeliveries.as_view(), name="agency-deliveries"),
    path("agency/deliveries/<int:pk>/", procurement_deliveries.AgencyDeliveryDetail.as_view(), name="agency-delivery"),
    path(
        "agency/deliveries/<int:pk>/inspect/",
        procurement_deliveries.AgencyDeliveryInspect.as_view(),
        name="agency-delivery-inspect",
    ),
    path("agency/invoices/", procurement_deliveries.AgencyInvoices.as_view(), name="agency-invoices"),
    path("agency/invoices/<int:pk>/", procurement_deliveries.AgencyInvoiceDetail.as_view(), name="agency-invoice"),
    path(
        "agency/invoices/<int:pk>/pay-by-card/",
        procurement_deliveries.AgencyInvoicePayByCard.as_view(),
        name="agency-invoice-pay-by-card",
    ),
    path(
        "operator/agency-invoices/",
        procurement_deliveries.OperatorAgencyInvoices.as_view(),
        name="operator-agency-invoices",
    ),
    path(
        "operator/agency-invoices/<int:pk>/mark-paid/",
        procurement_deliveries.OperatorAgencyInvoiceMarkPaid.as_view(),
        name="operator-agency-invoice-mark-paid",
    ),
    path(
        "operator/agency-refunds/",
        procurement_deliveries.OperatorAgencyRefunds.as_view(),
        name="operator-agency-refunds",
    ),
    # Requests for quotation, quotations and purchases through approval (api/v1/procurement_quotations.py).
    path("agency/quote-requests/", procurement_quotations.AgencyQuoteRequests.as_view(), name="agency-quote-requests"),
    path(
        "agency/quote-requests/<int:pk>/",
        procurement_quotations.AgencyQuoteRequestDetail.as_view(),
        name="agency-quote-request",
    ),
    path(
        "agency/quote-requests/<int:pk>/cancel/",
        procurement_quotations.AgencyQuoteRequestCancel.as_view(),
        name="agency-quote-request-cancel",
    ),
    path(
        "agency/quote-requests/<int:pk>/comparison/",
        procurement_quotations.AgencyQuoteRequestComparison.as_view(),
        name="agency-quote-request-comparison",
    ),
    path(
        "agency/quote-requests/<int:pk>/select/",
        procurement_quotations.AgencyQuoteRequestSelect.as_view(),
        name="agency-quote-request-select",
    ),
    path("agency/purchases/", procurement_quotations.AgencyPurchases.as_view(), name="agency-purchases"),
    path("agency/purchases/buy-now/", procurement_quotations.AgencyPurchaseBuyNow.as_view(), name="agency-buy-now"),
    path("agency/purchases/<int:pk>/", procurement_quotations.AgencyPurchaseDetail.as_view(), name="agency-purchase"),
    path(
        "agency/purchases/<int:pk>/approve/",
        procurement_quotations.AgencyPurchaseApprove.as_view(),
        name="agency-purchase-approve",
    ),
    path(
        "agency/purchases/<int:pk>/return/",
        procurement_quotations.AgencyPurchaseReturn.as_view(),
        name="agency-purchase-return",
    ),
    path(
        "agency/purchases/<int:pk>/resubmit/",
        procurement_quotations.AgencyPurchaseResubmit.as_view(),
        name="agency-purchase-resubmit",
    ),
    path(
        "agency/purchases/<int:pk>/cancel/",
        procurement_quotations.AgencyPurchaseCancel.as_view(),
        name="agency-purchase-cancel",
    ),
    path("agency/approvals/", procurement_quotations.AgencyApprovals.as_view(), name="agency-approvals"),
    path("seller/quote-requests/", procurement_quotations.SellerQuoteRequests.as_view(), name="seller-quote-requests"),
    path(
        "seller/quote-requests/<int:pk>/",
        procurement_quotations.SellerQuoteRequestDetail.as_view(),
        name="seller-quote-request",
    ),
    path(
        "seller/quote-requests/<int:pk>/quotation/",
        procurement_quotations.SellerQuotationSubmit.as_view(),
        name="seller-quotation-submit",
    ),
    path(
        "seller/quotations/<int:pk>/withdraw/",
        procurement_quotations.SellerQuotationWithdraw.as_view(),
        name="seller-quotation-withdraw",
    ),
    path("seller/agency-orders/", procurement_quotations.SellerAgencyOrders.as_view(), name="seller-agency-orders"),
    path(
        "seller/agency-orders/<int:pk>/",
        procurement_quotations.SellerAgencyOrderDetail.as_view(),
        name="seller-agency-order",
    ),
    # A seller's sales report (api/v1/reports_seller.py).
    path("seller/reports/sales/", reports_seller.SellerSalesReportView.as_view(), name="seller-reports-sales"),
    path(
        "seller/reports/sales/export.csv",
        reports_seller.SellerSalesReportCsv.as_view(),
        name="seller-reports-sales-csv",
    ),
    path(
        "seller/reports/sales/export.xlsx",
        reports_seller.SellerSalesReportXlsx.as_view(),
        name="seller-reports-sales-xlsx",
    ),
    # Public disclosure (api/v1/reports_disclosure.py).
    path("agency/disclosures/", reports_disclosure.AgencyDisclosures.as_view(), name="agency-disclosures"),
    path(
        "agency/disclosures/withdraw/",
        reports_disclosure.AgencyDisclosureWithdraw.as_view(),
        name="agency-disclosure-withdraw",
    ),
    path("public/disclosures/", reports_disclosure.PublicDisclosures.as_view(), name="public-disclosures"),
    path("public/disclosures.csv", reports_disclosure.PublicDisclosuresCsv.as_view(), name="public-disclosures-csv"),
    # The city's and districts' report, district officers (api/v1/reports_city.py).
    path("operator/reports/city/", reports_city.OperatorCityReport.as_view(), name="operator-reports-city"),
    path(
        "operator/reports/city/export.csv",
        reports_city.OperatorCityReportCsv.as_view(),
        name="operator-reports-city-csv",
    ),
    path(
        "operator/reports/city/export.xlsx",
        reports_city.OperatorCityReportXlsx.as_view(),
        name="operator-reports-city-xlsx",
    ),
    re_path(r"^reports/districts/(?P<code>[0-9]{5})/$", reports_city.DistrictReport.as_view(), name="reports-district"),
    re_path(
        r"^reports/districts/(?P<code>[0-9]{5})/export\.csv$",
        reports_city.DistrictReportCsv.as_view(),
        name="reports-district-csv",
    ),
    re_path(
        r"^reports/districts/(?P<code>[0-9]{5})/export\.xlsx$",
        reports_city.DistrictReportXlsx.as_view(),
        name="reports-district-xlsx",
    ),
    path("reports/access/", reports_city.ReportAccess.as_view(), name="reports-access"),
    path(
        "operator/reports/district-officers/",
        reports_city.OperatorDistrictOfficers.as_view(),
        name="operator-district-officers",
    ),
    path(
        "operator/reports/district-officers/<int:pk>/",
        reports_city.OperatorDistrictOfficerDetail.as_view(),
        name="operator-district-officer",
    ),
    # A citizen's value consumption, its receipts and shared cards (api/v1/reports_impact.py).
    path("me/impact/", reports_impact.MyImpact.as_view(), name="my-impact"),
    path("me/impact/cards/", reports_impact.MyImpactCards.as_view(), name="my-impact-cards"),
    path("me/impact/cards/<str:token>/", reports_impact.MyImpactCard.as_view(), name="my-impact-card"),
    path("orders/<str:number>/impact/", reports_impact.OrderImpact.as_view(), name="order-impact"),
    path("impact-cards/<str:token>/", reports_impact.SharedImpactCard.as_view(), name="impact-card"),
    path("impact-cards/<str:token>/card.png", reports_impact.SharedImpactCardImage.as_view(), name="impact-card-png"),
    # The monthly e-mail summary (api/v1/reports_monthly.py).
    path("me/monthly-summary/", reports_monthly.MyMonthlySummary.as_view(), name="my-monthly-summary"),
    *router.urls,
]
