"""The web server around the Dash app: sign-in and sessions, the admin pages, downloads,
compression, forged-request guards, the heavy-work slots and capped logs."""
