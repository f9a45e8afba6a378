"""A small Exchange Web Services server on loopback for tests and demos.

It speaks real EWS SOAP to the real exchangelib client; see ``server.py``.
"""

from .server import EwsTestServer, SentItem

__all__ = ["EwsTestServer", "SentItem"]
