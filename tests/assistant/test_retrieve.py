import numpy as np
import pytest

from assistant.retrieve import (EVERYDAY_CAP, EVERYDAY_WEIGHT, HybridSearch, LEXICAL_WEIGHT, NAME_WEIGHT,
                                QUERY_PIECES, RANGE_BONUS, TECHNICAL_WEIGHT, distinct, embedded_part, emphasised, framing_words,
                                fts_query, glued, inflection_bases, is_counting, is_numbered_only, named_institutions,
                                numbers_query, proper_nouns, range_bonus, relevance, run_label, score_numbers,
                                stated_ranges, story_words, vocabulary, word_family, _Spellings)
from assistant.text import quoted, states_count


def test_fts_query_quotes_words_and_expands_trainee_shorthand():
    query = fts_query('How many LORs do I need? "DROP TABLE" NEAR(x')
    assert '"letters"' in query and '"recommendation"' in query
    assert query.count('"') % 2 == 0 and "NEAR(" not in query
    assert '"pass"' in fts_query("now that step 1 is p/f, does it matter?")  # the guides write "pass/fail"
    assert '"question"' in fts_query("which qbank for CK?")  # "question banks"
    # the part of an event asked about is matched, though "before" is a function word
    assert '"before"' in fts_query("what do I do before the fair?") and '"to"' not in fts_query("what to do?")
    # a quoted phrase is matched as a phrase, its numbers and function words with it
    assert fts_query("What was the 'rule of 3–4 days' about?").startswith('"rule of 3 4 days" OR ')


def test_near_duplicates_are_dropped_after_their_first_copy():
    texts = ["ask early two months before deadlines", "ask early two months before deadlines ideally",
             "something else entirely", "a fourth text"]
    assert distinct(texts, limit=5) == [0, 2, 3]
    assert distinct(texts, limit=2) == [0, 2]


def test_hybrid_search_finds_the_thank_you_passage_with_its_section(services):
    hits = services.search.search("thank-you notes after a conference", k=5)
    assert "7–10 days" in hits[0].passage.text
    assert hits[0].passage.section.endswith("Step 3: Post-Conference Follow-Up")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_retriever_runnable_returns_documents_with_metadata(services):
    from assistant.retrieve import HybridRetriever

    docs = HybridRetriever(search=services.search, k=3).invoke("Step 2 CK timing for ERAS")
    assert len(docs) == 3
    assert all({"doc_id", "title", "section", "score"} <= set(d.metadata) for d in docs)
    assert any(d.metadata["doc_id"] == "step-score-strategy" for d in docs)


def test_common_terms_leave_the_lexical_query_once_the_rarer_ones_fill_the_postings_budget():
    counts = {"mentor": 10, "program": 9000, "residency": 7000, "email": 20, "conference": 6000, "lor": 0}.get
    query = fts_query("mentor program residency email conference lor", frequency=counts)
    assert query == '"mentor" OR "email" OR "conference"'  # 6,030 postings; residency would make 13,030
    assert fts_query("program residency", frequency=counts) == '"residency"'  # the rarest always stays
    assert fts_query("program residency email", frequency=counts, passages=17_000) == '"residency" OR "email"'
    assert fts_query("program residency email", frequency=counts, passages=13_000) == '"email"'  # > half


def test_document_frequency_counts_passages_and_follows_ingests(services):
    store = services.store
    assert store.document_frequency("mentor") > 5
    assert store.document_frequency("zyxwvut") == 0


def test_a_passage_is_as_relevant_as_its_best_unit_and_one_without_units_ranks_last():
    query = np.array([1.0, 0.0])
    buried = np.array([[0.0, 1.0], [0.95, 0.31], [0.0, 1.0]])  # one sentence on the question, two off it
    uniform = np.array([[0.6, 0.8], [0.6, 0.8]])
    assert relevance(buried, query, lexical=0, top_lexical=0) > relevance(uniform, query, lexical=0, top_lexical=0)
    assert relevance(np.zeros((0, 2)), query, lexical=9, top_lexical=9) < relevance(uniform, query, lexical=0,
                                                                                   top_lexical=9)
    assert relevance(uniform, query, lexical=5, top_lexical=10) == pytest.approx(0.6 + LEXICAL_WEIGHT / 2)


def test_a_sentence_buried_in_a_passage_about_something_else_is_found(services):
    # "Follow up politely after 7–10 days" sits in a passage about LinkedIn and email signatures.
    hits = services.search.search("how long should I wait before following up on an unanswered email", k=3)
    assert any("Follow up politely after 7–10 days if no response." in h.passage.text for h in hits)


def test_inflected_everyday_words_are_not_counted_as_rare_terms():
    assert "cricket" in inflection_bases("crickets") and "nudge" in inflection_bases("nudging")
    assert inflection_bases("gabapentin") == ["gabapentin"]


def test_words_built_from_known_ones_are_known_and_unknown_acronyms_weigh_most(services):
    unknown = services.search.unknown_terms
    assert "apply" in word_family("reapply") and "prep" in word_family("prepping")
    assert "email" in word_family("cold-email")
    assert "panic" in word_family("panicked") and "plan" in word_family("planned")
    assert "before" in word_family("beforehand") and "gab" not in word_family("gabapentin")
    assert unknown("should I email them beforehand?") == 0  # a compound of a function word
    assert is_counting("2nd") and is_counting("3x") and not is_counting("h1b")
    # thousands, not a code: a count, an everyday word as "2x" is
    assert is_counting("40k") and unknown("do I need 40k followers to network?") == EVERYDAY_WEIGHT
    # a time of day or a length of time is no code either
    assert is_counting("2am") and is_counting("11pm") and is_counting("6wks") and is_counting("3hrs")
    assert not is_counting("j1") and not is_counting("l5")
    assert unknown("at 2am: how many programs should I apply to?") == EVERYDAY_WEIGHT  # as "40k" is, not a code
    assert unknown("If I cold-email a PD before I reapply, is prepping early worth it?") == 0
    assert unknown("what does the academy's vision say") == 0  # a possessive is its word
    assert unknown("What's the passing score on the ABPMR exam?") == NAME_WEIGHT
    assert unknown("Is an H-1B an issue?") == NAME_WEIGHT  # a code
    assert unknown("starting dose of gabapentin") == TECHNICAL_WEIGHT
    assert unknown("what's the capital of australia") == 2 * EVERYDAY_WEIGHT
    # un·ans·wered is three word pieces, but it is "answered" with a prefix: an everyday word
    assert unknown("an unanswered email") == EVERYDAY_WEIGHT



def test_words_in_capitals_for_emphasis_are_words_not_acronyms(services):
    unknown, tokenize = services.search.unknown_terms, services.embedder.tokenize
    # a shouted sentence is its words; so is a long word shouted anywhere, which the tokenizer holds whole
    assert emphasised("HOW EARLY SHOULD I BOOK THE HUT???", tokenize) >= {"how", "early", "book", "hut"}
    assert emphasised("is a week before the trip TOO LATE?!", tokenize) == {"late"}
    assert unknown("SHOULD I APPLY THIS CYCLE WITH A LOW STEP 2 SCORE???") == \
        unknown("should I apply this cycle with a low step 2 score???") == 0
    # an acronym the guides never use still names something, shouted or not
    assert unknown("WHAT IS THE PASSING SCORE ON THE ABPMR EXAM???") == NAME_WEIGHT
    # chat shorthand and fillers ("tbh", "rn", "ago", "docs", "pubs") say nothing about the topic
    assert unknown("tbh a week ago i asked my docs rn about pubs") == 0
    assert unknown("TL;DR: who should I email?") == 0  # "too long; didn't read", not an acronym of a thing


def test_the_guides_words_include_their_compounds_parts_acronyms_and_their_words_run_together(services):
    known = vocabulary(["Meet a PGY-3 and two DOs by mid-year."])
    assert {"pgy", "do", "dos", "mid", "year"} <= known  # "DO" is a function word's spelling, and an acronym
    assert glued("pgy3", known) and glued("3pgy", known) and not glued("h1b", known) and not glued("covid19", known)
    unknown = services.search.unknown_terms
    assert unknown("by which PGY do residents pick a fellowship?") == 0  # the guides write "PGY-2"
    assert unknown("do programs rank DOs lower?") == unknown("do programs rank IMGs lower?") == 0
    assert unknown("is step2 early enough for residency?") == 0 and unknown("what is covid19 like?") == NAME_WEIGHT
    # a specialty's short name is as known as its full name, where the guides use that; else a name they never use
    assert unknown("can an ortho attending write my letter?") == 0
    assert unknown("can a derm attending write my letter?") == NAME_WEIGHT
    # "comlex" is not co + "mlex": a form left by a prefix stands in only where the tokenizer holds it whole
    assert "mlex" in word_family("comlex") and "mlex" not in word_family("comlex", prefixes=False)
    assert unknown("what about comlex?") == TECHNICAL_WEIGHT


def test_places_institutions_and_other_specialties_count_as_names_the_guides_never_use(services):
    unknown = services.search.unknown_terms
    question = "Is the fellowship at Mayo better than Spaulding’s? Which would you pick"
    assert proper_nouns(question) == {"mayo": 0, "spaulding": 1}
    assert unknown("is the fellowship at Mayo better than Spaulding's?") == 2 * TECHNICAL_WEIGHT
    assert proper_nouns("Do programs care if I did research at Johns Hopkins?") == {"johns": 0, "hopkins": 0}
    assert unknown("Do programs care if I did research at Johns Hopkins?") == TECHNICAL_WEIGHT  # one name
    assert unknown("what step 2 score do people who matched derm have?") == NAME_WEIGHT
    assert unknown("Honestly they're busy and I didnt hear back") == 2 * EVERYDAY_WEIGHT  # "hear", "back"


def test_everyday_words_the_guides_never_use_count_up_to_a_cap_and_names_beside_it(services):
    unknown = services.search.unknown_terms
    # a chatty message says many everyday words the guides never use (five here); beyond three, they say no more
    chatty = "Lol is sending six follow-ups a flex or a cry for help, or am I just needy and annoying like a puppy?"
    assert unknown(chatty) == pytest.approx(EVERYDAY_CAP) and EVERYDAY_CAP == pytest.approx(3 * EVERYDAY_WEIGHT)
    assert unknown("what's the capital of australia") == 2 * EVERYDAY_WEIGHT  # under the cap, each counts
    # a place counts beside them, whatever their number
    assert unknown(chatty.replace("help,", "help at Spaulding,")) == pytest.approx(EVERYDAY_CAP + TECHNICAL_WEIGHT)


def test_a_program_named_in_the_question_weighs_as_a_name_and_the_trainee_s_story_as_everyday_words(services):
    unknown = services.search.unknown_terms
    assert named_institutions("Does the Spaulding PM&R residency take IMGs?") >= {"spaulding"}
    assert unknown("Does the Spaulding PM&R residency take IMGs?") == NAME_WEIGHT
    assert unknown("does spaulding rehab interview IMGs") == NAME_WEIGHT  # lowercase, still a program's name
    assert unknown("Does Kessler want letters from physiatrists only?") == NAME_WEIGHT  # asked about as a program
    assert "toward" not in named_institutions("anything I can do this year toward fellowship?")
    assert "skip" not in named_institutions("is it smart to skip residency interviews?")  # a verb after "to"
    # a number word counts what follows it: "four" names no program
    assert named_institutions("My friend did four PM&R away rotations. Too many?") == set()
    # everyday words ("friend", "four"), not a name
    assert unknown("My friend did four PM&R away rotations. Too many?") == pytest.approx(2 * EVERYDAY_WEIGHT)
    # Where the trainee trained is told, not asked: the question is the sentence with the question mark.
    assert story_words("Grew up in Ohio. will I need a visa for fellowship?") == {"grew", "up", "in", "ohio"}
    assert story_words("no question mark here") == set()
    # a place told, then asked about in its possessive, is asked about
    assert "lakeside" not in story_words("I rotated at Lakeside. Does Lakeside's director read letters?")
    # an aside after the question tells too
    assert story_words("will I need a visa? I always agonize over forms.") == {"always", "agonize", "over", "forms"}
    assert unknown("Went to school in Grenada. will I need a visa for fellowship?") == 0
    # the trainee's own draft, quoted, tells who writes; a name said outside the quotation is asked about
    assert story_words('My bio says "Trail guide in Lyon for six summers." Too casual?') >= {"lyon", "summers"}
    assert unknown('My bio says "Trail guide in Lyon for six summers." Too casual?') < TECHNICAL_WEIGHT
    assert unknown('My bio says "Trail guide in Lyon for six summers." Is Lyon a good place to train?') >= \
        TECHNICAL_WEIGHT
    # a question that asks about the sentence before it says how the message asks, not what it asks about
    assert framing_words("I'll email her at noon. Does that make sense?") == {"does", "that", "make", "sense"}
    assert framing_words("Does that make sense?") == set()  # nothing before it to ask about
    assert unknown("I'll email the program director. Does that make sense?") == 0
    assert unknown("Does it make sense to email the program director?") == EVERYDAY_WEIGHT  # "sense", asked
    assert unknown("Emailed her a week ago and heard crickets. how long should I wait?") == 0
    assert unknown("Will I need a visa for fellowship after school in Grenada?") == TECHNICAL_WEIGHT
    assert unknown("failed step 1 and passed the 2nd time") == EVERYDAY_WEIGHT  # an ordinal is no code name
    assert unknown("is a score in the 230s good?") == unknown("is a score of 235 good?")  # no code name
    # an acronym or another specialty in the story is the trainee's background; a code names what is asked about
    assert unknown("Tore my ACL and my friend applying ortho said rehab is fun. Is a rehab elective useful?") == 0
    assert unknown("I'm on a J-1. Is a rehab elective useful?") == NAME_WEIGHT
    assert unknown("is a PowerPoint good for rehab notes?") == NAME_WEIGHT  # a brand names a thing
    # what holds in another field is told when the question asks about the field itself; asked, when it does not
    assert unknown("My roommate in rads says NBME forms are useless. Is that true for PM&R too?") == 0
    assert unknown("My roommate in rads says NBME forms are useless. Is that true?") >= NAME_WEIGHT  # "rads"
    # who says a claim is told, not asked ("my uncle, a plumber, says…"), unless a specialty the claim may hold in
    assert unknown("My uncle, a retired plumber, says Step 2 barely matters. True?") == \
        unknown("Step 2 barely matters. True?")
    # the plural of a known acronym or code is known ("M1" is in the guides)
    assert unknown("should M1s network?") == 0 and unknown("should Z9s network?") == NAME_WEIGHT
    assert "lakeside" in named_institutions("a friend said Lakeside Hospital's rehab unit is tiny. True?")


def test_a_score_in_a_question_is_placed_in_the_ranges_the_guides_state():
    assert score_numbers("got a 238 on step 2 ck; 100% sure; applied to 1000 programs") == [238]
    assert stated_ranges("Around the national average (e.g., ~ 230–245).") == [(230, 245)]
    assert stated_ranges("A score well above the national mean (e.g., ≥ 250 range).") == [(250, np.inf)]
    assert stated_ranges("< 225 or notably below the mean.") == [(-np.inf, 225)]
    assert list(range_bonus([238], ["~ 230–245", "≥ 250 range", "no score"])) == [RANGE_BONUS, 0, 0]
    assert numbers_query([238], within=2) == '"236" OR "237" OR "238" OR "239" OR "240"' and numbers_query([]) == ""


def test_a_how_many_question_ranks_the_passage_that_counts_that_thing_first(services):
    assert states_count({"rotation"}, "Aim for 1–2 away rotations at programs where:")
    assert not states_count({"rotation"}, "Away rotations are auditions.")  # no number
    assert not states_count({"letter"}, "Aim for 1–2 away rotations")  # a number of something else
    # a number of months counts time, not the spots the sentence names; asked, months are counted
    assert not states_count({"spot"}, "Offer spots 12–18 months before fellowship start.")
    assert states_count({"month"}, "Offer spots 12–18 months before fellowship start.")
    assert states_count({"faculty"}, "Schedule at least two meetings (virtual or in-person) with PM&R faculty.")
    # The home-rotation passage is closer in meaning; the away-rotations passage ranked third before.
    hits = services.search.search("How many away rotations should I plan on for PM&R?", k=3)
    assert "Aim for 1–2 away rotations" in hits[0].passage.text


STORY = ("I moved to a new city this summer for my third year. My partner started a new job downtown. We adopted a "
         "dog from the shelter in August. Our apartment is small but close to the hospital. I bike to the wards most "
         "mornings when it is not raining. On weekends I cook for the week and call my parents. ")


def test_a_question_within_the_budget_is_embedded_whole(embedder):
    question = "How soon after a conference should I send thank-you notes?"
    assert embedded_part(question, tokenize=embedder.tokenize) == question


def test_an_over_long_message_is_embedded_by_its_question_and_the_sentences_just_before_it(embedder):
    message = STORY * 4 + "I met a great mentor at the academy meeting. How soon should I send thank-you notes?"
    part = embedded_part(message, tokenize=embedder.tokenize)
    assert len(embedder.tokenize(part)) <= QUERY_PIECES < len(embedder.tokenize(message))
    assert part.endswith("I met a great mentor at the academy meeting. How soon should I send thank-you notes?")
    assert part in " ".join(message.split())  # the sentences kept are consecutive here, in the order written


def test_an_asking_sentence_is_kept_before_the_story_that_follows_it(embedder):
    message = "Should I email a mentor before or after the conference? " + STORY * 4
    part = embedded_part(message, tokenize=embedder.tokenize)
    assert part.startswith("Should I email a mentor before or after the conference?")
    assert len(embedder.tokenize(part)) <= QUERY_PIECES


def test_one_over_long_sentence_is_cut_to_its_last_words_within_the_budget(embedder):
    message = " ".join(["rehabilitation outcomes research"] * 200) + " and when should I ask for letters"
    part = embedded_part(message, tokenize=embedder.tokenize)
    assert part.endswith("when should I ask for letters") and 0 < len(embedder.tokenize(part)) <= QUERY_PIECES


def test_a_2000_character_message_is_answered_from_the_question_at_its_end(services):
    message = STORY * 6 + "How soon after a conference should I send thank-you notes?"
    assert 1800 < len(message) <= 2000
    hits = services.search.search(message, k=3)
    assert any("7–10 days" in h.passage.text for h in hits), [h.passage.text[:80] for h in hits]


def test_a_misspelt_word_is_read_as_the_guide_word_it_nearly_is(services):
    corrected = services.search.corrected
    # one letter dropped, added, changed, or two swapped ("netwrok"), from a word of the guides
    assert corrected("how many away rotatons for a felowship, and who writes reccomendation leters") == \
        "how many away rotations for a fellowship, and who writes recommendation letters"
    assert corrected("do i need to netwrok at a regonal meeting") == "do i need to network at a regional meeting"
    # a word of its own, one piece to the model, or a word inflected, is no misspelling of a guide word
    assert corrected("who is the current president?") == "who is the current president?"  # not "resident"
    assert corrected("give me the wording") == "give me the wording"  # word·ing, not "working"
    # names and codes are left as written, and so are short words, which are as often other words
    assert corrected("Does Kessler take a J1?") == "Does Kessler take a J1?"
    assert corrected("file my taxes") == "file my taxes"

    # search reads the query so: read as written, this one ranks a passage on Step 1 failures first
    hits = services.search.search("folowing up after an unansewred emial", k=3)
    assert "7–10 days" in hits[0].passage.text


def test_a_run_is_three_or_more_subheadings_numbered_in_order_under_one_word():
    assert run_label(["Week 1–2", "Week 3–4", "Week 5–6"]) == "week"
    assert run_label(["PGY-1: Foundation", "PGY-2: Focus", "PGY-3: Apply", "PGY-4: Transition"]) == "pgy"
    assert run_label(["Step 1: Pack the car", "Step 2: Drive", "Step 3: Unpack"]) == "step"
    for headings in (["Step 1: Pack", "Step 2: Drive"],  # a pair
                     ["Week 1", "Day 2", "Week 3"],  # no one word heads them
                     ["Week 3", "Week 1", "Week 2"],  # out of order
                     ["Week 1–2", "Gear for the Trail", "Week 5–6"],
                     ["1. Small field", "2. Big match", "3. Many paths"], []):
        assert run_label(headings) is None, headings


def test_only_a_part_with_no_title_is_named_by_its_number_alone():
    assert is_numbered_only("Week 5–6") and is_numbered_only("Day 3") and is_numbered_only("PGY-2")
    assert not is_numbered_only("Step 2: Drive to the trailhead")
    assert not is_numbered_only("PGY-3: The Application Year")


def test_a_british_spelling_is_read_as_the_guides_american_one():
    spellings = _Spellings(["The programs center helps you organize a pediatric colloquium on behavior.",
                            "Traveled far, as the catalog says."])
    assert spellings.corrected("Which programmes at the centre organise paediatric talks on behaviour?", _whole) == \
        "Which programs at the center organize pediatric talks on behavior?"
    assert spellings.corrected("She travelled with the catalogue", _whole) == "She traveled with the catalog"
    # a word whose American form the guides never use is left as written
    assert spellings.corrected("colour exercise practise", _whole) == "colour exercise practise"


def _whole(word: str) -> list[str]:
    """A tokenizer reading every word whole: no word is misspelt by its measure."""
    return [word]


def test_a_quotation_is_told_from_an_apostrophe():
    assert quoted("What's the 'no tents on the beach' rule?") == ["no tents on the beach"]
    assert quoted("the guide said “book early” — why?") == ["book early"]
    assert quoted("The map said ‘2–3 hours’. 2–3 hours of what?") == ["2 3 hours"]
    assert quoted("it's my friend's 'big-name' guide, isn't it?") == []  # one word: matched as a word already


def test_a_question_embedded_again_gets_the_vector_it_got_the_first_time(services):
    search = HybridSearch(services.store, services.embedder)
    questions = ["how many letters do I need?", "when should I email fellowship directors?", "how many letters do I need?"]
    first = search.embed(questions)
    assert np.allclose(first, services.embedder.encode(questions), atol=1e-6)
    again = search.embed(questions[1:] + ["what is an away rotation?"])
    assert np.allclose(again[:2], first[1:], atol=1e-6)
    assert np.allclose(again[2], services.embedder.encode(["what is an away rotation?"])[0], atol=1e-6)
    again[0] += 1  # what it returns is the caller's to change
    assert np.allclose(search.embed(questions[1:2])[0], first[1], atol=1e-6)
