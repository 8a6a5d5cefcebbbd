"""Derived values, ranks, milestones, targets and the composite index: computed here only.

The path: metrics.refresh (inside the load transaction) writes the precomputed tables
metric_values and metric_ranks; metrics.api reads them for the app, the exports and the
report drafts. Formulas: docs/metrics.md.
"""
