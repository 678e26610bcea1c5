"""TEI XML export in the style of the ParlaMint corpora: one file per document, a ``<u>`` per turn.

The header names the document (title, source address, date, place, kind)
and lists every speaker as a ``<person>`` with name, office and affiliation;
each turn is an utterance ``<u who="#person" ana="#role">`` with a ``<seg>``
per paragraph. Speakers without a name (a journalist's question) point to a
person standing for their role.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from communique.model import Document, Participant, Turn
from communique.store.base import Store

TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ET.register_namespace("", TEI)

# XML 1.0 allows no control characters but tab, newline and carriage return.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _e(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{TEI}}}{tag}", {k: v for k, v in attributes.items() if v})
    if text:
        element.text = _NOT_XML.sub("", text)
    return element


def xml_id(text: str) -> str:
    """An NCName for ``text``: "mid.ru/1331-24-06-2022" -> "mid.ru_1331-24-06-2022"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_text.replace("/", "_")).strip("_")
    return name if name[:1].isalpha() or name[:1] == "_" else f"id_{name}"


def file_name(doc_id: str) -> str:
    return xml_id(doc_id) + ".xml"


class _People:
    """The persons of one document, an id each, for ``who``."""

    def __init__(self, doc: Document) -> None:
        self.ids: dict[str, str] = {}
        self.persons: list[tuple[str, Participant | None, str | None]] = []  # (id, participant, role)
        self._known = {p.name: p for p in doc.participants}

    def who(self, turn: Turn) -> str:
        name = turn.speaker or f"unnamed {turn.role}"
        if name not in self.ids:
            base = xml_id(name.title().replace(" ", "")) if turn.speaker else f"unnamed-{turn.role}"
            person_id, n = base, 2
            while person_id in self.ids.values():
                person_id, n = f"{base}-{n}", n + 1
            self.ids[name] = person_id
            participant = self._known.get(name) or (
                Participant(name=name, affiliation=turn.affiliation) if turn.speaker else None
            )
            self.persons.append((person_id, participant, turn.role))
        return self.ids[name]


def document_tei(doc: Document) -> ET.ElementTree:
    """The TEI tree of one document."""
    root = ET.Element(f"{{{TEI}}}TEI", {XML_ID: xml_id(doc.id), XML_LANG: doc.language or "en"})
    header = _e(root, "teiHeader")
    file_desc = _e(header, "fileDesc")
    _e(_e(file_desc, "titleStmt"), "title", doc.title or doc.id)
    _e(_e(file_desc, "publicationStmt"), "p", f"Exported by communique from {doc.source or 'a local file'}.")
    bibl = _e(_e(file_desc, "sourceDesc"), "bibl")
    _e(bibl, "title", doc.title or doc.id)
    if doc.url:
        _e(bibl, "idno", doc.url, type="URI")
    if doc.number:
        _e(bibl, "idno", doc.number, type="number")
    if doc.date:
        _e(bibl, "date", doc.date, when=doc.date)
    profile = _e(header, "profileDesc")
    setting = _e(_e(profile, "settingDesc"), "setting")
    if doc.place:
        _e(setting, "name", doc.place, type="place")
    if doc.date:
        _e(setting, "date", doc.date, when=doc.date + (f"T{doc.time}" if doc.time else ""))
    _e(_e(profile, "textClass"), "catRef", target=f"#{doc.kind}" if doc.kind else "")
    people = _People(doc)
    body = _e(_e(root, "text"), "body")
    div = _e(body, "div", type=doc.kind or "transcript")
    for turn in doc.turns:
        who = people.who(turn)
        utterance = _e(div, "u", who=f"#{who}", ana=f"#{turn.role}")
        utterance.set(XML_ID, f"{xml_id(doc.id)}.u{turn.index + 1}")
        if turn.speaker_label:
            utterance.set("n", _NOT_XML.sub("", turn.speaker_label))
        for number, paragraph in enumerate(p for p in turn.text.split("\n") if p.strip()):
            _e(utterance, "seg", paragraph, **{XML_ID: f"{xml_id(doc.id)}.u{turn.index + 1}.s{number + 1}"})
    persons = _e(_e(profile, "particDesc"), "listPerson")
    for person_id, participant, role in people.persons:
        person = _e(persons, "person", **{XML_ID: person_id})
        if participant is None:
            _e(person, "persName", f"unnamed {role}")
            continue
        _e(person, "persName", participant.name)
        if participant.role or participant.affiliation:
            _e(person, "affiliation", participant.role, role=participant.role or "", ref=participant.affiliation or "")
    ET.indent(root, space=" ")
    return ET.ElementTree(root)


def write(store: Store, out: Path) -> list[Path]:
    """Write every stored document as ``out/<id>.xml`` (``/`` in ids become ``_``)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in store.iter_documents():
        path = out / file_name(doc.id)
        document_tei(doc).write(path, encoding="utf-8", xml_declaration=True)
        written.append(path)
    return written
