"""XML exports: metadata from the record's elements, the body from the HTML it holds (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.errors import InputError
from communique.pipeline import Pipeline

SAMPLE = Path(__file__).resolve().parents[1] / "documents" / "pmtranscripts.pmc.gov.au" / "transcript-22953.xml"


def test_xml_export_gives_metadata_from_its_elements_and_turns_from_its_html(pipeline: Pipeline) -> None:
    doc = pipeline.parse_path(SAMPLE)
    assert (doc.title, doc.date, doc.kind) == ("Interview with Tracy Grimshaw, Today Show", "2000-12-20", "Interview")
    assert doc.id == "pmtranscripts.pmc.gov.au/22953"
    assert doc.url == "https://pmtranscripts.pmc.gov.au/release/transcript-22953"
    assert [t.speaker_label for t in doc.turns[:3]] == ["GRIMSHAW", "PRIME MINISTER", "GRIMSHAW"]
    assert doc.turns[0].text == "Mr Howard good morning."
    assert "]]>" not in doc.text and "ends]" not in doc.text.lower()


def test_xml_of_no_known_site_takes_the_usual_element_names(pipeline: Pipeline) -> None:
    record = (
        "<?xml version='1.0'?><export><record><headline>Talks with the Foreign Minister of Chile</headline>"
        "<published>2019-04-02</published><type>Press conference</type>"
        "<body><![CDATA[<p>Press Centre West</p><p>2 April 2019</p><p>E&amp;OE</p>"
        "<p><b>MINISTER:</b> We discussed trade.</p>"
        "<p><b>JOURNALIST:</b> And the port?</p><p><b>MINISTER:</b> That too.</p><p>[ends]</p>]]></body>"
        "</record></export>"
    )
    doc = pipeline.parse_bytes(record.encode("utf-8"), path="export/talks.xml")
    assert (doc.title, doc.date, doc.kind) == (
        "Talks with the Foreign Minister of Chile",
        "2019-04-02",
        "Press conference",
    )
    assert doc.place is None  # a heading of an export nobody described may be no place
    assert [(t.speaker_label, t.text) for t in doc.turns] == [
        ("MINISTER", "We discussed trade."),
        ("JOURNALIST", "And the port?"),
        ("MINISTER", "That too."),
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"<record><title>cut off",
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><title>&x;</title></r>',
    ],
)
def test_xml_that_is_broken_or_reaches_outside_is_a_clear_error(pipeline: Pipeline, data: bytes) -> None:
    with pytest.raises(InputError, match="not well-formed XML"):
        pipeline.parse_bytes(data, path="export/bad.xml")
