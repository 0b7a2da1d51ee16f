"""Test doubles shared by the tests and the benchmarks: a Telegram Bot API and a web server on loopback.

- `TelegramDouble`: the real bot process talks HTTP to it (`api_url`), or a bot in the same process
  talks to it through `OfflineRequest`. Tests queue updates (what users send) and read back the calls
  the bot made. Per chat it can answer 429 (with retry_after) a number of times, or 403 (blocked).
- `WebDouble`: pages, feeds, delays, redirects and failures that tests set, served over real HTTP.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

# --- Telegram ---------------------------------------------------------------------------

BOT = {
    "id": 424242,
    "is_bot": True,
    "first_name": "Nashra",
    "username": "nashra_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float


@dataclass
class TelegramDouble:
    calls: list[Call] = field(default_factory=list)
    too_many: dict[int, int] = field(default_factory=dict)  # chat id -> how many 429s still to answer
    blocked: set[int] = field(default_factory=set)  # chat ids that answer 403
    retry_after: int = 1
    token: str | None = None  # when set, any other token is answered 401 Unauthorized, as Telegram does
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1000))
    _lock: threading.Condition = field(default_factory=threading.Condition)

    def __post_init__(self) -> None:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                match = re.match(r"^/bot([^/]+)/(\w+)$", self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if not match:
                    self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                if double.token is not None and match[1] != double.token:
                    self._send(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                    return
                status, payload = double.answer(match[2], _params(self.headers.get("Content-Type", ""), body))
                self._send(status, payload)

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)  # the bot may have hung up (shutting down)

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> TelegramDouble:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def api_url(self) -> str:
        """What NASHRA_TELEGRAM_API_URL is set to (PTB appends the token and the method)."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    # --- what users do -------------------------------------------------------------

    def send_text(self, chat_id: int, text: str, *, user_id: int | None = None, language: str = "ar") -> None:
        """A user writes to the bot (the bot reads it with getUpdates)."""
        self._push(self.text_update(chat_id, text, user_id=user_id, language=language))

    def press_button(self, chat_id: int, data: str, *, language: str = "ar") -> None:
        self._push(self.button_update(chat_id, data, language=language))

    def text_update(
        self, chat_id: int, text: str, *, user_id: int | None = None, language: str = "ar"
    ) -> dict[str, Any]:
        """The Update a user's message makes (a command gets its bot_command entity, as Telegram sends it)."""
        user = {"id": user_id or chat_id, "is_bot": False, "first_name": "قارئ", "language_code": language}
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": next(self._ids), "message": message}

    def button_update(self, chat_id: int, data: str, *, language: str = "ar") -> dict[str, Any]:
        """The Update a tap on an inline button makes."""
        user = {"id": chat_id, "is_bot": False, "first_name": "قارئ", "language_code": language}
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT,
            "text": "…",
        }
        return {
            "update_id": next(self._ids),
            "callback_query": {
                "id": str(next(self._ids)),
                "from": user,
                "message": message,
                "chat_instance": "1",
                "data": data,
            },
        }

    def _push(self, update: dict[str, Any]) -> None:
        with self._lock:
            self._updates.append(update)
            self._lock.notify_all()

    # --- what the bot did ----------------------------------------------------------

    def sent(self, chat_id: int | None = None, method: str = "sendMessage") -> list[Call]:
        with self._lock:
            return [
                c
                for c in self.calls
                if c.method == method and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)
            ]

    def wait_for(self, predicate: Callable[[], object], timeout: float = 30.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            time.sleep(0.05)
        raise AssertionError(f"the bot did not do it within {timeout} s; calls: {[c.method for c in self.calls]}")

    # --- the API -------------------------------------------------------------------

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        with self._lock:
            chat = int(params["chat_id"]) if str(params.get("chat_id", "")).lstrip("-").isdigit() else None
            if chat is not None and chat in self.blocked:
                self.calls.append(Call(method + ":403", params, time.monotonic()))
                return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
            if chat is not None and self.too_many.get(chat, 0) > 0:
                self.too_many[chat] -= 1
                self.calls.append(Call(method + ":429", params, time.monotonic()))
                return 429, {
                    "ok": False,
                    "error_code": 429,
                    "parameters": {"retry_after": self.retry_after},
                    "description": f"Too Many Requests: retry after {self.retry_after}",
                }
            self.calls.append(Call(method, params, time.monotonic()))
        if method == "getMe":
            return 200, {"ok": True, "result": BOT}
        if method in ("sendMessage", "sendPhoto"):
            result = {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": chat, "type": "private"},
                "from": BOT,
            }
            if method == "sendMessage":
                result["text"] = params.get("text", "")
            else:
                result["photo"] = [{"file_id": "p1", "file_unique_id": "u1", "width": 800, "height": 400}]
            return 200, {"ok": True, "result": result}
        return 200, {"ok": True, "result": True}  # setMyCommands, deleteWebhook, answerCallbackQuery, ...

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 1.0)
        with self._lock:
            self.calls.append(Call("getUpdates", params, time.monotonic()))
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout:
                self._lock.wait(timeout)
            return list(self._updates)


def _params(content_type: str, body: bytes) -> dict[str, Any]:
    if content_type.startswith("application/json"):
        return json.loads(body or b"{}")
    if content_type.startswith("multipart/form-data"):
        fields = {}
        for name, value in re.findall(
            rb'name="([^"]+)"(?:; filename="[^"]*")?\r\n(?:[^\r\n]+\r\n)*\r\n(.*?)\r\n--', body, re.S
        ):
            fields[name.decode()] = value.decode("utf-8", "replace") if name != b"photo" else f"<{len(value)} bytes>"
        return fields
    return {k: v for k, v in parse_qsl(body.decode("utf-8"))}


class OfflineRequest(BaseRequest):
    """PTB's request layer answered in-process by a TelegramDouble: the bot's calls never leave Python.

    For tests of handlers and jobs, which then run with `await application.process_update(...)`.
    """

    def __init__(self, double: TelegramDouble) -> None:
        self.double = double

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        params: dict[str, Any] = {}
        if request_data is not None:
            params = dict(request_data.json_parameters)
            for name, part in (request_data.multipart_data or {}).items():
                params[name] = f"<{len(part[1])} bytes>" if isinstance(part, tuple) else params.get(name)
        status, payload = self.double.answer(url.rsplit("/", 1)[-1], params)
        return status, json.dumps(payload).encode()


# --- the web -----------------------------------------------------------------------------


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds before answering
    redirect: str | None = None  # Location of a 302
    etag: str | None = None  # answers 304 to a matching If-None-Match
    declare_length: bool = True  # False: no Content-Length, the body ends when the connection closes


@dataclass
class WebDouble:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        double = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:
                double.requests.append((self.path, dict(self.headers)))
                route = double.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.redirect:
                    self.send_response(302)
                    self.send_header("Location", route.redirect)
                    self.end_headers()
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.declare_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(route.body)  # the client may stop reading (size limit, timeout)

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> WebDouble:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def paths_requested(self) -> list[str]:
        return [path for path, _ in self.requests]


def rss(items: list[dict[str, str]], title: str = "أخبار") -> bytes:
    """An RSS 2.0 document with the given items (keys: guid, link, title, description, pubDate)."""
    entries = "".join(
        "<item>" + "".join(f"<{k}>{_escape(v)}</{k}>" for k, v in item.items()) + "</item>" for item in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://example.test/</link><description>feed</description>{entries}</channel></rss>"
    ).encode()


def article_page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>الرئيسية</a></nav>"
        f"<script>var t = 1;</script><article><h1>{title}</h1>{body}</article>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    ).encode()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
