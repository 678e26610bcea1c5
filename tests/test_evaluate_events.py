"""The event-coding scorer: gold loaders on the real files, and the arithmetic on small hand-made records."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from communique.errors import GoldError
from communique.evaluate.events import (
    EventRecord,
    GoldEvent,
    cameo_to_plover,
    evaluate_events,
    gold_country,
    load_gold,
    score_events,
)
from communique.model import Actor, Event

# Two sentences in the PETRARCH-2 file's own layout: a self-closing <Sentence/>, a stray </Sentence>.
PETR2_SAMPLE = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
# a comment that mentions <EventCoding...> before the data
<Sentences>
<Sentence category="AFP" date="20080806" id="S1" evaluate="true"/>
<EventCoding eventcode="031" sourcecode="CHL" targetcode="NOR" />
<EventCoding eventcode="031" sourcecode="NORGOV" targetcode="CHL" />
<EventCoding eventcode="015" sourcecode="USA" targetcode="IRQ" />
<Text>
Chile and Norway agreed
to widen their trade ties.
</Text>
<Parse>
1	Chile	Chile	PROPN	NNP	_	0	root	_	_
</Parse></Sentence>
<Sentence category="TEST" date="121108" id="S2" evaluate="true">
<EventCoding noevents="True" />
<Text>
Nothing happened.
</Text>
</Sentence>
<Sentence category="TEST" date="20150609" id="S3" evaluate="false"/>
<EventCoding eventcode="190" sourcecode="USA" targetcode="RUS" />
<Text>Skipped.</Text>
</Sentences>
</Validation>
"""

PLOVER_SAMPLE = [
    {"id": "DOC", "event": "DOCUMENT", "eventText": "documentation"},
    {
        "id": "R1",
        "date": "2000-01-01",
        "event": "DISAPPROVE",
        "text": "{Chile complained to Peru.}",
        "source": [{"actorText": "Chile", "code": "CHL"}],
        "target": "diplomatic",
    },
    {"id": "R2", "date": "2000-01-01", "event": "ENGAGE", "text": "Something else.", "source": [], "target": ""},
]


def _event(kind: str, source: list[str] | None = None, target: list[str] | None = None) -> Event:
    return Event(
        kind,
        "asserted",
        0,
        0,
        "",
        source=[Actor(country=c) for c in source or []],
        target=[Actor(country=c) for c in target or []],
    )


def _record(*events: GoldEvent) -> EventRecord:
    return EventRecord(id="r", text="A sentence.", date=None, gold=list(events))


# --------------------------------------------------------------------------
# Loaders on the real gold files
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plover(shared: Path) -> dict[str, EventRecord]:
    return {r.id: r for r in load_gold(shared / "gold" / "plover-gsr-dev.json")}


@pytest.fixture(scope="module")
def petr2(shared: Path) -> dict[str, EventRecord]:
    return {r.id: r for r in load_gold(shared / "gold" / "petr2-gsr-validation.xml")}


def test_plover_loader_reads_154_records_without_the_documentation_record(plover: dict[str, EventRecord]) -> None:
    assert len(plover) == 154
    assert all(len(r.gold) == 1 and not r.dropped for r in plover.values())
    assert not any(r.gold[0].original == ["DOCUMENT"] for r in plover.values())


def test_plover_loader_folds_the_2021_types_into_the_16(plover: dict[str, EventRecord]) -> None:
    types = Counter(r.gold[0].type for r in plover.values())
    # DEMAND 24 -> REQUEST; DISAPPROVE 9 + INVESTIGATE 4 -> ACCUSE; FIGHT 8 + ASSAULT 6 -> ASSAULT.
    assert (types["REQUEST"], types["ACCUSE"], types["ASSAULT"]) == (24, 13, 14)
    disapprove = plover["PLOVER-GSR01-DISAPPROVE-0001"].gold[0]
    assert (disapprove.type, disapprove.source_countries, disapprove.target_countries) == ("ACCUSE", ["NGA"], ["NER"])


def test_plover_loader_reads_a_stray_target_word_as_no_actor(tmp_path: Path) -> None:
    record = {"id": "R1", "event": "ACCUSE", "text": "Chile complained.", "target": "diplomatic",
              "source": [{"code": "CHL"}]}  # fmt: skip
    path = tmp_path / "stray.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    [loaded] = load_gold(path)
    assert (loaded.gold[0].source_countries, loaded.gold[0].target_countries) == (["CHL"], [])


def test_plover_loader_reads_the_gold_as_written_adding_no_target(plover: dict[str, EventRecord]) -> None:
    # a joint act whose record lists its parties only as sources keeps its empty target
    agree = plover["PLOVER-GSR01-AGREE-0007"].gold[0]
    assert (agree.source_countries, agree.target_countries) == (["TUR", "GRC"], [])


def test_records_fall_into_a_tuning_and_a_validation_part_by_a_fixed_hash(plover: dict[str, EventRecord]) -> None:
    parts = Counter(r.part for r in plover.values())
    assert set(parts) == {"tuning", "validation"}
    assert 0.25 < parts["validation"] / len(plover) < 0.5
    again = EventRecord(id="other id", text=next(iter(plover.values())).text, date=None)
    assert again.part == next(iter(plover.values())).part  # the sentence decides, nothing else


def test_plover_loader_mends_jap_and_leaves_non_state_codes_out(plover: dict[str, EventRecord]) -> None:
    assert plover["PLOVER-GSR01-CONSULT-0005"].gold[0].target_countries == ["JPN"]
    assert plover["PLOVER-GSR01-COERCE-0015"].gold[0].source_countries == []  # ISM: Muslim hackers
    assert plover["PLOVER-GSR01-AGREE-0017"].gold[0].source_countries == ["IGO"]


def test_petr2_loader_reads_78_sentences_and_80_event_codings(petr2: dict[str, EventRecord]) -> None:
    # 92 <EventCoding> elements: 80 with a CAMEO code and 12 noevents (the README's 93 counts the header comment).
    assert len(petr2) == 78
    assert sum(r.codings for r in petr2.values()) == 80
    assert sum(not r.gold for r in petr2.values()) == 19  # 12 noevents + 7 with only CAMEO 01/02 codings


def test_petr2_loader_maps_cameo_codes_and_phoenix_actors(petr2: dict[str, EventRecord]) -> None:
    support = petr2["GOLD_3"].gold[0]  # 051 UKRLEG>IGOEUREEC
    assert (support.type, support.source_countries, support.target_countries) == ("SUPPORT", ["UKR"], ["EU"])
    investigate = petr2["VERB_6"].gold[0]  # 090 IGOUNO>IRN
    assert (investigate.type, investigate.source_countries) == ("ACCUSE", ["UN"])
    assert petr2["AFP0808020857_2"].gold[0].type == "AGREE"  # 0352, a four-digit code


def test_petr2_loader_merges_both_directions_of_a_joint_act(petr2: dict[str, EventRecord]) -> None:
    record = petr2["AFP0808020675_1"]
    assert len(record.gold) == 1
    assert (record.gold[0].source_countries, record.gold[0].target_countries) == (["BRA", "USA"], ["USA", "BRA"])
    assert record.codings == 2


def test_petr2_loader_drops_cameo_statements_and_appeals(petr2: dict[str, EventRecord]) -> None:
    assert (petr2["TEST_6"].gold, petr2["TEST_6"].dropped) == ([], ["CAMEO 015"])
    assert petr2["APPEALS_0"].dropped == ["CAMEO 021"]


# --------------------------------------------------------------------------
# Loaders on inline samples (no ../shared needed)
# --------------------------------------------------------------------------


def test_petr2_loader_reads_the_malformed_layout_and_skips_unevaluated_sentences(tmp_path: Path) -> None:
    path = tmp_path / "sample.xml"
    path.write_text(PETR2_SAMPLE, encoding="utf-8")
    first, second = load_gold(path)
    assert (first.id, first.date, first.text) == (
        "S1",
        "2008-08-06",
        "Chile and Norway agreed to widen their trade ties.",
    )
    assert [(g.type, g.source_countries, g.target_countries) for g in first.gold] == [
        ("AGREE", ["CHL", "NOR"], ["NOR", "CHL"])
    ]
    assert first.dropped == ["CAMEO 015"]
    assert (second.id, second.date, second.gold) == ("S2", None, [])


def test_plover_loader_keeps_a_record_of_an_unknown_type_as_expecting_no_event(tmp_path: Path) -> None:
    path = tmp_path / "sample.txt"  # no telling suffix: the first character says JSON
    path.write_text(json.dumps(PLOVER_SAMPLE), encoding="utf-8")
    accuse, other = load_gold(path)
    assert (accuse.text, accuse.gold[0].type, accuse.gold[0].mode) == (
        "Chile complained to Peru.",
        "ACCUSE",
        "disapprove",
    )
    assert (other.gold, other.dropped) == ([], ["ENGAGE"])


def test_load_gold_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GoldError):
        load_gold(tmp_path / "absent.json")


def test_cameo_codes_fall_back_from_four_to_three_to_two_digits() -> None:
    assert cameo_to_plover("0352") == ("AGREE", None)
    assert cameo_to_plover("1712")[0] == "ASSAULT"  # listed itself, unlike its parent 171 (COERCE)
    assert cameo_to_plover("1719")[0] == "COERCE"  # not listed: falls back to 171
    assert cameo_to_plover("19")[0] == "ASSAULT"
    assert cameo_to_plover("015") is None  # PLOVER drops CAMEO 01 and 02
    assert cameo_to_plover("0233") is None


def test_phoenix_actor_codes_become_countries_or_organisations() -> None:
    assert [gold_country(c) for c in ("RUSGOV", "USAMIL", "PSEREBHMSGOV", "SOMUAF")] == ["RUS", "USA", "PSE", "SOM"]
    assert [gold_country(c) for c in ("IGOUNOMIL", "IGOEUREEC", "IGOWSTNAT", "IGOCOPITP")] == [
        "UN",
        "EU",
        "NATO",
        "IGO",
    ]
    assert [gold_country(c) for c in ("---REB", "IMGMUSISI", "NGO", "")] == [None, None, None, None]


# --------------------------------------------------------------------------
# Scoring arithmetic
# --------------------------------------------------------------------------


def test_score_perfect_predictions_give_one_everywhere() -> None:
    records = [_record(GoldEvent("AGREE", ["RUS", "AZE"], ["AZE"])), _record()]
    scores = score_events(records, [[_event("AGREE", ["AZE", "RUS"], ["AZE"])], []])
    data = scores.to_dict()
    assert (data["type_accuracy"], data["event_precision"], data["event_recall"], data["event_f1"]) == (1, 1, 1, 1)
    assert (data["source"]["f1"], data["target"]["f1"], data["false_positives_per_record"]) == (1, 1, 0)
    assert (scores.records_types_right, scores.empty_records_right, scores.errors) == (2, 1, [])


def test_score_a_wrong_type_shows_in_the_confusion_table() -> None:
    scores = score_events([_record(GoldEvent("AGREE", ["RUS"], ["AZE"]))], [[_event("CONSULT", ["RUS"], ["AZE"])]])
    assert scores.confusion["AGREE"]["CONSULT"] == 1
    assert (scores.type_accuracy, scores.events.recall, scores.events.precision) == (0.0, 0.0, 0.0)
    assert scores.false_positives_per_record == 1.0
    # countries count only within an event of the right type: both sides are missed and wrong
    assert (scores.source.tp, scores.source.fp, scores.source.fn) == (0, 1, 1)
    assert scores.errors[0].problems == ["AGREE coded as CONSULT"]
    assert "AGREE coded as CONSULT" in scores.errors_report()


def test_score_compares_the_first_prediction_when_none_has_the_gold_type() -> None:
    scores = score_events([_record(GoldEvent("AGREE"))], [[_event("CONSULT"), _event("SUPPORT")]])
    assert scores.confusion["AGREE"]["CONSULT"] == 1
    assert scores.confusion["NONE"]["SUPPORT"] == 1


def test_score_an_extra_event_counts_as_a_false_positive() -> None:
    records = [_record(GoldEvent("AGREE", ["RUS"])), _record()]
    scores = score_events(records, [[_event("AGREE", ["RUS"]), _event("ACCUSE", ["USA"])], [_event("REJECT")]])
    assert (scores.events.precision, scores.events.recall) == (1 / 3, 1.0)
    assert scores.false_positives_per_record == 1.0  # two unmatched predictions over two records
    assert (scores.confusion["NONE"]["ACCUSE"], scores.confusion["NONE"]["REJECT"]) == (1, 1)
    assert (scores.source.tp, scores.source.fp, scores.source.fn) == (1, 1, 0)
    assert (scores.records_without_event, scores.empty_records_right) == (1, 0)


def test_score_a_missed_event_is_predicted_none() -> None:
    scores = score_events([_record(GoldEvent("PROTEST", ["FRA"], ["FRA"]))], [[]])
    assert scores.confusion["PROTEST"]["NONE"] == 1
    assert (scores.type_accuracy, scores.source.fn, scores.target.fn) == (0.0, 1, 1)


def test_score_country_precision_and_recall_on_a_known_case() -> None:
    gold = _record(GoldEvent("AGREE", ["RUS", "AZE"], ["AZE"]))
    scores = score_events([gold], [[_event("AGREE", ["RUS"], ["AZE", "TUR"])]])
    assert (scores.source.tp, scores.source.fp, scores.source.fn) == (1, 0, 1)
    assert (scores.source.precision, scores.source.recall) == (1.0, 0.5)
    assert scores.source.f1 == pytest.approx(2 / 3)
    assert (scores.target.tp, scores.target.fp, scores.target.fn) == (1, 1, 0)
    assert (scores.target.precision, scores.target.recall) == (0.5, 1.0)


def test_score_pairs_same_type_events_by_shared_countries() -> None:
    gold = _record(GoldEvent("CONSULT", ["RUS"], ["USA"]), GoldEvent("CONSULT", ["CHN"], ["IND"]))
    scores = score_events([gold], [[_event("CONSULT", ["CHN"], ["IND"]), _event("CONSULT", ["RUS"], ["USA"])]])
    assert (scores.source.f1, scores.target.f1, scores.errors) == (1.0, 1.0, [])


def test_score_compares_organisations_as_igo_on_every_file() -> None:
    igo_gold = _record(GoldEvent("REJECT", ["USA"], ["IGO"]))
    un_gold = _record(GoldEvent("REJECT", ["USA"], ["UN"]))
    predicted = [[_event("REJECT", ["USA"], ["NATO"])], [_event("REJECT", ["USA"], ["UN"])]]
    scores = score_events([igo_gold, un_gold], predicted)
    assert (scores.target.tp, scores.target.fp, scores.target.fn) == (2, 0, 0)


def test_score_refuses_a_prediction_list_of_the_wrong_length() -> None:
    with pytest.raises(ValueError):
        score_events([_record()], [])


def test_evaluate_events_codes_every_record_in_one_call_and_reports(tmp_path: Path) -> None:
    path = tmp_path / "plover.json"
    path.write_text(json.dumps(PLOVER_SAMPLE), encoding="utf-8")
    calls: list[int] = []

    def coder(records: list[EventRecord]) -> list[list[Event]]:
        calls.append(len(records))
        return [[_event("ACCUSE", ["CHL"], ["PER"])], []]

    scores = evaluate_events(path, coder)
    assert calls == [2]
    report = scores.report()
    assert "event-type accuracy               1.0000" in report
    assert "with gold outside the 16 types  1 (codings dropped: ENGAGE x1)" in report
    assert "confusion (rows gold" in report
    data = json.loads(json.dumps(scores.to_dict()))
    assert (data["records"], data["records_with_dropped_codings"], data["target"]["fp"]) == (2, 1, 1)
    assert data["confusion"] == {"ACCUSE": {"ACCUSE": 1}}


def test_score_a_promised_cooperative_act_as_agree_in_the_plover_view_of_every_file() -> None:
    """The PLOVER manual codes "will visit", "will provide aid" AGREE; the view is the scorer's, not the file's."""
    visit = replace(_event("CONSULT", ["RUS"], ["AZE"]), status="planned")
    gold = GoldEvent("AGREE", ["RUS"], ["AZE"])
    assert score_events([_record(gold)], [[visit]]).type_accuracy == 1.0
    assert score_events([_record(gold)], [[visit]], view="native").type_accuracy == 0.0
    # a promised step back stays what it is, and so does an act that took place
    withdrawal = replace(_event("RETREAT", ["RUS"]), status="planned")
    assert score_events([_record(gold)], [[withdrawal]]).type_accuracy == 0.0
    assert score_events([_record(gold)], [[_event("CONSULT", ["RUS"], ["AZE"])]]).type_accuracy == 0.0


def test_evaluate_events_reports_the_tuning_and_validation_parts(tmp_path: Path) -> None:
    records = [{"id": f"R{i}", "event": "ACCUSE", "text": f"Chile accused Peru, case {i}.",
                "source": [{"code": "CHL"}], "target": [{"code": "PER"}]} for i in range(12)]  # fmt: skip
    path = tmp_path / "plover.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    scores = evaluate_events(path, lambda found: [[_event("ACCUSE", ["CHL"], ["PER"])] for _ in found])
    parts = scores.to_dict()["parts"]
    assert parts["tuning"]["records"] + parts["validation"]["records"] == 12
    assert parts["tuning"]["records"] and parts["validation"]["records"]
    assert "validation" in scores.report()


def test_score_a_signed_agreement_as_support_as_both_codebooks_do() -> None:
    signed = replace(_event("AGREE", ["RUS", "AZE"], ["AZE", "RUS"]), trigger="signed agreement")
    promised = replace(signed, status="planned")  # "will sign": a promise, AGREE in both
    gold = [GoldEvent("SUPPORT", ["RUS", "AZE"], ["AZE", "RUS"])]
    assert score_events([_record(*gold)], [[signed]]).type_accuracy == 1.0
    assert score_events([_record(*gold)], [[promised]]).type_accuracy == 0.0
    agreed = replace(signed, trigger="agreed")
    assert score_events([_record(*gold)], [[agreed]]).type_accuracy == 0.0
