"""Reads of public procurement, one module per stage (as services/): agencies, quotations, purchases,
deliveries, performance. Every agency-side read takes the caller's agency, so another agency's rows are never
among the results."""
