import json

from ingest.boilerplate import repeated_blocks
from ingest.clean import clean_lines
from ingest.load import load_text
from ingest.split import sentence_spans, split_document
from tests.conftest import CORPUS


def _split_guides():
    guides = {p.stem: load_text(p, p.read_bytes()) for p in sorted(CORPUS.glob("*.txt"))}
    boilerplate = frozenset(repeated_blocks(list(guides.values())))
    for name, text in guides.items():
        title = json.loads((CORPUS / f"{name}.meta.json").read_text())["title"]
        yield name, text, title, split_document(clean_lines(text, boilerplate), title=title)


def test_every_section_path_is_made_of_real_headings():
    for name, raw, title, passages in _split_guides():
        lines = {line.strip().removeprefix("- ") for line in raw.splitlines()}
        for p in passages:
            for heading in p.section.split(" > "):  # a whole line, or one glued to the sentence under it
                assert heading in lines or heading == title or any(line.startswith(f"{heading} ") for line in lines), \
                    (name, heading)


def test_passages_stay_within_size_and_keep_list_items_whole():
    for name, raw, _, passages in _split_guides():
        assert passages, name
        for p in passages:
            assert 0 < len(p.text) <= 1000, (name, p.section, len(p.text))
            assert not p.text.startswith(("- -", ":")), p.text[:40]


def test_a_numbered_heading_glued_to_its_first_sentence_starts_its_own_section():
    sections = {p.section.split(" > ")[-1]: p.text for _, _, _, passages in _split_guides() for p in passages}
    assert sections["2. Take Step 2 Early Enough for Application Review"].startswith("For a typical ERAS timeline:")
    assert sections["3. When to Delay Step 2 CK"].startswith("You might consider a slightly later date")
    lines = clean_lines("3. Build Your Network If you can, go.\n2. Ask For a letter early.")
    assert lines == ["3. Build Your Network", "If you can, go.", "2. Ask For a letter early."]


def test_known_sections_are_found():
    sections = {p.section for name, _, _, passages in _split_guides() for p in passages}
    assert ("Building Your Network at Each Stage: Concrete Strategies > "
            "Medical School: Laying the Foundation for the Physiatry Match") in sections
    assert any(s.endswith("Step 3: Post-Conference Follow-Up") for s in sections)
    assert any(s.endswith("How to Be a Good Mentee") for s in sections)
    assert any(s.startswith("FAQs: Fellowship Preparation") for s in sections)


def test_markdown_headings_give_the_path():
    lines = ["# Guide", "", "## Letters", "Ask early.", "", "### Timing", "Two months ahead.", "## Other", "Text."]
    passages = split_document(lines, title="Guide")
    assert [(p.section, p.text) for p in passages] == [
        ("Letters", "Ask early."), ("Letters > Timing", "Two months ahead."), ("Other", "Text.")]


def test_long_paragraph_is_cut_between_sentences():
    paragraph = " ".join(f"Sentence number {i} says something useful." for i in range(60))
    passages = split_document(["Heading Here", paragraph], title="T", max_chars=300)
    assert len(passages) > 1
    assert all(p.text.endswith(".") and len(p.text) <= 300 for p in passages)


def test_sentence_spans_skip_abbreviations():
    text = "Use societies (e.g. AAPM&R) to find mentors. Then email them. Done?"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Use societies (e.g. AAPM&R) to find mentors.", "Then email them.", "Done?"]
    # an ellipsis leads on into what follows: "On the summit ..." alone would be a fragment
    text = "On the summit ... The view opens to the sea. Bring water."
    assert [text[s:e] for s, e in sentence_spans(text)] == ["On the summit ... The view opens to the sea.",
                                                           "Bring water."]
