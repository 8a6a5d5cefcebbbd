"""The reporting rounds' parts of the app: the board's views, and what the Upload page and the
Overview show of a round."""
