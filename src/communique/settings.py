"""Tunables, read once from ``data/settings.toml`` into a ``Settings`` object passed down."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Settings:
    """Thresholds and limits. Every stage takes one; nothing reads globals."""

    max_input_bytes: int = 32 * 1024 * 1024
    max_label_chars: int = 260
    max_label_words: int = 40
    min_text_chars: int = 1
    utf8_error_tolerance: float = 0.001
    binary_control_ratio: float = 0.05
    ingest_batch_size: int = 256
    ingest_batch_bytes: int = 64 * 1024 * 1024

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides: Any) -> Settings:
        """Read the packaged settings (or ``path``), then apply ``overrides``."""
        if path is None:
            raw = resources.files("communique.data").joinpath("settings.toml").read_text("utf-8")
        else:
            raw = Path(path).read_text("utf-8")
        values = tomllib.loads(raw).get("settings", {})
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
        values.update(overrides)
        return cls(**values)
