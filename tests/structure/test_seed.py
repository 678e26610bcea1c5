"""The canonical example, parsed exactly."""

from __future__ import annotations

from communique.model import Document

FURNITURE = ("Additional materials", "Photo album", "1 of 1 photos in album", "• Photos")


def test_seed_has_nine_turns_opening_then_four_question_answer_pairs(seed: Document) -> None:
    labels = [t.speaker_label for t in seed.turns]
    assert labels == [None] + ["Question", "Sergey Lavrov"] * 4


def test_seed_opening_statement_takes_speaker_from_title(seed: Document) -> None:
    opening = seed.turns[0]
    assert opening.speaker == "Sergey Lavrov"
    assert (opening.role, opening.kind) == ("official", "statement")
    assert opening.text.startswith("Mr Bayramov,\nLadies and gentlemen,")
    assert len(opening.text.split("\n")) == 20


def test_seed_metadata(seed: Document) -> None:
    assert (seed.date, seed.time, seed.place, seed.number) == (
        "2022-06-24",
        "16:35",
        "Baku",
        "1331-24-06-2022",
    )
    assert seed.id == "mid.ru/1331-24-06-2022"
    assert seed.source == "mid.ru"
    assert seed.kind == "statement_and_answers"
    assert seed.title.endswith("Foreign Minister of the Republic of Azerbaijan Jeyhun Bayramov")
    assert "Baku" not in seed.title


def test_seed_participants_with_role_and_affiliation(seed: Document) -> None:
    people = {(p.name, p.role, p.affiliation) for p in seed.participants}
    assert ("Sergey Lavrov", "Foreign Minister", "RUS") in people
    assert ("Jeyhun Bayramov", "Foreign Minister", "AZE") in people


def test_seed_keeps_no_page_furniture(seed: Document) -> None:
    for line in FURNITURE:
        assert line not in seed.text
    assert seed.turns[-1].text.endswith("under the aegis of our foreign ministries’ press departments.")


def test_seed_turn_offsets_index_the_body_text(seed: Document) -> None:
    for turn in seed.turns:
        assert seed.text[turn.start : turn.end] == turn.text


def test_seed_questions_are_anonymous_journalists_answered_by_lavrov(seed: Document) -> None:
    questions = [t for t in seed.turns if t.speaker_label == "Question"]
    assert all((t.speaker, t.role, t.kind) == (None, "journalist", "question") for t in questions)
    assert [(e.question, e.answer, e.answerer) for e in seed.exchanges] == [
        ([1], [2], "Sergey Lavrov"),
        ([3], [4], "Sergey Lavrov"),
        ([5], [6], "Sergey Lavrov"),
        ([7], [8], "Sergey Lavrov"),
    ]


def test_seed_round_trips_through_json(seed: Document) -> None:
    assert Document.from_dict(seed.to_dict()) == seed
