"""Derived values, ranks, milestones, targets and the composite index: computed here only.

The path: metrics.refresh (inside the load transaction) writes the precomputed table
metric_values (each value with its growth and headline ranks); metrics.api reads it for the
app, the exports and the report drafts, and ranks a whole scope from it when asked.
Formulas: docs/metrics.md.
"""
