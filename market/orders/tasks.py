from celery import shared_task
from django.core.mail import send_mail
from django.template.loader import render_to_string

from market.orders.models import Order

SUBJECTS = {
    "placed": "[같이마켓] 주문이 접수되었습니다 ({number})",
    "paid": "[같이마켓] 결제가 완료되었습니다 ({number})",
    "shipped": "[같이마켓] 상품이 발송되었습니다 ({number})",
    "delivered": "[같이마켓] 배송이 완료되었습니다. 구매확정을 해 주세요 ({number})",
    "refunded": "[같이마켓] 환불이 처리되었습니다 ({number})",
}


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_order_email(self, order_id: int, kind: str, context: dict | None = None) -> bool:
    """One e-mail to the buyer about their order. Retried on mail-server trouble."""
    order = (
        Order.objects.select_related("buyer").prefetch_related("lines", "fulfilments__firm").filter(pk=order_id).first()
    )
    if order is None:
        return False
    body = render_to_string(f"orders/email/{kind}.txt", {"order": order, **(context or {})})
    try:
        send_mail(SUBJECTS[kind].format(number=order.number), body, None, [order.buyer.email])
    except OSError as exc:
        raise self.retry(exc=exc) from exc
    return True


@shared_task
def auto_confirm_purchases() -> int:
    """Beat, every 15 minutes: 구매확정 of delivered parts whose window ended with no claim open."""
    from market.orders.services import purchases_auto_confirm

    return purchases_auto_confirm()
