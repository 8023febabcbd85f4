"""Each refusal the companion must make to protect a server on localhost."""

from __future__ import annotations

import asyncio

import pytest


async def test_health_needs_no_token(companion):
    resp = await companion.request("GET", "/api/v1/health", auth=False)
    assert resp.status == 200
    body = await resp.json()
    assert body["status"] == "ok" and body["version"]


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", "Basic abc", "Bearer "])
async def test_api_refuses_missing_or_wrong_token(companion, header):
    headers = {"Authorization": header} if header else {}
    resp = await companion.request("GET", "/api/v1/orders", auth=False, headers=headers)
    assert resp.status == 401
    assert (await resp.json())["error"]["code"] == "unauthorized"


async def test_api_accepts_the_token(companion):
    resp = await companion.request("GET", "/api/v1/orders")
    assert resp.status == 200
    assert await resp.json() == {"orders": [], "total": 0, "estimated": 0}


@pytest.mark.parametrize("host", ["evil.example:{port}", "attacker.com", "127.0.0.1:1", "127.0.0.1", "localhost.evil.com:{port}"])
async def test_foreign_host_is_refused(companion, host):
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends Host: evil.example."""
    resp = await companion.request("GET", "/api/v1/orders", headers={"Host": host.format(port=companion.port)})
    assert resp.status in (403, 421)
    assert "error" in await resp.json()
    resp = await companion.request("GET", "/", headers={"Host": host.format(port=companion.port)})
    assert resp.status in (403, 421)


async def test_localhost_name_is_accepted(companion):
    resp = await companion.request("GET", "/api/v1/health", headers={"Host": f"localhost:{companion.port}"})
    assert resp.status == 200


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://127.0.0.1:1", "https://www.aliexpress.com"])
async def test_foreign_origin_is_refused_even_with_token(companion, origin):
    for method, path in (("GET", "/api/v1/orders"), ("OPTIONS", "/api/v1/orders"), ("DELETE", "/api/v1/orders/123456789")):
        resp = await companion.request(method, path, headers={"Origin": origin})
        assert resp.status == 403, (method, origin)
        assert "Access-Control-Allow-Origin" not in resp.headers


@pytest.mark.parametrize("origin", ["chrome-extension://abcdefghijklmnopabcdefghijklmnop", "moz-extension://1c6e0a6d-1d0c-4ab8-9a55-3e7b11e1f000"])
async def test_extension_origin_gets_cors(companion, origin):
    pre = await companion.request("OPTIONS", "/api/v1/pages", auth=False, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert pre.status == 204
    assert pre.headers["Access-Control-Allow-Origin"] == origin
    assert "Authorization" in pre.headers["Access-Control-Allow-Headers"]
    resp = await companion.request("GET", "/api/v1/orders", headers={"Origin": origin})
    assert resp.status == 200
    assert resp.headers["Access-Control-Allow-Origin"] == origin


async def test_own_origin_allowed_without_cors_headers(companion):
    resp = await companion.request("GET", "/api/v1/orders", headers={"Origin": companion.origin})
    assert resp.status == 200
    assert "Access-Control-Allow-Origin" not in resp.headers


async def test_oversized_body_refused_from_content_length_before_reading(companion):
    """Announce 17 MB but send nothing: the answer must come without waiting for the body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", companion.port)
    writer.write((f"POST /api/v1/pages HTTP/1.1\r\nHost: 127.0.0.1:{companion.port}\r\n"
                  f"Authorization: Bearer {companion.token}\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {17 * 1024 * 1024}\r\n\r\n").encode())
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), timeout=5)
    writer.close()
    assert b" 413 " in status_line


async def test_oversized_chunked_body_refused(make_companion):
    comp = await make_companion(max_body_bytes=1000)

    async def chunks():
        for _ in range(10):
            yield b"x" * 500

    resp = await comp.request("POST", "/api/v1/pages", data=chunks(), headers={"Content-Type": "application/json"})
    assert resp.status == 413
    assert (await resp.json())["error"]["code"] == "too_large"


async def test_wrong_content_type_is_415(companion):
    resp = await companion.request("POST", "/api/v1/pages", data="url=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status == 415
    assert (await resp.json())["error"]["code"] == "unsupported_media_type"


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe\x00", b"", b"[1,2", b"{\"url\": \"x\", \"html\": " + b"[" * 100000])
async def test_malformed_json_is_400(companion, body):
    resp = await companion.request("POST", "/api/v1/pages", data=body, headers={"Content-Type": "application/json"})
    assert resp.status == 400
    assert (await resp.json())["error"]["code"] == "bad_json"


async def test_unknown_api_route_and_method(companion):
    resp = await companion.request("GET", "/api/v1/nothing-here")
    assert resp.status == 404
    assert (await resp.json())["error"]["code"] == "not_found"
    resp = await companion.request("PUT", "/api/v1/orders")
    assert resp.status == 405
    assert (await resp.json())["error"]["code"] == "method_not_allowed"
