"""The writes of placing an order, in one statement on PostgreSQL and through the ORM elsewhere.

order_place (services.py) locks the cart's products, checks and prices the lines and builds the rows in Python;
`write_placement` stores them: the order, its per-firm parts (fulfilments), its lines, the stock reservations,
the "placed" event, the emptied cart and the stock taken. While the products are locked every extra round trip
holds up every other buyer of the same products, so on PostgreSQL the whole write is one statement: a chain of
data-modifying CTEs, each insert taking the ids it needs from the RETURNING of another. The rows' values come
from the model instances through the fields' own conversions (pre_save, get_db_prep_save), as the ORM would
send them, so defaults and types are the models'. Other databases (SQLite, the embedded default) take the ORM
route; both take the stock with the same guard (stock >= quantity) and refuse the order when a row fails it.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, Q, When

from market.catalog.models import Product
from market.orders.models import CartItem, Fulfilment, Order, OrderEvent, OrderLine, StockReservation


@dataclass
class Placement:
    order: Order
    fulfilments: list[Fulfilment]  # one per firm, in the order of the lines' firms
    lines: list[OrderLine]  # each with `firm_id` set; order and fulfilment are filled in here
    reservations: list[StockReservation]
    event: OrderEvent
    cart_id: int
    taken: dict[int, int]  # product id -> units of stock taken, in product id order


class StockChanged(Exception):
    """A product's stock fell below what the order takes between the check and the write (the row locks make
    this impossible; the guard is the last line of defence against overselling)."""


def write_placement(placement: Placement) -> None:
    """Store the placement inside the caller's transaction; sets the order's (and, off PostgreSQL, every row's)
    primary key. Raises StockChanged, with nothing to keep, when the stock guard fails."""
    if connection.vendor == "postgresql":
        _write_in_one_statement(placement)
    else:
        _write_with_the_orm(placement)


def _write_with_the_orm(p: Placement) -> None:
    p.order.save(force_insert=True)
    for fulfilment in p.fulfilments:
        fulfilment.order = p.order
    by_firm = {f.firm_id: f for f in Fulfilment.objects.bulk_create(p.fulfilments)}
    for line in p.lines:
        line.order, line.fulfilment = p.order, by_firm[line.firm_id]
    OrderLine.objects.bulk_create(p.lines)
    for reservation in p.reservations:
        reservation.order = p.order
    StockReservation.objects.bulk_create(p.reservations)
    guard = Q()
    for product_id, quantity in p.taken.items():
        guard |= Q(pk=product_id, stock__gte=quantity)
    updated = Product.objects.filter(guard).update(
        stock=Case(*[When(pk=product_id, then=F("stock") - quantity) for product_id, quantity in p.taken.items()])
    )
    if updated != len(p.taken):
        raise StockChanged
    CartItem.objects.filter(cart_id=p.cart_id).delete()
    p.event.order = p.order
    p.event.save(force_insert=True)


def _write_in_one_statement(p: Placement) -> None:
    order_id = "(SELECT id FROM placed_order)"
    parts = [
        _insert("placed_order", Order, [p.order], returning="id"),
        _insert("placed_parts", Fulfilment, p.fulfilments, refs={"order_id": order_id}, returning="id, firm_id"),
        _insert(
            "placed_lines",
            OrderLine,
            p.lines,
            refs={
                "order_id": order_id,
                "fulfilment_id": lambda line: ("(SELECT id FROM placed_parts WHERE firm_id = %s)", [line.firm_id]),
            },
        ),
        _insert("placed_reservations", StockReservation, p.reservations, refs={"order_id": order_id}),
        _insert("placed_event", OrderEvent, [p.event], refs={"order_id": order_id}),
        (
            f"emptied_cart AS (DELETE FROM {_q(CartItem._meta.db_table)} WHERE {_q('cart_id')} = %s)",
            [p.cart_id],
        ),
        _take_stock(p.taken),
    ]
    sql = "WITH " + ",\n".join(part for part, _params in parts)
    sql += "\nSELECT (SELECT id FROM placed_order), (SELECT count(*) FROM stock_taken)"
    params = [param for _part, part_params in parts for param in part_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        p.order.pk, taken = cursor.fetchone()
    if taken != len(p.taken):
        raise StockChanged
    p.order._state.adding = False
    p.order._state.db = connection.alias


def _take_stock(taken: dict[int, int]) -> tuple[str, list]:
    table = _q(Product._meta.db_table)
    rows = ", ".join(["(%s::bigint, %s::integer)"] * len(taken))
    sql = (
        f"stock_taken AS (UPDATE {table} AS product SET stock = product.stock - taking.quantity "
        f"FROM (VALUES {rows}) AS taking (id, quantity) "
        f"WHERE product.id = taking.id AND product.stock >= taking.quantity RETURNING product.id)"
    )
    return sql, [value for pair in taken.items() for value in pair]


def _insert(name: str, model, objs, *, refs=None, returning: str = "") -> tuple[str, list]:
    """`name AS (INSERT INTO <model's table> (...) VALUES (...), ... [RETURNING ...])`, each column's value
    from the object as the ORM would send it, except the columns in `refs`: SQL (a string, or a function of the
    object giving SQL and its parameters) that reads the id of a row another part of the statement inserts."""
    refs = refs or {}
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    rows, params = [], []
    for obj in objs:
        values = []
        for field in fields:
            ref = refs.get(field.attname)
            if ref is None:
                values.append("%s")
                params.append(field.get_db_prep_save(field.pre_save(obj, True), connection))
            elif callable(ref):
                sql, ref_params = ref(obj)
                values.append(sql)
                params.extend(ref_params)
            else:
                values.append(ref)
        rows.append(f"({', '.join(values)})")
    columns = ", ".join(_q(field.column) for field in fields)
    sql = f"{name} AS (INSERT INTO {_q(model._meta.db_table)} ({columns}) VALUES {', '.join(rows)}"
    return sql + (f" RETURNING {returning})" if returning else ")"), params


def _q(name: str) -> str:
    return connection.ops.quote_name(name)
