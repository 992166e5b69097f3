import re

import numpy as np
import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.tracers.context import collect_runs

from api.services import Services
from api.settings import Settings
from assistant.adapter import QueryAdapter
from assistant.answer import MAX_SPAN, ExtractiveAnswerer, _Candidate, compose, new_aspect, says, says_new
from assistant.chat import Assistant
from assistant.citations import without_markers
from assistant.llm import LLMAnswerer
from assistant.retrieve import Hit, HybridSearch
from assistant.sessions import SessionStore
from assistant.text import counted_thing, spelled_out, stem
from assistant.understand import refers_back
from ingest.errors import InputError
from ingest.store import StoredPassage
from ingest.units import Unit, answer_units, stated_in
from tests.eval.measures import citation_problems, opens_on_reference


@pytest.fixture(scope="module")
def assistant(services, tmp_path_factory) -> Assistant:
    return Assistant(store=services.store, search=services.search, answerer=ExtractiveAnswerer(),
                     sessions=SessionStore(tmp_path_factory.mktemp("s") / "sessions.sqlite3"))


def assert_cited(answer, store):
    """Every [n] has a citation, cited text is indexed verbatim, and each sentence is drawn from it."""
    problems = citation_problems(answer, store)
    assert not problems, (answer.answer, problems)


def assert_answered_with(assistant, store, question, stated):
    """The question is answered, the answer states `stated`, and every sentence is cited (`assert_cited`)."""
    answer = assistant.ask(question).answer
    assert answer.grounded and stated in answer.answer, (question, answer.answer)
    assert_cited(answer, store)


def test_thank_you_timing_is_answered_with_a_cited_section(assistant, services):
    reply = assistant.ask("How soon after a conference should I send thank-you notes?")
    answer = reply.answer
    assert answer.grounded and "7–10 days" in answer.answer
    cited = answer.citations[0]
    assert cited.doc_id == "networking-and-mentorship" and "Post-Conference Follow-Up" in cited.section
    assert_cited(answer, services.store)


def test_drug_dosing_is_refused_and_names_what_the_guides_cover(assistant):
    answer = assistant.ask("What is the gabapentin starting dose?").answer
    assert not answer.grounded and answer.citations == []
    assert "don't cover" in answer.answer and "Step Score Strategy" in answer.answer


@pytest.mark.parametrize("question", ["Write a Python function that reverses a linked list.",
                                      "What is the capital of Australia?",
                                      "What's the average salary of an orthopedic surgeon?"])
def test_unrelated_questions_are_refused(assistant, question):
    assert not assistant.ask(question).answer.grounded


def test_how_many_questions_name_what_they_count():
    assert counted_thing("How many PM&R residency positions are there?") == {"position"}
    assert counted_thing("How many of my residency letters should come from physiatrists?") == {"letter"}
    assert counted_thing("how many LORs do I need") == {"letter", "recommendation"}
    assert counted_thing("And how many should I get?") == set()
    assert counted_thing("When should I apply?") == set()
    assert counted_thing("how many sports med fellowships should i apply to") == {"fellowship", "program"}
    # The noun phrase can run to six words; the thing counted is its last.
    assert counted_thing("how many ACGME accredited pain medicine fellowship spots are there?") == {"spot"}
    assert counted_thing("how many ppl should I email?") == set()  # shorthand for people: anyone counts
    assert counted_thing("how many of those signal tokens does each applicant get?") == {"token"}
    assert counted_thing("how many of these talks should I go to?") == {"talk"}
    # the phrase runs on to a verb; a plural in it that the answering sentences count stands for it
    assert counted_thing("how many porters work the north trail?") == {"work"}
    assert counted_thing("how many porters work the north trail?", ["Hire 2–3 porters."]) == {"porter"}
    assert counted_thing("how many ferry seats are there?", ["Book 2 ferry trips."]) == {"seat"}  # not "ferry"
    # after "per" comes a rate's measure, not what is counted
    assert counted_thing("how many real conversations per day should I aim for?") == {"conversation"}
    # "number of" asks a count as "how many" does; "a number of" means several and asks none
    assert counted_thing("what's the usual number of ferry crossings a week?") == {"crossing"} == counted_thing(
        "how many ferry crossings a week?")
    assert counted_thing("Is there a minimum number of dives to enrol?") == {"dive"}
    assert counted_thing("I have a number of questions about tents.") == set()


def test_a_count_of_something_the_guides_never_count_is_refused(assistant):
    # The guides give numbers of programs, letters and rotations, but none of residency spots.
    assert not assistant.ask("How many residency spots does PM&R offer nationally?").answer.grounded
    # "of those" points back; the invites are what is counted, and no sentence gives a number of them
    assert not assistant.ask("how many of those interview invites should I expect from sports fellowships?").answer.grounded
    counted = assistant.ask("How many letters of recommendation do I need for fellowship?").answer
    assert counted.grounded and "letters" in counted.answer


def test_a_why_question_is_told_the_reason_the_guide_gives_after_its_advice(assistant):
    # The passage gives its reasons around its steps: the answer gives one of them, not the steps alone (as "how"
    # is answered, below).
    research = assistant.ask("Why should a student bother doing research with PM&R faculty?").answer.answer
    assert research.startswith("Research is both a scholarly and networking opportunity.") or \
        "This opens doors to co-authorship" in research, research
    # …and after the script the guide gives to send, which gives no reason itself
    note = assistant.ask("What's the use of adding a personal note to a LinkedIn request after meeting someone at "
                         "a conference? Why bother?").answer.answer
    assert "This solidifies the connection beyond a single event." in note
    # a follow-up asking why is told the reason too, though the reason names nothing the follow-up adds
    first = assistant.ask("What should I focus on in PGY-4 once my fellowship spot is secured?")
    why = assistant.ask("and why learn billing and documentation then?", first.session_id).answer.answer
    assert "Learn basic billing" in why and "These skills will distinguish you" in why
    # asked how, not why, the advice is said without it
    how = assistant.ask("How should a student find PM&R faculty to do research with?").answer.answer
    assert "This opens doors" not in how


def test_what_an_acronym_stands_for_is_answered_only_where_a_guide_spells_it_out(assistant):
    # The guides spell out AAP and PM&R, and name AAPM without its words.
    spelled = assistant.ask("What does AAP stand for?").answer
    assert spelled.grounded and "Association of Academic Physiatrists" in spelled.answer
    # the sentence that spells PM&R out is far in meaning from a question about letters: it is looked up
    assert "Physical Medicine & Rehabilitation (PM&R)" in assistant.ask("what's pm&r short for").answer.answer
    assert not assistant.ask("What does the acronym AAPM stand for?").answer.grounded


def test_a_how_many_question_whose_phrase_runs_on_to_a_verb_counts_its_plural(assistant):
    answer = assistant.ask("How many attendings make sense to email before a big conference?").answer.answer
    assert "3–5 attendings whose work you admire" in answer


def test_a_follow_up_to_a_how_many_question_counts_what_it_adds(assistant):
    first = assistant.ask("How many attendings should go on my outreach list before a big PM&R meeting?")
    fellows = assistant.ask("and what about fellows?", first.session_id).answer.answer
    assert fellows.startswith("Make a short outreach list: 2–4 residents/fellows")


def test_a_follow_up_opens_on_the_item_it_asks_of_a_labelled_list_said_whole_before(assistant):
    # The first answer is the whole list under its label ("1–2 weeks before a major PM&R meeting: Make a short
    # outreach list: 3–5 attendings… 2–4 residents/fellows…"); the follow-up asks for one item of it.
    first = assistant.ask("Who goes on my outreach list before a PM&R meeting?")
    assert "3–5 attendings" in first.answer.answer and "2–4 residents/fellows" in first.answer.answer
    residents = assistant.ask("and how many residents?", first.session_id).answer.answer
    assert residents.startswith("Make a short outreach list: 2–4 residents/fellows"), residents


def test_a_follow_up_does_not_open_on_the_item_the_previous_answer_opened_with(assistant):
    # The first answer opens on the labelled list said whole ("Very Strong for PM&R: A score well above… You'll be
    # academically competitive…"); its first item opened the follow-up too, before the item asked about.
    first = assistant.ask("Everyone jokes you need a 270 to match PM&R. What's actually very strong for Step 2 CK?")
    assert first.answer.answer.startswith("Very Strong for PM&R: A score well above the national mean"), first
    middle = assistant.ask("Sure, and for regular humans, what counts as the comfortable middle range?",
                           first.session_id).answer.answer
    assert middle.startswith("Solid/Comfortable Range: Around or slightly above the national average"), middle


def test_a_follow_up_adding_a_score_opens_on_the_range_that_holds_it(assistant):
    # "around" matched "Around or slightly above the national average (~ 230–245)" as what the follow-up adds; the
    # score it adds is what it asks about, and "< 225" holds it.
    first = assistant.ask("Step 2 CK came back 255, how will PM&R programs react?")
    assert first.answer.answer.startswith("Very Strong for PM&R"), first.answer.answer
    lower = assistant.ask("what if it had been around 218 instead?", first.session_id).answer.answer
    assert lower.startswith("Borderline / Low Step Score Match Concerns: < 225"), lower


def test_follow_up_uses_previous_turn_and_cites_new_evidence(assistant, services):
    first = assistant.ask("Who should I ask for letters of recommendation for fellowship?")
    second = assistant.ask("And how early should I ask for them?", first.session_id)
    assert second.session_id == first.session_id and second.answer.grounded
    assert any("2–3 months" in c.text for c in second.answer.citations)
    assert second.answer.answer != first.answer.answer
    assert_cited(second.answer, services.store)


def test_follow_up_turns_are_stored_with_the_passages_they_cited(assistant):
    first = assistant.ask("How should I approach a potential mentor?")
    assistant.ask("What should I bring to it?", first.session_id)
    turns = assistant.sessions.history(first.session_id)
    assert [t.question for t in turns] == ["How should I approach a potential mentor?", "What should I bring to it?"]
    assert turns[1].cited and set(turns[1].cited) <= services_ids(assistant)


def services_ids(assistant) -> set[str]:
    return assistant.store.passage_ids()


def test_empty_and_over_long_questions_are_input_errors(assistant):
    with pytest.raises(InputError) as err:
        assistant.ask("   ")
    assert err.value.field == "message"
    with pytest.raises(InputError):
        assistant.ask("why " * 600)


THANK_YOU = "How soon after a conference should I send thank-you notes?"
# The guide's words reordered (it says "Within 7–10 days after the conference: … Send brief thank-you emails"): supported
# by that passage, yet no guide sentence, so an answer equal to it came from the model, not the extractive answerer.
MODEL_SENTENCE = "Send brief thank-you emails within 7–10 days after the conference"


class Prompts(BaseCallbackHandler):
    """The prompts a chat model was called with."""

    def __init__(self):
        self.sent: list[str] = []

    def on_chat_model_start(self, serialized, messages, **kwargs):
        self.sent.append(messages[0][-1].content)


def _llm_assistant(services, tmp_path, chat_model) -> Assistant:
    return Assistant(store=services.store, search=services.search, answerer=ExtractiveAnswerer(),
                     sessions=SessionStore(tmp_path / "s.sqlite3"), llm=LLMAnswerer(chat_model))


def _ask_model(services, tmp_path, reply: str, question: str = THANK_YOU):
    """The answer when the chat model replies `reply`, and the prompts it was sent."""
    prompts = Prompts()
    model = FakeListChatModel(responses=[reply], callbacks=[prompts])
    return _llm_assistant(services, tmp_path, model).ask(question).answer, prompts.sent


def test_llm_answer_with_a_supported_citation_is_what_comes_back(services, tmp_path, assistant):
    answer, prompts = _ask_model(services, tmp_path, f"{MODEL_SENTENCE} [1].")
    assert len(prompts) == 1 and THANK_YOU in prompts[0] and "7–10 days" in prompts[0]
    assert answer.answer == f"{MODEL_SENTENCE}. [1]" and answer.sentences == [answer.answer]
    assert answer.grounded and [c.n for c in answer.citations] == [1] and "7–10 days" in answer.citations[0].text
    assert answer.answer != assistant.ask(THANK_YOU).answer.answer  # not the extractive answer


def test_llm_invented_citation_is_recited_to_the_passage_that_supports_it(services, tmp_path):
    answer, prompts = _ask_model(services, tmp_path, f"{MODEL_SENTENCE} [9].")
    assert len(prompts) == 1
    assert answer.answer == f"{MODEL_SENTENCE}. [1]"
    assert [c.n for c in answer.citations] == [1] and "7–10 days" in answer.citations[0].text


def test_llm_unsupported_claim_is_dropped_and_the_supported_one_kept(services, tmp_path):
    answer, _ = _ask_model(services, tmp_path, f"{MODEL_SENTENCE} [1]. "
                                                "Always include a gift card worth fifty dollars with every note [1].")
    assert answer.answer == f"{MODEL_SENTENCE}. [1]"


@pytest.mark.parametrize("reply", ["Always include a gift card worth fifty dollars with every note [1].",
                                   "NOT COVERED"])
def test_llm_answer_with_nothing_supported_falls_back_to_the_extractive_answer(services, tmp_path, assistant,
                                                                                reply):
    answer, prompts = _ask_model(services, tmp_path, reply)
    assert len(prompts) == 1
    assert answer.answer == assistant.ask(THANK_YOU).answer.answer and "7–10 days" in answer.answer
    assert_cited(answer, services.store)


def test_llm_server_error_falls_back_to_the_extractive_answer(services, tmp_path, assistant):
    class Broken(FakeListChatModel):
        def _call(self, *args, **kwargs):
            raise ConnectionError("the server answered 500")

    answer = _llm_assistant(services, tmp_path, Broken(responses=["unused"])).ask(THANK_YOU).answer
    assert answer.answer == assistant.ask(THANK_YOU).answer.answer and "7–10 days" in answer.answer
    assert_cited(answer, services.store)


def test_llm_is_not_asked_when_the_guides_do_not_cover_the_question(services, tmp_path):
    answer, prompts = _ask_model(services, tmp_path, f"{MODEL_SENTENCE} [1].", "What is the gabapentin starting dose?")
    assert prompts == [] and not answer.grounded and answer.citations == []


def retriever_runs(runs) -> list:
    """The retriever runs among the traced runs and all their descendants."""
    pending, found = list(runs.traced_runs), []
    while pending:
        run = pending.pop()
        pending += run.child_runs
        if run.run_type == "retriever":
            found.append(run)
    return found


def test_the_answer_cites_the_passages_the_langchain_retriever_returned(assistant):
    with collect_runs() as runs:
        answer = assistant.ask(THANK_YOU).answer
    retrieved = {(d.page_content, round(d.metadata["score"], 4))
                 for run in retriever_runs(runs) for d in run.outputs["documents"]}
    # A passage's score depends on the ranking it came from (the query adapter's, or the plain one refusal is judged
    # on), so a cited (text, score) pair shows which retrieval the answer drew from.
    assert answer.grounded and answer.citations
    assert all((c.text, c.score) in retrieved for c in answer.citations), answer.citations


def test_a_question_for_an_amount_is_answered_with_one_or_refused(assistant):
    answered = assistant.ask("How many programs should I apply to for pain medicine fellowship?").answer
    assert answered.grounded and "15–30 programs" in answered.answer
    refused = assistant.ask("How many hours a week do PM&R residents usually work?").answer
    assert not refused.grounded


def test_clinical_questions_with_unknown_terms_are_refused(assistant):
    for question in ("When should DVT prophylaxis start after a spinal cord injury?",
                     "What's the maximum daily dose of ketorolac?"):
        assert not assistant.ask(question).answer.grounded, question


def test_who_to_ask_for_letters_is_answered_from_the_letters_passage_not_a_nearby_script(assistant, services):
    # "Ask directly: 'Given my interest…what programs…'" shares the word "ask" but answers another question.
    # Nor is a script with blanks to fill ("…your mentorship on [rotations/projects]") an answer to who to ask.
    answer = assistant.ask("Who should I ask for letters of recommendation for fellowship?").answer
    assert answer.grounded
    assert "Ask mentors who know your work ethic and clinical performance well." in answer.answer or \
        "2–3 letters from physiatrists in your target subspecialty." in answer.answer, answer.answer
    assert not re.search(r"Given my interest|\[[a-z/ ]+\]", answer.answer), answer.answer
    assert_cited(answer, services.store)


def test_a_question_for_a_kind_of_fact_the_guides_never_state_is_refused(assistant, services):
    # Each lands on guide sentences about the same topic, none of which states a salary, a share, a name or a dose.
    for question in ("what's the average starting salary for an interventional spine physiatrist?",
                     "What % of DO applicants matched into PM&R last year?",
                     "Which PM&R residency program is ranked number one in the country?",
                     "which are the best pain fellowships in the country?",
                     "list a few residency programs that are good for IMGs",  # names asked for; the guides give none
                     "when's the AAP annual meeting next year?",  # a date; the guides date no meeting
                     "what do ortho applicants usually score on step 2?",  # another specialty's match
                     "is a 240 enough to match ortho?", "how high a CK score is competitive for derm?",
                     "How do I treat spasticity with botox?",  # every word is in the guides; no dose or regimen is
                     "What's first-line medication for spasticity after a stroke?",
                     "who's the current president of the AAPM&R?",  # a named person; the guides name none
                     "how long should I study for step 2 ck?",  # a length of time; none is stated for it
                     # how many exist, not how many to apply to ("Pain Medicine (ACGME): 15–30 programs")
                     "how many pain fellowship programs are there in the US?",
                     "how many spine fellowship spots are offered nationally each year?",
                     "what's the typical number of case logs a sports fellowship asks for?",  # "number of" counts
                     "What does an AAP membership cost for a medical student?",  # a price: the guides give none
                     "which programs are IMG friendly? can you name some",  # names asked for after the question
                     "which residency programs take low step scores? name a few",
                     "when and where is the AAP annual meeting this year?",  # a date
                     "whats the exact deadline to submit ERAS for PM&R?",
                     "could you list the programs that sponsor visas for fellowship",  # names, however asked
                     "what were the mean and standard deviation of step 2 scores for matched pm&r applicants in 2024?",
                     "what was the exact mean step 2 ck score of matched pm&r applicants in 2023?",
                     "which pain fellowships in California take IMGs?",  # programs in a place: names
                     "Which particular residency programs give the most weight to research for DO applicants?",
                     # a conversion between exams; the guides' Step 2 CK range holds the 240 but converts nothing
                     "what step 1 score is equivalent to a 240 on step 2 ck?",
                     "how does a 235 on step 2 convert to a level 2 score?"):
        assert not assistant.ask(question).answer.grounded, question
    # The same words asked about what the guides do say are answered.
    for question in ("Is there a cost argument for sending back pain patients to physiatry?",
                     "I only really want to apply to the top name-brand spine programs. Is that a bad idea?",
                     "Who should I ask for letters of recommendation for fellowship?",
                     "how long should I wait before following up on an unanswered email?",
                     "what's the best way to prepare for fellowship interviews?",  # a way, not a ranking
                     "gonna apply to just the top 5 spine fellowships, what could go wrong?",  # a plan, not a ranking
                     "should I make a list of programs I like before applying?",  # a list of one's own
                     "which programs in my region should I apply to?",
                     "Does PM&R require a lot of research?"):
        answer = assistant.ask(question).answer
        assert answer.grounded, question
        assert_cited(answer, services.store)


def test_how_far_something_counts_is_answered_by_what_the_guide_says_of_it_not_by_a_number(assistant, services):
    # "how much weight" asks a degree: a count of programs to apply to is no answer to it
    weight = assistant.ask("how much weight do programs put on the personal statement when my exam scores are "
                           "weak?").answer
    assert weight.grounded and "personal statement" in weight.sentences[0].casefold(), weight.answer
    assert_cited(weight, services.store)
    # "a long list" is the asker's list of publications, not a request to list programs by name
    papers = assistant.ask("do fellowship directors want many publications, or is a long list a waste of time?").answer
    assert papers.grounded and "You do not need 10 publications" in papers.answer, papers.answer


def test_a_fact_of_a_nearby_kind_does_not_answer_the_question(assistant, services):
    # Each lands on a guide sentence stating a fact of a nearby kind: a lead time for a duration, the Step 2 CK
    # ranges for Step 3's passing score, undated ranges for a dated statistic.
    for question in ("How long is a spinal cord injury medicine fellowship?",
                     "what's the passing score for step 3?",
                     "What was the average Step 2 score of matched PM&R applicants last cycle?",
                     "what was the avg CK score for matched PM&R applicants last cycle?"):
        assert not assistant.ask(question).answer.grounded, question
    for question, stated in (("How long of a first meeting should I ask a potential mentor for?", "20–30 minute"),
                             ("how many sports med fellowships should I apply to?", "10–20 programs"),
                             ("how many programs should I apply to for pain fellowship", "15–30 programs"),
                             # "this year" dates a plan here, not a statistic
                             ("in my prelim year, how many times should I meet with pm&r faculty this year?",
                              "at least two meetings"),
                             ("what does a step 1 pass even mean for pm&r apps this year?", "threshold")):
        assert_answered_with(assistant, services.store, question, stated)


def test_a_date_of_something_else_does_not_answer_a_question_for_a_date(assistant, services):
    # The guides give months for taking Step 2 CK and for asking for letters, never for when a service or a body
    # opens, meets or closes.
    for question in ("what's the exact date the NRMP rank list opens this cycle?",
                     "when does VSLO open for applications this year? need the specific day",
                     # what is dated is what follows "when does", not every word ("application year")
                     "When does the ERAS portal open to submit residency applications this year?"):
        assert not assistant.ask(question).answer.grounded, question
    for question, stated in (("When should I take CK this year if I'm applying PM&R?", "late July"),
                             # "what day should I…" asks when to act, not a date on the calendar
                             ("what day should I send thank-you notes after a conference?", "7–10 days")):
        assert_answered_with(assistant, services.store, question, stated)


def test_a_trainee_s_everyday_words_do_not_get_an_answerable_question_refused(assistant, services):
    assert_answered_with(assistant, services.store, "just got back from AAPM&R annual assembly, how soon do i need "
                         "to send thank you emails to the ppl i met?", "7–10 days")


def test_a_count_asked_of_anyone_or_found_just_below_the_top_passages_is_answered(assistant, services):
    assert counted_thing("how many people is reasonable to email?") == set()  # attendings are people
    # "aways" is the trainee's word; the away-rotations passage ranked fifth for it before counting sentences
    # got their bonus in retrieval.
    assert_answered_with(assistant, services.store, "how many aways should i do for pm&r", "1–2 away rotations")


def test_trainee_shorthand_does_not_get_an_answerable_question_refused(assistant, services):
    # MiniLM does not know "aways" or "LORs": whether to answer is judged on the question written out.
    assert spelled_out("how many aways should an IMG do?") == "how many away rotations should an IMG do?"
    for question, stated in (("how many aways should an IMG do?", "1–2 away rotations"),
                             ("how many LORs for rehab?", "letters from physiatrists"),
                             ("how many ppl should I email before a conference", "3–5 attendings"),
                             ("how many ppl should I ask for letters", "letters from physiatrists")):
        assert_answered_with(assistant, services.store, question, stated)


def test_days_and_months_in_a_trainee_s_story_do_not_count_as_unknown_names(assistant, services):
    # "Monday" and "Friday" are capitalised mid-sentence like an institution; "PCPs" is an acronym the guides
    # spell out as primary care providers.
    for question, stated in (("emailed a PM&R attending on Monday about shadowing and nothing back. when should I "
                              "nudge them again?", "7–10 days"),
                             ("met a spine attending at the meeting on Friday, when do I send the thank you?",
                              "7–10 days"),
                             ("do pain and spine physiatrists get referrals from PCPs?", "primary care providers")):
        assert_answered_with(assistant, services.store, question, stated)


def test_a_question_about_one_named_program_is_refused_but_a_named_place_in_the_story_is_not(assistant, services):
    # The guides advise on programs in general; what one program requires is not in them.
    for question in ("Does the Spaulding PM&R residency have a Step 2 CK cutoff for interviews?",
                     "does spaulding rehab want letters from physiatrists only?"):
        assert not assistant.ask(question).answer.grounded, question
    for question, stated in (("Went to med school in Grenada. as a US citizen IMG, is visa sponsorship an issue for "
                              "fellowship?", "visa"),
                             # answered at all: "2nd" is no code
                             ("passed step 1 on my 2nd try. can i still match pm&r?", "match"),
                             ("conference in 3 wks. how many attendings shd i email before it?", "3–5 attendings"),
                             ("should I bother networking with SLPs and nurses or only attendings?", "PT/OT/SLP")):
        assert_answered_with(assistant, services.store, question, stated)


def test_a_pitfall_is_answered_with_the_fix_the_guide_gives_for_it(assistant, services):
    for question, fix in (("I keep agreeing to every research project and then blowing deadlines. what should I do?",
                           "Fix: Be realistic."),
                          ("is it bad to only network with attendings and ignore the therapists?",
                           "Fix: Build genuine relationships across the rehab team."),
                          ("I think senior physiatrists are way too busy for me, should I not bother them?",
                           "Fix: Remember many leaders in PM&R enjoy mentoring.")):
        assert_answered_with(assistant, services.store, question, fix)
        sentences = assistant.ask(question).answer.sentences
        pitfall = next(i for i, s in enumerate(sentences) if "Pitfall:" in s)  # under its heading, maybe
        assert sentences[pitfall + 1].startswith(fix)  # right after the pitfall it fixes


def test_a_sentence_brings_the_short_yes_or_no_that_opens_its_answer(assistant, services):
    answer = assistant.ask("is a social media presence required to network in pm&r?").answer
    # the reply is said under the question heading it answers, which its "it" points to
    assert answer.sentences[:2] == ["Do I need social media (Twitter/X, Instagram) to network in PM&R? No, it’s not "
                                    "mandatory. [1]",
                                    "Many successful physiatrists have minimal social media presence. [1]"]
    assert_cited(answer, services.store)


def test_a_question_asking_when_is_answered_by_sentences_that_say_when(assistant, services):
    says_when = re.compile(r"\b(M[34]|PGY-\d|July|August|September|\d+\s*[–-]\s*\d+ (days|weeks|months))\b")
    for question, stated in (("how early should I set up my home rehab rotation?", "late M3 or early M4"),
                             ("at what point should I reach out to fellowship directors?", "PGY-2"),
                             ("by when do I need CK finished if I'm applying to PM&R this year?", "late July")):
        assert_answered_with(assistant, services.store, question, stated)
        assert all(says_when.search(s) for s in assistant.ask(question).answer.sentences), question


def test_a_question_asking_when_is_refused_where_the_guides_say_no_time_for_it(assistant, services):
    # The guides name Step 3 and the boards only as exams to pass, never when to sit them.
    for question in ("by what month should I have passed Step 3?", "when do I need to pass Step 3 by?",
                     "when's the best time to take the USMLE Step 3 exam as a resident?",
                     "how soon after residency do people usually sit for the boards?"):
        assert not assistant.ask(question).answer.grounded, question
    # A number to reach says "at what point" as well as a time does.
    for question, stated in (("at what point is a CK score considered low?", "< 225"),
                             ("how soon should a physiatrist see someone with acute back pain?", "early in the care"),
                             ("when's the best time to send a thank-you after a conference?", "7–10 days")):
        assert_answered_with(assistant, services.store, question, stated)


def test_a_question_asking_what_comes_next_is_answered_with_the_guide_s_next_step(assistant, services):
    # The research steps: "1. Identify a topic…", "2. Search for PM&R faculty…", "3. Send a concise email…". The
    # question names the step taken, which matches it best; the answer is the step after it, not the step again.
    for question, stated, taken in (
            ("I've picked a research topic I care about. What should I do next?", "Search for PM&R faculty",
             "Identify a topic"),
            ("Once I know which faculty publish on my topic, what's my next move?", "Send a concise email",
             "Search for PM&R faculty")):
        assert_answered_with(assistant, services.store, question, stated)
        assert taken not in assistant.ask(question).answer.answer, question


def test_a_claim_reported_from_someone_outside_the_guides_is_checked_against_them(assistant, services):
    # Who says it (a brother in another field) is not what is asked: the claim is, and the guides answer it.
    assert_answered_with(assistant, services.store,
                         "My brother, an anesthesiologist, says a Step 1 failure ends any shot at PM&R. Is that so?",
                         "does not automatically block you")


def test_step_one_asked_of_a_task_opens_on_its_first_step_not_on_the_exam(assistant, services):
    # "What's step one?" after a story about research asks where research starts; read as the exam Step 1, it drew
    # the passage on research and a low Step score, whose opening is no step.
    answer = assistant.ask("I've never done any research and I'm a second-year student. What's step one?").answer
    assert answer.grounded and answer.answer.startswith("Identify a topic you genuinely care about"), answer.answer
    assert_cited(answer, services.store)


def test_a_word_asked_to_be_defined_is_answered_only_where_the_guides_say_what_it_is(assistant, services):
    # The guides use "physiatry" throughout and never say what it is: its sentences only use the word.
    assert not assistant.ask("what is physiatry").answer.grounded
    # They do say what mentorship is, and what sponsorship is, after a dash.
    answer = assistant.ask("What is mentorship?").answer
    assert answer.grounded and answer.answer.startswith("Mentorship is at the core"), answer.answer
    assert_cited(answer, services.store)
    assert_answered_with(assistant, services.store, "define sponsorship", "sponsorship—mentors who actively advocate")


def test_what_a_question_sets_aside_does_not_open_its_answer(assistant, services):
    # The answer the guide gives to what is set aside matches the question best; the answer is what else it says.
    for question, stated, aside in (
            ("Other than my two physiatrist letters, who should write my third residency letter?",
             "Internal medicine, neurology, or orthopedics", "At least two letters from physiatrists"),
            ("Apart from neurology, which Step 2 CK content areas matter most for physiatry?",
             "Musculoskeletal", "Neurology (stroke")):
        assert_answered_with(assistant, services.store, question, stated)
        assert not assistant.ask(question).answer.answer.startswith(aside), question
    # in a follow-up, what is set aside may be what the earlier answer was about
    first = assistant.ask("How many letters do I need from physiatrists for residency?")
    answer = assistant.ask("and the one that's not from a physiatrist?", first.session_id).answer
    assert answer.grounded and "Internal medicine, neurology, or orthopedics" in answer.sentences[0], answer.answer


def test_what_the_trainee_takes_back_midway_is_not_answered(assistant, services):
    question = ("How many away rotations should I do — no wait, how many letters from physiatrists do I need for "
                "residency?")
    assert_answered_with(assistant, services.store, question, "At least two letters from physiatrists")
    assert "away rotations" not in assistant.ask(question).answer.answer
    hits = services.search.search(question, k=1)  # search reads the question as corrected too
    assert "letters from physiatrists" in hits[0].passage.text


def test_a_question_written_as_a_letter_is_answered_as_the_question_alone(assistant, services):
    # "Best," signing off is no ranking of fellowship programs, and the name under it no term the guides lack
    question = "What should I look for when choosing fellowship programs?"
    framed = assistant.ask(f"Hi,\n\n{question}\n\nBest,\nAmara").answer
    assert framed.grounded and framed.answer == assistant.ask(question).answer.answer, framed.answer
    assert_cited(framed, services.store)


def test_a_question_asking_for_the_first_step_is_answered_with_the_first_of_the_list(assistant, services):
    answer = assistant.ask("What's my very first step toward using research to network with faculty?").answer
    assert answer.grounded and "Identify a topic" in answer.answer, answer.answer
    assert "Search for PM&R faculty" not in answer.answer  # the second step is not the start
    assert_cited(answer, services.store)


def test_a_question_typed_with_misspellings_is_answered_as_if_spelt_right(assistant, services):
    # Each misspelt word would count as a word the guides never use, and the question be refused.
    for question, stated in (("how many convrsations a day shud i aim for at a confernce if im introverted",
                              "3–5 meaningful conversations"),
                             ("whats the besst way to aproach a potental mentor", "20–30 minute")):
        assert_answered_with(assistant, services.store, question, stated)
    assert not assistant.ask("who is the current president of aapm&r?").answer.grounded  # not "resident"


def test_a_count_of_days_or_weeks_is_answered_by_a_length_of_time_in_any_unit(assistant, services):
    for question, stated in (("how many weeks before deadlines should I ask for letters?", "2–3 months before"),
                             ("how many days before the deadline should my letter writers hear from me?",
                              "2–3 months before")):
        assert_answered_with(assistant, services.store, question, stated)


def test_words_only_in_the_trainee_s_story_do_not_get_the_question_refused(assistant, services):
    # "crickets", "kinda" and "embarrassing" are the guides' strangers, but only in the story before the question.
    assert_answered_with(assistant, services.store, "I reached out to a spine attending and it's been crickets, "
                         "honestly kinda embarrassing. how long do I wait to follow up?", "7–10 days")


def test_a_story_told_before_the_question_does_not_dilute_its_evidence(assistant, services):
    # The whole message's embedding sits between the story and the question; the question proper is close to the
    # guide's answer, and counts half toward whether the guides answer it.
    assert_answered_with(assistant, services.store, "My cousin is a third-year med student who is obsessed with "
                         "spinal cord injury care and loves the rehab world. How many away rotations should she do?",
                         "1–2 away rotations")


def test_a_count_of_people_is_answered_with_a_count_not_a_lead_time(assistant, services):
    # "1–2 weeks before a major PM&R meeting: Send a few targeted emails" states an amount of time, not of people.
    for question in ("big PM&R meeting coming up. how many people should I email beforehand?",
                     "before a conference, how many should I contact?"):
        answer = assistant.ask(question).answer
        assert answer.grounded and "3–5 attendings" in answer.sentences[0], (question, answer.answer)
        assert_cited(answer, services.store)


def test_whether_to_answer_does_not_depend_on_what_the_earlier_turn_cited(services):
    # A follow-up prefers new evidence; when the guides hold none, the passage cited before still answers it.
    answerer = ExtractiveAnswerer()
    for question in ("is it weird to email a department chair directly?",
                     "how many posters should I have by the time I apply?"):
        vector = services.embedder.encode([question])[0]
        hits = services.search.search(question, k=6, vector=vector)
        fresh = answerer.answer(question, hits, vector, topics=[])
        cited_before = frozenset(h.passage.id for h in hits)
        again = answerer.answer(question, hits, vector, topics=[], avoid=cited_before)
        assert fresh.grounded and again.grounded, question
        assert_cited(again, services.store)


def test_being_100_percent_sure_is_not_a_question_for_a_percentage(assistant):
    answer = assistant.ask("ms2 here, kinda leaning physiatry but not 100% sure yet. when should I start "
                           "building connections for the match?").answer
    assert answer.grounded


def test_a_follow_up_s_own_words_choose_among_the_earlier_topic_s_sentences(assistant, services):
    for follow_up, expected in (("what about pain medicine?", "Pain Medicine (ACGME): 15–30 programs."),
                                ("and for sports med?", "Sports Medicine (via PM&R): 10–20 programs.")):
        session = assistant.ask("How many programs do people apply to for an interventional spine fellowship?").session_id
        answer = assistant.ask(follow_up, session).answer
        assert answer.grounded and expected in answer.answer, (follow_up, answer.answer)
        assert_cited(answer, services.store)


def test_a_question_the_guide_asks_is_not_given_as_an_answer(assistant):
    answer = assistant.ask("how is the academy going to support the pain and spine vision?").answer
    assert answer.grounded
    assert not any(without_markers(s).endswith("?") for s in answer.sentences), answer.answer


def test_a_script_to_say_is_given_whole_when_wording_is_asked_for(assistant, services):
    # The guide's script asks a question inside its quotation marks: it is a thing to say, not a question to skip.
    for question in ("how should I phrase a request for a strong letter?",
                     "any script for asking an attending to write me a letter?"):
        answer = assistant.ask(question).answer
        assert answer.grounded
        assert "valued your mentorship on [rotations/projects]. Would you feel comfortable writing a strong letter " \
               "of recommendation on my behalf?”" in answer.answer, answer.answer
        assert_cited(answer, services.store)
    answer = assistant.ask("what can I ask attendings who stop by my poster?").answer
    assert answer.grounded and "“Is this something you see in your practice?" in answer.answer, answer.answer
    assert_cited(answer, services.store)


def test_a_trainee_s_own_score_is_answered_with_the_range_it_falls_in(assistant, services):
    for question, stated in (("got a 238 on step 2 ck. is that fine for physiatry or am i in trouble", "230–245"),
                             ("I got a 262 on step 2, am I competitive for PM&R?", "≥ 250")):
        answer = assistant.ask(question).answer
        assert answer.grounded and stated in answer.sentences[0], (question, answer.answer)
        assert_cited(answer, services.store)


def test_an_answer_opens_on_the_list_its_question_names_and_a_follow_up_opens_on_something_new(assistant, services):
    first = assistant.ask("What Step 2 CK score is considered very strong for PM&R?")
    assert first.answer.sentences[0].startswith("Very Strong for PM&R: A score well above the national mean")
    assert_cited(first.answer, services.store)
    second = assistant.ask("and what if I failed step 1?", first.session_id).answer
    assert second.grounded and second.sentences[0].split(" [")[0] != first.answer.sentences[0].split(" [")[0]
    assert_cited(second, services.store)


def test_a_question_asking_when_to_take_an_exam_is_not_answered_with_another_exam_s_timing(assistant, services):
    # The guides time Step 2 CK ("by late July–mid August"), not Step 3: its timing is no answer for Step 3.
    timed = assistant.ask("when should I take step 2 ck?").answer
    assert timed.grounded and "July" in timed.answer
    for question in ("at what point in residency should I sit for Step 3?", "by when should I take step 3?",
                     "should I take step three during intern year?"):
        answer = assistant.ask(question).answer
        assert not answer.grounded or all("Step 3" in s for s in answer.sentences), (question, answer.answer)


def test_a_passage_ending_on_a_lead_in_is_answered_with_what_it_leads_into(assistant, services):
    # "…here’s a sample six-month roadmap…:" closes its passage; the months are under the subheadings after it.
    store = services.store
    lead = next(p for p in store.passages(list(store.passage_ids())).values() if "six-month roadmap" in p.text)
    assert lead.text.rstrip().endswith(":")
    following = store.subsections(lead)
    assert len(following) > 1 and all(p.section.startswith(f"{lead.section} > ") for p in following)
    answer = assistant.ask("what's the sample networking roadmap for a resident?").answer
    said = [without_markers(s) for s in answer.sentences]
    assert said[0] == lead.text.strip() and said[1].startswith("Month "), answer.answer
    assert_cited(answer, store)
    # a question naming one of the parts by its number is answered from that part (see the numbered-run test)
    for question, heading in (("give me a sample networking roadmap for months 5 and 6", "Month 5–6"),
                              ("sample networking roadmap: what do I do in months 1 and 2?", "Month 1–2")):
        answer = assistant.ask(question).answer
        assert without_markers(answer.sentences[0]).startswith(f"{heading}: "), (question, answer.answer)
        assert_cited(answer, store)


def test_a_lead_in_that_promises_a_list_is_said_with_its_first_items(assistant, services):
    # "Yes, you can match…, but you’ll need a deliberate strategy:" alone would leave out the strategy.
    store = services.store
    passage = next(p for p in store.passages(list(store.passage_ids())).values() if "deliberate strategy:" in p.text)
    lead = next(line for line in passage.text.split("\n") if line.endswith("deliberate strategy:"))
    items = [line.removeprefix("- ") for line in passage.text.split("\n") if line.startswith("- ")]
    answer = assistant.ask("Yes or no: can you match PM&R with a low Step score?").answer
    said = [without_markers(s) for s in answer.sentences]
    assert lead in said and said[said.index(lead) + 1:said.index(lead) + 3] == items[:2], answer.answer
    assert_cited(answer, store)
    # So does a list item that leads in: the note to send is said after "Connect on LinkedIn with a personalized note:"
    answer = assistant.ask("what do I write when I connect on LinkedIn with someone I met at a meeting?").answer
    said = [without_markers(s) for s in answer.sentences]
    assert said[0].endswith("Connect on LinkedIn with a personalized note:"), answer.answer
    assert said[1].startswith("“Wonderful meeting you at [Conference]."), answer.answer
    assert_cited(answer, store)


def test_a_list_whose_last_item_quotes_a_question_as_an_example_is_said(assistant, services):
    # The research email's list ends on "A clear ask (e.g., “Could I help with chart review…?”)": a script in
    # brackets, not a question the guide asks, so the list is said rather than dropped for another passage's.
    answer = assistant.ask("Writing to a physiatrist about helping on a study: do I tell them my weekly hours?").answer
    said = [without_markers(s) for s in answer.sentences]
    assert said[0].startswith("Send a concise email including:") and "The time you realistically have" in said[0], \
        answer.answer
    assert_cited(answer, services.store)


def test_a_sentence_said_alone_brings_the_one_after_it_that_builds_on_it(assistant, services):
    # "Ideally in the first half of your third year…" is followed by "That gives you enough time to…": the guide's
    # reason comes with its advice.
    answer = assistant.ask("When is the right time to start networking as a med student interested in PM&R?").answer
    said = [without_markers(s) for s in answer.sentences]
    assert said[0].startswith("Ideally in the first half of your third year"), answer.answer
    assert said[1].startswith("That gives you enough time"), answer.answer
    assert_cited(answer, services.store)


def test_the_question_proper_chooses_the_sentences_as_much_as_a_story_or_earlier_turn(assistant, services):
    # Told alone, the story (a school, a rehab program, worry) draws the sentence about shadowing at one's own
    # department; the question asks where to find physiatrists, which the national societies answer.
    answer = assistant.ask("I go to a med school without a rehab program and I'm worried. Where can I find "
                           "physiatrists to connect with?").answer
    assert answer.grounded and "national societies" in answer.sentences[0], answer.answer
    assert_cited(answer, services.store)
    # So does a follow-up's own question, beside the earlier one it is read with: emailing faculty draws the
    # first meeting; "if nobody replies" draws the follow-up email.
    first = assistant.ask("I want a research mentor, how do I email faculty?")
    then = assistant.ask("and if nobody replies?", first.session_id).answer
    assert then.grounded and "Follow up politely" in then.answer, then.answer
    assert_cited(then, services.store)
    # A follow-up's own question alone chooses among the earlier topic's sentences: which clerkships, not why CK
    # matters; what a PGY-2 gets from mentoring, not the mentorship board.
    for earlier, follow_up, opening in (
            ("When should I take Step 2 CK for the match?", "which clerkships should be done before it?",
             "After completing medicine, surgery"),
            ("Can a second-year resident mentor anyone?", "what do I get out of it?", "Early mentorship:")):
        then = assistant.ask(follow_up, assistant.ask(earlier).session_id).answer
        assert then.grounded and opening in then.answer, (follow_up, then.answer)
        assert_cited(then, services.store)


def test_a_follow_up_is_answered_about_what_it_adds_to_the_earlier_question(assistant, services):
    assert new_aspect("Which trails suit beginners? and for families?", "and for families?") == {stem("families")}
    assert new_aspect("Which trails suit beginners?", "Which trails suit beginners?") == set()
    # the part of the event a follow-up turns to; a "before" with a subject of its own says what must not come first
    asked = "What should I pack for the race? and afterwards?"
    assert "after" in new_aspect(asked, "and afterwards?")
    asked = "What should I pack for the race? and after it, how long before they close the road?"
    aspect = new_aspect(asked, "and after it, how long before they close the road?")
    assert "after" in aspect and "before" not in aspect
    assert "before" in new_aspect("What should I pack? and before the race?", "and before the race?")
    reply = Unit("No, dogs stay home.", ("No, dogs stay home.",))  # said before, under any heading, is said
    assert says(reply, "Can I bring my dog? No, dogs stay home.") and says(reply, "Dogs: No, dogs stay home.")
    assert not says(reply, "No, cats stay home.")
    item = Unit("Day hikes: Pack water.", ("Day hikes", "Pack water."))  # a list said whole says its first item
    assert says(item, "Day hikes: Pack water. Pack a map.") and not says(item, "Day hikes: Pack water, and a map.")
    first = assistant.ask("I matched a pain fellowship; which rotations should I add in PGY-4?")
    assert first.answer.grounded and "pain" in first.answer.answer
    then = assistant.ask("what about for sports medicine?", first.session_id).answer
    assert then.grounded and "sports medicine" in then.sentences[0], then.answer
    assert_cited(then, services.store)
    # a follow-up turning to another phase of the same thing opens on that phase
    before = assistant.ask("what should I do before a big conference?")
    for turn, phase in (("and during it?", "During the conference"), ("and after it?", "after the conference")):
        answer = assistant.ask(turn, before.session_id).answer
        assert answer.grounded and phase in answer.sentences[0], (turn, answer.answer)


def test_a_follow_up_retrieves_once_for_itself_not_again_for_the_turns_before_it(assistant):
    session = None
    for turn in ("what should I do before a big conference?", "and during it?", "and after it?"):
        with collect_runs() as runs:
            reply = assistant.ask(turn, session)
        session = reply.session_id
        retrievals = len(retriever_runs(runs))
        assert retrievals == 1, (turn, retrievals)


def test_a_score_told_before_the_question_weighs_less_than_one_asked_about(assistant, services):
    # "238" is in the Solid range (~ 230–245); it is what the second message asks about, not the first.
    told = assistant.ask("I got a 238 on step 2 ck. How should I prepare for PM&R interviews?").answer
    assert told.grounded and "230–245" not in told.sentences[0], told.answer
    # said under its heading
    assert "interview" in f"{told.citations[0].section} {told.sentences[0]}".casefold(), told.answer
    asked = assistant.ask("I got a 238 on step 2 ck. Is that good for pm&r?").answer
    assert asked.grounded and "230–245" in asked.sentences[0], asked.answer
    assert_cited(told, services.store)


def _composed(text: str, scores: list[float]) -> list[str]:
    """The sentences `compose` says from one passage `text` whose answer units scored `scores`, in order."""
    units = answer_units(text)
    hit = Hit(StoredPassage("p1", "d", "T", "Section", text, 0), 0.9, 0.9, np.zeros((len(units), 4)))
    ranked = sorted((_Candidate(unit, 0, k, scores[k], 0.5, np.eye(4)[k % 4]) for k, unit in enumerate(units)),
                    key=lambda c: c.score, reverse=True)
    return [unit.text for _, unit in compose(ranked, [hit])]


def test_close_sentences_spread_too_wide_for_one_span_are_said_where_most_of_them_sit_together():
    # A passage that answers as a whole ("what now?" after a missed booking) has close sentences from its first to
    # its last; the best one is said with its close neighbours, not alone, and the far one is left out.
    sentences = ["Rebook the next ferry.", "Ask for a refund.", "Check the overnight train.", "The port is busy.",
                 "Cafes open early.", "Parking is tight.", "Maps are free.", "Tickets sell fast.",
                 "Most travellers get a seat the next day."]
    scores = [0.68, 0.70, 0.67, 0.3, 0.3, 0.3, 0.3, 0.3, 0.69]  # 0-2 and 8 within SPAN_MARGIN of the best
    assert 8 + 1 > MAX_SPAN
    assert _composed(" ".join(sentences), scores) == sentences[:3]


def test_a_sentence_said_alone_brings_the_list_whose_lead_in_points_back_to_it():
    # "They:" is what the sentence before it is about; "Good guides don't just lecture." alone says nothing of them.
    text = ("Good guides don’t just lecture. They:\n- Point out birds you would miss.\n"
            "- Answer questions on the way.\nThe trail is steep after the bridge.")
    said = _composed(text, [0.70, 0.40, 0.40, 0.30])
    assert said == ["Good guides don’t just lecture.",
                    "They: Point out birds you would miss. Answer questions on the way."], said


def test_a_span_opens_where_what_its_first_sentence_refers_back_to_stops_referring_back():
    # "This makes mornings busy." points at "Yet the park is small.", which points at the sentence before it
    sentences = ["Dogs love the park by the lake.", "Yet the park is small.", "This makes mornings busy.",
                 "Parking is free after six."]
    said = _composed(" ".join(sentences), [0.30, 0.35, 0.70, 0.30])
    assert said == sentences[:3], said


def test_a_reference_chain_too_long_for_the_span_gives_up_the_span_s_last_sentences_rather_than_open_on_it():
    # "This makes…" points at "Yet it fills up fast.", which points at the sentence before it; with the close
    # sentences after them the span would be wider than MAX_SPAN, so it ends earlier instead
    sentences = ["The ferry leaves from the north pier.", "Yet it fills up fast.", "This makes summer mornings busy.",
                 "Book a seat online the day before.", "Arrive twenty minutes early.", "Bring a warm jacket.",
                 "Snacks are sold aboard.", "Tickets are checked twice."]
    said = _composed(" ".join(sentences), [0.30, 0.35, 0.66, 0.70, 0.68, 0.67, 0.66, 0.66])
    assert len(said) <= MAX_SPAN and said == sentences[:len(said)] and "Book a seat online the day before." in said, \
        said


def test_a_follow_up_left_only_items_pointing_back_to_the_opening_said_before_says_one_without_its_lead_in():
    # the previous answer opened on "Skip the noon ferry…"; "Instead: Take the early boat…" points back to it
    text = "Skip the noon ferry in summer. Instead:\n- Take the early boat before eight\n- Sit on the upper deck"
    vectors = np.array([[1.0, 0.0, 0.0, 0.0], [0.9, 0.436, 0.0, 0.0], [0.6, 0.8, 0.0, 0.0]])
    hit = Hit(StoredPassage("p1", "d", "Ferries", "Ferries", text, 0), 0.9, 0.9, vectors)
    answer = ExtractiveAnswerer().answer("which ferry should I skip in summer?", [hit], np.array([1.0, 0.0, 0.0, 0.0]),
                                         topics=["Ferries"], repeated="Skip the noon ferry in summer.")
    assert answer.grounded and answer.sentences == ["Take the early boat before eight. [1]"], answer.answer
    assert stated_in("Take the early boat before eight.", text)  # a citation check accepts it


def test_a_lead_in_standing_alone_before_its_list_is_said_once_with_the_list():
    text = ("You need no tent, but you should bring two things:\n- A map of the trail\n- Water for the day\n"
            "The trail is steep after the bridge.")
    said = _composed(text, [0.70, 0.68, 0.67, 0.30])  # the lead-in scores best, its items close behind
    assert said == ["You need no tent, but you should bring two things: A map of the trail. Water for the day."], said
    # a list item leading into items of its own, closing the span without them, would only say the lead-in again
    text = ("You need no tent, but bring a few things:\n- A map of the trail\n- Water for the whole day\n"
            "- For the night:\n  - A warm jacket\n  - A headlamp with batteries")
    said = _composed(text, [0.70, 0.72, 0.60, 0.69, 0.30, 0.30])
    assert said == ["You need no tent, but bring a few things: A map of the trail. Water for the whole day."], said


def test_a_list_item_leading_into_items_of_its_own_is_said_with_them():
    # "On the day: Use the shelters each hour." alone would not say which shelters.
    text = ("On the day:\n- Wear sturdy boots that you have already broken in at home.\n"
            "- Use the shelters each hour:\n  - The hut by the lake\n  - The cabin at the pass\n"
            "- Keep your map dry in a sealed bag whatever the forecast says.")
    said = _composed(text, [0.30, 0.70, 0.40, 0.40, 0.30])  # the item leading in scores best, its items below
    assert said == ["On the day: Use the shelters each hour: The hut by the lake. The cabin at the pass."], said
    assert stated_in(said[0], text)  # a citation check accepts it


def test_a_full_sentence_under_a_scene_label_is_said_with_the_label_not_with_its_whole_list():
    # "Concrete Week-2 Steps:" says when; each step under it is a sentence of its own, not a fragment of one list
    text = ("Concrete Week-2 Steps:\n- Book the ferry for the whole group in one go.\n"
            "- Pack a stove that works in the cold and a spare gas canister.\n"
            "- Leave a note of your route with the warden before you set off.")
    said = _composed(text, [0.30, 0.70, 0.35])
    assert said == ["Concrete Week-2 Steps: Pack a stove that works in the cold and a spare gas canister."], said
    assert stated_in(said[0], text)


def test_a_label_is_said_once_over_the_full_sentences_and_fragments_said_under_it():
    text = ("If the pass is closed:\n- Take the valley road around the lake and camp at the lower hut.\n"
            "- Call the warden\n- Turn back before dark")
    said = _composed(text, [0.70, 0.69, 0.30])
    # the fragments are said as their list is, whole; the full sentence beside them with them, the label once
    assert said == ["If the pass is closed: Take the valley road around the lake and camp at the lower hut. Call the "
                    "warden. Turn back before dark."], said
    assert stated_in(said[0], text)


def test_a_profile_before_a_colon_tells_who_asks_and_chat_shorthand_names_nothing(assistant, services):
    # "Grenada" tells where the asker studied, not what is asked; "TL;DR" is no acronym the guides lack
    visa = assistant.ask("US citizen, studied in Grenada, PGY-2 now: will I need visa sponsorship for a pain "
                         "fellowship?").answer
    assert visa.grounded and "you don’t need visa sponsorship" in visa.answer, visa.answer
    assert_cited(visa, services.store)
    steps = assistant.ask("TL;DR: is Step 2 CK or Step 1 more important for PM&R now?").answer
    assert steps.grounded and "Step 2 CK is more important than Step 1" in steps.answer, steps.answer


def test_a_guide_sentence_under_a_condition_label_is_answered_with_its_condition(assistant, services):
    # "If your school lacks a PM&R department:" over "Use national societies…": the advice holds on that condition
    answer = assistant.ask("there is no physical medicine department where I study medicine. where do I look for "
                           "physiatrists?").answer
    assert answer.sentences[0].startswith("If your school lacks a PM&R department: Use national societies"), answer.answer
    assert_cited(answer, services.store)


TRAIL_GUIDE = """# Trail Running Guide

## Six-Week Trail Running Plan

Here is a sample six-week trail running plan for a new runner:

### Week 1–2

Run three short flat loops of twenty minutes each week. Buy shoes with a firm heel and a grippy sole.

### Week 3–4

Add one hilly loop each week and practise walking the steep climbs. Carry a small water bottle on every run.

### Week 5–6

Run one long loop of ninety minutes each weekend. Sign up for a trail race. By this final stretch you are ready.

## Gear for the Trail

Pack a light rain jacket, a headlamp and a whistle on longer runs.
"""


@pytest.fixture(scope="module")
def trail_assistant(tmp_path_factory) -> Assistant:
    root = tmp_path_factory.mktemp("trail")
    (root / "corpus").mkdir()
    (root / "corpus" / "trail-running.md").write_text(TRAIL_GUIDE)
    services = Services(Settings(data_dir=root / "data", corpus_dir=root / "corpus"))
    services.ingest()
    return Assistant(store=services.store, search=services.search, answerer=ExtractiveAnswerer(),
                     sessions=SessionStore(root / "sessions.sqlite3"))


@pytest.mark.parametrize("turns, heading", [
    (["What should I do in the first two weeks of the trail running plan?"], "Week 1–2"),
    (["what goes in the middle chunk of the six-week plan?"], "Week 3–4"),
    (["What do weeks one and two of the running plan look like?", "and the final stretch?"], "Week 5–6"),
    (["What should I do in the first two weeks of the trail running plan?", "ok, and weeks 3–4?"], "Week 3–4"),
])
def test_a_part_of_a_numbered_run_asked_by_its_place_or_number_answers_from_its_start(trail_assistant, turns,
                                                                                       heading):
    # "Week 1–2", "Week 3–4", "Week 5–6" are all about the plan, and retrieval ranks them alike: "the final
    # stretch" is the last, "the middle chunk" the one between; the part asked for is said from its start.
    session = None
    for turn in turns:
        reply = trail_assistant.ask(turn, session)
        session = reply.session_id
    answer = reply.answer
    first = next(c for c in answer.citations if c.n == 1)
    assert answer.grounded and first.section.endswith(f"> {heading}"), (turns, answer.answer)
    assert first.text.split(". ")[0] in without_markers(answer.sentences[0]), answer.answer
    assert_cited(answer, trail_assistant.store)




def test_a_question_naming_a_label_is_answered_from_what_the_guide_files_under_it():
    # Alike in meaning (equal vectors), the slow tier shares more of the question's words; the question names the
    # fast tier's label, which is what it asks for.
    text = ("Fast for a Beginner:\nUnder six minutes per kilometre.\n\n"
            "Slow but Steady:\nOver nine minutes per kilometre, the usual trail running pace of a beginner.")
    units = answer_units(text)
    hit = Hit(StoredPassage("p1", "d", "T", "Pace Tiers", text, 0), 0.9, 0.9, np.ones((len(units), 4)) / 2)
    question = "what trail running pace counts as fast for a beginner?"
    candidates = ExtractiveAnswerer()._candidates(question, question, [hit], np.ones(4) / 2, frozenset())
    assert candidates[0].unit.text == "Fast for a Beginner: Under six minutes per kilometre.", \
        [c.unit.text for c in candidates]


def test_an_answer_to_what_else_does_not_open_on_what_the_trainee_says_they_do_already(assistant, services):
    question = "I already send brief thank-you emails within a week after a conference. What else should I do after it?"
    answer = assistant.ask(question).answer
    assert answer.grounded and "thank-you emails" not in answer.sentences[0], answer.answer
    assert_cited(answer, services.store)


def test_a_plan_told_then_checked_is_answered_about_the_plan(assistant, services):
    # "my list" is the trainee's own list, which asks for no program names, whatever ranks its programs carry
    listed = assistant.ask("Here's my list: apply only to the top 5 name-recognition pain fellowships. Thoughts?").answer
    assert listed.grounded and "your odds drop significantly" in listed.answer, listed.answer
    assert_cited(listed, services.store)
    # "in the next few months" names a time: it does not ask for the step after one taken
    submit = assistant.ask("I want to present something at a regional PM&R meeting in the next few months but have "
                           "no study. What could I submit?").answer
    assert submit.grounded and "Submit an abstract" in submit.answer, submit.answer
    assert "Reach out to at least one resident" not in submit.answer, submit.answer  # the step after it
    # "Is that pushy?" says how the trainee asks, not about what: its word the guides never use weighs nothing
    pushy = assistant.ask("I follow up a week after an unanswered email to a physiatrist. Is that pushy?").answer
    assert pushy.grounded and "Follow up politely after 7–10 days" in pushy.answer, pushy.answer


def test_a_thing_set_aside_in_several_words_leaves_sentences_saying_only_one_of_them(assistant, services):
    # "letters from physiatrists" is one thing: "One additional letter from: Internal medicine…" is what else
    other = assistant.ask("Apart from letters from physiatrists, what other letter should I get for PM&R "
                          "residency?").answer
    assert other.grounded and other.sentences[0].startswith("One additional letter from"), other.answer
    assert_cited(other, services.store)


def test_a_program_told_of_then_asked_about_in_its_possessive_is_asked_about(assistant):
    # "Kessler" in the story tells where the trainee rotated; "Kessler's program director" asks about that program
    asked = assistant.ask("I did an away rotation at Kessler last spring. How much does Kessler's program director "
                          "weigh away rotation evaluations?").answer
    assert not asked.grounded, asked.answer


def test_a_question_asking_who_holds_a_role_is_refused_however_long_the_role_s_name(assistant, services):
    # the guides name no one: "who is the … director" asks for a person, not for advice on whom to ask
    named = assistant.ask("Who is the interventional spine fellowship program director at my home program?").answer
    assert not named.grounded, named.answer
    advice = assistant.ask("Who should I ask to introduce me to the fellowship director?").answer
    assert advice.grounded, advice.answer
    assert_cited(advice, services.store)


def test_advice_under_a_condition_the_trainee_says_is_not_theirs_does_not_answer_them(assistant, services):
    # "If your school has a PM&R department:" is the other case; said the other way round, the other list answers
    for question in ("My school has no PM&R department at all. Is going to departmental grand rounds still the way "
                     "for me to meet physiatrists?",
                     "There's no rehab department at my med school, so should I still try to shadow in the "
                     "department?"):
        lacking = assistant.ask(question).answer
        assert lacking.sentences[0].startswith("If your school lacks a PM&R department:"), lacking.answer
        assert "If your school has a PM&R department" not in lacking.answer, lacking.answer
        assert_cited(lacking, services.store)
    having = assistant.ask("Our med school has a PM&R department. What should I do to meet physiatrists?").answer
    assert "If your school lacks" not in having.answer, having.answer
    # it opens on advice given under "If your school has a PM&R department:", before the other case's
    text = services.store.passages([having.passage_ids[0]])[having.passage_ids[0]].text
    has, lacks = text.index("If your school has a PM&R department:"), text.index("If your school lacks")
    opening = without_markers(having.sentences[0]).removeprefix("If your school has a PM&R department: ")
    assert has < text.index(opening.split(": ")[0]) < lacks, having.answer


def test_the_query_adapter_s_sentence_map_chooses_the_answer_s_sentences(services, tmp_path):
    """A sentence map that moves the question toward a sentence the plain answer leaves out opens the answer on it."""
    store, embedder = services.store, services.embedder
    question = "What should I do after a conference?"

    def answer(adapter: QueryAdapter):
        assistant = Assistant(store=store, search=HybridSearch(store, embedder, adapter),
                              answerer=ExtractiveAnswerer(), sessions=SessionStore(tmp_path / f"{id(adapter)}.db"))
        return assistant.ask(question).answer

    plain = answer(QueryAdapter(None))
    assert plain.grounded
    said = {without_markers(s) for s in plain.sentences}
    passage = store.passages([plain.passage_ids[0]])[plain.passage_ids[0]]
    # a sentence that may open an answer: not one pointing back, a template with blanks or a guide's question
    target = [u.text for u in answer_units(passage.text) if u.text not in said and not refers_back(u) and
              "[" not in u.text and not u.text.endswith("?")][-1]
    q, t = embedder.encode([question, target])
    guides = frozenset(d.doc_id for d in store.documents())
    # ranking as without an adapter (the identity), choosing through the sentence map
    adapted = answer(QueryAdapter(np.eye(len(q)), guides, sentences=np.eye(len(q)) + 3 * np.outer(t, q)))
    assert_cited(adapted, store)
    assert without_markers(adapted.sentences[0]) == target, (target, adapted.answer)


class CountingEmbedder:
    """The real embedder, recording each batch it is asked to encode."""

    def __init__(self, embedder):
        self.embedder, self.batches = embedder, []

    def encode(self, texts):
        self.batches.append(list(texts))
        return self.embedder.encode(texts)

    def __getattr__(self, name):
        return getattr(self.embedder, name)


def test_embedding_ahead_leaves_nothing_to_embed_while_asking_and_the_same_answers(services, tmp_path):
    conversations = [["My cousin loves rehab and is an MS3. How many aways should she do?", "and for pain fellowship?"],
                     ["Do LORs from surgeons count for PM&R?"]]
    counting = CountingEmbedder(services.embedder)
    ahead = Assistant(store=services.store, search=HybridSearch(services.store, counting),
                      answerer=ExtractiveAnswerer(), sessions=SessionStore(tmp_path / "ahead.sqlite3"))
    plain = Assistant(store=services.store, search=HybridSearch(services.store, services.embedder),
                      answerer=ExtractiveAnswerer(), sessions=SessionStore(tmp_path / "plain.sqlite3"))
    ahead.embed_ahead(conversations)
    assert len(counting.batches) == 1
    for turns in conversations:
        sessions = {ahead: None, plain: None}
        for turn in turns:
            replies = {a: a.ask(turn, sessions[a]) for a in sessions}
            sessions = {a: reply.session_id for a, reply in replies.items()}
            assert replies[ahead].answer.answer == replies[plain].answer.answer
    assert len(counting.batches) == 1, counting.batches[1:]


def test_whether_to_answer_weighs_how_close_the_sentence_map_brings_the_question(services, tmp_path):
    """A question the guides answer is refused when the sentence map carries it far from every sentence, and the
    plain ranking and evidence are unchanged (the ranking map is the identity)."""
    store, embedder = services.store, services.embedder
    question = "How do I stay in touch after meeting someone at a poster session?"
    q, far = embedder.encode([question, "Basalt lava cools into hexagonal columns on volcanic coasts."])
    guides = frozenset(d.doc_id for d in store.documents())

    def answer(adapter: QueryAdapter):
        assistant = Assistant(store=store, search=HybridSearch(store, embedder, adapter),
                              answerer=ExtractiveAnswerer(), sessions=SessionStore(tmp_path / f"{id(adapter)}.db"))
        return assistant.ask(question).answer

    identity = np.eye(len(q))
    near = answer(QueryAdapter(identity, guides, sentences=identity))
    assert_cited(near, store)
    away = answer(QueryAdapter(identity, guides, sentences=np.outer(far, q)))
    assert not away.grounded, away.answer


def test_what_a_question_says_in_passing_does_not_turn_it_into_one_the_guides_never_answer(assistant, services):
    # Each was refused: "this year" beside a "when" the story told read as asking a date of this year's; "a later
    # date" as asking an event's date; "every program that exists", after the dash, as asking how many exist;
    # "40k" as a code naming something the guides never mention.
    for question in ["Second-year resident, small program, and nobody ever explained when fellowship "
                     "competitiveness gets decided. Is this year too early to care?",
                     "Mediocre scores. How many PM&R programs do I apply to—is 'every program that exists, twice' "
                     "the right number?"]:
        answer = assistant.ask(question).answer
        assert answer.grounded, question
        assert_cited(answer, services.store)
    assert_answered_with(assistant, services.store, "If my practice exams stay weak and I delay Step 2, what's a "
                         "concrete later date that's still alright?", "late August or early September")
    assert_answered_with(assistant, services.store, "Must I be an influencer with 40k followers to network in "
                         "physiatry, or is a quiet social media life fine?", "it’s not mandatory")


def test_a_second_passage_says_something_new_by_its_meaning_or_by_its_words(embedder):
    # A guide whose sentences all name the same thing sits close together in meaning: who refers patients is still
    # news after who the preferred providers are; the same sentence reworded is not.
    anchor, referring, reworded = (
        "Alpine rescue physicians are the preferred providers for avalanche injury care.",
        "Both ski patrollers and mountain guides refer avalanche injury patients to alpine rescue physicians.",
        "Alpine rescue physicians are recognized as preferred providers of avalanche injury care.")
    vectors = np.array(embedder.embed_documents([anchor, referring, reworded]))
    first, *others = [_Candidate(answer_units(text)[0], k, 0, 0.5, 0.5, vectors[k])
                      for k, text in enumerate([anchor, referring, reworded])]
    assert all(float(c.vector @ first.vector) >= 0.8 for c in others)  # close in meaning, both
    said = [(0, first.unit)]
    assert says_new(others[0], first, said)
    assert not says_new(others[1], first, said)


def test_a_question_quoting_a_guide_word_for_word_is_answered_from_where_the_guide_says_it(assistant, services):
    # Its other words ("a thing", "gimmick") are not the guides', which alone would refuse it; the quotation is.
    quoting = assistant.ask("Is 'showing up year after year' really a thing, or is it a gimmick?").answer
    assert quoting.grounded, quoting.answer
    assert all("showing up year after year" in c.text.casefold() for c in quoting.citations), quoting.answer
    assert_cited(quoting, services.store)
    # the same question quoting what no guide says is refused
    assert not assistant.ask("Is 'showing up every single weekend at the lake' really a thing, or is it a "
                             "gimmick?").answer.grounded


def test_a_follow_up_is_answered_by_the_items_listed_under_what_it_adds():
    # "and what will the council do?" adds the council, which only the question heading over the list names
    vision = "The walking vision puts walkers first on every path.\nHow will the council be supporting this?\n" \
             "- Publish the routes for every season.\n- Train volunteer guides each summer."
    vectors = np.array([[0.8, 0.6, 0.0, 0.0], [0.8, 0.6, 0.0, 0.0], [0.9, 0.436, 0.0, 0.0], [0.9, 0.436, 0.0, 0.0]])
    hits = [Hit(StoredPassage("p1", "d", "Walks", "Walking vision", vision, 0), 0.9, 0.9, vectors),
            Hit(StoredPassage("p2", "d", "Walks", "Hills", "Walkers support one another on steep climbs.", 0),
                0.9, 0.9, np.array([[0.9, 0.436, 0.0, 0.0]]))]
    asked = "and what will the council do to support it?"
    answer = ExtractiveAnswerer().answer(f"What is the walking vision? {asked}", hits, np.array([1.0, 0.0, 0.0, 0.0]),
                                         topics=["Walks"], asked=asked)
    assert answer.grounded and answer.sentences[0] == "Publish the routes for every season. [1]", answer.answer


def _ferry_follow_up(hits: list[Hit], asked: str):
    """The answer to follow-up `asked` after "How far ahead do I book the ferry?", whose answer opened on booking."""
    return ExtractiveAnswerer().answer(f"How far ahead do I book the ferry? {asked}", hits,
                                       np.array([1.0, 0.0, 0.0, 0.0]), topics=["Ferries"], asked=asked,
                                       repeated="Book the ferry two weeks ahead.")


def test_a_follow_up_opens_on_the_best_answer_when_what_shares_its_new_words_scores_well_below():
    # "and what do I bring?" adds "bring", which the packing advice does not say; a sentence only sharing that
    # word answers nothing, while one that does share it and answers nearly as well would open (see the test above)
    ferry = "Book the ferry two weeks ahead.\nPack a warm jacket and snacks for the crossing."
    hits = [Hit(StoredPassage("p1", "d", "Ferries", "Ferry trips", ferry, 0), 0.9, 0.9,
                np.array([[0.6, 0.8, 0.0, 0.0], [0.95, 0.312, 0.0, 0.0]])),
            Hit(StoredPassage("p2", "d", "Ferries", "Dogs", "Bring no dogs on the upper deck of the ferry.", 0),
                0.5, 0.5, np.array([[0.5, 0.0, 0.866, 0.0]]))]
    answer = _ferry_follow_up(hits, "and what do I bring?")
    assert answer.grounded and answer.sentences[0] == "Pack a warm jacket and snacks for the crossing. [1]", \
        answer.answer


def test_a_message_asking_two_things_is_answered_on_the_one_the_guides_cover(assistant, services):
    # the hotel price is nowhere in the guides; asked together, the away rotations are still answered
    for question in ("How many away rotations should I do for PM&R, and how much does a hotel near the hospital cost?",
                     "1) how much does a hotel near the hospital cost 2) how many away rotations should I do?"):
        answer = assistant.ask(question).answer
        assert answer.grounded and "1–2 away rotations" in answer.answer, (question, answer.answer)
        assert_cited(answer, services.store)
    # neither covered: refused; nor is a part that leans on the uncovered one ("is it worth it?" of the fee), which
    # alone would clear MIN_EVIDENCE but not PART_EVIDENCE
    for question in ("How much does a hotel near the hospital cost, and what is the ERAS fee per program?",
                     "How much is the AAPM&R membership fee, and is it worth it?",
                     "What does Step 3 cost, and what score should I aim for?"):
        assert not assistant.ask(question).answer.grounded, question


def test_a_pasted_conversation_is_the_story_and_the_question_after_it_is_asked(assistant, services):
    # Both were refused: the other speaker's question ("What for?", "Which weeks…?") was read as where the message
    # starts to ask, so the names in the lines weighed as what is asked; "Dr." ended a sentence.
    assert_answered_with(assistant, services.store, "Me (to Dr. Oyelaran's secretary): Could I book 20 minutes with "
                         "Dr. Oyelaran? I'm a third-year interested in PM&R.\nSecretary: What for?\nMe: Honestly, to "
                         "ask for a letter.\nSecretary: Hmm.\nShould a first meeting with the chair be about asking "
                         "for a letter?", "not to ask for a letter right away")
    assert_answered_with(assistant, services.store, "Mrs. Albright (coordinator): Which weeks do you want your home "
                         "rotation?\nMe: Whatever's free?\nMrs. Albright: Pick by Friday.\nWhen should I do my PM&R "
                         "rotations as a student?", "late M3 or early M4")


def test_a_follow_up_s_new_aspect_is_named_by_another_form_of_its_word():
    # "and how do I reserve?" adds reserving, which the guide says as "reservations": the sentence saying it opens
    ferry = "Book the ferry two weeks ahead.\nArrive an hour early for boarding.\nSeat reservations open a month " \
            "before sailing."
    hits = [Hit(StoredPassage("p1", "d", "Ferries", "Ferry trips", ferry, 0), 0.9, 0.9,
                np.array([[0.95, 0.312, 0.0, 0.0], [0.9, 0.436, 0.0, 0.0], [0.88, 0.475, 0.0, 0.0]]))]
    answer = _ferry_follow_up(hits, "and how do I reserve?")
    assert answer.grounded and answer.sentences[0] == "Seat reservations open a month before sailing. [1]", \
        answer.answer


def test_a_count_asked_of_a_thing_in_other_words_is_answered_on_firm_ground(assistant, services):
    # Both were refused: no sentence counts "recommenders" or "sites", so every count was set aside as counting
    # something else; the guides count letters and programs.
    assert_answered_with(assistant, services.store, "For a spine fellowship application, how many recommenders from "
                         "my subspecialty do I need?", "2–3 letters from physiatrists")
    assert_answered_with(assistant, services.store, "If I'm going after ACGME pain medicine, how many fellowship "
                         "sites should I send applications to?", "15–30 programs")
    # a count the guides never give is still refused, though a count of something else comes near it
    for question in ("How many sports medicine fellowship positions open each year?",
                     "How many LinkedIn posts a week should a resident share?",
                     "How many points does a Step 2 CK score usually rise after a dedicated month?"):
        assert not assistant.ask(question).answer.grounded, question
    # "how much later" asks when: a month answers it, though it states no number
    assert_answered_with(assistant, services.store, "How much later than late July can I sit for Step 2 CK if my "
                         "practice scores are weak?", "late August or early September")


def test_a_distance_in_time_asked_is_answered_by_the_time_the_guide_names(assistant, services):
    # Both were refused: "how many months before" asked a length of time, and the guides name a year of training
    assert_answered_with(assistant, services.store, "How many months before the ERAS season should my home PM&R "
                         "rotation be done?", "late M3 or early M4")
    assert_answered_with(assistant, services.store, "How many months before I graduate medical school should I start "
                         "networking with physiatrists?", "first half of your third year")
    # a time the guides never give is still refused, though they name times of other things
    for question in ("How many weeks after the exam are Step 2 CK scores released?",
                     "How many years after graduating can I still apply to PM&R?"):
        assert not assistant.ask(question).answer.grounded, question


def test_a_message_typed_the_way_people_talk_is_read_without_its_fillers(assistant, services):
    # "um", "like", "I mean", "or whatever" pulled the question's meaning away from the sentence that answers it: the
    # first two were refused, the third answered with an email signature
    assert_answered_with(assistant, services.store, "um so like is it basically ok to present like a case report at a "
                         "pm&r conference, I mean does it have to be big or whatever?", "Trainee cases, QI projects")
    assert_answered_with(assistant, services.store, "honestly should I like mention my failed step 1 in my personal "
                         "statement, I mean is that kinda where it goes?", "Rarely the place to explain a low score")
    assert_answered_with(assistant, services.store, "honestly what do I like say in a cold email to a physiatrist, I "
                         "mean for research or whatever?", "Send a concise email including")


def test_what_the_law_allows_is_refused_and_how_long_a_reply_should_be_is_answered_in_words(assistant, services):
    # each was answered with interview advice, which says nothing of the law
    for question in ("Is it legal for an interviewer to ask how I did on Step 1?",
                     "Can a fellowship director legally ask me about my Step 2 CK score at an interview?"):
        assert not assistant.ask(question).answer.grounded, question
    # refused before: "Keep it short" states no length of time
    assert_answered_with(assistant, services.store, "When an interviewer asks about my failed Step 1, how long should "
                         "my reply be?", "Keep it short")


def test_a_name_spelled_out_in_full_is_read_as_the_guides_acronym_for_it(assistant, services):
    # both were refused: the guides write "ERAS", "ACGME", "Step 2 CK" and "PM&R", never the names in full
    assert_answered_with(assistant, services.store, "Does the Electronic Residency Application Service handle "
                         "Accreditation Council for Graduate Medical Education pain medicine fellowship applications?",
                         "Uses ERAS")
    assert_answered_with(assistant, services.store, "What United States Medical Licensing Examination Step 2 Clinical "
                         "Knowledge score is a low-score concern for Physical Medicine and Rehabilitation programs?",
                         "< 225")


def test_an_item_said_in_place_of_the_list_said_before_keeps_its_heading(assistant):
    # the follow-up opened "For a US citizen IMG, this is a chance to: Explain your path…", its "this" pointing at the
    # "Personal Statement" heading the earlier answer had said
    first = assistant.ask("As a US citizen IMG, what should my fellowship personal statement talk about?")
    second = assistant.ask("and who should look it over?", first.session_id).answer
    assert second.grounded and second.sentences[0].startswith("Personal Statement: For a US citizen IMG"), \
        second.answer
    assert not opens_on_reference(second)
