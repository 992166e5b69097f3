from ingest.boilerplate import repeated_blocks
from ingest.clean import clean, clean_lines
from ingest.load import load_text
from tests.conftest import CORPUS

CHROME = ["SmartPick", "Residency Advisor Logo", "Related Articles", "100% free to try", "No credit card",
          "Physiatry residents networking at a medical conference", "PM&R residency physiatry match medical networking"]


def _guides() -> dict[str, str]:
    return {p.stem: load_text(p, p.read_bytes()) for p in sorted(CORPUS.glob("*.txt"))}


def _cleaned() -> dict[str, str]:
    guides = _guides()
    boilerplate = frozenset(repeated_blocks(list(guides.values())))
    return {name: "\n".join(clean_lines(text, boilerplate)) for name, text in guides.items()}


def test_every_guide_loses_its_ads_logos_and_tag_lines():
    for name, text in _cleaned().items():
        for chrome in CHROME:
            assert chrome not in text, (name, chrome)
        assert "\noverview\n" not in text


def test_cleaning_keeps_the_guidance():
    cleaned = _cleaned()
    assert "Follow up politely after 7–10 days if no response." in cleaned["networking-and-mentorship"]
    assert "Ask early—2–3 months before deadlines, ideally." in cleaned["us-img-fellowship-prep"]
    assert "Physiatrists are recognized as the preferred providers" in cleaned["pain-and-spine-rehab-vision"]


def test_ad_repeated_across_guides_is_learned_not_hard_coded():
    ad = "Buy our course today!\nEnrol now and save 50% on board prep."
    advice = ["Real advice here.", "Ask for letters early.", "Thank your mentors.", "Keep a research log."]
    texts = [f"Guide one\n{' '.join(advice * 4)}\n{ad}", f"Guide two\nOther advice.\n{' '.join(advice[::-1] * 4)}\n{ad}"]
    learned = repeated_blocks(texts)
    assert "buy our course today!" in learned
    assert "real advice here." not in learned
    assert "Enrol now" not in "\n".join(clean_lines(texts[0], frozenset(learned)))


def test_run_together_list_items_are_split():
    lines = clean_lines("Scores are often used for:- Initial filters\n- Prioritizing files")
    assert lines[:3] == ["Scores are often used for:", "- Initial filters", "- Prioritizing files"]


def test_flattened_list_echo_lines_are_dropped_and_nested():
    text = ("Clarify Interests\n- Reflect on what drew you to PM&R:\n- Was it sports?\n- Use this year to:\n"
            "- Read intro PM&R texts\n- Reflect on what drew you to PM&R:\nNext paragraph.")
    lines = clean_lines(text)
    assert lines.count("- Reflect on what drew you to PM&R:") == 1
    assert "  - Was it sports?" in lines and "  - Read intro PM&R texts" in lines


def test_list_repair_leaves_no_duplicated_list_lines_in_any_guide():
    raw = _guides()
    for name, text in _cleaned().items():
        lines = [line.strip() for line in text.splitlines()]
        for i, line in enumerate(lines):
            if line.startswith("- ") and line.endswith(":"):
                assert line not in lines[i + 1:i + 20], (name, line)
        assert ":- " not in text and ").- " not in text, name
    assert raw["us-img-fellowship-prep"].count("- Reflect on what drew you to PM&R:") == 2  # the repair had work


def test_prose_appended_after_a_related_articles_list_is_kept_and_the_links_dropped():
    text = ("Guide\nKeep your CV current.\nRelated Articles\nBuilding Your PM&R Network\n"
            "https://example.org/step-2-timing\n\nOne more tip: send a thank-you note within two days of each "
            "interview, and keep it short.\n")
    cleaned = clean(text)
    assert "One more tip: send a thank-you note within two days of each interview, and keep it short." in cleaned.lines
    assert cleaned.dropped == ["Related Articles", "Building Your PM&R Network", "https://example.org/step-2-timing"]
    assert "Keep your CV current." in cleaned.lines


def test_every_line_cleaning_drops_from_a_guide_is_reported():
    guides = _guides()
    boilerplate = frozenset(repeated_blocks(list(guides.values())))
    cleaned = clean(guides["networking-and-mentorship"], boilerplate)
    assert "SmartPick - Residency Selection Made Smarter" in cleaned.dropped and "Related Articles" in cleaned.dropped
    kept = {line.strip() for line in cleaned.lines}
    assert "SmartPick - Residency Selection Made Smarter" not in kept and "Related Articles" not in kept
    assert 0 < cleaned.dropped_share < 0.1
