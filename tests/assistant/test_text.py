from assistant.text import word_overlap


def test_word_overlap_is_the_share_of_the_terms_a_text_holds():
    assert word_overlap({"mentor", "email"}, "Email a possible mentor.") == 1.0
    assert word_overlap({"mentor", "email"}, "Email the program.") == 0.5
    assert word_overlap({"mentor"}, "Mentors answer short emails.") == 1.0  # stemmed
    assert word_overlap(set(), "Email the program.") == 0.0
