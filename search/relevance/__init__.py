"""The judged query set for search relevance (issue 7): a fixed synthetic catalogue, queries graded by a
written guideline before any tuning, the scorer, a loader that goes through the project's services and an
evaluator that runs the queries through the search API. `bench/relevance.py` prints the figures."""
