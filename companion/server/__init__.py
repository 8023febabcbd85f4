"""The web layer: the aiohttp app, its routes (the JSON API and the dashboard), security and errors.
Handlers validate what arrives and make one call on the service layer."""
