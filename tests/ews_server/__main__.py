"""Run the loopback EWS server by hand for a demo: ``python -m tests.ews_server``.

Point the Exchange settings dialog at the printed URL with NTLM (``IGJ\\<naam>`` or the
address) or Basic authentication (the address).
Stop with Ctrl+C; sent mail and meeting requests are printed on the way out.
"""

from __future__ import annotations

import argparse
import threading

from .server import EwsTestServer


def main() -> None:
    parser = argparse.ArgumentParser(description="Lokale EWS-server voor demo's")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--mailbox", default="avries@igj.example.nl")
    parser.add_argument("--wachtwoord", default="demo")
    args = parser.parse_args()
    server = EwsTestServer(users={args.mailbox: args.wachtwoord})
    server.port = args.port
    server.start()
    naam = args.mailbox.partition("@")[0]
    print(
        f"EWS op {server.url} — mailbox {args.mailbox}, wachtwoord {args.wachtwoord} "
        f"(NTLM als IGJ\\{naam} of {args.mailbox}, of Basic)"
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        for sent in server.sent:
            print(f"{sent.soort}: {sent.onderwerp} → {', '.join(sent.ontvangers)}")


if __name__ == "__main__":
    main()
