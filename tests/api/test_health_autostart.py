"""The health answer says whether the companion starts with the computer, when the install can tell: the
extension remembers it and, if the companion stops, tells the buyer the companion normally starts by itself."""

from __future__ import annotations

import sys
import types

import pytest

from companion.server import api


@pytest.fixture
def installer(monkeypatch):
    """A stand-in for companion.install.autostart whose status() answers what the test sets."""
    monkeypatch.setattr(api, "_autostart_seen", {})
    module = types.ModuleType(api.AUTOSTART_MODULE)
    module.answer = True
    module.status = lambda: module.answer
    monkeypatch.setitem(sys.modules, api.AUTOSTART_MODULE, module)
    return module


@pytest.mark.parametrize("registered", [True, False])
async def test_health_carries_the_autostart_flag(companion, installer, registered):
    installer.answer = registered
    body = await (await companion.request("GET", "/api/v1/health", auth=False)).json()
    assert body["autostart"] is registered
    assert body["status"] == "ok"


async def test_an_answer_that_is_not_a_yes_or_no_is_left_out(companion, installer):
    installer.answer = "maybe"
    body = await (await companion.request("GET", "/api/v1/health", auth=False)).json()
    assert "autostart" not in body


async def test_an_install_without_the_autostart_module_leaves_the_field_out(companion, monkeypatch):
    monkeypatch.setattr(api, "_autostart_seen", {})
    monkeypatch.setitem(sys.modules, api.AUTOSTART_MODULE, None)  # import raises ModuleNotFoundError
    body = await (await companion.request("GET", "/api/v1/health", auth=False)).json()
    assert "autostart" not in body
    assert body["status"] == "ok"
