"""TEI export: one well-formed file per document, a <u> per turn pointing to a listed person."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from communique import api
from communique.export.tei import TEI, XML_ID, document_tei
from communique.pipeline import Pipeline

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NS = {"tei": TEI}


def test_every_document_is_a_tei_file_with_its_turns(tmp_path: Path, pipeline: Pipeline) -> None:
    db = tmp_path / "c.duckdb"
    api.ingest([EXAMPLES], db=db, nlp=False)
    files = api.export("tei", tmp_path / "tei", db=db)
    assert len(files) == 5
    seed = pipeline.parse_path(EXAMPLES / "mid.ru" / "1331-24-06-2022.txt")
    [path] = [f for f in files if f.name == "mid.ru_1331-24-06-2022.xml"]
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{TEI}}}TEI"
    utterances = root.findall(".//tei:body//tei:u", NS)
    assert len(utterances) == len(seed.turns) == 9
    people = {p.get(XML_ID): p for p in root.findall(".//tei:listPerson/tei:person", NS)}
    for turn, u in zip(seed.turns, utterances, strict=True):
        person = people[u.get("who").removeprefix("#")]
        name = person.findtext("tei:persName", namespaces=NS)
        assert name == (turn.speaker or f"unnamed {turn.role}")
        assert u.get("ana") == f"#{turn.role}"
        assert "\n".join(seg.text or "" for seg in u.findall("tei:seg", NS)) == turn.text
    lavrov = people["SergeyLavrov"].find("tei:affiliation", NS)
    assert lavrov is not None and lavrov.get("role") == "Foreign Minister" and lavrov.get("ref") == "RUS"
    assert root.find(".//tei:setting/tei:name", NS).text == "Baku"
    assert root.find(".//tei:sourceDesc//tei:date", NS).get("when") == "2022-06-24"


def test_markup_in_the_text_stays_text(pipeline: Pipeline, tmp_path: Path) -> None:
    doc = pipeline.structure_text('He wrote <script>alert("x")</script> & left\x01.', date="2022-06-24", doc_id="x/1")
    path = tmp_path / "x.xml"
    document_tei(doc).write(path, encoding="utf-8", xml_declaration=True)
    root = ET.parse(path).getroot()
    [seg] = root.findall(".//tei:seg", NS)
    assert seg.text == 'He wrote <script>alert("x")</script> & left.'
    assert root.find(".//{*}script") is None
