"""Typed errors, each with a stable code and a one-line message for users."""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base of every error communique raises on purpose."""

    code = "E000"

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message} [{self.code}]"


class InputError(CommuniqueError):
    """The input cannot be read as a document."""

    code = "E100"


class EmptyInput(InputError):
    code = "E101"


class BinaryInput(InputError):
    code = "E102"


class InputTooLarge(InputError):
    code = "E103"


class UndecodableInput(InputError):
    code = "E104"


class UnsupportedFormat(InputError):
    code = "E105"


class NoBody(InputError):
    """The input was read but holds no body text."""

    code = "E106"


class ParseError(CommuniqueError):
    """A document was read but could not be structured."""

    code = "E200"


class StoreError(CommuniqueError):
    code = "E300"


class DocumentNotFound(StoreError):
    code = "E301"


class StoreBusy(StoreError):
    """Another process holds the store file (DuckDB lets one process write it, and none read while it does)."""

    code = "E302"


class ProfileError(CommuniqueError):
    """A site profile that cannot be read: not TOML, no name, a bad pattern, a folder that is not there."""

    code = "E900"


class GoldError(CommuniqueError):
    """A gold file is missing or malformed."""

    code = "E400"


class ModelUnavailable(CommuniqueError):
    """The spaCy model the NLP stage needs is not installed."""

    code = "E500"


class QueryError(CommuniqueError):
    """A search, concordance or trend query that cannot be run as asked (a bad pattern, an unknown option)."""

    code = "E600"


class ExportError(CommuniqueError):
    """An export that cannot be written where asked (a file or folder in the way, a disk that fails)."""

    code = "E700"


class ServeError(CommuniqueError):
    """The web UI cannot listen where asked (the port is taken, the address is not this machine's)."""

    code = "E800"
