"""The floors of every other question set (the rest are in test_question_sets.py): a file of its own, so that
`make test`'s workers share the sets."""
import pytest

from tests.eval.test_question_sets import HALVES, keeps_floors


@pytest.mark.parametrize("path", HALVES[1], ids=[p.name for p in HALVES[1]])
def test_the_assistant_keeps_the_question_set_s_floors(services, path):
    keeps_floors(services, path)
