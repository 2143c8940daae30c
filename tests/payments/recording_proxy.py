"""An HTTP forwarder that writes down each request on its way to a real Stripe-API server (stripe-mock).

stripe-mock checks every request against Stripe's OpenAPI spec but answers with canned objects, so a test
cannot read back what was sent; this shows it: method, path, form fields, idempotency key and API version.
The answer is the server's own, passed back unchanged.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FORWARDED_HEADERS = ("Authorization", "Content-Type", "Idempotency-Key", "Stripe-Version", "User-Agent")


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    form: dict[str, str]  # the body's fields as sent (Stripe's bracketed names: metadata[order_id])
    idempotency_key: str | None
    stripe_version: str | None
    status: int  # what the server answered


class RecordingProxy:
    def __init__(self, target: str):
        self.target = target.rstrip("/")
        self.requests: list[Recorded] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(handler):  # noqa: N805
                length = int(handler.headers.get("Content-Length") or 0)
                body = handler.rfile.read(length) if length else b""
                headers = {name: handler.headers[name] for name in FORWARDED_HEADERS if handler.headers.get(name)}
                request = urllib.request.Request(
                    proxy.target + handler.path,
                    data=body if handler.command == "POST" else None,
                    method=handler.command,
                    headers=headers,
                )
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        status, answer, content_type = response.status, response.read(), response.headers
                except urllib.error.HTTPError as exc:
                    status, answer, content_type = exc.code, exc.read(), exc.headers
                form = dict(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
                proxy.requests.append(
                    Recorded(
                        method=handler.command,
                        path=urllib.parse.urlsplit(handler.path).path,
                        form=form,
                        idempotency_key=handler.headers.get("Idempotency-Key"),
                        stripe_version=handler.headers.get("Stripe-Version"),
                        status=status,
                    )
                )
                handler.send_response(status)
                handler.send_header("Content-Type", content_type.get("Content-Type", "application/json"))
                handler.send_header("Content-Length", str(len(answer)))
                handler.end_headers()
                handler.wfile.write(answer)

            do_GET = do_POST = do_DELETE = _forward

            def log_message(handler, *args):  # noqa: N805
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> RecordingProxy:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
