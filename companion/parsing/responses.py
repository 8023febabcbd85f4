"""Saved network responses -> the AliExpress order data they hold.

Reads what a buyer can save from the browser without any tool of ours:

- a HAR file (DevTools, Network panel, "Save all as HAR with content"): ``log.entries[]`` with
  ``request.url``, ``startedDateTime`` and ``response.content.text`` (base64 when
  ``content.encoding`` says so);
- a file of saved responses: a JSON list whose items are a response's JSON, its text (JSON or the
  site's JSONP, ``mtopjsonp3({...})``), or an object holding either (``text`` / ``body`` /
  ``response`` / ``json``, with ``url`` and a capture time when known); HAR entries work too;
- a single response, as JSON or JSONP.

Only AliExpress order list, order detail and tracking responses are kept: the request URL names
the API, or the response's own ``api`` field does, or its content is order data
(``captured.kind_of``). Nothing here knows the store; ``read`` is a pure function of the text.
Every failure is a ``ResponsesError`` whose message is one plain sentence for the buyer.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

from companion.datetimes import from_user

MAX_BYTES = 200 * 1024 * 1024  # a HAR of a few order pages is 1-50 MB; beyond this it is not one
ORDER_APIS = {"mtop.aliexpress.trade.buyer.order.list": "order_list",
              "mtop.aliexpress.trade.buyer.order.detail": "order_detail",
              "mtop.ae.ld.querydetail": "tracking"}
_JSONP = re.compile(r"\s*[A-Za-z_$][\w$.]{0,80}\s*\(")
_JSONP_END = re.compile(r"\s*\)\s*;?\s*")
_FRAGMENT = re.compile(r'"[^"\n]{1,200}"\s*:\s*[\[{]')
_WRAPPER_TEXT = ("text", "body", "responseText", "response", "content", "responseBody")
_WRAPPER_JSON = ("json", "responseJson", "data_json")
_URL_KEYS = ("url", "requestUrl", "request_url", "href")
_TIME_KEYS = ("captured_at", "capturedAt", "startedDateTime", "time", "timestamp", "date", "savedAt")


class ResponsesError(ValueError):
    """The file can't be read as saved responses; the message says why, in one plain sentence."""


class Truncated(ValueError):
    """A JSON text that ends in the middle."""


@dataclass(frozen=True)
class Response:
    url: str
    data: dict | list
    captured_at: datetime


@dataclass(frozen=True)
class Batch:
    responses: list[Response]  # the AliExpress order responses, in file order
    total: int  # responses (HAR entries, list items) in the file, kept or not


# ---- one text -> JSON ---------------------------------------------------------------------------
def _loads(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if _cut_off(text, exc):
            raise Truncated(str(exc)) from None
        raise
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _cut_off(text: str, exc: json.JSONDecodeError) -> bool:
    """The error is the end of the text: a value, a string or a bracket left open."""
    # json says "Unterminated string" only when a string runs on to the very end of the text
    return exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")


def decode_text(text: str):
    """A response text -> its JSON: plain JSON, JSONP (``cb({...});``), or a bare component
    fragment (``"pc_om_list_order_1": {...}``, wrapped in ``{}``). ValueError (``Truncated`` when
    it ends in the middle) for anything else."""
    if not isinstance(text, str):
        raise ValueError("not text")
    body = text.lstrip("\ufeff \t\r\n")
    if body[:1] in ("{", "["):
        return _loads(body)
    m = _JSONP.match(body)
    if m:
        start = m.end()
        while start < len(body) and body[start] in " \t\r\n":
            start += 1
        try:
            value, end = json.JSONDecoder().raw_decode(body, start)
        except json.JSONDecodeError as exc:
            if _cut_off(body, exc):
                raise Truncated(str(exc)) from None
            raise
        except RecursionError:
            raise ValueError("nested too deeply") from None
        if _JSONP_END.fullmatch(body, end):
            return value
        if not body[end:].strip():
            raise Truncated("JSONP call without its closing parenthesis")
        raise ValueError("text after the JSONP call")
    if _FRAGMENT.match(body):
        return _loads("{" + body.rstrip().rstrip(",") + "}")
    raise ValueError("not JSON")


# ---- which responses are order data -------------------------------------------------------------
def _api_in(text: str) -> str | None:
    for api, kind in ORDER_APIS.items():
        if api in text:
            return kind
    return None


def _is_aliexpress(url: str) -> bool:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return host == "aliexpress.com" or host.startswith("aliexpress.") or ".aliexpress." in host


def _order_kind(url: str, data) -> str | None:
    from companion.parsing.families import captured

    if url and _api_in(url):
        return _api_in(url)
    api = data.get("api") if isinstance(data, dict) else None
    if isinstance(api, str) and _api_in(api):
        return _api_in(api)
    return captured.kind_of(data)


def _when(value, default: datetime) -> datetime:
    if isinstance(value, bool):
        return default
    if isinstance(value, (int, float)) and value > 0:
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds or seconds
        try:
            return datetime.fromtimestamp(seconds, timezone.utc)
        except (OverflowError, OSError, ValueError):
            return default
    if isinstance(value, str) and 10 <= len(value) <= 40:
        try:
            return from_user(value, allow_date=False)
        except ValueError:
            return default
    return default


class _Reader:
    def __init__(self, now: datetime):
        self.now = now
        self.kept: list[Response] = []
        self.total = 0
        self.no_content = 0  # order API entries saved without their body
        self.unreadable = 0  # order responses whose text is cut off or not JSON

    def add(self, url: str, data, when: datetime) -> None:
        if not isinstance(data, (dict, list)):
            return
        if url and not _is_aliexpress(url):
            return
        if _order_kind(url, data) is not None:
            self.kept.append(Response(url, data, when))

    def add_text(self, url: str, text: str, when: datetime) -> None:
        try:
            data = decode_text(text)
        except ValueError:  # an HTML page, a script, an image, a cut-off body...
            if (url and _api_in(url)) or _api_in(text[:2000]):
                self.unreadable += 1
            return
        self.add(url, data, when)

    def entry(self, entry: dict) -> None:
        """One HAR entry: ``request.url``, ``startedDateTime``, ``response.content.text``."""
        request = entry.get("request") if isinstance(entry.get("request"), dict) else {}
        url = request.get("url") if isinstance(request.get("url"), str) else ""
        when = _when(entry.get("startedDateTime"), self.now)
        response = entry.get("response") if isinstance(entry.get("response"), dict) else {}
        content = response.get("content") if isinstance(response.get("content"), dict) else {}
        text = content.get("text")
        if url and not _is_aliexpress(url):
            return
        if not isinstance(text, str) or not text.strip():
            if _api_in(url):
                self.no_content += 1
            return
        if content.get("encoding") == "base64":
            try:
                text = base64.b64decode(text, validate=False).decode("utf-8", errors="replace")
            except (binascii.Error, ValueError):
                if _api_in(url):
                    self.unreadable += 1
                return
        self.add_text(url, text, when)

    def item(self, item) -> None:
        """One item of a saved-responses list (or the whole file when it is one response)."""
        self.total += 1
        if isinstance(item, str):
            self.add_text("", item, self.now)
            return
        if not isinstance(item, dict):
            return
        if isinstance(item.get("request"), dict) and isinstance(item.get("response"), dict):
            self.entry(item)  # a HAR entry on its own
            return
        url = next((item[k] for k in _URL_KEYS if isinstance(item.get(k), str)), "")
        when = _when(next((item[k] for k in _TIME_KEYS if item.get(k) is not None), None), self.now)
        if "api" not in item and "ret" not in item:  # not the response itself: an object holding it
            for key in _WRAPPER_JSON:
                if isinstance(item.get(key), (dict, list)):
                    self.add(url, item[key], when)
                    return
            for key in _WRAPPER_TEXT:
                value = item.get(key)
                if isinstance(value, dict) and isinstance(value.get("text"), str):
                    value = value["text"]  # {"content": {"text": ...}}, as in a HAR
                if isinstance(value, str) and value.strip():
                    self.add_text(url, value, when)
                    return
                if isinstance(value, (dict, list)):
                    self.add(url, value, when)
                    return
        self.add(url, item, when)


def read(raw: bytes | str, now: datetime | None = None) -> Batch:
    """The text of a HAR / saved-responses / single-response file -> its AliExpress order responses.

    Raises ResponsesError (one plain sentence) for an empty, huge, cut-off or unknown file, or one
    that holds no AliExpress order list, order detail or tracking response."""
    now = now or datetime.now(timezone.utc)
    if len(raw) > MAX_BYTES:
        raise ResponsesError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB, too large to be saved order pages")
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, (bytes, bytearray)) else raw
    text = text.lstrip("\ufeff \t\r\n")
    if not text:
        raise ResponsesError("the file is empty")
    if text[:1] == "<":
        raise ResponsesError("this is a web page (HTML), not saved responses: in the browser's Network panel use "
                             "\"Save all as HAR with content\", or read the page with `order-guard parse`")
    try:
        doc = decode_text(text)
    except Truncated:
        raise ResponsesError("the file ends in the middle (it was cut off while saving or copying); save it again") from None
    except ValueError:
        raise ResponsesError("this is neither a HAR file nor saved AliExpress responses (it is not JSON)") from None
    if isinstance(doc, dict) and doc.get("format") == "order-guard-backup":
        raise ResponsesError("this is an Order Guard backup, not saved pages: restore it with \"Restore backup…\" on the dashboard")
    reader = _Reader(now)
    if isinstance(doc, dict) and isinstance(doc.get("log"), dict):
        entries = doc["log"].get("entries")
        if not isinstance(entries, list):
            raise ResponsesError("this HAR file has no list of requests (log.entries)")
        for entry in entries:
            reader.total += 1
            if isinstance(entry, dict):
                reader.entry(entry)
    elif isinstance(doc, list):
        for item in doc:
            reader.item(item)
    elif isinstance(doc, dict) and isinstance(doc.get("responses"), list):
        for item in doc["responses"]:
            reader.item(item)
    else:
        reader.item(doc)
    if not reader.kept:
        raise ResponsesError(_nothing_kept(reader))
    return Batch(reader.kept, reader.total)


def _nothing_kept(reader: _Reader) -> str:
    if reader.no_content:
        return (f"the file lists {reader.no_content} AliExpress order response(s) but not their content: "
                "save the Network panel again with \"Save all as HAR with content\"")
    if reader.unreadable:
        return f"the file's {reader.unreadable} AliExpress order response(s) could not be read (cut off or not JSON)"
    if reader.total == 0:
        return "the file holds no responses"
    return (f"the file holds no AliExpress order data: none of its {reader.total} response(s) is an order list, "
            "order detail or tracking response")
