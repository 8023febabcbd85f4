"""Both browser suites launch the Chromium that $ORDER_GUARD_CHROMIUM names, and fail without one."""

from __future__ import annotations

import pytest

from tests.chromium import chromium_path


def test_the_environment_names_the_browser(tmp_path, monkeypatch):
    browser = tmp_path / "chrome"
    browser.write_text("")
    monkeypatch.setenv("ORDER_GUARD_CHROMIUM", str(browser))
    assert chromium_path() == browser


def test_a_missing_browser_fails_the_test_with_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("ORDER_GUARD_CHROMIUM", str(tmp_path / "nothing"))
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        chromium_path()


def test_both_suites_use_it():
    from tests.dashboard import conftest as dashboard
    from tests.e2e import conftest as e2e

    assert dashboard.chromium_path is chromium_path and e2e.chromium_path is chromium_path
