"""The web UI (``communique serve``): a read-only Starlette app over one store."""

from communique.web.app import create_app

__all__ = ["create_app"]
