from assistant.evaluate import reciprocal_rank_fusion


def test_rrf_rewards_agreement_over_one_first_place():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]])
    assert max(fused, key=fused.get) == "b"
    assert fused["a"] == 1 / 61 + 1 / 63
