"""OpenAPI schema generation: every operation declares the error responses the API can give, in the one shape.

The exception handler (api/errors.py) answers every refusal with ErrorSerializer's shape; declaring it once here
keeps the schema true for clients and lets schema fuzzing check error bodies as strictly as success bodies.
"""
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from api.v1.serializers import ErrorSerializer

# Any operation may refuse bad input (400), a missing or bad credential (401), a role (403), an unknown row or
# path (404), a state conflict (409), an oversized body (413), a body type it does not read (415) or too many
# attempts (429), and answer 503 while a service it needs is down.
ERROR_STATUS_CODES = ("400", "401", "403", "404", "409", "413", "415", "429", "503")


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in ERROR_STATUS_CODES:
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
        return responses
