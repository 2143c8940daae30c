"""The monthly e-mail summary, opted into by the signed-in user (me/monthly-summary/): whether it is on, what it
will be about (their firm's sales, or their own purchases), and the last month sent. Rules:
market/reports/monthly.py."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from market.reports.models import MonthlySummarySubscription
from market.reports.monthly import (
    CITIZEN,
    SELLER,
    monthly_summary_subscribe,
    monthly_summary_unsubscribe,
    summary_audience,
)


class MonthlySummaryStateSerializer(serializers.Serializer):
    subscribed = serializers.BooleanField()
    audience = serializers.ChoiceField(
        choices=[SELLER, CITIZEN], help_text="seller: your firm's sales; citizen: your own purchases"
    )
    subscribed_at = serializers.DateTimeField(allow_null=True)
    last_sent_month = serializers.DateField(allow_null=True, help_text="The first day of the month last sent")


def _state(user) -> dict:
    subscription = MonthlySummarySubscription.objects.filter(user=user).first()
    return MonthlySummaryStateSerializer(
        {
            "subscribed": subscription is not None,
            "audience": summary_audience(user),
            "subscribed_at": subscription.created_at if subscription else None,
            "last_sent_month": subscription.last_sent_month if subscription else None,
        }
    ).data


class MyMonthlySummary(APIView):
    """Your monthly e-mail summary (sent on the 1st for the month before, with a chart): read, turn on, turn off."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MonthlySummaryStateSerializer)
    def get(self, request):
        return Response(_state(request.user))

    @extend_schema(request=None, responses=MonthlySummaryStateSerializer)
    def put(self, request):
        monthly_summary_subscribe(user=request.user)
        return Response(_state(request.user))

    @extend_schema(responses={200: MonthlySummaryStateSerializer})
    def delete(self, request):
        monthly_summary_unsubscribe(user=request.user)
        return Response(_state(request.user))
