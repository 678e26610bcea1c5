"""Exchanges: every official who answers, no interjection, and a question put across interruptions."""

from __future__ import annotations

from communique.pipeline import Pipeline


def exchanges(pipeline: Pipeline, body: str) -> list[tuple[list[str], list[str]]]:
    doc = pipeline.parse_bytes(body.encode("utf-8"), path="transcript.txt")
    text = [t.text.split("\n")[0] for t in doc.turns]
    return [([text[i] for i in e.question], [text[i] for i in e.answer]) for e in doc.exchanges]


def test_both_leaders_answer_the_same_question(pipeline: Pipeline) -> None:
    body = (
        "PRIME MINISTER ROE: We had good talks today.\n\n"
        "JOURNALIST: Will the two of you sign the trade deal this year?\n\n"
        "PRIME MINISTER ROE: We hope so. The officials are close.\n\n"
        "PRESIDENT DOE: I agree with the Prime Minister, and we will work on it.\n\n"
        "JOURNALIST: And the port project?\n\n"
        "PRESIDENT DOE: It goes on as planned."
    )
    assert exchanges(pipeline, body) == [
        (
            ["Will the two of you sign the trade deal this year?"],
            ["We hope so. The officials are close.", "I agree with the Prime Minister, and we will work on it."],
        ),
        (["And the port project?"], ["It goes on as planned."]),
    ]


def test_a_hand_off_and_an_acknowledgement_answer_nothing(pipeline: Pipeline) -> None:
    body = (
        "THE PRESIDENT: Thank you all.\n\n"
        "Q    On the ventilators, the states say they are short —\n\n"
        "THE PRESIDENT: Yeah.\n\n"
        "Q    — so when will they get them?\n\n"
        "THE PRESIDENT: I'll let the Secretary take that one.\n\n"
        "SECRETARY ROE: They go out this week to every state that asked."
    )
    assert exchanges(pipeline, body) == [
        (
            ["On the ventilators, the states say they are short —", "— so when will they get them?"],
            ["They go out this week to every state that asked."],
        )
    ]


def test_a_bare_yes_answers_a_yes_no_question(pipeline: Pipeline) -> None:
    body = "MS. ROE: Good afternoon.\n\nQ    Will the President travel to Kyiv?\n\nMS. ROE: Yes."
    assert exchanges(pipeline, body) == [(["Will the President travel to Kyiv?"], ["Yes."])]


def test_a_question_cut_short_goes_on_after_the_official_cuts_in(pipeline: Pipeline) -> None:
    body = (
        "THE PRESIDENT: Thank you all.\n\n"
        "Q    Several states have not ordered people to stay home, so why not —\n\n"
        "THE PRESIDENT: Two of them did today.\n\n"
        "Q    — tell the others to do it now?\n\n"
        "THE PRESIDENT: It is their decision, under the Constitution."
    )
    [(question, answer)] = exchanges(pipeline, body)
    assert question == [
        "Several states have not ordered people to stay home, so why not —",
        "— tell the others to do it now?",
    ]
    assert answer == ["Two of them did today.", "It is their decision, under the Constitution."]


def test_a_hand_off_after_the_answer_gives_the_floor_to_a_statement(pipeline: Pipeline) -> None:
    body = (
        "THE PRESIDENT: Thank you all.\n\n"
        "Q    Will the schools open in May?\n\n"
        "THE PRESIDENT: Some will, where the numbers allow it.\n\n"
        "THE PRESIDENT: I'll let the Vice President say a few words now.\n\n"
        "THE VICE PRESIDENT: Thank you, Mr. President. Today we shipped supplies to nine states."
    )
    assert exchanges(pipeline, body) == [
        (["Will the schools open in May?"], ["Some will, where the numbers allow it."])
    ]
