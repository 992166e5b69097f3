import pytest

from assistant.followup import contextual_query, is_elliptical, is_follow_up


@pytest.mark.parametrize("question", ["And how early should I ask for them?", "what about for fellowship?",
                                      "Is that too late?", "how long should it be", "and for sports med?"])
def test_questions_that_lean_on_the_previous_turn_are_follow_ups(question):
    assert is_follow_up(question)


def test_a_longer_question_that_opens_with_a_connective_is_a_follow_up():
    # 15 words: too long to count as a follow-up on its pronoun alone, but "wait so" carries on the conversation.
    assert is_follow_up("wait so how far ahead of the actual start date do they hand out spots?")
    assert is_follow_up("ok and what if my attending never replies to the email I sent two weeks ago?")
    assert not is_follow_up("How far ahead of the actual fellowship start date do interventional spine programs "
                            "hand out their spots?")


def test_an_acknowledgement_before_a_connective_and_a_bare_question_after_a_story_carry_on_the_conversation():
    assert is_follow_up("Fine — and for the second week of the trip, what changes?")
    assert is_follow_up("Last leg of the trip, days 6–7: what's on the list?")  # the question names nothing
    assert is_follow_up("She said yes and we meet on Friday at the lodge near the lake. What should I bring?")
    assert not is_follow_up("Dr. Okafor retired. Should a retired physiatrist still write my fellowship letter?")
    assert not is_follow_up("Dr. Okafor said to apply widely. Should I apply to 40 programs for pain fellowship?")


@pytest.mark.parametrize("question", ["How many programs should I apply to for pain medicine fellowship?",
                                      "When should I take Step 2 CK if I want to apply to PM&R residency?"])
def test_self_contained_questions_are_not(question):
    assert not is_follow_up(question)


def test_follow_up_carries_the_previous_question():
    earlier = ["Who should write my fellowship letters?"]
    assert contextual_query("And how early?", earlier) == "Who should write my fellowship letters? And how early?"
    assert contextual_query("And how early?", []) == "And how early?"
    assert contextual_query("and after it?", ["What to pack for a hike?", "and during it?"]) == \
        "What to pack for a hike? and during it? and after it?"
    standalone = "How many programs should I apply to for pain medicine fellowship?"
    assert contextual_query(standalone, earlier) == standalone


def test_a_follow_up_that_asks_nothing_of_its_own_is_elliptical():
    for question in ("and for pain?", "what about sports med?", "And for fellowship letters?"):
        assert is_elliptical(question), question
    for question in ("And how early should I ask for them?", "And if they never reply?", "what if mine's under 225?",
                     "How many programs should I apply to?"):
        assert not is_elliptical(question), question
