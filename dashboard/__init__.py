"""The Dash web app: application factory, layout shell, pages, figures and formatting."""
