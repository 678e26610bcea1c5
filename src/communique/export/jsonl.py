"""JSON Lines export: one document per line, in the JSON shape of ``Document.to_dict``."""

from __future__ import annotations

import json
from pathlib import Path

from communique.store.base import Store


def write(store: Store, out: Path) -> list[Path]:
    """Write every stored document, ordered by id, to the file ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    # Written to a side file and renamed, so an interrupted export never
    # leaves a truncated file under the expected name.
    partial = out.with_name(out.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="\n") as handle:
        for doc in store.iter_documents():
            handle.write(json.dumps(doc.to_dict(), ensure_ascii=False))
            handle.write("\n")
    partial.replace(out)
    return [out]
