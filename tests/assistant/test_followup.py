import pytest

from assistant.followup import contextual_query, is_follow_up


@pytest.mark.parametrize("question", ["And how early should I ask for them?", "what about for fellowship?",
                                      "Is that too late?", "how long should it be", "and for sports med?"])
def test_questions_that_lean_on_the_previous_turn_are_follow_ups(question):
    assert is_follow_up(question)


@pytest.mark.parametrize("question", ["How many programs should I apply to for pain medicine fellowship?",
                                      "When should I take Step 2 CK if I want to apply to PM&R residency?"])
def test_self_contained_questions_are_not(question):
    assert not is_follow_up(question)


def test_follow_up_carries_the_previous_question():
    earlier = ["Who should write my fellowship letters?"]
    assert contextual_query("And how early?", earlier) == "Who should write my fellowship letters? And how early?"
    assert contextual_query("And how early?", []) == "And how early?"
    standalone = "How many programs should I apply to for pain medicine fellowship?"
    assert contextual_query(standalone, earlier) == standalone
