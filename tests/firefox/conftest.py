"""The Firefox run uses the browser tests' fake AliExpress and companion fixtures."""

from tests.e2e.conftest import companion, site, tls, tls_folder

__all__ = ["companion", "site", "tls", "tls_folder"]
