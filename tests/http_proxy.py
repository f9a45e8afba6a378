"""A forwarding HTTP proxy on loopback that records what went through it (plain HTTP only)."""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class LoopbackProxy:
    """``with LoopbackProxy() as proxy:``; ``proxy.url`` to configure, ``proxy.doorgestuurd``
    holds the absolute URLs of the requests it forwarded."""

    def __init__(self) -> None:
        self.doorgestuurd: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

            def do_POST(self) -> None:
                proxy.doorgestuurd.append(self.path)
                doel = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                verbinding = http.client.HTTPConnection(doel.hostname, doel.port, timeout=10)
                kop = {k: v for k, v in self.headers.items() if k.lower() != "proxy-connection"}
                verbinding.request("POST", doel.path, body, kop)
                antwoord = verbinding.getresponse()
                inhoud = antwoord.read()
                self.send_response(antwoord.status)
                for sleutel, waarde in antwoord.getheaders():
                    if sleutel.lower() not in ("transfer-encoding", "connection"):
                        self.send_header(sleutel, waarde)
                self.end_headers()
                self.wfile.write(inhoud)
                verbinding.close()

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
