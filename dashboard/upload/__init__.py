"""The upload page's parts: a sheet's preview, its problems and changes, the choices a user
makes, the staged file, and figures extracted from report text."""
