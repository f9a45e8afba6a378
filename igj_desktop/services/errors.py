"""The services' errors, where views and services have always imported them from; they live in
``igj_desktop.errors`` so integrations can raise them without importing the service layer."""

from igj_desktop.errors import AccessDenied, Conflict, NotFound, ServiceError, ValidationFailed

__all__ = ["AccessDenied", "Conflict", "NotFound", "ServiceError", "ValidationFailed"]
