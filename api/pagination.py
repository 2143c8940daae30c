from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

from market.core.parsing import INT_MAX, IntegerParseError, parse_int


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param, 1)
        if raw in self.last_page_strings:
            return paginator.num_pages
        try:
            return parse_int(raw, minimum=1, maximum=INT_MAX)
        except IntegerParseError as exc:
            raise ValidationError({"page": [exc.message]}, code=exc.code) from exc

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            return parse_int(raw, minimum=1, maximum=self.max_page_size)
        except IntegerParseError as exc:
            raise ValidationError(
                {
                    "page_size": [
                        _("page_size must be a whole number from 1 to %(maximum)s.") % {"maximum": self.max_page_size}
                    ]
                },
                code=exc.code,
            ) from exc

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            raise NotFound({"page": [str(exc.detail)]}) from exc
