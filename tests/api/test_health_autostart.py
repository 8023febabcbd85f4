"""The health answer says whether the companion starts with the computer, when the install can tell: the
extension remembers it and, if the companion stops, tells the buyer the companion normally starts by itself."""

from __future__ import annotations

import pytest

from companion.server.keys import AUTOSTART
from tests.conftest import free_port


def installer(companion, answer):
    """The CLI hands the app the installer's status(); here a stand-in that answers what the test sets."""
    companion.app[AUTOSTART].status = lambda: answer


@pytest.mark.parametrize("registered", [True, False])
async def test_health_carries_the_autostart_flag(companion, registered):
    installer(companion, registered)
    body = await (await companion.request("GET", "/api/v1/health", auth=False)).json()
    assert body["autostart"] is registered
    assert body["status"] == "ok"


async def test_an_answer_that_is_not_a_yes_or_no_is_left_out(companion):
    installer(companion, "maybe")
    body = await (await companion.request("GET", "/api/v1/health", auth=False)).json()
    assert "autostart" not in body


async def test_an_app_given_no_installer_leaves_the_field_out(companion):
    body = await (await companion.request("GET", "/api/v1/health", auth=False)).json()
    assert "autostart" not in body
    assert body["status"] == "ok"


async def test_the_serving_cli_hands_the_app_the_installers_status(monkeypatch, tmp_path):
    from companion import cli
    from companion.install import autostart

    seen = {}

    def fake_run_app(app, **kwargs):
        seen["status"] = app[AUTOSTART].status

    monkeypatch.setattr("aiohttp.web.run_app", fake_run_app)
    monkeypatch.setattr("companion.service.gc_policy.freeze_after_start", lambda app: None)  # not in the test process
    assert cli.main(["serve", "--no-browser", "--data-dir", str(tmp_path / "data"), "--port", str(free_port())]) in (0, None)
    assert seen["status"] is autostart.status
