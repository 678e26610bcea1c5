"""Bytes to text: refuse empty, binary and oversized input; detect the encoding."""

from __future__ import annotations

import hashlib

from communique.errors import BinaryInput, EmptyInput, InputTooLarge, UndecodableInput
from communique.settings import Settings

_BOMS = (("utf-8-sig", b"\xef\xbb\xbf"), ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))
# Control bytes that never occur in text (tab, newlines, form feed and escape excluded).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
_SNIFF = 65536


def content_hash(data: bytes) -> str:
    """A stable hash of the raw bytes: re-ingesting unchanged input is a no-op."""
    return hashlib.sha256(data).hexdigest()


def check_bytes(data: bytes, settings: Settings, path: str | None = None) -> None:
    """Raise a typed error for empty, oversized or binary input."""
    if not data.strip():
        raise EmptyInput("empty input: no text to parse", path)
    if len(data) > settings.max_input_bytes:
        raise InputTooLarge(
            f"input of {len(data):,} bytes exceeds the limit of {settings.max_input_bytes:,} "
            "bytes (max_input_bytes in settings)",
            path,
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    head = data[:_SNIFF]
    if b"\x00" in head:
        raise BinaryInput("binary input (NUL bytes): not a text, HTML or Markdown document", path)
    controls = len(head.translate(None, _NOT_CONTROL))
    if controls / max(len(head), 1) > settings.binary_control_ratio:
        raise BinaryInput("binary input (control bytes): not a text document", path)


def decode(data: bytes, settings: Settings, path: str | None = None) -> str:
    """Decode text bytes: UTF-8 (a stray bad byte tolerated), else the detected legacy encoding."""
    check_bytes(data, settings, path)
    for name, bom in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if bad <= max(1, int(len(data) * settings.utf8_error_tolerance)):
        return lossy
    return _decode_legacy(data, path)


def _decode_legacy(data: bytes, path: str | None) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 4 * _SNIFF], cp_isolation=None).best()
    if best is None:
        raise UndecodableInput("cannot determine the text encoding (not UTF-8 or a known legacy encoding)", path)
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UndecodableInput(f"cannot decode as {best.encoding}: {exc}", path) from exc
