"""Actor normalisation: entity mentions to countries, organisations, office-holders and sectors."""

from __future__ import annotations

import csv
import itertools
import re
from importlib import resources

import pytest

from communique.model import Actor
from communique.nlp.actors import ORGANISATION_CODES, ActorResolver
from communique.pipeline import Pipeline


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver.load()


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("communique.data").joinpath("actors", name).read_text("utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#")))


# --------------------------------------------------------------------------
# Countries, capitals, institutions
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "country"),
    [
        ("Russia", "GPE", "RUS"),
        ("the Russian Federation", "GPE", "RUS"),
        ("Russian", "NORP", "RUS"),
        ("Russians", "NORP", "RUS"),
        ("Azerbaijani", "NORP", "AZE"),
        ("Azerbaijani", "PERSON", "AZE"),  # the small spaCy model labels it so
        ("the Republic of Azerbaijan", "GPE", "AZE"),
        ("the Kingdom of Saudi Arabia", "GPE", "SAU"),
        ("Türkiye", "GPE", "TUR"),
        ("the U.S.", "GPE", "USA"),
        ("the United Kingdom", "GPE", "GBR"),
        ("Uzbek", "NORP", "UZB"),
    ],
)
def test_country_name_adjective_or_demonym_is_the_country_without_sector(
    resolver: ActorResolver, text: str, label: str, country: str
) -> None:
    assert resolver.resolve(text, label) == Actor(country, None, None)


@pytest.mark.parametrize(
    ("text", "country"),
    [("Moscow", "RUS"), ("Baku", "AZE"), ("Washington", "USA"), ("Beijing", "CHN"), ("Kiev", "UKR"), ("Kyiv", "UKR")],
)
def test_capital_used_for_government_is_gov(resolver: ActorResolver, text: str, country: str) -> None:
    assert resolver.resolve(text, "GPE") == Actor(country, "GOV", None)


def test_capital_mislabelled_as_person_is_still_the_government(resolver: ActorResolver) -> None:
    assert resolver.resolve("Yerevan", "PERSON") == Actor("ARM", "GOV", None)


def test_capital_labelled_as_plain_place_has_no_sector(resolver: ActorResolver) -> None:
    assert resolver.resolve("Kyiv", "LOC") == Actor("UKR", None, None)


def test_brussels_stands_for_the_eu(resolver: ActorResolver) -> None:
    assert resolver.resolve("Brussels", "GPE") == Actor("EU", None, None)


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("the Kremlin", "RUS", "GOV"),
        ("the White House", "USA", "GOV"),
        ("the Pentagon", "USA", "MIL"),
        ("the State Department", "USA", "GOV"),
        ("the State Duma", "RUS", "LEG"),
        ("the Verkhovna Rada", "UKR", "LEG"),
        ("the FSB", "RUS", "SPY"),
    ],
)
def test_named_institution_is_its_country_and_sector(
    resolver: ActorResolver, text: str, country: str, sector: str
) -> None:
    assert resolver.resolve(text, "ORG") == Actor(country, sector, None)


def test_partially_recognised_entity_is_parent_country_with_pre_sector(resolver: ActorResolver) -> None:
    assert resolver.resolve("Abkhazia", "GPE") == Actor("GEO", "PRE", None)


# --------------------------------------------------------------------------
# Organisations and formats
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("the EU", "EU"),
        ("European Union", "EU"),
        ("NATO", "NATO"),
        ("the OSCE", "OSCE"),
        ("the United Nations", "UN"),
        ("UN", "UN"),
        ("CSTO", "CSTO"),
        ("the Collective Security Treaty Organization", "CSTO"),
        ("SCO", "SCO"),
        ("the Shanghai Cooperation Organization", "SCO"),
        ("BRICS", "BRICS"),
        ("CIS", "CIS"),
        ("EAEU", "EAEU"),
        ("the Eurasian Economic Union", "EAEU"),
        ("the Organization for Security and Cooperation in Europe", "OSCE"),
    ],
)
def test_coded_organisation_resolves_to_its_code(resolver: ActorResolver, text: str, code: str) -> None:
    assert resolver.resolve(text, "ORG") == Actor(code, None, None)


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("the OSCE Minsk Group", "OSCE", "OSCE Minsk Group"),
        ("UN Security Council", "UN", "UN Security Council"),
        ("the UNSC", "UN", "UN Security Council"),
        ("the General Assembly", "UN", "UN General Assembly"),
        ("UNESCO", "UN", "UN Educational, Scientific and Cultural Organisation"),
        ("the IAEA", "UN", "International Atomic Energy Agency"),
        ("the European Commission", "EU", "European Commission"),
    ],
)
def test_body_of_an_organisation_keeps_the_code_and_names_the_body(
    resolver: ActorResolver, text: str, code: str, name: str
) -> None:
    assert resolver.resolve(text, "ORG") == Actor(code, None, name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ASEAN", "Association of Southeast Asian Nations"),
        ("the African Union", "African Union"),
        ("G20", "Group of Twenty"),
        ("the G7", "Group of Seven"),
        ("the WTO", "World Trade Organisation"),
        ("the 3+3 format", "3+3 format"),
        ("the Normandy format", "Normandy format"),
    ],
)
def test_other_organisation_or_format_is_igo_with_its_canonical_name(
    resolver: ActorResolver, text: str, name: str
) -> None:
    assert resolver.resolve(text, "ORG") == Actor("IGO", None, name)


def test_organisation_with_its_own_sector_keeps_it(resolver: ActorResolver) -> None:
    assert resolver.resolve("the European Parliament", "ORG") == Actor("EU", "LEG", "European Parliament")


@pytest.mark.parametrize(("lower", "upper", "code"), [("who", "WHO", "UN"), ("us", "US", "USA"), ("au", "AU", "IGO")])
def test_acronym_matches_only_when_written_in_capitals(
    resolver: ActorResolver, lower: str, upper: str, code: str
) -> None:
    assert resolver.resolve(lower) is None
    assert resolver.country_of(upper) == code


# --------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "country", "name"),
    [
        ("Vladimir Putin", "RUS", "Vladimir Putin"),
        ("Putin", "RUS", "Vladimir Putin"),
        ("Putin's", "RUS", "Vladimir Putin"),
        ("President Putin", "RUS", "Vladimir Putin"),
        ("Sergei Lavrov", "RUS", "Sergey Lavrov"),
        ("Foreign Minister Lavrov", "RUS", "Sergey Lavrov"),
        ("Mr Bayramov", "AZE", "Jeyhun Bayramov"),
        ("Zelensky", "UKR", "Volodymyr Zelenskyy"),
        ("Recep Tayyip Erdogan", "TUR", "Recep Tayyip Erdoğan"),
        ("ERDOĞAN", "TUR", "Recep Tayyip Erdoğan"),
        ("Xi Jinping", "CHN", "Xi Jinping"),
    ],
)
def test_person_mention_gives_canonical_name_and_affiliation(
    resolver: ActorResolver, text: str, country: str, name: str
) -> None:
    assert resolver.resolve(text, "PERSON", "2022-06-24") == Actor(country, "GOV", name)


@pytest.mark.parametrize(
    ("text", "country", "name"),
    [
        ("Foreign Minister of the Republic of Azerbaijan Jeyhun Bayramov", "AZE", "Jeyhun Bayramov"),
        ("President of Azerbaijan Ilham Aliyev", "AZE", "Ilham Aliyev"),
        ("Russian President Vladimir Putin", "RUS", "Vladimir Putin"),
        ("Chairman of the Management Committee of Gazprom Vladimir Putin", "RUS", "Vladimir Putin"),
    ],
)
def test_designation_ending_in_a_known_name_is_that_person(
    resolver: ActorResolver, text: str, country: str, name: str
) -> None:
    assert resolver.resolve(text, "PERSON", "2022-06-24") == Actor(country, "GOV", name)


def test_unknown_person_after_a_designation_takes_country_and_sector_from_it(resolver: ActorResolver) -> None:
    actor = resolver.resolve("Deputy Foreign Minister of Azerbaijan Elnur Mammadov", "PERSON")
    assert actor == Actor("AZE", "GOV", "Elnur Mammadov")


def test_capitalised_words_without_a_title_are_not_taken_for_a_person(resolver: ActorResolver) -> None:
    assert resolver.resolve("Russian Direct Investment Fund", "ORG") is None


@pytest.mark.parametrize(
    ("date", "actor"),
    [
        ("2016-06-01", Actor("BEL", "GOV", "Charles Michel")),
        ("2022-06-01", Actor("EU", None, "Charles Michel")),
        (None, Actor("EU", None, "Charles Michel")),
    ],
)
def test_person_with_national_and_international_posts_is_placed_by_the_date(
    resolver: ActorResolver, date: str | None, actor: Actor
) -> None:
    assert resolver.resolve("Charles Michel", "PERSON", date) == actor


@pytest.mark.parametrize(
    ("text", "date", "name"),
    [
        ("Aliyev", "2000-01-01", "Heydar Aliyev"),
        ("Aliyev", "2010-01-01", "Ilham Aliyev"),
        ("Aliyev", None, None),
        ("Li", "2020-01-01", "Li Keqiang"),
        ("Li", None, None),
        ("Premier Li", "2024-01-01", "Li Qiang"),
        ("Clinton", "2010-01-01", "Hillary Clinton"),
        ("Clinton", "2020-01-01", None),
    ],
)
def test_ambiguous_surname_resolves_only_when_exactly_one_holder_fits(
    resolver: ActorResolver, text: str, date: str | None, name: str | None
) -> None:
    actor = resolver.resolve(text, "PERSON", date)
    assert (actor.name if actor else None) == name


def test_surname_that_is_an_ordinary_word_needs_a_title_or_the_person_label(resolver: ActorResolver) -> None:
    assert resolver.resolve("May") is None
    assert resolver.resolve("May", "PERSON") == Actor("GBR", "GOV", "Theresa May")
    assert resolver.resolve("Prime Minister May") == Actor("GBR", "GOV", "Theresa May")


# --------------------------------------------------------------------------
# Titles and office-holders
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date", "actor"),
    [
        ("the US President", "2015-06-01", Actor("USA", "GOV", "Barack Obama")),
        ("the US President", "2022-06-01", Actor("USA", "GOV", "Joe Biden")),
        ("Foreign Minister of Russia", "2022-06-24", Actor("RUS", "GOV", "Sergey Lavrov")),
        ("the Russian Foreign Minister", "2003-01-01", Actor("RUS", "GOV", "Igor Ivanov")),
        ("the President of Russia", "2010-01-01", Actor("RUS", "GOV", "Dmitry Medvedev")),
        ("Russia's Prime Minister", "2010-01-01", Actor("RUS", "GOV", "Vladimir Putin")),
        ("the German Chancellor", "2023-01-01", Actor("DEU", "GOV", "Olaf Scholz")),
        ("the Chinese Premier", "2020-01-01", Actor("CHN", "GOV", "Li Keqiang")),
        ("the British Foreign Secretary", "2017-01-01", Actor("GBR", "GOV", "Boris Johnson")),
        ("US Secretary of State", "2014-01-01", Actor("USA", "GOV", "John Kerry")),
        ("the Iranian President", "2020-01-01", Actor("IRN", "GOV", "Hassan Rouhani")),
        ("UN Secretary-General", "2010-01-01", Actor("UN", None, "Ban Ki-moon")),
        ("the NATO Secretary General", "2020-01-01", Actor("NATO", None, "Jens Stoltenberg")),
        ("the President of the European Commission", "2012-01-01", Actor("EU", None, "José Manuel Barroso")),
        ("Kremlin spokesman", "2020-01-01", Actor("RUS", "GOV", "Dmitry Peskov")),
    ],
)
def test_title_alone_names_the_office_holder_at_the_date(
    resolver: ActorResolver, text: str, date: str, actor: Actor
) -> None:
    assert resolver.resolve(text, None, date) == actor


def test_title_alone_without_a_date_names_no_holder(resolver: ActorResolver) -> None:
    assert resolver.resolve("the Russian President") == Actor("RUS", "GOV", None)


def test_inauguration_day_belongs_to_the_new_holder(resolver: ActorResolver) -> None:
    assert resolver.resolve("the US President", None, "2009-01-19").name == "George W. Bush"
    assert resolver.resolve("the US President", None, "2009-01-20").name == "Barack Obama"


def test_uncertain_month_of_a_handover_leaves_the_holder_undecided(resolver: ActorResolver) -> None:
    # offices.csv knows only the month in which Mammadyarov succeeded Guliyev.
    assert resolver.resolve("Azerbaijani Foreign Minister", None, "2004-04-15") == Actor("AZE", "GOV", None)
    assert resolver.resolve("Azerbaijani Foreign Minister", None, "2004-06-01").name == "Elmar Mammadyarov"


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Deputy Foreign Minister of Russia", Actor("RUS", "GOV", None)),
        ("the former US President", Actor("USA", "ELI", None)),
    ],
)
def test_deputy_or_former_title_does_not_name_the_holder(resolver: ActorResolver, text: str, actor: Actor) -> None:
    assert resolver.resolve(text, None, "2020-01-01") == actor


def test_malformed_date_is_ignored(resolver: ActorResolver) -> None:
    assert resolver.resolve("the US President", None, "last Tuesday") == Actor("USA", "GOV", None)


# --------------------------------------------------------------------------
# Sectors
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("Chinese military", "CHN", "MIL"),
        ("the Russian Armed Forces", "RUS", "MIL"),
        ("Ukrainian journalists", "UKR", "MED"),
        ("the Russian Foreign Ministry", "RUS", "GOV"),
        ("the Ministry of Foreign Affairs of Azerbaijan", "AZE", "GOV"),
        ("the Azerbaijani Defence Ministry", "AZE", "MIL"),
        ("Russian business", "RUS", "BUS"),
        ("the Belarusian opposition", "BLR", "OPP"),
        ("Syrian rebels", "SYR", "REB"),
        ("the Russian Constitutional Court", "RUS", "JUD"),
        ("the Armenian parliament", "ARM", "LEG"),
        ("US lawmakers", "USA", "LEG"),
        ("the Kazakh authorities", "KAZ", "GOV"),
        ("the Azerbaijani side", "AZE", "GOV"),
        ("the Kiev regime", "UKR", "GOV"),
        ("NATO military", "NATO", "MIL"),
        ("our Azerbaijani partners", "AZE", None),
    ],
)
def test_sector_word_with_a_country_gives_country_and_sector(
    resolver: ActorResolver, text: str, country: str, sector: str | None
) -> None:
    assert resolver.resolve(text, "ORG") == Actor(country, sector, None)


@pytest.mark.parametrize(
    ("text", "country"), [("the Emergencies Ministry", None), ("the Russian Commerce Ministry", "RUS")]
)
def test_unknown_words_before_a_sector_head_noun_only_narrow_it(
    resolver: ActorResolver, text: str, country: str | None
) -> None:
    assert resolver.resolve(text, "ORG") == Actor(country, "GOV", None)


@pytest.mark.parametrize(("text", "sector"), [("the Government", "GOV"), ("the Defence Ministry", "MIL")])
def test_sector_word_alone_keeps_the_sector_and_leaves_the_country_open(
    resolver: ActorResolver, text: str, sector: str
) -> None:
    assert resolver.resolve(text, "ORG") == Actor(None, sector, None)


# --------------------------------------------------------------------------
# What is not an actor
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Russophobic",
        "1331-24-06-2022",
        "June 24",
        "",
        "   ",
        "Ladies and gentlemen",
        "Russia and Azerbaijan",
        "Russian-Azerbaijani",
        "the Minsk agreements",
        "turkey",
        "The Hague",
    ],
)
def test_text_that_names_no_single_actor_gives_none(resolver: ActorResolver, text: str) -> None:
    assert resolver.resolve(text) is None


@pytest.mark.parametrize(("text", "label"), [("24 June 2022", "DATE"), ("Russian", "LANGUAGE"), ("two", "CARDINAL")])
def test_labels_that_never_name_an_actor_give_none(resolver: ActorResolver, text: str, label: str) -> None:
    assert resolver.resolve(text, label) is None


# --------------------------------------------------------------------------
# API details
# --------------------------------------------------------------------------


def test_each_call_returns_a_fresh_actor_so_callers_cannot_spoil_the_memo(resolver: ActorResolver) -> None:
    first = resolver.resolve("the Kremlin")
    first.sector = "MIL"
    assert resolver.resolve("the Kremlin") == Actor("RUS", "GOV", None)


def test_country_of_gives_only_the_code(resolver: ActorResolver) -> None:
    assert resolver.country_of("the Kremlin") == "RUS"
    assert resolver.country_of("the OSCE Minsk Group") == "OSCE"
    assert resolver.country_of("Russophobic") is None


def test_names_give_surface_forms_and_labels_for_an_entity_ruler(resolver: ActorResolver) -> None:
    names = set(resolver.names())
    for pair in [
        ("OSCE Minsk Group", "ORG"),
        ("3+3 format", "ORG"),
        ("Baku", "GPE"),
        ("Jeyhun Bayramov", "PERSON"),
        ("Lavrov", "PERSON"),
    ]:
        assert pair in names
    assert ("May", "PERSON") not in names  # too common a word to mark as a name everywhere
    assert {label for _, label in names} == {"ORG", "GPE", "PERSON"}


def test_full_cache_is_emptied_and_refilled(resolver: ActorResolver) -> None:
    small = ActorResolver.load()
    small.cache_limit = 2
    for text in ["Russia", "Moscow", "NATO", "Baku"]:
        small.resolve(text)
    assert len(small._cache) <= 2
    assert small.resolve("Russia") == Actor("RUS", None, None)


# --------------------------------------------------------------------------
# The data files
# --------------------------------------------------------------------------

_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def test_every_office_belongs_to_a_listed_person_and_every_person_holds_one() -> None:
    people = {row["name"] for row in _rows("people.csv")}
    holders = {row["name"] for row in _rows("offices.csv")}
    assert holders == people


def test_office_dates_are_iso_and_start_before_they_end() -> None:
    for row in _rows("offices.csv"):
        for column in ("start", "end"):
            assert not row[column] or _PARTIAL_DATE.fullmatch(row[column]), (row["name"], row[column])
        if row["start"] and row["end"]:
            assert row["start"] < row["end"], row["name"]


def test_office_countries_are_alpha3_or_organisation_codes_and_roles_have_a_title() -> None:
    roles = {row["role"] for row in _rows("titles.csv") if row["kind"] == "office"}
    for row in _rows("offices.csv"):
        assert re.fullmatch(r"[A-Z]{3}", row["country"]) or row["country"] in ORGANISATION_CODES, row
        assert row["role"] in roles, row


def test_tenures_of_one_office_do_not_overlap_where_the_dates_are_exact() -> None:
    tenures: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for row in _rows("offices.csv"):
        exact = len(row["start"]) == 10 and len(row["end"]) in (0, 10)
        if exact and row["role"] != "Foreign Ministry Spokesperson":
            tenures.setdefault((row["country"], row["role"]), []).append((row["start"], row["end"], row["name"]))
    for office, rows in tenures.items():
        rows.sort()
        for (_, end, name), (start, _, successor) in itertools.pairwise(rows):
            if name != successor:
                assert end and end <= start, (office, name, successor)


def test_states_of_the_corpus_have_their_leaders_listed() -> None:
    countries = {row["country"] for row in _rows("offices.csv")}
    wanted = "RUS USA CHN AZE ARM TUR IRN UKR BLR KAZ UZB KGZ TJK TKM GEO DEU FRA GBR ITA JPN IND PAK ISR SYR EGY SAU"
    assert set((wanted + " BRA ZAF SRB HUN POL EU UN NATO").split()) <= countries


def test_a_known_surname_as_the_given_name_of_another_person_is_not_that_person(nlp_pipeline: Pipeline) -> None:
    for text in ("The court heard the lawyer Michel Dupont on Tuesday.", "Colonel Michel Dupont signed the order."):
        document = nlp_pipeline.parse_text(text, date="2020-01-01")
        assert not any(m.actor is not None and m.actor.name == "Charles Michel" for m in document.mentions), text
    [alone] = nlp_pipeline.parse_text("Michel met Scholz in Brussels.", date="2020-01-01").mentions[:1]
    assert alone.actor is not None and alone.actor.name == "Charles Michel"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Congolese rebels attacked the town of Goma.", "Congolese", "COD"),  # no sign: the usual meaning
        ("Congolese troops clashed with rebels near Brazzaville.", "Congolese", "COG"),  # a cue word
        ("The Congolese government in Kinshasa rejected the proposal.", "Congolese", "COD"),
        ("Officials in Tripoli condemned the attack on the embassy.", "Tripoli", "LBY"),
        ("Lebanese officials in Tripoli condemned the attack.", "Tripoli", "LBN"),  # the state named beside it
    ],
)
def test_a_name_several_states_share_takes_the_one_its_paragraph_points_to(
    nlp_pipeline: Pipeline, text: str, name: str, country: str
) -> None:
    [mention] = [m for m in nlp_pipeline.parse_text(text, date="2010-01-01").mentions if m.text == name]
    assert mention.actor is not None and mention.actor.country == country


# --------------------------------------------------------------------------
# Towns and regions (places.csv)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [("Aleppo", "SYR"), ("Kirkuk", "IRQ"), ("Kharkov", "UKR"), ("Kharkiv", "UKR"), ("Alaska", "USA"), ("Gaza", "PSE")],
)
def test_town_or_region_stands_for_its_country_without_sector(resolver: ActorResolver, text: str, code: str) -> None:
    assert resolver.resolve(text, "GPE") == Actor(code)
    assert resolver.site(text, "GPE")


def test_a_state_or_its_capital_comes_before_a_town_of_the_same_name(resolver: ActorResolver) -> None:
    assert resolver.resolve("Georgia", "GPE") == Actor("GEO")  # not the US state
    assert resolver.resolve("Moscow", "GPE") == Actor("RUS", "GOV")
    assert resolver.site("Moscow", "GPE") and not resolver.site("Russia", "GPE")


@pytest.mark.parametrize(
    "text", ["Sevastopol", "Donetsk People's Republic", "Jerusalem", "The Hague", "Nice", "Central"]
)
def test_towns_in_dispute_seats_of_courts_and_everyday_words_are_not_taken_for_a_state(
    resolver: ActorResolver, text: str
) -> None:
    actor = resolver.resolve(text, "GPE")
    assert actor is None or actor.sector == "PRE"  # the Donetsk People's Republic stays partly recognised


def test_a_town_is_no_persons_name_and_no_loose_word(resolver: ActorResolver) -> None:
    assert resolver.resolve("Engels", "GPE") == Actor("RUS")
    assert resolver.resolve("Engels", "PERSON") is None
    assert resolver.resolve("Engels", "GPE", towns=False) is None


def test_a_surname_after_another_post_is_someone_else(resolver: ActorResolver) -> None:
    assert resolver.resolve("Ambassador Li", "PERSON", "2019-06-01") is None  # not Premier Li Keqiang
    assert resolver.resolve("Premier Li", "PERSON", "2019-06-01") == Actor("CHN", "GOV", "Li Keqiang")
    assert resolver.resolve("Deputy Prime Minister Novak", "PERSON", "2019-06-01") is None
    assert resolver.resolve("Minister Lavrov", "PERSON", "2019-06-01") == Actor("RUS", "GOV", "Sergey Lavrov")


def test_a_town_in_a_text_is_marked_as_its_country_but_not_inside_a_persons_name(nlp_pipeline: Pipeline) -> None:
    document = nlp_pipeline.parse_text("Friedrich Engels arrived in Kirkuk on Monday.")
    actors = {m.text: m.actor.country if m.actor else None for m in document.mentions}
    assert actors.get("Kirkuk") == "IRQ"
    assert actors.get("Friedrich Engels") is None  # Engels is also a Russian town
    # a town the recogniser left out is still its country
    [shelling] = nlp_pipeline.parse_text("Rebels shelled Homs yesterday.").events
    assert [a.country for a in shelling.target] == ["SYR"]
    [raid] = nlp_pipeline.parse_text("Gunmen raided Kaduna yesterday.").events
    assert [a.country for a in raid.target] == ["NGA"]
