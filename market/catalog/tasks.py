import logging

from celery import shared_task

from market.catalog.images import product_image_make_renditions
from market.catalog.models import ProductImage

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3)
def make_product_image_renditions(self, image_id: int) -> dict:
    """Make the image's missing renditions; does nothing when they all exist or the image was deleted."""
    try:
        return product_image_make_renditions(image_id=image_id)
    except ProductImage.DoesNotExist:
        logger.info("Image %s was deleted before its renditions were made", image_id)
        return {}
    except OSError as exc:  # storage hiccup: try again later
        raise self.retry(exc=exc, countdown=10 * 2**self.request.retries) from exc
