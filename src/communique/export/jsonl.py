"""JSON Lines export: one document per line, in the JSON shape of ``Document.to_dict``."""

from __future__ import annotations

import json
from pathlib import Path

from communique.store.base import Store


def write(store: Store, out: Path) -> list[Path]:
    """Write every stored document, ordered by id, to the file ``out``, one at a time as they are read."""
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        for doc in store.iter_documents():
            handle.write(json.dumps(doc.to_dict(), ensure_ascii=False))
            handle.write("\n")
    return [out]
