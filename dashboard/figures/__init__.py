"""Figure builders: pure functions from data to plotly figures, testable without a browser."""
