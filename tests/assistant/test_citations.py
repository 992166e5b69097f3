import numpy as np

from assistant.citations import Citation, cited_numbers, without_markers
from assistant.retrieve import Hit
from ingest.store import StoredPassage


def test_markers_are_read_back_out_of_an_answer():
    text = "Send it within a week. [2] Keep it short. [1][3]"
    assert cited_numbers(text) == [2, 1, 3]
    assert without_markers(text) == "Send it within a week. Keep it short."
    assert cited_numbers("Step 2 CK [in August]") == [] and without_markers("No markers.") == "No markers."


def test_a_citation_is_the_hit_s_passage_numbered():
    passage = StoredPassage(id="p1", doc_id="networking", title="Networking", section="After > Notes",
                            text="Send a note.", position=0)
    citation = Citation.of(3, Hit(passage=passage, score=0.123456, similarity=0.5, unit_vectors=np.zeros((1, 4))))
    assert citation == Citation(n=3, doc_id="networking", title="Networking", section="After > Notes",
                                text="Send a note.", score=0.1235)
