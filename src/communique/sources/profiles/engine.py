"""Site profiles: what each publisher's pages look like, kept as data (one TOML per site)."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from communique.errors import ProfileError

PROFILES_VARIABLE = "COMMUNIQUE_PROFILES"
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
    country: str | None = None  # the state whose government publishes the site
    url_template: str | None = None
    id_pattern: str | None = None
    text_signatures: tuple[str, ...] = ()
    html: dict[str, Any] = field(default_factory=dict)
    xml: dict[str, Any] = field(default_factory=dict)
    furniture: tuple[str, ...] = ()
    # Where a file's name alone is not unique on the site (speech 001 of each meeting): a pattern over the
    # end of its path, and the id its named groups make.
    path_id: str | None = None
    path_id_format: str | None = None
    # Sample documents with what parsing them must give ([[tests]]: file, title, date, turns, labels), run by
    # `communique profiles test` and the test suite, as yt-dlp runs its extractors' test cases.
    tests: tuple[dict[str, Any], ...] = ()
    folder: Path | None = None  # where a profile of one's own lives (its tests' files are relative to it)

    def matches_url(self, url: str) -> bool:
        host = (urlparse(url).hostname or "").lower()
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def matches_folders(self, folders: set[str]) -> bool:
        """Whether one of the path's folder or file names (lower-cased) is one of the site's hosts."""
        return any(h in folders for h in self.hosts)

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
    def load(cls, folders: Sequence[str | Path] = ()) -> Profiles:
        """The profiles of ``folders``, of the folders ``COMMUNIQUE_PROFILES`` names (``os.pathsep`` between
        them), then the packaged ones; of profiles with the same name, the first found wins."""
        items: dict[str, Profile] = {}
        for folder in [*folders, *user_folders()]:
            for path in _toml_files(Path(folder)):
                try:
                    text = path.read_text("utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise ProfileError(f"cannot read the profile: {exc}", str(path)) from exc
                profile = _read(text, str(path), path.parent)
                items.setdefault(profile.name, profile)
        packaged = resources.files("communique.sources.profiles")
        for entry in sorted(packaged.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml"):
                profile = _read(entry.read_text("utf-8"), entry.name, None)
                items.setdefault(profile.name, profile)
        return cls(tuple(items.values()))

    @staticmethod
    @cache
    def packaged() -> Profiles:
        """The profiles as loaded when nobody passes their own (read once a process)."""
        return Profiles.load()

    def get(self, name: str | None) -> Profile | None:
        return next((p for p in self.items if p.name == name), None)

    def route(self, path: str | None = None, url: str | None = None, head: str = "") -> Profile | None:
        """The profile for a document: the host of its URL, then a folder named after the site, then the
        text's opening: a line holding the page's address, else a site's text signature."""
        return self.match(path, url, head)[0]

    def match(self, path: str | None = None, url: str | None = None, head: str = "") -> tuple[Profile | None, str]:
        """The profile ``route`` picks and why, in words (for ``communique parse --explain``)."""
        if url and (found := self._by_url(url)):
            return found, f"the host of its address {url}"
        if path:
            folders = _folders(path)
            for p in self.items:
                if p.matches_folders(folders):
                    return p, f"a folder of its path is named {next(h for h in p.hosts if h in folders)}"
        if not head:
            return None, "no address, no folder named after a site, no text"
        head = head.lstrip("\ufeff").replace("\r\n", "\n")
        for line in _URL_LINE.finditer(head):
            if found := self._by_url(line["url"]):
                return found, f"its text gives its address {line['url']}"
        for p in self.items:
            signature = next((sig for sig in p.text_signatures if re.search(sig, head, re.M)), None)
            if signature:
                return p, f"its opening matches the text signature {signature!r}"
        return None, "no profile's host, folder, address or text signature matches"

    def _by_url(self, url: str) -> Profile | None:
        return next((p for p in self.items if p.matches_url(url)), None)


def user_folders() -> list[Path]:
    """The folders of one's own profiles that ``COMMUNIQUE_PROFILES`` names."""
    return [Path(part) for part in os.environ.get(PROFILES_VARIABLE, "").split(os.pathsep) if part.strip()]


def _toml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise ProfileError("no such folder of site profiles", str(folder))
    return sorted(p for p in folder.iterdir() if p.suffix == ".toml" and p.is_file())


def _read(text: str, where: str, folder: Path | None) -> Profile:
    """A profile from its TOML; every mistake is a ``ProfileError`` naming the file."""
    try:
        data = tomllib.loads(text)
        profile = _profile(data, folder)
        _check(profile)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"not TOML: {exc}", where) from exc
    except KeyError as exc:
        raise ProfileError(f"no {exc.args[0]!r} in the profile", where) from exc
    except re.error as exc:
        raise ProfileError(f"a pattern that is no regular expression: {exc}", where) from exc
    except (TypeError, AttributeError, ValueError) as exc:
        raise ProfileError(f"a key of the wrong kind: {exc}", where) from exc
    return profile


def _check(profile: Profile) -> None:
    """Lists hold strings, tables are tables, every pattern compiles and every sample names its file."""
    for name in ("hosts", "text_signatures", "furniture"):
        values = getattr(profile, name)
        if not all(isinstance(v, str) for v in values) or isinstance(values, str):
            raise TypeError(f"{name} must be a list of strings")
    if not isinstance(profile.html, dict) or not isinstance(profile.xml, dict):
        raise TypeError("[html] and [xml] must be tables")
    for pattern in (*profile.text_signatures, *profile.furniture, profile.id_pattern, profile.path_id):
        if pattern is not None:
            re.compile(pattern)
    for case in profile.tests:
        if not isinstance(case, dict) or not isinstance(case.get("file"), str):
            raise TypeError("every [[tests]] entry needs a file")


def _profile(data: dict[str, Any], folder: Path | None = None) -> Profile:
    return Profile(
        name=data["name"],
        hosts=_strings(data.get("hosts", ())),
        country=data.get("country"),
        url_template=data.get("url_template"),
        id_pattern=data.get("id_pattern"),
        text_signatures=_strings(data.get("text", {}).get("signatures", ())),
        html=data.get("html", {}),
        xml=data.get("xml", {}),
        furniture=_strings(data.get("furniture", ())),
        path_id=data.get("path", {}).get("id"),
        path_id_format=data.get("path", {}).get("id_format"),
        tests=tuple(data.get("tests", ())),
        folder=folder,
    )


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise TypeError(f"a list of strings was expected, not {value!r}")
    return tuple(value)


def _folders(path: str) -> set[str]:
    return set(_SEPARATORS.split(path.lower()))
