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


# --- links: which answer gives the id the next call needs ---------------------------------------------------
# OpenAPI links let clients (and schemathesis's stateful phase) chain calls: list a buyer's orders, then pay,
# cancel or confirm the first one; create a product, then upload its image and delete it again.
FIRST_ID = "$response.body#/results/0/id"
CREATED_ID = "$response.body#/id"
SAME_ID = "$request.path.id"
ORDER = "/api/v1/orders/{id}/"
SELLER_PRODUCT = "/api/v1/seller/products/{id}/"
SELLER_PART = "/api/v1/seller/fulfilments/{id}/"


def _order_moves(order_id: str) -> list:
    return [("GET", ORDER, {"id": order_id})] + [
        ("POST", f"{ORDER}{move}/", {"id": order_id}) for move in ("payment", "payment/confirm", "cancel")
    ]


def _product_moves(product_id: str) -> list:
    return [(method, SELLER_PRODUCT, {"id": product_id}) for method in ("GET", "PATCH", "DELETE")] + [
        ("POST", f"{SELLER_PRODUCT}{move}/", {"id": product_id}) for move in ("stock", "images", "images/reorder")
    ]


LINKS = {
    ("GET", "/api/v1/products/", "200"): [
        ("GET", "/api/v1/products/{id}/", {"id": FIRST_ID}),
        ("PUT", "/api/v1/cart/items/{product_id}/", {"product_id": FIRST_ID}),
    ],
    ("GET", "/api/v1/firms/", "200"): [("GET", "/api/v1/firms/{id}/", {"id": FIRST_ID})],
    ("POST", "/api/v1/checkout/", "201"): _order_moves(CREATED_ID),
    ("GET", "/api/v1/orders/", "200"): _order_moves(FIRST_ID)
    + [
        (
            "POST",
            f"{ORDER}fulfilments/{{fulfilment_id}}/{move}/",
            {"id": FIRST_ID, "fulfilment_id": "$response.body#/results/0/fulfilments/0/id"},
        )
        for move in ("confirm-purchase", "claim")
    ],
    ("GET", "/api/v1/seller/products/", "200"): _product_moves(FIRST_ID),
    ("POST", "/api/v1/seller/products/", "201"): _product_moves(CREATED_ID),
    ("POST", f"{SELLER_PRODUCT}images/", "201"): [
        ("DELETE", f"{SELLER_PRODUCT}images/{{image_id}}/", {"id": SAME_ID, "image_id": CREATED_ID})
    ],
    ("GET", "/api/v1/seller/fulfilments/", "200"): [("GET", SELLER_PART, {"id": FIRST_ID})]
    + [
        ("POST", f"{SELLER_PART}{move}/", {"id": FIRST_ID})
        for move in ("confirm", "ship", "deliver", "cancel", "accept-claim")
    ],
    ("POST", f"{SELLER_PART}confirm/", "200"): [("POST", f"{SELLER_PART}ship/", {"id": SAME_ID})],
    ("POST", f"{SELLER_PART}ship/", "200"): [("POST", f"{SELLER_PART}deliver/", {"id": SAME_ID})],
    ("GET", "/api/v1/operator/firms/", "200"): [
        ("POST", f"/api/v1/operator/firms/{{id}}/{move}/", {"id": FIRST_ID}) for move in ("verify", "reject")
    ],
    ("GET", "/api/v1/operator/claims/", "200"): [
        ("POST", f"/api/v1/operator/claims/{{id}}/{move}/", {"id": FIRST_ID}) for move in ("accept", "reject")
    ],
    ("GET", "/api/v1/operator/payout-batches/", "200"): [
        ("GET", "/api/v1/operator/payout-batches/{id}/csv/", {"id": FIRST_ID})
    ],
    ("POST", "/api/v1/operator/payout-batches/", "201"): [
        ("GET", "/api/v1/operator/payout-batches/{id}/csv/", {"id": CREATED_ID})
    ],
}


def add_links(result, generator, request, public):
    """drf-spectacular postprocessing hook: the LINKS above, by operationId. A link to an operation that is gone
    fails schema generation (and so the schema test), rather than silently linking nowhere."""
    paths = result["paths"]
    for (method, path, status), targets in LINKS.items():
        links = paths[path][method.lower()]["responses"][status].setdefault("links", {})
        for target_method, target_path, parameters in targets:
            operation_id = paths[target_path][target_method.lower()]["operationId"]
            links[operation_id] = {"operationId": operation_id, "parameters": parameters}
    return result
