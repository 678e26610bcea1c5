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


def test_coder_us_the_state_is_not_us_the_pronoun(nlp_pipeline: Pipeline) -> None:
    [demand] = code(nlp_pipeline, "Egypt said that the US must be ready to mediate between Israel and Palestine.")
    assert demand.type == "REQUEST"
    assert (countries(demand.source), countries(demand.target)) == (["EGY"], ["USA"])


def test_coder_an_attempt_is_an_act_not_a_plan(nlp_pipeline: Pipeline) -> None:
    [attempt] = code(nlp_pipeline, "Iraqi militants attempted to assassinate the Prime Minister of Iraq.")
    assert (attempt.type, attempt.status) == ("ASSAULT", "asserted")


def test_coder_unknown_official_takes_the_only_country_named(nlp_pipeline: Pipeline) -> None:
    [threat] = code(nlp_pipeline, "President Yoweri Museveni has threatened to ban Ugandan opposition candidates.")
    assert threat.type == "THREATEN"
    assert countries(threat.source) == ["UGA"]


def test_coder_the_only_country_is_not_who_thanks_it(nlp_pipeline: Pipeline) -> None:
    [thanks] = code(nlp_pipeline, "The government expressed appreciation for China's assistance.")
    assert (thanks.type, countries(thanks.source), countries(thanks.target)) == ("SUPPORT", [], ["CHN"])


def test_coder_a_participle_tells_what_befell_its_noun(nlp_pipeline: Pipeline) -> None:
    [killing] = code(nlp_pipeline, "There were 10 Russian soldiers killed in Ukraine today.")
    assert (killing.type, countries(killing.target)) == ("ASSAULT", ["RUS"])
    assert "RUS" not in countries(killing.source)


def test_coder_a_visit_is_the_travellers_to_the_place_reached(nlp_pipeline: Pipeline) -> None:
    [visit] = code(nlp_pipeline, "Iraqi President Saddam Hussein arrived in Amman on a previously unannounced visit.")
    assert (visit.type, countries(visit.source), countries(visit.target)) == ("CONSULT", ["IRQ"], ["JOR"])
    [talks] = code(nlp_pipeline, "Sergey Lavrov arrived in Baku for talks with Jeyhun Bayramov.")
    assert (countries(talks.source), countries(talks.target)) == (["RUS"], ["AZE"])
    # Not any verb before "for": a field of cooperation is no journey.
    assert all(e.source == [] for e in code(nlp_pipeline, "Russia and China have many areas for cooperation."))


def test_coder_a_stance_in_the_passive_is_the_subjects_own(nlp_pipeline: Pipeline) -> None:
    [pledge] = code(nlp_pipeline, "Vietnam is committed to opening up its economy to foreign investors.")
    assert (pledge.type, countries(pledge.source)) == ("AGREE", ["VNM"])


def test_coder_a_states_act_on_its_own_people_targets_that_state(nlp_pipeline: Pipeline) -> None:
    [fire] = code(nlp_pipeline, "Egyptian police opened fire on demonstrators on Monday night.")
    assert (fire.type, countries(fire.source), countries(fire.target)) == ("ASSAULT", ["EGY"], ["EGY"])


def test_coder_a_people_where_it_lives_is_that_countrys(nlp_pipeline: Pipeline) -> None:
    [demand] = code(nlp_pipeline, "The Albanians of southern Serbia are demanding autonomy from Serbian authorities.")
    assert (countries(demand.source), countries(demand.target)) == (["SRB"], ["SRB"])


def test_coder_what_was_refused_is_no_event_of_its_own(nlp_pipeline: Pipeline) -> None:
    events = code(nlp_pipeline, "The Turkish government refused to commit to any assistance to the war against Iraq.")
    assert [e.type for e in events] == ["REJECT"]
    assert countries(events[0].source) == ["TUR"]


def test_coder_target_further_down_the_phrase(nlp_pipeline: Pipeline) -> None:
    [offer] = code(nlp_pipeline, "France is ready to contribute troops to an international force in Liberia.")
    assert (offer.type, countries(offer.source), countries(offer.target)) == ("AGREE", ["FRA"], ["LBR"])


def test_coder_modifier_of_the_object_completes_a_light_verb(nlp_pipeline: Pipeline) -> None:
    [ended] = code(nlp_pipeline, "Syrian officers ended mediation efforts between the rival militias.")
    assert ended.type == "SANCTION"


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
        "Mr Bayramov, thank you for your invitation.\n\n"
        "I would like to welcome you and your delegation to our talks.\n\n"
        "Ladies and gentlemen,\n\n"
        "I would like to thank you for your interest in our work.\n\n"
        "Thank you for your attention.\n\n"
        "Question: Did you discuss the Caspian summit?\n\n"
        "Sergey Lavrov: I thank you for this question. We support you.\n"
    )
    doc = nlp_pipeline.parse_bytes(page.encode("utf-8"), path="mid.ru/1331-24-06-2022.txt")
    targets = {e.text: countries(e.target) for e in doc.events}
    assert targets["Mr Bayramov, thank you for your invitation."] == ["AZE"]
    [welcome] = [e for e in doc.events if e.text.startswith("I would like to welcome you")]
    assert (welcome.type, countries(welcome.source), countries(welcome.target)) == ("SUPPORT", ["RUS"], ["AZE"])
    for text, target in targets.items():
        if "interest in our work" in text or "attention" in text:
            assert "AZE" not in target, text
    # in an answer, "you" is the journalist: "I thank you", "we support you" are replies, not acts of state
    answer = next(t.index for t in doc.turns if t.kind == "answer")
    assert [e.text for e in doc.events if e.turn == answer] == []


def test_coder_what_is_received_from_someone_is_their_act(nlp_pipeline: Pipeline) -> None:
    [arms] = code(nlp_pipeline, "Ukraine received weapons from the United States.")
    assert (arms.type, countries(arms.source), countries(arms.target)) == ("AID", ["USA"], ["UKR"])
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
    [fire] = code(nlp_pipeline, "Four people were wounded by Israeli fire in Gaza.")
    assert countries(fire.source) == ["ISR"]
    assert "ISR" not in countries(fire.target)
    [attack] = code(nlp_pipeline, "Two soldiers died in a Ukrainian drone attack near Belgorod.")
    assert (countries(attack.source), countries(attack.target)) == (["UKR"], [])


def test_coder_engaging_in_a_firefight_or_issuing_warrants(nlp_pipeline: Pipeline) -> None:
    [fight] = code(nlp_pipeline, "Syrian rebels engaged Filipino peacekeepers in a firefight on Saturday.")
    assert (fight.type, countries(fight.source), countries(fight.target)) == ("ASSAULT", ["SYR"], ["PHL"])
    [warrant] = code(nlp_pipeline, "A court in Guyana has issued arrest warrants for two Brazilian men.")
    assert (warrant.type, countries(warrant.source), countries(warrant.target)) == ("COERCE", ["GUY"], ["BRA"])


def test_coder_the_giver_of_an_event_noun_is_its_source(nlp_pipeline: Pipeline) -> None:
    [support] = code(nlp_pipeline, "Washington said such a step enjoyed support from Moscow.")
    assert (support.type, countries(support.source), countries(support.target)) == ("SUPPORT", ["RUS"], [])
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


def test_coder_a_gerund_after_a_preposition_names_no_target(nlp_pipeline: Pipeline) -> None:
    [jailed] = code(nlp_pipeline, "Kazakhstan jailed two activists for protesting against Russia.")
    assert (jailed.type, countries(jailed.target)) == ("COERCE", [])


def test_coder_a_state_saying_another_used_force_accuses_it(nlp_pipeline: Pipeline) -> None:
    events = code(nlp_pipeline, "The US said that Iraq had attacked Kuwait.")
    coded = {(e.type, tuple(countries(e.source)), tuple(countries(e.target))) for e in events}
    assert coded == {("ASSAULT", ("IRQ",), ("KWT",)), ("ACCUSE", ("USA",), ("IRQ",))}
    # a state telling of its own act, or the police reporting, accuses no one
    assert [e.type for e in code(nlp_pipeline, "The US claimed that it had attacked Iraq.")] == ["ASSAULT"]
    assert "ACCUSE" not in [e.type for e in code(nlp_pipeline, "Thai police said Burmese troops attacked Laos.")]
    # nor does a state that says another might use force
    assert "ACCUSE" not in [e.type for e in code(nlp_pipeline, "The US said that Iraq could attack Kuwait.")]


def test_coder_someone_elses_act_only_wished_for_is_hypothetical(nlp_pipeline: Pipeline) -> None:
    [attack] = code(nlp_pipeline, "Obama wants Putin to attack Switzerland.")
    assert (attack.type, attack.status) == ("ASSAULT", "hypothetical")
    [sign] = code(nlp_pipeline, "Russia wants to sign the agreement with Azerbaijan.")
    assert sign.status == "planned"


def test_coder_a_currency_prefix_is_no_state(nlp_pipeline: Pipeline) -> None:
    doc = nlp_pipeline.parse_text("Aristide is accused of misusing up to US $50 million in public funds.")
    assert "USA" not in [m.actor.country for m in doc.mentions if m.actor]


def test_coder_a_town_or_region_gives_its_country(nlp_pipeline: Pipeline) -> None:
    [drill] = code(nlp_pipeline, "Russia is conducting military exercises in Alaska.")
    assert (drill.type, countries(drill.source), countries(drill.target)) == ("MOBILIZE", ["RUS"], ["USA"])
    [shelling] = code(nlp_pipeline, "Syrian troops shelled Aleppo.")
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
    [killing] = code(nlp_pipeline, "Israeli troops in Gaza killed two men.")
    assert countries(killing.source) == ["ISR"]
    [refusal] = code(
        nlp_pipeline, "Israeli President Moshe Katsav has refused to meet Jordan's King Abdullah II in Tel Aviv."
    )
    assert (refusal.type, countries(refusal.target)) == ("REJECT", ["JOR"])
    # a people is still coded by where it lives
    [raid] = code(nlp_pipeline, "Albanian guerrillas in Macedonia attacked a police station.")
    assert countries(raid.source) == ["MKD"]


def test_coder_words_that_are_no_event_with_this_object(nlp_pipeline: Pipeline) -> None:
    assert code(nlp_pipeline, "In Connecticut, Governor Ned Lamont signed a gun violence prevention bill.") == []
    assert code(nlp_pipeline, "He demonstrated this at the meeting in Vladivostok.") == []
    [attack] = code(nlp_pipeline, "The brothers committed a terrorist attack during the Boston marathon.")
    assert attack.type == "ASSAULT"  # not a commitment
    assert code(nlp_pipeline, "The city of Novocherkassk will host the World Cossack Congress.") == []


def test_coder_one_act_told_with_two_verbs_is_one_event(nlp_pipeline: Pipeline) -> None:
    events = code(nlp_pipeline, "A roadside bombing near Samarra killed one U.S. soldier and wounded two others.")
    assert [(e.type, countries(e.target)) for e in events] == [("ASSAULT", ["USA"])]


def test_coder_who_is_scheduled_or_expected_to_act_is_the_source(nlp_pipeline: Pipeline) -> None:
    [visit] = code(nlp_pipeline, "Lavrov is expected to visit Baku next week.")
    assert (visit.type, visit.status, countries(visit.source), countries(visit.target)) == (
        "CONSULT",
        "planned",
        ["RUS"],
        ["AZE"],
    )
    [summit] = code(nlp_pipeline, "Obama is scheduled to attend a summit on the unrest in Iran.")
    assert (countries(summit.source), countries(summit.target)) == (["USA"], ["IRN"])


def test_coder_an_accident_or_a_disaster_is_no_assault(nlp_pipeline: Pipeline) -> None:
    assert code(nlp_pipeline, "An earthquake killed 200 people in Turkey.") == []
    assert code(nlp_pipeline, "Interpol will help identify victims killed by the MH17 crash in east Ukraine.") == []
    [demolition] = code(nlp_pipeline, "Israel demolished Palestinian homes in Hebron.")
    assert (demolition.type, countries(demolition.source), countries(demolition.target)) == (
        "ASSAULT",
        ["ISR"],
        ["PSE"],
    )


def test_coder_an_act_near_an_unknown_place_is_not_taken_for_a_domestic_one(nlp_pipeline: Pipeline) -> None:
    [killing] = code(nlp_pipeline, "Russian troops killed 20 people in a village near Bakhmut.")
    assert (countries(killing.source), countries(killing.target)) == (["RUS"], [])
    [fire] = code(nlp_pipeline, "Egyptian police opened fire on demonstrators.")
    assert countries(fire.target) == ["EGY"]  # no other country, no unknown place: Egypt's own affair
