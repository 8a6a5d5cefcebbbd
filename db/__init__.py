"""The one place that talks to the database: models, engine and sessions, named queries."""
