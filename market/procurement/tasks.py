"""Procurement's side effects, run by Celery after the writing transaction commits."""

from celery import shared_task
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from market.procurement.models import Agency, AgencyInvitation, AgencyRole

AGENCY_SUBJECTS = {
    "invitation": "[같이마켓] {agency}에서 초대했습니다",
    "approved": "[같이마켓] 기관 등록이 승인되었습니다 ({agency})",
    "rejected": "[같이마켓] 기관 등록이 반려되었습니다 ({agency})",
}


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_agency_email(self, kind: str, object_id: int) -> bool:
    """One e-mail about an agency: an invitation (to the invited address) or the operator's decision on an
    application (to its applicant). Nothing is sent for an invitation taken back, used or expired meanwhile."""
    if kind == "invitation":
        invitation = AgencyInvitation.objects.select_related("agency", "invited_by").filter(pk=object_id).first()
        if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= timezone.now():
            return False
        roles = [AgencyRole(role).label for role in invitation.roles]
        agency, recipient, context = invitation.agency, invitation.email, {"invitation": invitation, "roles": roles}
    else:
        agency = Agency.objects.select_related("created_by").filter(pk=object_id).first()
        if agency is None or agency.created_by is None:
            return False
        recipient, context = agency.created_by.email, {}
    body = render_to_string(f"procurement/email/agency_{kind}.txt", {"agency": agency, **context})
    try:
        send_mail(AGENCY_SUBJECTS[kind].format(agency=agency.name), body, None, [recipient])
    except OSError as exc:
        raise self.retry(exc=exc) from exc
    return True


# --- agencies' invoices at the payment gateway ------------------------------------------------------------------
@shared_task(bind=True, max_retries=8, acks_late=True)
def push_agency_invoice(self, invoice_id: int) -> str:
    """Send an agency's invoice through the gateway and, once it is paid here, mark it paid there (whatever is
    missing; safe to run twice). While the gateway is away the task retries with backoff."""
    from django.conf import settings

    from market.payments.tasks import _with_retries
    from market.procurement.services.deliveries import agency_invoice_push

    if not settings.AGENCY_INVOICES_THROUGH_GATEWAY:
        return ""  # the invoice is ours alone (see the setting)
    return _with_retries(self, lambda: agency_invoice_push(invoice_id=invoice_id).provider_invoice_id, base_delay=30)
