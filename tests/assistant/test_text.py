from assistant.text import same_family, stem, word_overlap


def test_word_overlap_is_the_share_of_the_terms_a_text_holds():
    assert word_overlap({"mentor", "email"}, "Email a possible mentor.") == 1.0
    assert word_overlap({"mentor", "email"}, "Email the program.") == 0.5
    assert word_overlap({"mentor"}, "Mentors answer short emails.") == 1.0  # stemmed
    assert word_overlap(set(), "Email the program.") == 0.0


def test_forms_of_one_word_are_one_family():
    for a, b in (("reapply", "reapplication"), ("prepare", "preparation"), ("mentor", "mentorship"),
                 ("reserve", "reservation")):
        assert same_family(a, b) and same_family(b, a), (a, b)
    for a, b in (("rest", "restaurant"), ("form", "formal"), ("ferry", "fern")):
        assert not same_family(a, b), (a, b)


def test_a_word_s_forms_share_one_stem_and_an_adverb_s_ly_goes_only_from_a_whole_word():
    assert stem("apply") == stem("applying") == stem("applied") == stem("applies") == "apply"
    assert stem("broadly") == stem("broad") == "broad"
    assert stem("early") == "early" and stem("reply") == "reply"  # no "ear", no "rep"
    assert stem("studied") == stem("studies") == "study"
