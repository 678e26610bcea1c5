"""Site profiles: what each publisher's pages look like, kept as data (one TOML per site)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import urlparse

# Both separators, so a Windows path given on any system routes the same.
_SEPARATORS = re.compile(r"[\\/]")
# A line that is a page's address ("https://...", "Source: https://...", "URL: <https://...>").
_URL_LINE = re.compile(
    r"^[^\S\n]*(?:(?:source|url|link|original)[^\S\n]*:[^\S\n]*)?<?(?P<url>https?://[^\s>]+)>?[^\S\n]*$",
    re.I | re.M,
)


@dataclass(frozen=True)
class Profile:
    """One publisher: how to recognise its documents and where its markup keeps things."""

    name: str
    hosts: tuple[str, ...] = ()
    url_template: str | None = None
    id_pattern: str | None = None
    text_signatures: tuple[str, ...] = ()
    html: dict[str, Any] = field(default_factory=dict)
    xml: dict[str, Any] = field(default_factory=dict)
    furniture: tuple[str, ...] = ()
    samples: tuple[str, ...] = ()
    # Where a file's name alone is not unique on the site (speech 001 of each meeting): a pattern over the
    # end of its path, and the id its named groups make.
    path_id: str | None = None
    path_id_format: str | None = None

    def matches_url(self, url: str) -> bool:
        host = (urlparse(url).hostname or "").lower()
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def matches_path(self, path: str) -> bool:
        return self.matches_folders(_folders(path))

    def matches_folders(self, folders: set[str]) -> bool:
        """Whether one of the path's folder or file names (lower-cased) is one of the site's hosts."""
        return any(h in folders for h in self.hosts)

    def matches_text(self, head: str) -> bool:
        return any(re.search(sig, head, re.M) for sig in self.text_signatures)

    def id_from_path(self, path: str) -> str | None:
        """The document id the file's path gives, when the profile says how (``path_id``)."""
        if not self.path_id or not self.path_id_format:
            return None
        found = re.search(self.path_id, path.replace("\\", "/"))
        return self.path_id_format.format(**found.groupdict()) if found else None

    def url_for(self, doc_id: str) -> str | None:
        if not self.url_template or not doc_id:
            return None
        if self.id_pattern and not re.fullmatch(self.id_pattern, doc_id):
            return None
        return self.url_template.format(id=doc_id)


@dataclass(frozen=True)
class Profiles:
    """All profiles, loaded once and passed to the readers that need them."""

    items: tuple[Profile, ...]

    @classmethod
    def load(cls) -> Profiles:
        folder = resources.files("communique.sources.profiles")
        items = []
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml"):
                data = tomllib.loads(entry.read_text("utf-8"))
                items.append(_profile(data))
        return cls(tuple(items))

    def get(self, name: str | None) -> Profile | None:
        return next((p for p in self.items if p.name == name), None)

    def route(self, path: str | None = None, url: str | None = None, head: str = "") -> Profile | None:
        """The profile for a document: the host of its URL, then a folder named after the site, then the
        text's opening: a line holding the page's address, else a site's text signature."""
        if url and (found := self._by_url(url)):
            return found
        if path:
            folders = _folders(path)
            for p in self.items:
                if p.matches_folders(folders):
                    return p
        if not head:
            return None
        head = head.lstrip("\ufeff").replace("\r\n", "\n")
        for line in _URL_LINE.finditer(head):
            if found := self._by_url(line["url"]):
                return found
        return next((p for p in self.items if p.matches_text(head)), None)

    def _by_url(self, url: str) -> Profile | None:
        return next((p for p in self.items if p.matches_url(url)), None)


def _profile(data: dict[str, Any]) -> Profile:
    return Profile(
        name=data["name"],
        hosts=tuple(data.get("hosts", ())),
        url_template=data.get("url_template"),
        id_pattern=data.get("id_pattern"),
        text_signatures=tuple(data.get("text", {}).get("signatures", ())),
        html=data.get("html", {}),
        xml=data.get("xml", {}),
        furniture=tuple(data.get("furniture", ())),
        samples=tuple(data.get("samples", ())),
        path_id=data.get("path", {}).get("id"),
        path_id_format=data.get("path", {}).get("id_format"),
    )


def _folders(path: str) -> set[str]:
    return set(_SEPARATORS.split(path.lower()))
