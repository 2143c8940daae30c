# The real localstripe and a two-firm shop, as the payments tests set them up (a refund needs a real payment).
from tests.payments.conftest import shop, stripe_server  # noqa: F401
