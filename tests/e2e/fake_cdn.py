"""The fake AliExpress CDN (``ae01.alicdn.com`` for the cards' pictures, ``assets.alicdn.com`` for scripts), in a
process of its own at the lowest CPU priority.

A buyer's browser gets these files from servers elsewhere: fetching and decoding them is the browser's work, serving
them is no work of the buyer's computer. Served by the test process itself, on the same two cores, the pictures of
60 new cards (about 90 requests over TLS) took as much CPU as the companion's reading of those cards, at the very
moment it read them. At the lowest priority this process serves when the CPU has nothing else to do: the browser
still fetches every picture, and what it costs to serve them stays out of the figures.

Run as ``python -m tests.e2e.fake_cdn --port P --cert C --key K``; it prints ``ready`` once it listens."""

from __future__ import annotations

import argparse
import asyncio
import os
import ssl
import sys

from aiohttp import web

PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a0c40000000049454e44ae426082")


async def served(request: web.Request) -> web.Response:
    if request.path.endswith(".js"):
        return web.Response(text="", content_type="text/javascript")
    return web.Response(body=PIXEL, content_type="image/png")


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", served)
    return app


async def serve(port: int, context: ssl.SSLContext) -> None:
    runner = web.AppRunner(make_app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port, ssl_context=context).start()
    print("ready", flush=True)
    await asyncio.Event().wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args()
    os.nice(19)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    try:
        asyncio.run(serve(args.port, context))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
