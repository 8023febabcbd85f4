"""Order Guard companion: the local server behind the browser extension."""

__version__ = "0.1.0"
# What the extension and the companion tell each other at pairing (the hello answer carries both): the
# level of the API this companion speaks, one more with every change the extension may rely on, and the
# lowest level of the extension's own (background/proof.js EXTENSION_API) it still works with.
API_VERSION = 1
MIN_EXTENSION_API = 1
