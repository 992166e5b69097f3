from assistant.understand import asks, is_reply, label, pairs_with, refers_back
from ingest.units import Unit


def unit(text: str, *parts: str) -> Unit:
    return Unit(text, parts or (text,))


def test_a_sentence_opening_on_a_word_that_points_back_refers_back():
    assert refers_back(unit("They also tend to burn out."))
    assert refers_back(unit("For most owners, this is enough."))  # after a short opening phrase
    assert not refers_back(unit("There are three parks near the lake."))
    assert not refers_back(unit("Bring: a map.", "Bring", "a map"))  # its lead-in carries it


def test_adjacent_units_under_different_one_word_labels_pair_up():
    myth, reality = unit("Myth: Dogs see no colour."), unit("Reality: They see blue and yellow.")
    assert label(myth) == "myth" and pairs_with(myth, reality)
    assert not pairs_with(myth, unit("Myth: Cats hate water."))  # the same label: two items of one list
    assert not pairs_with(unit("Dogs see no colour."), reality)
    assert label(unit("Very Strong for dogs: a long walk.")) is None  # a label of several words is a heading


def test_a_passage_under_a_question_heading_opens_on_its_short_reply():
    assert asks("Camping > Can I bring my dog?") and not asks("Camping > What to bring")
    assert is_reply(unit("No, dogs stay home.")) and not is_reply(unit(
        "Dogs may come along to most sites if they stay on a short lead and away from the water at all times."))
