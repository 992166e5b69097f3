from ingest.units import (Unit, answer_units, as_lead_in, heading_of, items_of, merged, opens_list, siblings, steps,
                          stated_in, supported_by, under_heading)

PASSAGE = """Within 7–10 days after the conference:
- Send brief thank-you emails:
  - Mention one specific insight you found valuable.
  - Ask a next step
Ask mentors who know your work well. Frame it like this:
- Aim for 1–2 away rotations at programs where:
  - You are genuinely interested in training."""


def test_fragments_are_joined_to_their_lead_in_and_short_lead_ins_never_stand_alone():
    texts = [u.text for u in answer_units(PASSAGE)]
    assert texts == [
        "Within 7–10 days after the conference: Send brief thank-you emails.",
        "Send brief thank-you emails: Mention one specific insight you found valuable.",
        "Send brief thank-you emails: Ask a next step.",
        "Ask mentors who know your work well.",
        "Aim for 1–2 away rotations at programs where: You are genuinely interested in training.",
    ]


def test_a_lead_in_that_cannot_end_a_sentence_is_not_joined():
    passage = "Even if your residency is less known:\n- Your PD and faculty can still:\n  - Make calls on your behalf"
    assert [u.text for u in answer_units(passage)] == ["Your PD and faculty can still: Make calls on your behalf."]


def test_every_unit_is_made_of_verbatim_pieces_of_its_passage():
    for unit in answer_units(PASSAGE):
        assert supported_by(unit.parts, PASSAGE)
    assert not supported_by(("Send a gift basket",), PASSAGE)


def test_a_lead_in_item_that_says_nothing_alone_is_never_a_unit_and_a_dangling_lead_prefixes_every_item():
    passage = """For a typical ERAS timeline:
- Target: Step 2 CK by late July–mid August of the application year.
- This allows:
  - Scores to be available when programs first review files.
  - Programs to avoid guessing your exam performance.
It won’t fully erase the impact of a low Step score, but it can:
- Provide material to discuss in interviews that highlights your intellectual curiosity.
This is a tougher path, but not a dead end. Your strategy involves:"""
    assert [u.text for u in answer_units(passage)] == [
        "Target: Step 2 CK by late July–mid August of the application year.",
        "This allows: Scores to be available when programs first review files.",
        "This allows: Programs to avoid guessing your exam performance.",
        "It won’t fully erase the impact of a low Step score, but it can: Provide material to discuss in interviews "
        "that highlights your intellectual curiosity.",
        "This is a tougher path, but not a dead end.",
    ]


def test_a_full_sentence_item_stands_alone_but_keeps_a_condition_its_lead_in_sets():
    passage = """- Pack light for the ridge walk.
- If the forecast turns to rain:
  - Take the valley bus to the museum instead of walking the ridge.
- When you reach the hut:
  - Sign the logbook so the wardens know who is on the mountain.
- Before you leave:
  - Check that the stove is off and the shutters are closed."""
    units = answer_units(passage)
    assert [u.text for u in units] == [
        "Pack light for the ridge walk.",
        "If the forecast turns to rain: Take the valley bus to the museum instead of walking the ridge.",
        "When you reach the hut: Sign the logbook so the wardens know who is on the mountain.",
        "Check that the stove is off and the shutters are closed.",  # a time, not a condition
    ]
    assert units[1].alone and units[2].alone  # each still a sentence of its own, not an item said with its list


def test_a_quotation_is_one_unit_however_many_sentences_it_holds():
    passage = ("Frame it like this:\n“I’m applying to PM&R residency and have valued your mentorship on [rotations]. "
               "Would you feel comfortable writing a strong letter on my behalf?” Then stop talking.")
    assert [u.text for u in answer_units(passage)] == [
        "“I’m applying to PM&R residency and have valued your mentorship on [rotations]. Would you feel comfortable "
        "writing a strong letter on my behalf?”",
        "Then stop talking.",
    ]


def test_a_lead_in_that_states_something_of_its_own_is_also_a_sentence():
    passage = ("Yes, you can still match with a low score, but you will need a plan:\n"
               "- Apply more broadly (more programs, greater geographic range).\n"
               "If your first attempt at the exam went badly for any reason at all:\n"
               "- Show a clear upward trend on the next exam you take.\n"
               "Over time your reputation and your relationships can significantly shape:\n"
               "- Which doors open for you later in training and in practice.\n"
               "Members of the academy developed the following picture of the future together:\n"
               "- Physiatrists lead the teams that care for patients with spine pain.")
    # A condition, an open verb and a pointer at the list say nothing without their items; the condition holds for
    # its item, which is said under it.
    assert [u.text for u in answer_units(passage)] == [
        "Yes, you can still match with a low score, but you will need a plan.",
        "Apply more broadly (more programs, greater geographic range).",
        "If your first attempt at the exam went badly for any reason at all: Show a clear upward trend on the next "
        "exam you take.",
        "Which doors open for you later in training and in practice.",
        "Physiatrists lead the teams that care for patients with spine pain.",
    ]
    assert all(supported_by(unit.parts, passage) for unit in answer_units(passage))


CAMPING = """Before a first night outdoors:
- Pack for the weather:
  - A rain shell.
  - A warm hat.
  - Spare socks.
Check the forecast the evening before."""


def test_a_list_item_is_read_in_its_list_said_once_under_its_lead_in():
    units = answer_units(CAMPING)
    assert [units[i].text for i in siblings(units, 2)] == ["Pack for the weather: A rain shell.",
                                                          "Pack for the weather: A warm hat.",
                                                          "Pack for the weather: Spare socks."]
    assert list(siblings(units, 4)) == [4]  # a sentence outside the list is a run of one
    assert list(siblings(units, 0)) == [0]  # the item that leads in is of another list
    block = merged([units[i] for i in siblings(units, 2)])
    assert block.text == "Pack for the weather: A rain shell. A warm hat. Spare socks."
    assert supported_by(block.parts, CAMPING)


def test_a_merged_run_of_items_is_stated_in_its_passage_but_a_rewording_is_not():
    assert stated_in("Pack for the weather: A rain shell. A warm hat. Spare socks.", CAMPING)
    assert stated_in("Pack for the weather: A warm hat. Spare socks.", CAMPING)
    assert stated_in("Check the forecast the evening before.", CAMPING)
    assert not stated_in("Pack for the weather: A rain shell. Spare socks.", CAMPING)  # not a run
    assert not stated_in("Pack for the weather: A warm coat.", CAMPING)


def test_a_closing_lead_in_is_stated_with_its_colon_and_a_passage_s_units_under_its_heading():
    closing = "Some parks stay open all winter.\nThe quietest ones include:"
    assert stated_in("The quietest ones include:", closing)
    assert not stated_in("Some parks stay open all winter:", closing)  # no colon there
    listed = "- Rarely busy on weekdays.\n- Open at dawn."
    assert stated_in("North Ridge: Rarely busy on weekdays.", listed, "North Ridge")
    assert not stated_in("South Bay: Rarely busy on weekdays.", listed, "North Ridge")


def test_a_unit_is_said_under_its_heading_and_a_reply_under_the_question_it_answers():
    assert heading_of("Guides > 3. Can I bring my dog?") == "Can I bring my dog?"
    assert heading_of("Guides > North Ridge") == "North Ridge"
    reply = Unit("No, dogs stay home.", ("No, dogs stay home.",))
    assert under_heading("Can I bring my dog?", reply).text == "Can I bring my dog? No, dogs stay home."
    assert under_heading("North Ridge", reply).text == "North Ridge: No, dogs stay home."
    passage = "No, dogs stay home.\nCats may come in a carrier."
    assert stated_in("Can I bring my dog? No, dogs stay home.", passage, "Can I bring my dog?")
    assert not stated_in("Can I bring my cat? No, dogs stay home.", passage, "Can I bring my dog?")
    listed = "- Rarely busy on weekdays.\n- Open at dawn every day.\nParking is free."
    units = answer_units(listed)
    assert opens_list(listed, units[0]) and not opens_list(listed, units[-1])


WINTER = """Winter camping is possible.
Yes, you can camp in winter, but you will need good gear and a plan:
- Bring a four-season tent rated for snow loads.
- Pack a stove that works in the cold weather.
- Layers:
  - A fleece.
  - A shell.
Most parks close their upper loops in January."""


def test_a_lead_in_that_states_something_knows_the_items_it_leads_into():
    units = answer_units(WINTER)
    lead = next(i for i, u in enumerate(units) if u.parts[0].endswith("a plan:"))
    assert [units[i].text for i in items_of(WINTER, units, lead)] == [
        "Bring a four-season tent rated for snow loads.", "Pack a stove that works in the cold weather.",
        "Layers: A fleece.", "Layers: A shell."]
    assert not items_of(WINTER, units, 0) and not items_of(WINTER, units, len(units) - 1)
    assert not items_of(WINTER, units, lead + 1)  # an item leads into nothing
    # said with its colon before its items, it is stated in the passage; said alone, it ends on a full stop
    assert stated_in("Yes, you can camp in winter, but you will need good gear and a plan:", WINTER)
    assert stated_in("Yes, you can camp in winter, but you will need good gear and a plan.", WINTER)
    assert not stated_in("Winter camping is possible:", WINTER)


TRIP = """After the trip:
- Thank your guide:
  - “Thanks for a great climb, we will be back next summer.”
- Post your photos within a week of getting home."""


def test_a_list_item_that_leads_in_knows_its_items_and_is_said_with_its_colon():
    units = answer_units(TRIP)
    thank = next(i for i, u in enumerate(units) if u.parts[-1] == "Thank your guide")
    assert [units[i].text for i in items_of(TRIP, units, thank)] == [
        "“Thanks for a great climb, we will be back next summer.”"]
    assert as_lead_in(units[thank]).text == "After the trip: Thank your guide:"
    assert stated_in("After the trip: Thank your guide:", TRIP)
    assert not items_of(TRIP, units, len(units) - 1)


def test_steps_place_each_item_in_its_list_and_in_the_lists_it_is_under():
    passage = ("Plan the trip.\nSteps:\n1. Pick a trail you can finish.\n2. Book a hut:\n  - Call the warden ahead.\n"
               "  - Pay the deposit online.\n3. Pack the night before.\nEnjoy the walk out.\n- Rest a full day after.\n"
               "- Write down what went well.")
    units = answer_units(passage)
    at = dict(zip((u.text for u in units), steps(passage, units)))
    assert at["Plan the trip."] == ()  # a paragraph's sentence is no step
    assert at["Steps: Pick a trail you can finish."] == ((0, 0),)
    assert at["Book a hut: Call the warden ahead."] == ((0, 1), (1, 0))
    assert at["Book a hut: Pay the deposit online."] == ((0, 1), (1, 1))
    assert at["Steps: Pack the night before."] == ((0, 2),)
    # a paragraph between two lists starts a new one
    assert at["Rest a full day after."] == ((2, 0),) and at["Write down what went well."] == ((2, 1),)


def test_a_full_sentence_item_keeps_a_label_that_sets_its_scene():
    passage = """Concrete Week-2 Steps:
- Book the ferry for the whole group in one go.
- Target: Reach the hut by noon on the second day.
Steps:
- Check the weather report twice before you leave home."""
    assert [u.text for u in answer_units(passage)] == [
        "Concrete Week-2 Steps: Book the ferry for the whole group in one go.",  # alone it would not say when
        "Target: Reach the hut by noon on the second day.",  # read under its own label
        "Check the weather report twice before you leave home.",  # "Steps" says nothing of its own
    ]


def test_a_full_sentence_item_shown_alone_knows_the_line_it_is_listed_under():
    passage = "How will the council be supporting this?\n- Publish the routes for every season.\n" \
              "- Train volunteer guides each summer.\nThe paths open in May."
    units = answer_units(passage)
    assert [u.text for u in units] == ["How will the council be supporting this?", "Publish the routes for every season.",
                                       "Train volunteer guides each summer.", "The paths open in May."]
    assert [u.under for u in units] == ["", "How will the council be supporting this?",
                                        "How will the council be supporting this?", ""]
