"""The event coder on single sentences: one per PLOVER type, and the status, actor and date rules."""

from __future__ import annotations

import pytest

from communique.model import Event
from communique.pipeline import Pipeline


def code(pipeline: Pipeline, text: str, date: str = "2022-06-24") -> list[Event]:
    return pipeline.parse_text(text, date=date).events


def countries(actors: list) -> list[str | None]:
    return sorted(a.country for a in actors)


@pytest.mark.parametrize(
    ("text", "type_", "source", "target"),
    [
        ("Russia and Azerbaijan signed an agreement on information security.", "AGREE", ["AZE", "RUS"], ["AZE", "RUS"]),
        ("The Chinese Foreign Minister met his Japanese counterpart in Beijing.", "CONSULT", ["CHN"], ["JPN"]),
        ("Germany welcomed the decision of the French government.", "SUPPORT", ["DEU"], ["FRA"]),
        (
            "Turkey and Greece have agreed to share information on missing people.",
            "AGREE",
            ["GRC", "TUR"],
            ["GRC", "TUR"],
        ),
        ("Japan sent humanitarian aid to Ukraine.", "AID", ["JPN"], ["UKR"]),
        ("Israel released 150 Palestinian prisoners.", "RETREAT", ["ISR"], ["PSE"]),
        ("France urged Iran to return to the negotiating table.", "REQUEST", ["FRA"], ["IRN"]),
        ("The Russian Foreign Ministry condemned the Ukrainian authorities.", "ACCUSE", ["RUS"], ["UKR"]),
        ("Pakistan rejected the Indian proposal.", "REJECT", ["PAK"], ["IND"]),
        (
            "Iran threatened to close the strait if the United States imposed new sanctions.",
            "THREATEN",
            ["IRN"],
            ["USA"],
        ),
        ("Thousands of Georgians demonstrated in Tbilisi against the Russian occupation.", "PROTEST", ["GEO"], []),
        ("The European Union imposed sanctions on Belarus.", "SANCTION", ["EU"], ["BLR"]),
        ("Russia deployed troops to the Belarusian border.", "MOBILIZE", ["RUS"], ["BLR"]),
        ("Egyptian police arrested two Italian journalists.", "COERCE", ["EGY"], ["ITA"]),
        ("Syrian forces shelled Turkish positions.", "ASSAULT", ["SYR"], ["TUR"]),
        (
            "Serbia and Kosovo agreed to cooperate on the search for missing persons.",
            "AGREE",
            ["SRB", "XKX"],
            ["SRB", "XKX"],
        ),
    ],
)
def test_coder_codes_each_type_with_its_actors(
    nlp_pipeline: Pipeline, text: str, type_: str, source: list[str], target: list[str]
) -> None:
    events = code(nlp_pipeline, text)
    assert events, text
    first = events[0]
    assert first.type == type_, text
    assert countries(first.source) == source
    if target:
        assert set(target) <= set(countries(first.target))


def test_coder_future_and_intention_are_planned(nlp_pipeline: Pipeline) -> None:
    [talks] = code(nlp_pipeline, "Russia will hold talks with China next week.")
    assert (talks.type, talks.status) == ("CONSULT", "planned")
    assert talks.date == "2022-06-27/2022-07-03"
    [ready] = code(nlp_pipeline, "The Russian side is ready to provide consultative services to Armenia.")
    assert ready.status == "planned"


def test_coder_negation_and_condition(nlp_pipeline: Pipeline) -> None:
    [signed] = code(nlp_pipeline, "Russia did not sign the treaty with Japan.")
    assert signed.status == "negated"
    [attack] = code(nlp_pipeline, "If Iran attacks Israel, the region will suffer.")
    assert (attack.type, attack.status) == ("ASSAULT", "hypothetical")


def test_coder_courtesy_is_not_a_condition(nlp_pipeline: Pipeline) -> None:
    [thanks] = code(nlp_pipeline, "Russia would like to thank Azerbaijan for its hospitality.")
    assert (thanks.type, thanks.status) == ("SUPPORT", "asserted")


def test_coder_relative_date_of_the_event(nlp_pipeline: Pipeline) -> None:
    [met] = code(nlp_pipeline, "The Indian Prime Minister met the President of France yesterday.")
    assert (met.date, met.date_text) == ("2022-06-23", "yesterday")


def test_coder_ignores_sentences_without_an_event(nlp_pipeline: Pipeline) -> None:
    assert code(nlp_pipeline, "The weather in Baku was warm and the sea was calm.") == []
    assert code(nlp_pipeline, "I am not talking about history.") == []


def test_coder_obligation_is_a_demand_on_whoever_must_act(nlp_pipeline: Pipeline) -> None:
    [demand] = code(nlp_pipeline, "Russia said on Tuesday that Sudan must return the helicopter.")
    assert demand.type == "REQUEST"
    assert (countries(demand.source), countries(demand.target)) == (["RUS"], ["SDN"])
