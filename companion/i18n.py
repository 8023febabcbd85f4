"""Which UI language a request wants: ?lang= first, then Accept-Language. Copied texts stay English."""

from __future__ import annotations

SUPPORTED = ("en", "he", "ru")
DEFAULT = "en"
RTL = ("he",)


def pick_language(query_lang: str | None, accept_language: str | None) -> str:
    if query_lang:
        base = query_lang.strip().lower().split("-")[0].split("_")[0]
        if base == "iw":
            base = "he"
        if base in SUPPORTED:
            return base
    weighted = []
    for pos, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        base = tag.strip().lower().split("-")[0]
        if base == "iw":
            base = "he"
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if base in SUPPORTED and q > 0:
            weighted.append((-q, pos, base))
    return sorted(weighted)[0][2] if weighted else DEFAULT


def request_language(request) -> str:
    return pick_language(request.query.get("lang"), request.headers.get("Accept-Language"))
