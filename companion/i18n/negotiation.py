"""Which UI language a request wants: ``?lang=`` first, then Accept-Language, else English."""

from __future__ import annotations

from companion.i18n.languages import DEFAULT, base_language


def pick_language(query_lang: str | None, accept_language: str | None) -> str:
    if query_lang:
        chosen = base_language(query_lang)
        if chosen:
            return chosen
    weighted = []
    for pos, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        base = base_language(tag)
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if base and q > 0:
            weighted.append((-q, pos, base))
    return sorted(weighted)[0][2] if weighted else DEFAULT


def request_language(request) -> str:
    """The UI language of an aiohttp request (anything with ``.query`` and ``.headers``)."""
    return pick_language(request.query.get("lang"), request.headers.get("Accept-Language"))
