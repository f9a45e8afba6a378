"""Errors a service (or an integration it calls) raises; each carries a Dutch message for
the user. Below every layer that raises them, so integrations need not import services."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal or failure the user must see; ``message`` is Dutch and complete."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    pass


class AccessDenied(ServiceError):
    pass


class ValidationFailed(ServiceError):
    pass


class Conflict(ServiceError):
    """Someone else changed the same record since it was read."""
