"""All of Nashra's HTTP: one fetcher, with limits, politeness and a guard against private addresses.

Timeouts, a body size limit, capped redirects, conditional requests, an honest User-Agent, politeness per
host, and a guard that keeps admin-added URLs (and their redirects) away from loopback and private networks.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from digest.sources.model import Failure, FailureReason

USER_AGENT = "Nashra/0.1 (Arabic news digest bot; +https://github.com/nashra-news/nashra)"


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 15.0  # seconds, for connecting and for each read
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False
    min_host_interval: float = 1.0  # seconds between two requests to the same host


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    content: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    location: str | None = None  # where a redirect points

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_address(url: str, allow_private: bool) -> str | None:
    """Why `url` must not be fetched, or None: bad scheme, or a host on loopback/private networks."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"not an http(s) URL: {url}"
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as exc:
        return f"cannot resolve host {parts.hostname}: {exc}"
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            return f"refused: {parts.hostname} resolves to a loopback or private address ({address})"
    return None


@dataclass
class Fetcher:
    """Fetches URLs safely; one instance per pass (it keeps an HTTP connection pool and host timings)."""

    settings: FetchSettings = field(default_factory=FetchSettings)
    _client: httpx.Client | None = None
    _last_request: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.settings.timeout),
                follow_redirects=False,
                headers={"User-Agent": USER_AGENT, "Accept-Language": "ar,en;q=0.5"},
            )
        return self._client

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response | Failure:
        """GET `url`, following redirects one hop at a time so that every hop passes the address guard."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(self.settings.max_redirects + 1):
            refused = check_address(current, self.settings.allow_private)
            if refused:
                return Failure(url, FailureReason.REFUSED, refused)
            self._be_polite(current)
            try:
                result = self._get(current, headers)
            except httpx.TimeoutException:
                return Failure(url, FailureReason.UNREACHABLE, f"timed out after {self.settings.timeout:g} s")
            except httpx.HTTPError as exc:
                return Failure(url, FailureReason.UNREACHABLE, f"cannot connect: {exc}")
            if isinstance(result, Failure):
                return result
            if result.status in (301, 302, 303, 307, 308):
                if not result.location:
                    return Failure(url, FailureReason.HTTP_ERROR, f"redirect {result.status} without a Location")
                current = urljoin(current, result.location)
                continue
            if result.status >= 400:
                return Failure(url, FailureReason.HTTP_ERROR, f"HTTP {result.status} from {current}")
            return result
        return Failure(url, FailureReason.HTTP_ERROR, f"more than {self.settings.max_redirects} redirects")

    def _get(self, url: str, headers: dict[str, str]) -> Response | Failure:
        with self.client.stream("GET", url, headers=headers) as response:
            if response.status_code in (301, 302, 303, 307, 308):
                return Response(url, response.status_code, b"", "", None, None, response.headers.get("location"))
            declared = int(response.headers.get("content-length") or 0)
            if declared > self.settings.max_bytes:
                return self._too_large(url, declared)
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.settings.max_bytes:
                    return self._too_large(url, len(body))
            return Response(
                url=str(response.url),
                status=response.status_code,
                content=bytes(body),
                content_type=response.headers.get("content-type", ""),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
            )

    def _too_large(self, url: str, size: int) -> Failure:
        limit = self.settings.max_bytes
        return Failure(url, FailureReason.TOO_LARGE, f"response of {size:,}+ bytes is over the {limit:,}-byte limit")

    def _be_polite(self, url: str) -> None:
        host = urlsplit(url).hostname or ""
        with self._lock:
            wait = self._last_request.get(host, 0.0) + self.settings.min_host_interval - time.monotonic()
            self._last_request[host] = time.monotonic() + max(wait, 0.0)
        if wait > 0:
            time.sleep(wait)
