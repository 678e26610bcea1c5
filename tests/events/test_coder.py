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
        ("Chile and Peru have agreed to exchange data on missing fishermen.", "AGREE", ["CHL", "PER"], ["CHL", "PER"]),
        ("Japan sent humanitarian aid to Ukraine.", "AID", ["JPN"], ["UKR"]),
        ("Morocco released 40 Algerian prisoners.", "RETREAT", ["MAR"], ["DZA"]),
        ("France urged Iran to return to the negotiating table.", "REQUEST", ["FRA"], ["IRN"]),
        ("The Russian Foreign Ministry condemned the Ukrainian authorities.", "ACCUSE", ["RUS"], ["UKR"]),
        ("Pakistan rejected the Indian proposal.", "REJECT", ["PAK"], ["IND"]),
        ("Venezuela threatened to cut oil exports if Colombia closed the border.", "THREATEN", ["VEN"], ["COL"]),
        ("Ghana threatened to suspend talks if Nigeria raised its tariffs.", "THREATEN", ["GHA"], ["NGA"]),
        ("Thousands of Georgians demonstrated in Tbilisi against the Russian occupation.", "PROTEST", ["GEO"], []),
        ("The European Union imposed sanctions on Belarus.", "SANCTION", ["EU"], ["BLR"]),
        ("Russia deployed troops to the Belarusian border.", "MOBILIZE", ["RUS"], ["BLR"]),
        ("Turkish police arrested two Swedish journalists.", "COERCE", ["TUR"], ["SWE"]),
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


def test_coder_a_polite_wish_is_not_a_condition(nlp_pipeline: Pipeline) -> None:
    [thanks] = code(nlp_pipeline, "Russia would like to thank Azerbaijan for its help in the rescue.")
    assert (thanks.type, thanks.status) == ("SUPPORT", "asserted")


@pytest.mark.parametrize(
    "courtesy",
    [
        "Russia would like to thank Azerbaijan for its hospitality.",
        "Thank you, Mr President.",
        "Thank you for the invitation to visit Brazil.",
        "Welcome to Lisbon.",
        "I welcome you to Moscow, Mr Minister.",
        "I would like to express gratitude to our Chilean hosts for a warm and hospitable welcome.",
        "Belgium would like to thank Norway for its detailed briefing on the mission.",
        "We thank Estonia for its able presidency of the Council last month.",
    ],
)
def test_coder_courtesies_are_no_events(nlp_pipeline: Pipeline, courtesy: str) -> None:
    assert code(nlp_pipeline, courtesy) == []


def test_coder_thanks_for_a_substantive_act_are_support(nlp_pipeline: Pipeline) -> None:
    [thanks] = code(nlp_pipeline, "We express our deep gratitude to Norway for its help in the rescue.")
    assert (thanks.type, countries(thanks.target)) == ("SUPPORT", ["NOR"])


def test_coder_a_welcome_of_a_decision_is_support(nlp_pipeline: Pipeline) -> None:
    [welcome] = code(nlp_pipeline, "We welcome the decision of Serbia to release the prisoners.")
    assert (welcome.type, countries(welcome.target)) == ("SUPPORT", ["SRB"])


def test_coder_relative_date_of_the_event(nlp_pipeline: Pipeline) -> None:
    [met] = code(nlp_pipeline, "The Indian Prime Minister met the President of France yesterday.")
    assert (met.date, met.date_text) == ("2022-06-23", "yesterday")


def test_coder_ignores_sentences_without_an_event(nlp_pipeline: Pipeline) -> None:
    assert code(nlp_pipeline, "The weather in Baku was warm and the sea was calm.") == []
    assert code(nlp_pipeline, "I am not talking about history.") == []


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Japan said on Friday that Peru must free the trawler.", "JPN", "PER"),
        ("Kenya said that Somalia must hand back the seized aircraft.", "KEN", "SOM"),
    ],
)
def test_coder_obligation_is_a_demand_on_whoever_must_act(
    nlp_pipeline: Pipeline, text: str, source: str, target: str
) -> None:
    [demand] = code(nlp_pipeline, text)
    assert demand.type == "REQUEST"
    assert (countries(demand.source), countries(demand.target)) == ([source], [target])


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Canada said that the US must lift its tariffs on steel.", "CAN"),
        ("Mexico said the US must stop the deportations.", "MEX"),
    ],
)
def test_coder_us_the_state_is_not_us_the_pronoun(nlp_pipeline: Pipeline, text: str, source: str) -> None:
    [demand] = code(nlp_pipeline, text)
    assert demand.type == "REQUEST"
    assert (countries(demand.source), countries(demand.target)) == ([source], ["USA"])


@pytest.mark.parametrize(
    "text", ["Rebels tried to shoot down a Nigerian army helicopter.", "Gunmen attempted to kill the governor of Kano."]
)
def test_coder_an_attempt_is_an_act_not_a_plan(nlp_pipeline: Pipeline, text: str) -> None:
    [attempt] = code(nlp_pipeline, text)
    assert (attempt.type, attempt.status) == ("ASSAULT", "asserted")


@pytest.mark.parametrize(
    ("text", "type_", "country"),
    [
        ("Governor Ana Ruiz has threatened to detain Peruvian strike leaders.", "THREATEN", "PER"),
        ("Chief Okonkwo demanded the release of Ghanaian fishermen.", "REQUEST", "GHA"),
    ],
)
def test_coder_unknown_official_takes_the_only_country_named(
    nlp_pipeline: Pipeline, text: str, type_: str, country: str
) -> None:
    [event] = code(nlp_pipeline, text)
    assert event.type == type_
    assert countries(event.source) == [country]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("The ministry thanked Japan for its help.", "JPN"),
        ("The cabinet voiced gratitude for Norway's support.", "NOR"),
    ],
)
def test_coder_the_only_country_is_not_who_thanks_it(nlp_pipeline: Pipeline, text: str, country: str) -> None:
    [thanks] = code(nlp_pipeline, text)
    assert (thanks.type, countries(thanks.source), countries(thanks.target)) == ("SUPPORT", [], [country])


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("There were three Kenyan police officers killed in Somalia last week.", "KEN"),
        ("Two Turkish soldiers killed in Syria were buried yesterday.", "TUR"),
    ],
)
def test_coder_a_participle_tells_what_befell_its_noun(nlp_pipeline: Pipeline, text: str, country: str) -> None:
    [killing] = code(nlp_pipeline, text)
    assert (killing.type, countries(killing.target)) == ("ASSAULT", [country])
    assert country not in countries(killing.source)


def test_coder_a_visit_is_the_travellers_to_the_place_reached(nlp_pipeline: Pipeline) -> None:
    [visit] = code(nlp_pipeline, "The Chilean president arrived in Lima on a state visit.")
    assert (visit.type, countries(visit.source), countries(visit.target)) == ("CONSULT", ["CHL"], ["PER"])
    [trip] = code(nlp_pipeline, "The Indian foreign minister flew to Dhaka for talks.")
    assert (trip.type, countries(trip.source), countries(trip.target)) == ("CONSULT", ["IND"], ["BGD"])
    [talks] = code(nlp_pipeline, "Sergey Lavrov arrived in Baku for talks with Jeyhun Bayramov.")
    assert (countries(talks.source), countries(talks.target)) == (["RUS"], ["AZE"])
    # Not any verb before "for": a field of cooperation is no journey.
    assert all(e.source == [] for e in code(nlp_pipeline, "Russia and China have many areas for cooperation."))


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Ghana is committed to supporting the peace process.", "GHA"),
        ("Kenya is committed to reopening its border with Somalia.", "KEN"),
        pytest.param(
            "Ghana is committed to reforming its ports.",
            "GHA",
            marks=pytest.mark.xfail(
                strict=True,
                reason="the tagger reads this 'committed' as an adjective (lemma 'committed'), and only the verb "
                "'commit' or an intent adjective with an infinitive is a trigger: no event at all",
            ),
        ),
    ],
)
def test_coder_a_stance_in_the_passive_is_the_subjects_own(nlp_pipeline: Pipeline, text: str, country: str) -> None:
    [pledge] = code(nlp_pipeline, text)
    assert (pledge.type, countries(pledge.source)) == ("AGREE", [country])


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Bolivian soldiers shot at striking miners on Friday.", "BOL"),
        ("Peruvian police fired tear gas at protesters in the capital.", "PER"),
    ],
)
def test_coder_a_states_act_on_its_own_people_targets_that_state(
    nlp_pipeline: Pipeline, text: str, country: str
) -> None:
    [fire] = code(nlp_pipeline, text)
    assert (fire.type, countries(fire.source), countries(fire.target)) == ("ASSAULT", [country], [country])


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("The Tamils of northern Sri Lanka have called on Colombo to grant them self-rule.", "LKA"),
        ("The Kurds of eastern Turkey urged Ankara to recognise their language.", "TUR"),
    ],
)
def test_coder_a_people_where_it_lives_is_that_countrys(nlp_pipeline: Pipeline, text: str, country: str) -> None:
    [demand] = code(nlp_pipeline, text)
    assert (countries(demand.source), countries(demand.target)) == ([country], [country])


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("The Spanish government declined to pledge any aid to the mission in Mali.", "ESP"),
        ("The Japanese cabinet refused to promise any aid to the Ukrainian army.", "JPN"),
    ],
)
def test_coder_what_was_refused_is_no_event_of_its_own(nlp_pipeline: Pipeline, text: str, country: str) -> None:
    events = code(nlp_pipeline, text)
    assert [e.type for e in events] == ["REJECT"]
    assert countries(events[0].source) == [country]


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Brazil is willing to contribute police officers to a peacekeeping force in Haiti.", "BRA", "HTI"),
        ("Norway is ready to send engineers to a peacekeeping mission in South Sudan.", "NOR", "SSD"),
    ],
)
def test_coder_target_further_down_the_phrase(nlp_pipeline: Pipeline, text: str, source: str, target: str) -> None:
    [offer] = code(nlp_pipeline, text)
    assert (offer.type, countries(offer.source), countries(offer.target)) == ("AGREE", [source], [target])


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("Qatari envoys halted mediation attempts between the two factions.", "SANCTION"),
        ("The Thai army declared martial law in Bangkok.", "COERCE"),
    ],
)
def test_coder_modifier_of_the_object_completes_a_light_verb(nlp_pipeline: Pipeline, text: str, type_: str) -> None:
    [event] = code(nlp_pipeline, text)
    assert event.type == type_


def test_coder_we_of_a_known_office_holder_without_a_title_is_their_state(nlp_pipeline: Pipeline) -> None:
    """A label that names a head of state the page gives no title ("Vladimir Putin:") still speaks for
    Russia; the European states of 1938 are not the summit's parties."""
    page = (
        "Press conference\n\nVladimir Putin: We signed a memorandum on trade with the CIS. "
        "In 1938 the European states signed a pact with Germany.\n"
    )
    doc = nlp_pipeline.parse_bytes(page.encode("utf-8"), path="press.txt")
    assert doc.turns[-1].speaker == "Vladimir Putin" and doc.turns[-1].affiliation is None
    [memorandum] = [e for e in doc.events if "memorandum" in e.text]
    assert countries(memorandum.source) == ["RUS"] and countries(memorandum.target) == ["CIS"]
    [pact] = [e for e in doc.events if "1938" in e.text]
    assert "RUS" not in countries(pact.source)


def test_coder_named_states_are_not_the_talks_parties(nlp_pipeline: Pipeline) -> None:
    page = (
        "15:00\n\nForeign Minister Sergey Lavrov’s statement following talks with Foreign Minister of the "
        "Republic of Azerbaijan Jeyhun Bayramov, Baku, June 24, 2022\n\n1331-24-06-2022\n\n"
        "Both sides signed a memorandum on trade. In 1938 the European states signed a pact with Germany.\n"
    )
    doc = nlp_pipeline.parse_bytes(page.encode("utf-8"), path="mid.ru/1331-24-06-2022.txt")
    [memorandum] = [e for e in doc.events if "memorandum" in e.text]
    assert countries(memorandum.source) == ["AZE", "RUS"]
    [pact] = [e for e in doc.events if "1938" in e.text]
    assert not {"AZE", "RUS"} & set(countries(pact.source))


def test_coder_you_is_the_other_party_only_when_a_person_was_addressed(nlp_pipeline: Pipeline) -> None:
    """In a statement after talks, "you" after "Mr Bayramov," is Azerbaijan; after "Ladies and gentlemen,",
    in a closing "Thank you for your attention" and in an answer to a journalist it is nobody's state."""
    page = (
        "15:00\n\nForeign Minister Sergey Lavrov’s statement following talks with Foreign Minister of the "
        "Republic of Azerbaijan Jeyhun Bayramov, Baku, June 24, 2022\n\n1331-24-06-2022\n\n"
        "Mr Bayramov, thank you for your help with the evacuation.\n\n"
        "I would like to welcome you and your delegation to our talks.\n\n"
        "Ladies and gentlemen,\n\n"
        "I would like to thank you for your interest in our work.\n\n"
        "Thank you for your attention.\n\n"
        "Question: Did you discuss the Caspian summit?\n\n"
        "Sergey Lavrov: I thank you for this question. We support you.\n"
    )
    rules = Pipeline()
    rules._annotator, rules._coder = nlp_pipeline._models()
    doc = rules.parse_bytes(page.encode("utf-8"), path="mid.ru/1331-24-06-2022.txt")
    targets = {e.text: countries(e.target) for e in doc.events}
    assert targets["Mr Bayramov, thank you for your help with the evacuation."] == ["AZE"]
    welcomed = [e.type for e in doc.events if e.text.startswith("I would like to welcome you")]
    assert "SUPPORT" not in welcomed  # the welcome is a courtesy (the talks it names are a CONSULT)
    for text, target in targets.items():
        if "interest in our work" in text or "attention" in text:
            assert "AZE" not in target, text
    # in an answer, "you" is the journalist: "I thank you", "we support you" are replies, not acts of state
    answer = next(t.index for t in doc.turns if t.kind == "answer")
    assert [e.text for e in doc.events if e.turn == answer] == []


def test_coder_what_is_received_from_someone_is_their_act(nlp_pipeline: Pipeline) -> None:
    [arms] = code(nlp_pipeline, "Moldova received arms from Romania.")
    assert (arms.type, countries(arms.source), countries(arms.target)) == ("AID", ["ROU"], ["MDA"])
    [loans] = code(nlp_pipeline, "Ukraine obtained loans from Japan.")
    assert (loans.type, countries(loans.source), countries(loans.target)) == ("AID", ["JPN"], ["UKR"])
    [assurance] = code(nlp_pipeline, "Armenia received assurances from Moscow.")
    assert (assurance.type, countries(assurance.source), countries(assurance.target)) == ("AGREE", ["RUS"], ["ARM"])
    [none] = code(nlp_pipeline, "Armenia got no support from the CSTO.")
    assert (none.type, none.status, countries(none.source)) == ("SUPPORT", "negated", ["CSTO"])
    # a letter received is no meeting, an envoy received is
    assert code(nlp_pipeline, "Azerbaijan received a letter from Armenia.") == []
    [envoy] = code(nlp_pipeline, "President Aliyev received an envoy from Russia.")
    assert (envoy.type, countries(envoy.source), countries(envoy.target)) == ("CONSULT", ["RUS"], ["AZE"])


def test_coder_no_before_the_object_negates(nlp_pipeline: Pipeline) -> None:
    [aid] = code(nlp_pipeline, "Russia provided no assistance to Armenia.")
    assert (aid.type, aid.status) == ("AID", "negated")


def test_coder_the_country_of_the_weapon_is_the_attacker(nlp_pipeline: Pipeline) -> None:
    [strike] = code(nlp_pipeline, "Three civilians were killed in Russian air strikes on Idlib.")
    assert (strike.type, countries(strike.source), countries(strike.target)) == ("ASSAULT", ["RUS"], ["SYR"])
    [fire] = code(nlp_pipeline, "Five villagers were wounded by Turkish artillery fire in northern Iraq.")
    assert countries(fire.source) == ["TUR"]
    assert "TUR" not in countries(fire.target)
    [attack] = code(nlp_pipeline, "Two soldiers died in a Ukrainian drone attack near Belgorod.")
    assert (countries(attack.source), countries(attack.target)) == (["UKR"], [])


def test_coder_engaging_in_a_firefight_or_issuing_warrants(nlp_pipeline: Pipeline) -> None:
    [fight] = code(nlp_pipeline, "Malian insurgents engaged a Chadian patrol in a firefight.")
    assert (fight.type, countries(fight.source), countries(fight.target)) == ("ASSAULT", ["MLI"], ["TCD"])
    [gunfight] = code(nlp_pipeline, "Somali militants engaged Kenyan troops in a gunfight near the border.")
    assert (gunfight.type, countries(gunfight.source), countries(gunfight.target)) == ("ASSAULT", ["SOM"], ["KEN"])
    [warrant] = code(nlp_pipeline, "A Chilean judge issued warrants for three Argentine officers.")
    assert (warrant.type, countries(warrant.source), countries(warrant.target)) == ("COERCE", ["CHL"], ["ARG"])
    [single] = code(nlp_pipeline, "A tribunal in Kenya issued an arrest warrant for a Ugandan businessman.")
    assert (single.type, countries(single.source), countries(single.target)) == ("COERCE", ["KEN"], ["UGA"])


def test_coder_the_giver_of_an_event_noun_is_its_source(nlp_pipeline: Pipeline) -> None:
    [support] = code(nlp_pipeline, "The initiative enjoys strong support from Brazil.")
    assert (support.type, countries(support.source), countries(support.target)) == ("SUPPORT", ["BRA"], [])
    [aid] = code(nlp_pipeline, "Kenya depends on aid from Japan.")
    assert (aid.type, countries(aid.source)) == ("AID", ["JPN"])
    [withdrawal] = code(nlp_pipeline, "The withdrawal from Syria began on Monday.")
    assert (withdrawal.type, countries(withdrawal.source), countries(withdrawal.target)) == ("RETREAT", [], ["SYR"])


def test_coder_who_announces_or_faces_an_event_noun(nlp_pipeline: Pipeline) -> None:
    [announced] = code(nlp_pipeline, "Canada announced sanctions against Russia.")
    assert (announced.type, countries(announced.source), countries(announced.target)) == ("SANCTION", ["CAN"], ["RUS"])
    [faced] = code(nlp_pipeline, "Iran faces new sanctions from the EU.")
    assert (countries(faced.source), countries(faced.target)) == (["EU"], ["IRN"])
    [prepared] = code(nlp_pipeline, "The EU is preparing new sanctions against Russia.")
    assert (prepared.type, prepared.status) == ("SANCTION", "planned")


def test_coder_who_is_asked_is_the_target_of_a_request(nlp_pipeline: Pipeline) -> None:
    [ask] = code(nlp_pipeline, "France asked Germany to help Ukraine.")
    assert (ask.type, countries(ask.source), countries(ask.target)) == ("REQUEST", ["FRA"], ["DEU"])
    [assist] = code(nlp_pipeline, "Mexico asked Canada to assist Haiti.")
    assert (assist.type, countries(assist.source), countries(assist.target)) == ("REQUEST", ["MEX"], ["CAN"])


def test_coder_a_gerund_after_a_preposition_names_no_target(nlp_pipeline: Pipeline) -> None:
    [jailed] = code(nlp_pipeline, "Kazakhstan jailed two activists for protesting against Russia.")
    assert (jailed.type, countries(jailed.target)) == ("COERCE", [])


@pytest.mark.parametrize(
    ("text", "reporter", "attacker", "attacked"),
    [
        ("Poland said that Belarus had shelled Lithuania.", "POL", "BLR", "LTU"),
        ("Japan said North Korea had fired missiles at South Korea.", "JPN", "PRK", "KOR"),
    ],
)
def test_coder_a_state_saying_another_used_force_accuses_it(
    nlp_pipeline: Pipeline, text: str, reporter: str, attacker: str, attacked: str
) -> None:
    coded = {(e.type, tuple(countries(e.source)), tuple(countries(e.target))) for e in code(nlp_pipeline, text)}
    assert coded == {("ASSAULT", (attacker,), (attacked,)), ("ACCUSE", (reporter,), (attacker,))}


@pytest.mark.parametrize(
    "text",
    [
        # a state telling of its own act
        "Poland claimed that it had shelled Belarus.",
        "India stated that it had bombed Pakistan.",
        # the police or medics reporting
        "Kenyan police said Somali gunmen attacked Ethiopia.",
        "Nigerian medics said Chadian soldiers attacked Cameroon.",
        # a state that says another might use force
        "Poland said that Belarus could attack Lithuania.",
        "Japan said North Korea might bomb South Korea.",
    ],
)
def test_coder_a_report_of_force_that_accuses_no_one(nlp_pipeline: Pipeline, text: str) -> None:
    types = [e.type for e in code(nlp_pipeline, text)]
    assert "ASSAULT" in types and "ACCUSE" not in types


@pytest.mark.parametrize(
    ("text", "type_", "source"),
    [
        ("Norway wants Sweden to attack Finland.", "ASSAULT", "SWE"),
        ("Oslo wants Chile to expel the Russian envoy.", "SANCTION", "CHL"),
        ("France wishes that Italy would sanction Hungary.", "SANCTION", "ITA"),
        pytest.param(
            "Germany would like Poland to invade Belarus.",
            "ASSAULT",
            "POL",
            marks=pytest.mark.xfail(
                strict=True,
                reason="the parser makes Poland the object of 'like' and 'invade' its xcomp; the wish rule only "
                "reads a complement clause with its own subject, so Germany invades, asserted",
            ),
        ),
    ],
)
def test_coder_someone_elses_act_only_wished_for_is_hypothetical(
    nlp_pipeline: Pipeline, text: str, type_: str, source: str
) -> None:
    [event] = code(nlp_pipeline, text)
    assert (event.type, event.status, countries(event.source)) == (type_, "hypothetical", [source])


def test_coder_ones_own_wish_to_act_is_planned(nlp_pipeline: Pipeline) -> None:
    [sign] = code(nlp_pipeline, "Russia wants to sign the agreement with Azerbaijan.")
    assert sign.status == "planned"


def test_coder_a_currency_prefix_is_no_state(nlp_pipeline: Pipeline) -> None:
    for text in (
        "The former governor was charged with taking up to US $3 million in bribes.",
        "The minister is suspected of hiding US $2 billion abroad.",
    ):
        doc = nlp_pipeline.parse_text(text)
        assert "USA" not in [m.actor.country for m in doc.mentions if m.actor], text


def test_coder_a_town_or_region_gives_its_country(nlp_pipeline: Pipeline) -> None:
    [drill] = code(nlp_pipeline, "China is conducting naval drills off Okinawa.")
    assert (drill.type, countries(drill.source), countries(drill.target)) == ("MOBILIZE", ["CHN"], ["JPN"])
    [exercise] = code(nlp_pipeline, "Iran is holding military exercises near Basra.")
    assert (countries(exercise.source), countries(exercise.target)) == (["IRN"], ["IRQ"])
    [shelling] = code(nlp_pipeline, "Syrian troops shelled Homs.")
    assert countries(shelling.target) == ["SYR"]


def test_coder_the_venue_or_occasion_of_talks_is_no_party(nlp_pipeline: Pipeline) -> None:
    for text in (
        "Russia and Turkey held the Astana talks.",
        "President Xi and President Trump held a meeting on the sidelines of the G20 Osaka Summit.",
        "The Chinese and US heads of state held a successful meeting in Osaka.",
    ):
        [talks] = code(nlp_pipeline, text)
        assert talks.type == "CONSULT", text
        assert set(countries(talks.target)) == set(countries(talks.source)) and len(talks.source) == 2, text
    assert code(nlp_pipeline, "Ukraine violated the Minsk agreements.") == []  # not an agreement of Belarus


def test_coder_a_state_force_or_a_named_person_is_not_where_it_is(nlp_pipeline: Pipeline) -> None:
    [killing] = code(nlp_pipeline, "Turkish troops in Iraq killed two men.")
    assert countries(killing.source) == ["TUR"]
    [refusal] = code(nlp_pipeline, "The Moroccan premier declined to host Spain's King Felipe in Rabat.")
    assert (refusal.type, countries(refusal.target)) == ("REJECT", ["ESP"])
    [snub] = code(nlp_pipeline, "The Egyptian president declined to receive Qatar's Emir Tamim in Cairo.")
    assert (snub.type, countries(snub.target)) == ("REJECT", ["QAT"])
    # a people is still coded by where it lives
    [raid] = code(nlp_pipeline, "Serbian militiamen in Kosovo attacked a police station.")
    assert countries(raid.source) == ["XKX"]
    [ambush] = code(nlp_pipeline, "Armenian fighters in Georgia attacked a checkpoint.")
    assert countries(ambush.source) == ["GEO"]


def test_coder_words_that_are_no_event_with_this_object(nlp_pipeline: Pipeline) -> None:
    assert code(nlp_pipeline, "In Connecticut, Governor Ned Lamont signed a gun violence prevention bill.") == []
    assert code(nlp_pipeline, "He demonstrated this at the meeting in Vladivostok.") == []
    [attack] = code(nlp_pipeline, "The brothers committed a terrorist attack during the Boston marathon.")
    assert attack.type == "ASSAULT"  # not a commitment
    assert code(nlp_pipeline, "The city of Novocherkassk will host the World Cossack Congress.") == []


def test_coder_one_act_told_with_two_verbs_is_one_event(nlp_pipeline: Pipeline) -> None:
    events = code(nlp_pipeline, "A car bomb in Kandahar killed a Canadian medic and injured four of his colleagues.")
    assert [(e.type, countries(e.target)) for e in events] == [("ASSAULT", ["CAN"])]
    events = code(nlp_pipeline, "Gunmen shot a Kenyan guard and injured three more.")
    assert [(e.type, countries(e.target)) for e in events] == [("ASSAULT", ["KEN"])]


def test_coder_who_is_scheduled_or_expected_to_act_is_the_source(nlp_pipeline: Pipeline) -> None:
    [visit] = code(nlp_pipeline, "Lavrov is expected to visit Baku next week.")
    assert (visit.type, visit.status, countries(visit.source), countries(visit.target)) == (
        "CONSULT",
        "planned",
        ["RUS"],
        ["AZE"],
    )
    [trip] = code(nlp_pipeline, "The Kenyan president is scheduled to visit Uganda next month.")
    assert (trip.type, trip.status, countries(trip.source), countries(trip.target)) == (
        "CONSULT",
        "planned",
        ["KEN"],
        ["UGA"],
    )
    [meeting] = code(nlp_pipeline, "Scholz is expected to attend a meeting on the war in Yemen.")
    assert (countries(meeting.source), countries(meeting.target)) == (["DEU"], ["YEM"])


def test_coder_a_head_the_lemmatiser_gets_wrong_still_counts(nlp_pipeline: Pipeline) -> None:
    """The small model lemmatises "slated" as "slat" and "hopes" as "hop"; the heads are read by all
    forms of the word, as the triggers are."""
    [meeting] = code(nlp_pipeline, "Scholz is slated to attend a meeting on the war in Yemen.")
    assert (meeting.status, countries(meeting.source), countries(meeting.target)) == ("planned", ["DEU"], ["YEM"])


def test_coder_an_accident_or_a_disaster_is_no_assault(nlp_pipeline: Pipeline) -> None:
    assert code(nlp_pipeline, "An earthquake killed 200 people in Turkey.") == []
    assert code(nlp_pipeline, "A cyclone killed 90 villagers in Bangladesh.") == []
    text = "Rescuers will help identify passengers killed in the ferry accident off Tanzania."
    assert "ASSAULT" not in [e.type for e in code(nlp_pipeline, text)]
    [demolition] = code(nlp_pipeline, "Israel demolished Palestinian houses in the Jordan Valley.")
    assert (demolition.type, countries(demolition.source), countries(demolition.target)) == (
        "ASSAULT",
        ["ISR"],
        ["PSE"],
    )


def test_coder_an_act_near_an_unknown_place_is_not_taken_for_a_domestic_one(nlp_pipeline: Pipeline) -> None:
    [killing] = code(nlp_pipeline, "Russian troops killed 20 people in a village near Bakhmut.")
    assert (countries(killing.source), countries(killing.target)) == (["RUS"], [])
    [fire] = code(nlp_pipeline, "Bolivian soldiers shot at striking miners.")
    assert countries(fire.target) == ["BOL"]  # no other country, no unknown place: Bolivia's own affair


@pytest.mark.parametrize(
    "procedure",
    [
        "I will ask Secretary Blinken to come up and speak.",
        "I would like to ask our Vice President to say a few words.",
    ],
)
def test_coder_giving_someone_the_floor_is_no_request(nlp_pipeline: Pipeline, procedure: str) -> None:
    assert code(nlp_pipeline, procedure) == []


def test_coder_asking_a_state_to_speak_out_is_a_request(nlp_pipeline: Pipeline) -> None:
    assert [e.type for e in code(nlp_pipeline, "France asked Japan to speak out against the blockade.")] == ["REQUEST"]


def test_coder_a_hope_that_another_will_act_asks_it_of_them(nlp_pipeline: Pipeline) -> None:
    """EVENTS.md: "we hope that X will / can ..." is a REQUEST of X; what X is asked to do is no event of its own."""
    [hope] = code(nlp_pipeline, "China hopes that the US will stop interfering in its internal affairs.")
    assert (hope.type, hope.status, countries(hope.source), countries(hope.target)) == (
        "REQUEST",
        "asserted",
        ["CHN"],
        ["USA"],
    )


@pytest.mark.parametrize("outcome", ["We hope the situation will improve.", "We hope we can meet again soon."])
def test_coder_a_hope_with_no_one_else_asked_is_no_request(nlp_pipeline: Pipeline, outcome: str) -> None:
    assert [e.type for e in code(nlp_pipeline, outcome) if e.type == "REQUEST"] == []
