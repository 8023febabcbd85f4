"""The dashboard's HTML pages: the order list with summary and timeline, and one order."""

from __future__ import annotations

import math

import aiohttp_jinja2
from aiohttp import web

from companion import __version__
from companion.config import pairing_code
from companion.server.keys import SERVICE, SETTINGS, TOKEN
from companion.rules import case_entries
from companion.server.dashboard import case_timeline, timeline
from companion.server.dashboard.formatting import Formatter
from companion.server.dashboard.language import chosen_language, remember_language
from companion.service.overview import RISK_WINDOW_DAYS, SOON_WINDOW_DAYS, TIMELINE_LIMIT
from companion.server.dashboard.texts import LANGUAGE_NAMES, Texts
from companion.model import first_item_title
from companion.model import STATUSES
from companion.rules import SEVERITY_ORDER, follow_ups_for, has_follow_ups
from companion.rules.followups import CASE_FILTERS, waiting_for

routes = web.RouteTableDef()

PAGE_SIZE = 50
MAX_QUERY = 200


def _base_context(request: web.Request, lang: str) -> dict:
    return {
        "lang": lang,
        "t": Texts(lang),
        "fmt": Formatter(lang),
        "languages": LANGUAGE_NAMES,
        "token": request.app[TOKEN],
        "pairing_code": pairing_code(request.app[TOKEN]),
        "port": request.app[SETTINGS].port,
        "version": __version__,
        # the set-aside orders have a notice of their own, in the buyer's language
        "problems": [p for p in request.app[SERVICE].store.problems if p != request.app[SERVICE].store.set_aside_report],
        "set_aside": request.app[SERVICE].store.set_aside,
        "path": request.path,
        # the language links keep the filters and search the buyer has set
        "lang_url": lambda code: str(request.rel_url.update_query(lang=code)),
        "static": lambda name: str(request.app.router["static"].url_for(filename=name)),
    }


def _render(template: str, request: web.Request, lang: str, context: dict, status: int = 200) -> web.Response:
    response = aiohttp_jinja2.render_template(template, request, context, status=status)
    remember_language(request, response, lang)
    return response


def _filters(request: web.Request) -> dict:
    severity = request.query.get("severity") or None
    status = request.query.get("status") or None
    if severity is not None and severity not in (*SEVERITY_ORDER, "open", "closing"):
        raise web.HTTPBadRequest(reason=f"Unknown severity filter; use one of: open, closing, {', '.join(SEVERITY_ORDER)}.")
    if status is not None and status not in STATUSES:
        raise web.HTTPBadRequest(reason=f"Unknown status filter; use one of: {', '.join(STATUSES)}.")
    query = request.query.get("q", "")[:MAX_QUERY]
    raw_page = request.query.get("page", "1")
    if not raw_page.isdigit() or int(raw_page) < 1:
        raise web.HTTPBadRequest(reason="'page' must be a whole number from 1.")
    case = request.query.get("case") or None
    if case is not None and case not in CASE_FILTERS:
        raise web.HTTPBadRequest(reason=f"Unknown case filter; use one of: {', '.join(CASE_FILTERS)}.")
    return {"severity": severity, "status": status, "q": query, "page": int(raw_page), "case": case}


@routes.get("/", name="dashboard")
async def index(request: web.Request) -> web.Response:
    lang = chosen_language(request)
    filters = _filters(request)
    service = request.app[SERVICE]
    now = service.now()
    overview = await service.overview_cache.get(service.store, now)
    rows = overview.select(filters["severity"], filters["status"], filters["q"])
    if filters["case"]:
        stall_days = service.settings.stall_days
        rows = [(order, a) for order, a in rows
                if has_follow_ups(order) and filters["case"] in waiting_for(follow_ups_for(order, now, lang, stall_days))]
    pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    page = min(filters["page"], pages)
    shown = rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    # the pill, deadline and order come from the cached assessment (so they agree with the sort);
    # the fuller hint is asked for only for these rows
    table = [{"order": order, "assessment": a, "hint": service.hint(order, now, lang),
              "first_item": first_item_title(order)} for order, a in shown]
    closing = overview.closing_first[:TIMELINE_LIMIT]
    context = {
        **_base_context(request, lang),
        "overview": overview,
        "rows": table,
        "matched": len(rows),
        "filters": {**filters, "page": page},
        "pages": pages,
        "page_size": PAGE_SIZE,
        "severities": SEVERITY_ORDER,
        "case_filters": CASE_FILTERS,
        "statuses": STATUSES,
        "timeline": timeline.build(closing, now, lang),
        "timeline_hidden": max(0, len(overview.closing_first) - len(closing)),
        "now": now,
        "soon_days": SOON_WINDOW_DAYS,
        "risk_days": RISK_WINDOW_DAYS,
    }
    return _render("index.html", request, lang, context)


@routes.get("/orders/{order_id}", name="dashboard_order")
async def order_page(request: web.Request) -> web.Response:
    lang = chosen_language(request)
    order_id = request.match_info["order_id"]
    service = request.app[SERVICE]
    order = service.stored(order_id)
    context = _base_context(request, lang)
    if order is None:
        return _render("not_found.html", request, lang, {**context, "order_id": order_id[:40]}, status=404)
    now = service.now()
    hint = service.hint(order, now, lang)
    context.update({"order": order, "hint": hint, "now": now, "statuses": STATUSES, **case_context(order, hint, now),
                    "settings": service.settings.as_dict()})
    return _render("order.html", request, lang, context)


def case_context(order: dict, hint: dict, now) -> dict:
    """What the case partial (_case.html) needs: the timeline and the form's choices."""
    return {"case_rows": case_timeline.build(order, hint), "case_kinds": case_entries.KINDS,
            "case_reasons": case_entries.REASONS, "case_methods": case_entries.METHODS,
            "today": now.date().isoformat()}


def error_page(request: web.Request, status: int, message: str, headers: dict | None = None) -> web.Response:
    """A dashboard route that failed gets a page a person can read, not the API's JSON. Without a
    session (401, 403 of /login) it is the page that says how to open the dashboard: no order, no token."""
    if status == 401 or (status == 403 and request.path == "/login"):
        lang = chosen_language(request)
        response = aiohttp_jinja2.render_template("locked.html", request, {"lang": lang, "t": Texts(lang),
                                                                           "message": message if status == 403 else ""},
                                                  status=status)
        for key, value in (headers or {}).items():
            response.headers[key] = value
        return response
    lang = chosen_language(request)
    response = aiohttp_jinja2.render_template("error.html", request, {"lang": lang, "t": Texts(lang), "status": status,
                                                                      "message": message}, status=status)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response
