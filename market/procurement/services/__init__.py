"""Writes of public procurement, one module per stage: agencies (organisations, members, invitations),
quotations (requests and answers), purchases (approval and eligibility), deliveries (delivery, inspection,
invoices, payment, refunds), performance (regimes, qualifications, yearly totals and plans)."""
