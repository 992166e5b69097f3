from assistant.understand import (abbreviated, asked_position, asked_values, asking_part, asks, asks_amount, asks_count,
                                  asks_first, asks_next, asks_when, asks_why, asks_wording, condition, contradicts,
                                  conversation, dated, defined_term, defines, exams_asked, expands, expansion_asked,
                                  filed_under, first_step_said, guide_acronyms, is_reply, label, lead_time, leans_back,
                                  named_exams, own_lead, pairs_with, permission_asked, refers_back, repaired, says_done,
                                  says_set_aside, says_when, separate_asks, set_aside, signs_read, sits_exam,
                                  speaker_label, speakers, states, story_and_ask, told_done, told_elsewhere, unclitic,
                                  unfilled, unframed)
from assistant.text import question_sentences, stem
from ingest.units import Unit


def unit(text: str, *parts: str) -> Unit:
    return Unit(text, parts or (text,))


def test_a_sentence_opening_on_a_word_that_points_back_refers_back():
    assert refers_back(unit("They also tend to burn out."))
    assert refers_back(unit("For most owners, this is enough."))  # after a short opening phrase
    assert refers_back(unit("To avoid this, book early."))  # or at the end of it
    assert not refers_back(unit("In winter, book early."))
    assert not refers_back(unit("There are three parks near the lake."))
    assert not refers_back(unit("Bring: a map.", "Bring", "a map"))  # its lead-in carries it
    assert refers_back(unit("Instead: take the bus.", "Instead", "take the bus"))  # unless the lead-in points back
    assert refers_back(unit("It’s about: the view.", "It’s about", "the view"))  # "It’s" points back as "It" does
    assert refers_back(unit("Yet the lake is cold in June."))  # a connective opening it joins it to the one before
    assert not refers_back(unit("The lake is cold in June, but calm."))  # after a comma it joins two clauses
    assert refers_back(unit("That's why we book early."))


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


def test_a_question_for_a_kind_of_value_names_it_and_only_a_sentence_stating_one_answers():
    assert asked_values("What does a season ticket cost, and how much do ushers earn?") == ["money"]
    assert states("money", "Tickets are $40 a season.") and not states("money", "Tickets sell out early.")
    assert asked_values("What percentage of visitors come back?") == ["share"]
    assert asked_values("Which museums are ranked top in the country?") == []  # no programs: the guides' places
    assert asked_values("Which residency programs are ranked top in the country?") == ["named place"]
    assert asked_values("Which fellowships in Lisbon take foreign graduates?") == ["named place"]
    assert asked_values("Which fellowship rotations in PGY-4 help most?") == []  # a year of training, no place
    assert asked_values("what's the best way to pick a residency program?") == []  # a way, not a ranking
    assert asked_values("who's the current chair of the parks board?") == ["person"]
    assert asked_values("What was the average wait time last year?") == ["year"]
    assert asked_values("What does an average day mean for a new guide?") == []  # no date: "mean for"
    assert "date" in asked_values("What exact date does the museum reopen this year?")
    assert "date" in asked_values("When does the ferry run this year?")
    # advice on when to act is answered by a time relative to the event, not its date
    assert "date" not in asked_values("When should I book the ferry, this year or next?")
    # nor is a date to choose ("a later date"), nor whether the asker's own year is early, beside a "when" told
    assert "date" not in asked_values("If the weather turns, what's a later date for the climb that's still okay?")
    assert "date" not in asked_values("Nobody told me when the season opens. Is this year too early to book?")
    assert "date" in asked_values("Nobody told me. When does the season open this year?")
    assert asked_values("How long is a ranger course?") == ["duration", "lasting"]
    assert asked_values("How long should I wait before calling back?") == ["duration"]  # a lead time answers
    assert asked_values("How do I treat a blister on a long hike?") == ["dose"]
    assert asked_values("What score do I need for a derm residency?") == ["other specialty"]
    assert asked_values("What score do I need for a derm rotation as a physiatry applicant?") == []


def test_a_cost_weighed_asks_no_price_and_a_ranking_word_ranks_what_its_question_names():
    assert asked_values("Is the island ferry worth the price?") == []
    assert asked_values("Are the regatta entry fees worth it, or should I just watch?") == []
    assert asked_values("Is a cabin by the lake worth the cost when tents are free?") == []
    assert asked_values("What are the regatta entry fees?") == ["money"]
    assert asked_values("What does a cabin by the lake cost?") == ["money"]
    # "best" ranks the kind of guide asked about, not the fellowships the question mentions on the way
    assert asked_values("Which kind of guide is best for deciding between a fellowship and a job?") == []
    assert asked_values("Which fellowship is best for mountain medicine?") == ["named place"]
    assert asked_values("What are the best fellowship programs for mountain medicine?") == ["named place"]
    # a kind of program asked for is no program's name, whatever the question ranks ("the best odds")
    assert asked_values("What types of fellowship programs give a beginner the best shot?") == []
    assert asked_values("Which sort of residency is best for a climber?") == []


def test_how_long_a_thing_said_is_is_answered_in_words_as_well_as_in_minutes():
    question = "If the judges ask about my fall, how long should my answer be?"
    assert asked_values(question) == ["length"]
    assert states("length", "Keep it brief and move on to the routine.")
    assert states("length", "A 2–3 sentence reply is plenty.") and not states("length", "Be honest with the judges.")
    assert not states("length", "Build long-term ties with the coaches.")  # "long-term" is no length said
    assert asked_values("how long is too long to talk about my fall?") == ["length"]
    # how long it takes or lasts, or how long to wait, is a time
    assert asked_values("How long does it take to write the race report?") == ["duration", "lasting"]
    assert asked_values("How long should I wait before answering the coach's email?") == ["duration"]
    assert asked_values("How long do I have to send the thank-you note?") == ["duration"]
    assert asked_values("How long should the first meeting with the coach be?") == ["duration"]


def test_what_the_law_allows_is_asked_as_law_and_only_a_sentence_naming_the_law_answers():
    assert asked_values("Is it legal for the club to ask my age at tryouts?") == ["law"]
    assert asked_values("Can the coach legally bench me for missing practice?") == ["law"]
    assert states("law", "Clubs may not ask your age under state law.")
    assert not states("law", "Keep it short, non-defensive, and solution-focused.")
    # a law degree in the story asks nothing of the law
    assert asked_values("I did a year of law school first. Which clubs should I try out for?") == []


def test_what_a_rule_allows_is_asked_of_the_act_and_only_a_sentence_allowing_that_act_answers():
    assert permission_asked("Am I allowed to bring my dog into the museum?") == "bring"
    assert permission_asked("Would bringing a dog be allowed?") == "bring"
    assert permission_asked("Is that even allowed?") == ""
    assert asked_values("Are volunteers allowed to park on site?") == ["permission"]
    # being allowed as a time, or told, asks no permission
    assert permission_asked("How long must I wait before I'm allowed to leave?") is None
    assert permission_asked("I'm allowed two bags. Which one should I check?") is None
    asked = "Am I allowed to bring my dog into the museum?"
    assert states("permission", "Guests may bring dogs on a leash.", asked)
    assert not states("permission", "You can still enjoy the garden with a pet.", asked)  # the act unsaid
    assert not states("permission", "Bring a map to the museum.", asked)  # the act said, nothing allowing it
    assert states("permission", "Pets are not permitted inside.", "Is that even allowed?")
    assert not states("permission", "You can still enjoy the garden.", "Is that even allowed?")


def test_spoken_fillers_are_left_out_and_the_same_words_said_as_words_kept():
    assert unfilled("um so like when should I kinda book the ferry, I guess for the summer, you know?") == \
        "so when should I book the ferry, for the summer?"
    assert unfilled("honestly is it like legal for them to ask, I mean at tryouts or whatever?") == \
        "is it legal for them to ask, at tryouts?"
    assert unfilled("what kinda boots should I buy?") == "what kind of boots should I buy?"
    assert unfilled("Like, when does the ferry run?") == "when does the ferry run?"
    for said in ("I like hiking, should I join the club?", "what is the ridge trail like?", "do you know the dates?",
                 "Like packing for a storm — what should I bring up the ridge?",
                 "I'd like to ask the ranger", "Would you like to meet?"):
        assert unfilled(said) == said


def test_how_much_to_spend_asks_a_price_and_a_score_predicted_asks_a_conversion():
    assert asked_values("How much should I spend on a gift for my coach?") == ["money"]
    assert asked_values("How much time should I spend on drills?") == []  # time, not money
    assert asked_values("How much of my essay should I spend on the injury?") == []
    assert asked_values("Which mock exam best predicts my real bar exam score?") == ["conversion"]
    assert asked_values("Does a 70 on the mock exam predict a 160 on the bar?") == ["conversion"]
    # what a score is meant to predict is no score told from another
    assert asked_values("What is the bar score supposed to predict?") == []


def test_a_sentence_states_a_date_only_of_what_the_question_dates():
    question = "What exact date does the museum reopen this year?"
    assert dated(question) == ["museum", "reopen"]
    assert states("date", "The museum reopens in March after repairs.", question)
    assert not states("date", "Book the ferry by late March.", question)  # a date of something else
    # what has the date is the first word dated: the park's reopening is not the museum's
    assert not states("date", "The park will reopen in March.", question)
    # when the asker should do something, a sentence naming what is done dates it
    assert states("date", "Aim to have ferry tickets booked by late March.",
                  "When should I reserve ferry tickets this year?")
    # a date named with nothing after it dates the words before it ("the entry deadline": entry)
    assert dated("So what's the ideal entry date then?") == ["entry", "ideal"]
    assert states("date", "Entry closes in March.", "So what's the ideal entry date then?")
    assert not states("date", "Book the ferry by late March.", "So what's the ideal entry date then?")


def test_another_specialty_s_facts_are_stated_only_where_its_match_is_named():
    question = "What score do I need for a derm residency?"
    assert states("other specialty", "Derm residency applicants score higher.", question)
    assert not states("other specialty", "Rotations in neurology and derm help.", question)


def test_what_else_a_question_asks_for():
    assert asks_amount("How many rangers work here?") and not asks_amount("Where do rangers work?")
    # "how much" before a noun asks an amount; before a verb, a degree ("how much does it matter?")
    assert asks_amount("How much water should I carry?") and asks_amount("how much time do I need?")
    assert not asks_amount("How much does the weather matter for the climb?")
    assert not asks_amount("How much weight do judges give the free skate?")  # a degree, by its noun
    assert not asks_amount("On a scale of 1–10, how much does a permit help?")
    assert asks_amount("how much is the entry fee?")
    assert asks_count("How many rangers work here?") and not asks_count("How much does it cost?")
    assert asks_count("What's the average number of rangers on duty?")
    assert not asks_count("I have a number of questions about the rangers.")
    assert asks_when("By what month should the tent be booked?") and asks_when("when should I book?")
    assert not asks_when("When would a second tent make sense?")  # on what condition
    # "how much" before "later" asks when, not an amount: "late August" answers it, with no number in sight
    assert asks_when("How much later can the tent be booked?") and not asks_amount("how much sooner should we go?")
    assert asks_wording("How should I word a complaint?") and asks_wording("how do I ask for a refund?")
    assert not asks_wording("Who should I ask for a refund?")
    assert asks_wording("What exact words do I use on the phone?") and asks_wording("any better phrasing?")
    assert named_exams("my Step 2 CK and COMLEX Level 2") == {"step 2", "comlex"}


def test_a_word_most_candidate_sentences_share_tells_them_apart_less_than_a_rare_one():
    from assistant.answer import distinctiveness, weighted_overlap

    texts = ["Ferry tickets sell out in July.", "Ferry refunds take a week.", "The ferry leaves at noon."]
    weight = distinctiveness(texts)
    assert weight["ferry"] < weight["refund"]
    terms = {"ferry", "refund"}
    assert weighted_overlap(terms, texts[1], weight) > weighted_overlap(terms, texts[0], weight)
    assert weighted_overlap(set(), texts[0], weight) == 0.0


def test_what_a_message_asks_is_read_where_it_starts_asking():
    message = ("Grew up in Lyon, which is lovely. My sister says cabins sell out. How early should I book one? "
               "Two of us.")
    assert story_and_ask(message) == ("Grew up in Lyon, which is lovely. My sister says cabins sell out.",
                                      "How early should I book one? Two of us.")
    assert asking_part(message) == "How early should I book one? Two of us."  # tells of no one: may ask
    # an aside after the question, telling of someone, asks for nothing ("fuel" is no price asked); a sentence
    # after it that opens like a question or tells of no one still asks
    aside = "How many tents should we bring? My brother offered to pay for the fuel, which is kind. Thanks!"
    assert asking_part(aside) == "How many tents should we bring?" and asked_values(aside) == []
    assert asking_part("Is the hut open? which months") == "Is the hut open? which months"
    assert asking_part("Which huts sell out? Give me the list.") == "Which huts sell out? Give me the list."
    assert asking_part("Is the hut open? I'm nervous about it, honestly.") == "Is the hut open?"
    assert asking_part("I read that some cabins sleep six. How many?") == "I read that some cabins sleep six. How many?"
    assert asking_part("cabins near the lake") == "cabins near the lake"  # nothing asked with a question mark
    # a quotation closes its sentence too
    quoted = 'My trip note says: "cabin — TBD." When should I book one?'
    assert story_and_ask(quoted) == ('My trip note says: "cabin — TBD."', "When should I book one?")
    # a profile of the asker before a colon or a dash tells who asks, as a sentence would; a topic named there does not
    profile = "Third-year, grew up in Lyon, my knee is shot, on a budget: which trail should I take?"
    assert story_and_ask(profile) == ("Third-year, grew up in Lyon, my knee is shot, on a budget.",
                                      "which trail should I take?")
    assert story_and_ask("MS2, from Lyon — how early should I book a cabin?")[1] == "how early should I book a cabin?"
    # an em dash written without spaces, as the guides write it, is a dash too
    assert story_and_ask("I grew up in Lyon and my knee is shot—which trail should I take?") == (
        "I grew up in Lyon and my knee is shot.", "which trail should I take?")
    assert story_and_ask("Ferry tickets to Lyon—how early should I book?")[0] == ""
    for topic in ("Ferry tickets to Lyon — how early should I book?", "Guiding as an MS2 — is it allowed?",
                  "Suppose my hut closes mid-season — what happens to my booking?",
                  "How many nights do I need — is there a rule?"):
        assert story_and_ask(topic)[0] == "", topic
    # a question checking the claim before it asks about the claim
    claim = "My cousin says the ferry runs hourly. Is that the real timetable?"
    assert asking_part(claim) == claim and story_and_ask(claim)[0] == ""
    assert leans_back("True?") and leans_back("does this still hold?") and leans_back("am i late for rehab?")
    assert not leans_back("Is it rude to call the ferry office twice?")  # "it" is no pointer here
    # a claim from elsewhere that a question about the field itself compares with
    chess = "My brother's chess club says you must memorise openings. Is that true for physiatry too?"
    assert told_elsewhere(chess) == "My brother's chess club says you must memorise openings."
    assert told_elsewhere(claim) == ""  # the question does not name the field
    assert told_elsewhere("Physiatry programs say openings matter. Is that true for PM&R?") == ""  # the claim does
    # "which is lovely" and a museum "in Lisbon" are told, so no named place is asked for
    assert asked_values("Grew up in Lisbon, which has museums. Are programs there good for beginners?") == []
    assert asked_values("Which programs in Lisbon take beginners?") == ["named place"]
    # another specialty the story names as the field someone applies or trains in is still asked about; one it
    # names in passing is not
    assert asked_values("I'm applying derm. How many programs should I apply to?") == ["other specialty"]
    assert asked_values("My roommate is going into ortho. How many programs should he apply to?") == \
        ["other specialty"]
    for question in ("The GI lecture put me to sleep. How many conversations a day should I aim for?",
                     "I used to think spine was an ortho thing. Which specialties feed spine fellowships?"):
        assert asked_values(question) == [], question


def test_what_a_question_asks_for_in_so_many_words():
    assert asked_values("Who wrote the report on lake levels?") == ["person"]  # a deed in the past tense
    assert asked_values("Who should I ask about lake levels?") == []
    # the role is the head of the phrase after "who", however many words qualify it
    assert asked_values("Who is the island's summer ferry service director at Port Ellen?") == ["person"]
    assert asked_values("Who should I ask to introduce me to the ferry service director?") == []
    assert asked_values("best hiking programs ranking") == ["named place"]  # terse: a ranking in so many words
    assert asked_values("can you list a few hiking programs for beginners?") == ["named place"]
    assert asked_values("Is a long list a problem when I pick hiking programs?") == []  # "list" the noun
    assert asked_values("I only want the top hiking programs. Is that a bad idea?") == []  # "top" describes
    # a program word before another noun says whose: "top program priority" ranks priorities, not programs
    assert asked_values("What's my top program priority this winter?") == []
    assert asked_values("What's the best school advice for a beginner?") == []
    assert asked_values("What are the top 3 winter hiking programs around here?") == ["named place"]
    assert asked_values("Which is the best school in the valley?") == ["named place"]
    assert asked_values("The guide praised some hiking programs. Which programs did it name?") == ["named place"]
    assert asked_values("what kinds of programs should go on my list?") == []  # "list", a noun
    # a list the asker tells of is no request for names, whatever ranking words its programs carry
    assert asked_values("Here's my list: only the top 3 hiking programs. Thoughts?") == []
    assert asked_values("My program list is mostly top-tier hiking programs. Change it?") == []
    assert asked_values("List the top 3 hiking programs.") == ["named place"]
    # "which specific programs" asks for names; "which specific fellowships" for kinds the guides name
    assert asked_values("Which specific hiking programs take beginners?") == ["named place"]
    assert asked_values("What particular programs run in winter?") == ["named place"]
    assert asked_values("Which specific fellowships can I apply to?") == []
    assert asked_values("What month is the lake fair this year?") == ["date"]  # one year's event
    assert asked_values("lake fair 2031 dates") == ["date"]
    # a year the asker tells, in a clause of its own, dates their plan: the question asks a time relative to it
    assert asked_values("If I arrive in May 2031, when should I book the cabin?") == []
    assert asked_values("What month is the 2031 lake fair?") == ["date"]
    assert asked_values("The lake fair is next month. How many stalls should I visit?") == []
    assert asked_values("What's the maximum number of guests per cabin?") == ["upper limit"]
    # how many there are, asked in its own part of the question; not what a quip after a dash says exists
    assert asked_values("How many huts, roughly, exist on the ridge?") == ["existing count"]
    assert asked_values("How many huts are there on the ridge, and which is best?") == ["existing count"]
    assert asked_values("How many huts should I book—is 'every hut that exists' overkill?") == []
    assert states("upper limit", "Cabins sleep up to six.") and not states("upper limit", "Cabins sleep at least two.")
    assert named_exams("the written board exam") == {"boards"} and named_exams("Pass PM&R boards.") == {"boards"}


def test_a_price_names_and_an_exam_sat_are_asked_for_in_so_many_words():
    assert asked_values("what does the ferry pass cost") == ["money"]
    assert asked_values("tell me the cost of a ferry pass, what is it?") == ["money"]
    assert asked_values("Do ferries lower costs for commuters?") == []  # costs as a topic, no price asked
    assert asked_values("What does a ferry pass cost for students?") == ["money"]  # "cost" the verb, not last
    assert asked_values("What does the ferry guide say about lowering costs?") == []
    assert asked_values("Which pays more, guiding or rangering?") == ["money"]
    # what someone earns, in so many words; not a thing earned, nor paid work
    assert asked_values("What does a first-year ranger typically earn?") == ["money"]
    assert asked_values("what do guides get paid per season?") == ["money"]
    assert asked_values("What do ushers earn a year?") == ["money"]
    assert asked_values("What does it take to earn a strong reference?") == []
    assert asked_values("What should I do to get paid work over the summer?") == []
    assert asked_values("list hiking programs that take beginners, by name") == ["named place"]
    assert asked_values("give me the actual names of hiking programs") == ["named place"]
    assert asked_values("do hiking programs care about big names on my letters?") == []
    # a superlative of a measure picks programs out by name, as "top" does; a kind of fellowship is no name
    assert asked_values("Which hiking programs take the most beginners?") == ["named place"]
    assert asked_values("which hiking programs have lowest age cutoff") == ["named place"]
    assert asked_values("Which fellowship is the most competitive?") == []
    assert asked_values("What do most hiking programs look for?") == []
    assert named_exams("when do I take step three") == {"step 3"}
    # a passing score asked is stated by a score said to pass, not by any score
    assert asked_values("What's the passing score on the written driving test?") == ["score"]
    assert states("score", "You pass the written test with 180 or more.")
    assert not states("score", "Most drivers score around 210 on the written test.")
    assert sits_exam("should I take the exam in spring?") and not sits_exam("should my essay mention the exam?")


def test_a_deadline_and_the_institutions_asked_for_are_values_to_state():
    assert asked_values("What is the deadline to book a cabin at the lake?") == ["date"]
    assert dated("What is the deadline to book a cabin at the lake?") == [stem("book")]
    # an event's date asked in so many words, not a time to do something in
    assert asked_values("What's the regatta entry deadline?") == ["date"]
    assert asked_values("When is race day for the lake regatta?") == ["date"]
    assert asked_values("When is the best time to visit the lake?") == []
    assert asked_values("What day should I send my entry form?") == []
    # a calendar unit asked of an event ("what day is…", "which year will…"), not a part of a time or a time to choose
    assert asked_values("On what day does the regatta start?") == ["date"]
    assert asked_values("Which year will the lake museum reopen?") == ["date"]
    assert asked_values("Which month of the season is quietest on the lake?") == []
    assert asked_values("What year would suit a first visit?") == []
    # a past event's date, not a time the asker was to act in nor what someone said
    assert asked_values("When did the lake museum close for repairs?") == ["date"]
    assert asked_values("When was I supposed to book the ferry?") == []
    assert asked_values("When did the club say to send the entry form?") == []
    assert asked_values("Which hospitals host the best-known hiking clinics?") == ["named place"]
    assert asked_values("Which trails host the most birds?") == []


def test_a_question_word_s_clitic_is_read_as_is_and_a_noun_s_as_a_possessive():
    assert unclitic(["when's", "the", "ferry"]) == ["when", "is", "the", "ferry"]
    assert unclitic(["how’s", "it"]) == ["how", "is", "it"]
    assert unclitic(["the", "captain's", "log"]) == ["the", "captain's", "log"]
    assert asks_when("when's the best time to book the ferry?")
    assert not asks_when("what's the best ferry?")


def test_a_length_of_time_asked_ahead_of_something_is_a_lead_time_not_how_long_a_thing_lasts():
    assert lead_time("How many weeks before the race should I book a room?")
    assert lead_time("how long should I wait after the interview to write?")
    assert not lead_time("How many weeks does the sailing course run?")
    assert asked_values("How long is the sailing course?") == ["duration", "lasting"]
    assert asked_values("How long before the race should I book?") == ["duration"]
    # read in the question that asks the length of time, not in the first one, nor in a later one
    assert lead_time("How early should I book a room? Like, how many weeks before the race?")
    assert not lead_time("How long is the sailing course? Should I book it before May?")
    assert lead_time("How long do I have to return the rental kayak?")  # the time allowed
    # the asker's act in a lead time, or an event's
    assert own_lead("How many weeks before the race should I book a room?")
    assert own_lead("how many days after the interview to write?")
    assert not own_lead("How many weeks after the race do the results come out?")
    assert not own_lead("how many weeks until my race photos are posted?")


def test_a_question_about_the_order_of_steps_asks_for_the_next_one_or_the_first():
    for question in ("I've booked the ferry. What's next?", "and after that?", "then what do I pack?",
                     "after that, what?", "what comes after the permit?", "what should I pack next?"):
        assert asks_next(question), question
    for question in ("Should I book the hut next year?", "is the hut next to the lake?", "book it next yr?",
                     "I want to hike a ridge in the next few months. Which one?", "over the next couple of weeks?",
                     "what's in the part after that, about gear?", "what should I do after the hike?"):
        assert not asks_next(question), question
    for question in ("Where do I start?", "what's step one?", "what should I do first?",
                     "the very first thing to pack?", "which step comes first?", "where should I begin with maps?"):
        assert asks_first(question), question
    for question in ("how long is my first hike?", "is Step 1 hard?", "what should I pack?"):
        assert not asks_first(question), question


def test_a_sentence_says_when_with_a_time_a_number_or_a_time_relative_to_the_matter():
    assert says_when("Book in March.") and says_when("Book before the 20th.") and says_when("Book early in the season.")
    assert says_when("Ask again if the score is below 225.")
    assert not says_when("Bring a map.") and not says_when("Pass the USMLE Step 3.")


def test_what_a_question_sets_aside_is_read_up_to_its_clause_end_or_in_the_sentence_before():
    def stems(question, earlier=""):
        return {stem for thing in set_aside(question, earlier) for word in thing for stem in word}

    assert stems("Besides sunscreen, what should I pack?") == {"sunscreen"}
    assert stems("Except for maps and a compass, what gear matters?") == {stem("maps"), "compass"}
    assert stems("and the guide who isn't from the park service, who is she?") == {"park", stem("service")}
    assert {"pack", stem("snacks")} <= stems("I always pack snacks. Other than that, what should I bring?")
    assert stems("and besides those?", "How many tents do I need?") == {stem("tents")}  # a follow-up's earlier turn
    for question in ("What should I pack?", "Is the hut better than the tent?", "How far apart are the huts?"):
        assert not set_aside(question), question
    aside = set_aside("Apart from the tent and the stove, what do I carry?")
    assert says_set_aside(aside, "Carry a tent and a stove.") and says_set_aside(aside, "Pack the tent first.")
    assert not says_set_aside(aside, "Carry water and a map.") and not says_set_aside([], "Carry a tent.")
    # shorthand and what it stands for are one word set aside: "PT" is said by "physical therapy"
    assert says_set_aside(set_aside("Besides PT and the stove, what else?"), "Start physical therapy early.")
    # one thing named in several words is said only by a sentence saying most of them
    aside = set_aside("Besides my maps of the park, what should I buy?")
    assert says_set_aside(aside, "Maps of the park are free at the gate.")
    assert not says_set_aside(aside, "Buy one extra map in town.")  # another map, not the park's


def test_a_question_corrected_midway_is_read_as_corrected():
    assert repaired("How long is the loop trail — no wait, how long is the ridge trail?") == \
        "how long is the ridge trail?"
    assert repaired("I'm new here. Is the lake cold, or rather, can kids swim in it?") == \
        "I'm new here. can kids swim in it?"
    assert repaired("What's the trail like — scratch that, what's the ridge like?") == "what's the ridge like?"
    # nothing said before the marker, nothing asked after it, or a phrase in place of a question: kept as written
    for question in ("Sorry, quick one: how many tents?", "Is the lake cold, actually?",
                     "What should I pack — scratch that, for the ridge?", "Is the hike long? I mean it."):
        assert repaired(question) == question, question


def test_a_correction_keeps_the_message_s_line_breaks():
    assert repaired("Me: hi\nHow long is the loop trail — no wait, how long is the ridge trail?") == \
        "Me: hi\nhow long is the ridge trail?"
    assert repaired("Day one.\nIs the lake cold?") == "Day one.\nIs the lake cold?"


def test_a_title_s_stop_ends_no_sentence():
    assert question_sentences("I emailed Dr. Lee twice. No reply yet?") == ["I emailed Dr. Lee twice.", "No reply yet?"]
    assert question_sentences("Ask (Prof. Kim) first.\nThen Mr. Ortiz.") == ["Ask (Prof. Kim) first.",
                                                                             "Then Mr. Ortiz."]
    assert question_sentences("We met the dr. Then we left.") == ["We met the dr. Then we left."]


def test_a_line_of_a_quoted_conversation_is_labelled_by_who_speaks():
    assert speaker_label("Dr. Lee (text): Haven't heard from you!") == "Dr. Lee"
    assert speaker_label("Me (at the booth): Hi!") == "Me"
    assert speaker_label("Spine clinic scheduler (phone): Friday.") == "Spine clinic scheduler"
    for line in ("Then, kindly: no.", "Okay. Then: go", "my coach: run", "Me:", "Is it late? Maybe: yes"):
        assert speaker_label(line) == "", line


def test_a_quoted_conversation_tells_the_story_and_the_asker_asks_after_it():
    chat = "Coach: Can you run on Saturday?\nMe: Sure!\nCoach (text): And Sunday too?\nMe: Yes!\n" \
           "Now my legs ache. How do I say no next time?"
    assert [spoken for _, spoken in conversation(chat)] == [True, True, True, True, False]
    # the coach's questions were asked in the conversation, not of the guides
    assert story_and_ask(chat)[1] == "How do I say no next time?"
    assert speakers(chat) == {"coach", "text", "me"}
    assert separate_asks(chat) == [chat]
    two = "Coach: Can you run on Saturday?\nMe: Sure!\nHow do I turn down a race, and how much rest do I need?"
    assert separate_asks(two) == ["Coach: Can you run on Saturday? Me: Sure! How do I turn down a race?",
                                  "Coach: Can you run on Saturday? Me: Sure! how much rest do I need?"]
    # labelled lines without the asker's own are a list of notes, not a conversation
    notes = "Goal: a cabin\nBudget: low?\nWhich trail?"
    assert not any(spoken for _, spoken in conversation(notes))
    assert story_and_ask(notes) == ("Goal: a cabin", "Budget: low? Which trail?")


def test_a_letter_s_salutation_and_sign_off_are_not_part_of_the_question():
    assert unframed("Dear Dr. Lee,\n\nIs the ridge trail open in May? I hike slowly.\n\nBest,\nSam Ortiz") == \
        "Is the ridge trail open in May? I hike slowly."
    assert unframed("Hi,\nwhich hut is closest?\nThank you so much,\nPriya") == "which hut is closest?"
    assert unframed("Is the lake cold?\n\nCheers, S.") == "Is the lake cold?"
    # a last line that goes on with the question, or asks one, is the question's; one line has no frame
    for message in ("Which boots should I get\nfor the ridge, ideally", "First trip.\nRidge, or lake?",
                    "Hi, is the ridge open?"):
        assert unframed(message) == message, message


def test_a_post_s_mentions_and_closing_hashtags_are_not_part_of_the_question():
    assert unframed("@rangers_desk #Hiking how early should I book the hut? #TrailLife #GR20") == \
        "Hiking how early should I book the hut?"
    # a hashtag inside a sentence is its words; one in capitals only labels the post
    assert unframed("Quick poll for #TrailTwitter: which hut is closest? 🏔️ #NPS") == \
        "Quick poll for Trail Twitter: which hut is closest?"
    assert unframed("Tips for #GR20 hikers: when does the hut open?") == "Tips for hikers: when does the hut open?"
    # an address and a rank are no tags; a message of tags alone is as it was
    for message in ("Email me at ranger@park.org: is the hut open?", "What are the #1 tips for the ridge?", "#Hiking"):
        assert unframed(message) == message, message


def test_the_exam_a_question_names_only_as_the_exam_is_the_one_its_message_named():
    message = "I'm sitting Step 3 next month. What score passes the written exam?"
    assert exams_asked(asking_part(message), message) == {"step 3"}
    assert exams_asked("What score is good enough?", message) == set()  # no exam asked about
    assert exams_asked("Is 240 on Step 2 CK good?", message) == {"step 2"}  # the one it names


def test_a_part_of_a_run_is_asked_for_by_its_place_or_its_number():
    for question, place in (("What happens in the last leg of the walk?", -1),
                            ("what do the first two weeks look like?", 0),
                            ("and the first couple of weeks?", 0),
                            ("the middle chunk of the course, what's in it?", "middle"),
                            ("What's in the second phase?", 1),
                            ("what happens in weeks five and six?", "5"),
                            ("week 3 — what do I bring?", "3"),
                            ("after week 1 and 2, what's in week 3-4?", "3"),
                            ("what about weeks one and two?", "1"), ("and week one?", "1"),
                            ("the last stretch of the plan?", -1),
                            ("After weeks 1–2, what about the final two weeks?", -1),  # the last said counts
                            ("The final stretch, weeks 5–6: what's on the list?", "5")):
        assert asked_position(question, "Week") == place, question
    assert asked_position("I'm a PGY-3: what should I plan?", "PGY") == "3"
    for question in ("What do I bring to my first team meeting?", "Is the last bus at ten?",
                     "what should I pack first?", "Which is the best week to go?", "weeks matter, right?",
                     "How do I taper in the last week before the race?",
                     "What's the point of the first half of my trip?", "and the other one, the weeks one?"):
        assert asked_position(question, "Week") is None, question


def test_a_bare_what_is_asks_a_word_defined_and_a_sentence_defines_it_by_naming_it_as_what_it_says_is_something():
    for question, term in (("What is orienteering?", "orienteering"), ("whats a cairn", "cairn"),
                           ("define switchback", "switchback"), ("what does scrambling mean?", "scrambling")):
        assert defined_term(question) == term, question
    for question in ("what is a good hike?", "what's in my pack?", "What is PSR?", "what is the best trail here?",
                     "What is orienteering and where do I start?"):
        assert defined_term(question) == "", question
    assert defines("orienteering", unit("Orienteering is a sport of finding your way."))
    assert defines("orienteering", unit("Night orienteering in winter is harder."))
    assert defines("cairn", unit("Cairn – A pile of stones marking the way."))
    assert defines("cairn", unit("Follow the cairns—piles of stones that mark the trail."))
    assert not defines("orienteering", unit("Bring a compass for orienteering."))
    assert not defines("orienteering", unit("Tips for Orienteering in the Park: Start early."))
    assert not defines("orienteering", unit("Winter orienteering: Dress warmly."))
    assert not defines("cairn", unit("Most hikers who stop to stack a cairn on the summit ridge are tired."))


def test_step_one_asked_of_a_task_is_its_first_step_and_otherwise_the_exam():
    assert first_step_said("New to hiking. What's step one for getting a permit?") == \
        "New to hiking. What's the first step for getting a permit?"
    assert first_step_said("New to hiking — what’s step one?") == "New to hiking — what’s the first step?"
    assert first_step_said("ok so what was step one in packing?") == "ok so what was the first step in packing?"
    for question in ("I failed step one, what now?", "now that step one is pass/fail, does it matter?",
                     "what's step one like?", "What is step one?", "what's Step 1 for a permit?",
                     "what's step one's passing score?"):
        assert first_step_said(question) == question, question


def test_who_says_a_reported_claim_is_told_not_asked():
    assert speakers("My neighbour, a retired dermatologist, says Step 2 barely matters; a blog I read claims the "
                    "opposite. Which is it?") == {"my", "neighbour", "a", "retired", "dermatologist", "blog", "i", "read"}
    # each clause has its speaker ("but", "while", "and" open one), and the claim's own verbs report nothing
    assert speakers("A cousin said the lodge thinks hikers should book early, but the ranger says walk-ins are "
                    "fine. Who's right?") == {"a", "cousin", "the", "ranger"}
    assert speakers("Guide's rule: the ranger says start before dawn. True?") == {"the", "ranger"}
    # a question names what it asks about; a long run of words before a verb is no speaker
    assert speakers("Does the ranger say I need a permit?") == set()
    assert speakers("The winter trail past the frozen lake near the old stone mill says closed on maps. Why?") == set()


def test_what_a_message_tells_as_done_is_set_aside_when_it_asks_what_else():
    told = told_done("I've booked the ferry and packed the tent. What else is left to sort out?")
    assert told == "I've booked the ferry and packed the tent."
    assert says_done(told, "Book the ferry early in the season.") and says_done(told, "Pack a tent rated for wind.")
    assert not says_done(told, "Bring a paper map of the island.")
    # a doubled consonant an inflection added is the word's: "planned" is "plan"
    assert says_done(told_done("We planned the route. Am I missing anything?"), "Plan a route with water stops.")
    # a message asking nothing more sets nothing aside: the test it tells of is what it asks about
    assert told_done("I failed the first dive test. Can I retake it?") == ""
    assert told_done("What else should I pack?") == ""  # nothing told
    assert told_done("I failed the dive test. Does that end it? What else could I try?") == "I failed the dive test."


def test_what_a_unit_is_filed_under_is_its_short_label():
    assert filed_under(Unit("Very Strong Swimmers: Can cross the bay.", ("Very Strong Swimmers", "Can cross the bay."))) \
        == "Very Strong Swimmers"
    assert filed_under(Unit("Trail Captain – Leads the group.", ("Trail Captain – Leads the group.",))) == \
        "Trail Captain"
    assert filed_under(Unit("Fix: Book early.", ("Fix: Book early.",))) == "Fix"
    # a lead-in of many words is a sentence, not a name; nor is a sentence's colon after many words
    assert filed_under(Unit("If your school has no pool, try these: the lake.",
                            ("If your school has no pool, try these", "the lake."))) == ""
    assert filed_under(Unit("Before you set off on the trail, remember: water.",
                            ("Before you set off on the trail, remember: water.",))) == ""
    assert filed_under(Unit("Aim for: two trail maps.", ("Aim for", "two trail maps."))) == ""


def test_a_question_asking_what_an_acronym_stands_for_names_it():
    assert expansion_asked("What does 'NIH' stand for?") == "nih"
    assert expansion_asked("the acronym CDC in that list, what is it?") == "cdc"
    assert expansion_asked("what's pt short for") == "pt"
    assert expansion_asked("What does ICU mean? My friend said it on rounds.") == "icu"
    assert expansion_asked("What does a GPA cutoff mean for me?") == ""  # what it means to the asker
    assert expansion_asked("What do PIs mean by fit?") == ""  # what someone means
    assert expansion_asked("When should I ask for letters?") == ""


def test_a_text_expands_an_acronym_when_its_words_stand_beside_it():
    assert expands("who", "Guidance from the World Health Organization (WHO) applies.")
    assert expands("nih", "NIH (National Institutes of Health) funds it.")
    # the letters in order among the initials, first and last matching: "Pain Management and Spine Rehabilitation"
    assert expands("psr", "Detail models of Pain Management and Spine Rehabilitation (PSR).")
    assert not expands("abpmr", "Pass your board exams (ABPMR).")
    assert not expands("nih", "Apply for an NIH grant early.")


def test_a_question_asking_for_a_reason_is_told_apart():
    assert asks_why("Why book the ferry early?")
    assert asks_why("what's the point of a packing list?")
    assert asks_why("What do I gain from a guided tour?")
    assert asks_why("The tour sounds long. What is the purpose of the second stop?")
    assert asks_why("What would I get out of the museum pass?")
    assert asks_why("what does a deposit actually do for me?")
    # what not doing it loses is what doing it gains
    assert asks_why("What do I lose if I skip the guided tour?")
    assert asks_why("Honestly, what do I lose if I don't bother with a packing list?")
    assert not asks_why("What do I lose if I switch trails?") and not asks_why("I lost my map, what now?")
    assert not asks_why("Should I book the hut today so I don't lose my spot?")
    assert not asks_why("How do I book the ferry?")
    assert not asks_why("What can I do for my host family?")  # what the asker does for someone
    assert not asks_why("What points should my packing list cover?")
    # the story tells a reason; what is asked is when
    assert not asks_why("Our guide explained why the ferry matters. When should we book the ferry tickets?")


def test_a_case_told_as_the_opposite_of_a_condition_contradicts_it():
    has, lacks = "If your tent has a rain fly", "If your tent lacks a rain fly"
    assert contradicts(has, "My tent doesn't have a rain fly. What do I do if it rains?")
    assert contradicts(has, "I'm camping with a tent without any rain fly, what now?")
    assert not contradicts(lacks, "My tent doesn't have a rain fly. What do I do if it rains?")
    assert contradicts(lacks, "My tent has a rain fly, so what should I pack?")
    assert not contradicts(has, "My tent has a rain fly, so what should I pack?")
    # a clause that names too little of the condition tells no case; nor do clauses that disagree
    assert not contradicts(has, "It doesn't rain much there. Which tent should I bring?")
    assert not contradicts(lacks, "My friend's tent has a rain fly, but my tent has no rain fly. What now?")
    assert not contradicts(has, "My friend's tent has a rain fly, but my tent has no rain fly. What now?")
    # "doesnt" negates as "doesn't" does; "not … until" says when, not whether
    assert contradicts(has, "my tent doesnt have a rain fly, what now")
    assert contradicts(has, "my tent has 0 rain fly, what now")  # none, as a count
    assert not contradicts("If you book the ferry late", "I won't book the ferry until late June. Is that bad?")
    # a negated condition holds for a negated case
    assert not contradicts("If you have not booked a campsite", "I haven't booked a campsite yet. Where do I sleep?")
    assert contradicts("If you have not booked a campsite", "I booked a campsite last week. What should I bring?")


def test_a_unit_s_condition_is_its_innermost_if_lead_in_however_deep_its_list():
    passage = ("If you drive:\n- Plan the route:\n  - Leave by six.\n  - Fill the tank.\n"
               "If you take the train:\n- Book a seat.")
    leave = Unit("Plan the route: Leave by six.", ("Plan the route", "Leave by six."))
    assert condition(leave, passage) == "If you drive"
    assert condition(Unit("If you take the train: Book a seat.", ("If you take the train", "Book a seat.")),
                     passage) == "If you take the train"
    assert condition(Unit("Pack a map.", ("Pack a map.",)), "Pack a map.\nIf lost:\n- Call home.") is None


def test_a_message_s_questions_are_separated_each_with_the_story_told_before_them():
    assert separate_asks("I'm an M3. How early do I book the hut, and how much does the ferry cost?") == [
        "I'm an M3. How early do I book the hut?", "I'm an M3. how much does the ferry cost?"]
    assert separate_asks("1) which trail is easiest 2) is the museum open on Sundays?") == [
        "which trail is easiest", "is the museum open on Sundays?"]
    assert separate_asks("Which hut should we book? also what's the ferry fare") == [
        "Which hut should we book?", "also what's the ferry fare"]
    assert separate_asks("Is the ridge safe? Plus how long is the walk?") == ["Is the ridge safe?",
                                                                           "Plus how long is the walk?"]
    # one question, with an aside after it or "and" inside it, is the message itself
    assert separate_asks("How early should I book the hut? Two of us.") == ["How early should I book the hut? Two of us."]
    assert separate_asks("Should I pack a map and what else?") == ["Should I pack a map and what else?"]
    assert separate_asks("Which trail is easiest?") == ["Which trail is easiest?"]


def test_a_name_spelled_out_is_written_as_the_acronym_the_guides_use_for_it():
    guides = ["Book the ferry through the FAA portal.", "IMGs and the NPS share the trail; the NPS runs huts.",
              "You do NOT need a permit; do not camp.", "The Ridge Trail Association (RTA) marks it."]
    acronyms = guide_acronyms(guides)
    assert acronyms["faa"] == "FAA" and acronyms["img+s"] == "IMGs" and "not" not in acronyms  # "NOT" is emphasis
    written = " ".join(guides).casefold()
    assert abbreviated("Does the Federal Aviation Administration run the portal?", acronyms, written) == \
        "Does the FAA run the portal?"
    assert abbreviated("Where do National Park Service staff sleep?", acronyms, written) == "Where do NPS staff sleep?"
    assert abbreviated("Can International Medical Graduates hike?", acronyms, written) == "Can IMGs hike?"
    assert abbreviated("Is the national park service open?", acronyms, written) == \
        "Is the national park service open?"  # in lower case, words whose initials happen to match
    # a name the guides write in full stays, and so do words whose initials only happen to match
    assert abbreviated("Who runs the Ridge Trail Association?", acronyms, written) == \
        "Who runs the Ridge Trail Association?"
    assert abbreviated("Is the Federal office open?", acronyms, written) == "Is the Federal office open?"
    # words all in capitals are shouted, not a name spelled out: "NATIONAL PARK SERVICE" spells no NPS
    assert abbreviated("IS THE NATIONAL PARK SERVICE OPEN?", acronyms, written) == "IS THE NATIONAL PARK SERVICE OPEN?"


def test_a_money_sign_standing_for_a_word_is_read_as_asking_a_price():
    assert signs_read("ferry ticket → $?") == "ferry ticket → price?"
    assert asked_values(signs_read("ferry ticket → $ amount?")) == ["money"]
    assert asked_values(signs_read("how much $ does the pass cover?")) == ["money"]
    assert signs_read("I paid $40. Is the pass worth it?") == "I paid $40. Is the pass worth it?"  # an amount told


def test_how_many_of_a_thing_exist_is_asked_as_a_number_too():
    assert asked_values("What is the total number of beds offered at the huts?") == ["existing count"]
    assert asked_values("What number of beds should I book?") == []


def test_a_name_asked_is_of_what_the_question_asks_about():
    assert asked_values("Which park programs, by name, take beginners?") == ["named place"]
    # the name asked is the system's, not the programs'
    assert asked_values("What trail-marking system do the park programs use, by name?") == []
