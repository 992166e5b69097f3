"""The quality each of our question sets must keep: `pmr eval` and `make test` fail below these floors."""
from pathlib import Path

from tests.eval.questions import EVAL_DIR

# Faults counted in answers (not a share of them)
COUNTED = ("follow-up opens as the previous answer did", "answer opens on a reference", "answer says a sentence twice")
MEASURES = ("hit@5", "mrr@10", "in-scope refused", "out-of-scope refused", "answer cites the expected passage",
            "answer states the expected text", "follow-up states the expected text", "citations valid", *COUNTED)
# Faults: a set passes while it has at most this share (or count); every other measure is a floor.
AT_MOST = frozenset({"in-scope refused", *COUNTED})
# Set from `pmr eval` on every set (main at 2910a81 with an empty answer refused, the ONNX embedder and the shipped
# query adapter), one question's worth from the value measured then: a share of n questions is floored at (count - 1)
# / n and a refused in-scope share capped at (count + 1) / n, rounded outward to 3 decimals; MRR@10 is floored at the
# measured value - 0.01. Counted faults (a follow-up opening as the previous answer did, an answer opening on a
# reference) may not grow, and every citation must be valid. One question of slack keeps a tie flipped by float
# rounding (the ONNX and torch embedders agree to about 1e-6) from failing the suite; a real regression moves more.
# Raise a floor when a set's measured value rises; lower one only with the reason written here. Raised on c1fb858,
# 84f3e5f, 9f32b95, 804d676, 23b042e, 181d19b, c3fc398, f80e8d5, the "which specific programs" commit after it,
# 97be32d, ed33ea1, the adapter retrained after them, the "exam named only as the exam" commit, the "part of a run
# asked by its place" commit, the "label named, what is done set aside" commit, the "quoted phrase" commit and 0d96263
# (a count, an acronym, a reason, advice on when) and ff0d696 (a reason and a count in follow-ups, an opener's
# contraction) from every set's measures. Lowered on c1fb858: holdout-7's MRR@10 (0.986 -> 0.975), because a score
# told before the question now weighs half of one asked about (TOLD_SCORE): "just got a 219 on step 2 and I'm kind of
# spiraling... is rehab still realistic for me?" ranks its expected passage second, while long stories that mention a
# score in passing (holdout-19) went from 0.805 to 0.865. Lowered on 76fe41d: holdout-22's follow-ups (0.6 -> 0.5),
# because a follow-up's own question now chooses its sentences as much as the earlier turn it is read with: "…my
# friend says give a long detailed explanation. Should I?" after a question about low scores in interviews loses the
# interview advice, while 8 follow-ups across the other sets gain theirs (follow-ups pooled over sets 1-20: 0.758 ->
# 0.790). Lowered on 8fa24d1: holdout-34's out-of-scope refusals (1.0 -> 0.888), because a quotation now closes its
# sentence, so the question after it is read as what is asked: "Someone said: "pain fellowships want your SAE in the
# top quartile." What in-service exam percentile…?" is answered, while two in-scope questions the quoted words had got
# refused are answered and four more state their expected text. "answer says a sentence twice" (a lead-in said alone,
# then again before its list) was added at 0 on every set once 73 answers across the sets that did so were fixed.
# Lowered when the query adapter began to learn from holdout-16 to -41 as well, with lexical search matching "before",
# "during" and "after": MRR@10 of holdout-4, -8, -11 and -12 (0.957 -> 0.928, 0.99 -> 0.968, 0.96 -> 0.946, 0.968 ->
# 0.957), holdout-8's cited and stated answers (0.978 -> 0.934) and holdout-12's stated answers (0.891 -> 0.847),
# because the adapter no longer fits the first sixteen sets alone; on holdout-42 to -50, which it did not learn from,
# MRR@10 rose from 0.880 to 0.901 (mean) and answers stating their expected text from 329 to 336 of 450. Lowered on
# ea5af4b: holdout-50's out-of-scope refusals (0.888 -> 0.777), because a letter's sign-off is no longer read:
# "…cutoff the program director at Spaulding uses…? Best, J." had been refused only for "Best," (a ranking of
# programs) and "…parental leave policies…? Best, Maya" only for "Maya" (a name the guides lack), while two in-scope
# questions signed so are answered. Lowered on d08d9b3: holdout-64's MRR@10 (0.903 -> 0.882), because a follow-up
# whose question is bare is read with its earlier turn: "She's also thinking about away rotations — how many should
# she do…?" ranks its passage fifth behind the earlier turn's; its answer is unchanged, and 7 follow-ups across the
# sets state their expected text that did not. Lowered on the query adapter retrained after d08d9b3 (its training
# queries are read as the chat reads them, so more follow-ups are folded with their earlier turn): holdout-31's and
# holdout-44's MRR@10 (0.836 -> 0.825, 0.817 -> 0.803), one question's rank each; the mean MRR@10 over the 75 sets is
# 0.928 before and after, and over holdout-42 to -74 0.905. Lowered when British spellings began to be read as the
# guides' American ones: holdout-74's MRR@10 (0.918 -> 0.903), one question's rank: "…what do rehab programmes
# actually use to compare applicants…?" ranks its passage fourth, as it does written "programs" (four passages within
# 0.007 of each other), while three "how many programmes…?" questions there are no longer refused. Lowered when a
# question naming a sentence's label began to count (FILED_WEIGHT) and a story of what is done already to be set aside
# (`told_done`): holdout-37's stated answers (0.78 -> 0.76), one answer ("By when should I know which PM&R fellowship
# direction I'm going?" loses the closing sentence its text was in), while over the 75 sets 22 answers state their
# text that did not and 12 no longer do. Lowered on c1e36c7: holdout-58's out-of-scope refusals (0.611 -> 0.5), one
# question: "how many brain injury medicine fellowship programs shud i apply to" read "shud" as the thing counted and
# was refused; its plural "programs" now stands for it, and the guides' ranges for other fellowships answer it, while
# 7 in-scope questions over the 90 sets are answered that were refused ("how many attendings belong on it").
# Lowered on 4f7e487: holdout-36's MRR@10 (0.793 -> 0.778), one question's passage leaving the top 5 (hit@5 0.88 ->
# 0.86) when full-sentence list items began to be embedded under the label that sets their scene; over the 90 older
# sets mean hit@5 is 0.984 before and 0.985 after, mean MRR@10 0.930 and 0.930, and 18 more answers state their text.
# Lowered on the query adapter retrained for 4f7e487's answer units (the shipped adapter must be what training gives):
# the MRR@10 of holdout-4, -5, -7 and -8, which it trains on (0.928 -> 0.915, 0.949 -> 0.938, 0.965 -> 0.945, 0.968 ->
# 0.957), and holdout-46's MRR@10 (0.878 -> 0.867) and stated answers (0.72 -> 0.70, one answer); over the 96 sets
# mean hit@5 rises 0.985 -> 0.986 and mean MRR@10 0.929 -> 0.929, with 43 sets ranking differently (28 better), and
# 4 more answers state their text. Lowered when the query adapter began to learn from every set up to holdout-98, held
# back less (train_adapter.STRENGTH 0.03 -> 0.001): holdout-1's MRR@10 (0.968 -> 0.954), a set it trains on, while
# the mean MRR@10 of the sets it trains on rose (0.927 -> 0.982); and holdout-99's stated answers (0.8 -> 0.76), two
# answers: "What does the national physiatry academy hope the future looks like…?" now opens on another of the
# vision's sentences, and a follow-up on pain "and I hadn't done much nerve testing" on the choice of a direction. On
# holdout-99 to -104, which it did not learn from, mean MRR@10 rose from 0.870 to 0.912 and stated answers from 219
# to 228 of 300; over the 105 sets, 245 more answers state their text. Lowered when the adapter's sentence map began
# to choose the answer's sentences (ranking unchanged): holdout-54's stated answers (0.92 -> 0.88: a question on what
# physiatrists bring to pain care opens on another sentence of the vision, and a follow-up's span ends before the
# expected item), holdout-82's answers citing the expected passage (0.92 -> 0.88) and holdout-99's follow-ups (0.6 ->
# 0.4: one on the vision opens on another of its sentences). Over the 111 sets then, answers stating their text rose
# from 4,795 to 5,005 and those whose first sentence states it from 3,747 to 4,113; on holdout-99 to -110, which the
# map did not learn from, stated answers rose from 458 to 488 of 600. Lowered when the sentence map began to learn
# from the questions the guides do not answer and to judge whether to answer: holdout-47's, -49's and -67's stated
# answers (0.9 -> 0.86, 0.96 -> 0.92, 0.88 -> 0.84: answers cut to the one sentence the map prefers, "Perception of
# training background." without "Some may assume IMGs need to “prove themselves” more."), holdout-70's follow-ups
# (0.9 -> 0.7: "Ok, and what do I tell her about her core clinical year?" opens on the M4 rotations, not on the M3
# advice it had) and holdout-106's in-scope refusals (0.02 -> 0.06: "PGY-2 here. Who in my own program is the best
# source for advice on electives and boards?" and "My home program barely has any sports exposure. Where should I get
# that experience in PGY-3?", neither of which had stated its text). The same five sets refuse 18 more out-of-scope
# questions; over the 114 sets then, out-of-scope refused rose from 1,753 to 1,979 of 2,058, in-scope refused fell
# from 193 to 87 of 4,597 and stated answers rose from 5,121 to 5,250 of 5,670. Lowered on the query adapter
# retrained for b35024a's answer units (a full-sentence item keeps the condition its lead-in sets): holdout-71's
# stated answers and follow-ups (0.96 -> 0.92, 0.8 -> 0.6), one follow-up: "…how soon do I send thank-you emails?" then
# "…what do I write in the LinkedIn request?" now says what to write in the thank-you emails, not the LinkedIn note's
# script. Over the 135 sets, 6 answers
# state their text that did not and 2 no longer do (two "I failed Step 1: what Step 2 target?" questions now find the
# sentence stating it).
FLOORS: dict[str, dict[str, float]] = {name: dict(zip(MEASURES, row)) for name, row in {
    "questions.jsonl":  (0.988, 0.979, 0.012, 0.961, 0.977, 0.943, 0.818,   1.0,     0,     0,     0),
    "holdout-1.jsonl":  (0.978, 0.954, 0.022, 0.928, 0.978, 0.934, 0.666,   1.0,     0,     0,     0),
    "holdout-2.jsonl":  (0.978, 0.979, 0.022,   0.9, 0.978, 0.934, 0.833,   1.0,     0,     0,     0),
    "holdout-3.jsonl":  (0.978, 0.968, 0.022, 0.888, 0.978, 0.978, 0.833,   1.0,     0,     0,     0),
    "holdout-4.jsonl":  (0.978, 0.979, 0.022, 0.944, 0.978, 0.978, 0.833,   1.0,     0,     0,     0),
    "holdout-5.jsonl":  (0.978, 0.965, 0.022, 0.944, 0.956, 0.956, 0.833,   1.0,     0,     0,     0),
    "holdout-6.jsonl":  (0.978, 0.968, 0.022, 0.944, 0.978, 0.956, 0.833,   1.0,     0,     0,     0),
    "holdout-7.jsonl":  (0.978,  0.99, 0.022, 0.944, 0.978, 0.956, 0.833,   1.0,     0,     0,     0),
    "holdout-8.jsonl":  (0.978, 0.979, 0.022, 0.944, 0.956, 0.956, 0.833,   1.0,     0,     0,     0),
    "holdout-9.jsonl":  (0.978,  0.99, 0.022, 0.944, 0.978, 0.978, 0.833,   1.0,     0,     0,     0),
    "holdout-10.jsonl": (0.978, 0.968, 0.022, 0.944, 0.978, 0.978, 0.833,   1.0,     0,     0,     0),
    "holdout-11.jsonl": (0.978, 0.968, 0.022, 0.944, 0.978, 0.956, 0.833,   1.0,     0,     0,     0),
    "holdout-12.jsonl": (0.978, 0.979, 0.022, 0.944, 0.956, 0.956, 0.833,   1.0,     0,     0,     0),
    "holdout-13.jsonl": (0.978, 0.979, 0.044, 0.944, 0.956, 0.956, 0.666,   1.0,     0,     0,     0),
    "holdout-14.jsonl": (0.978, 0.965, 0.022, 0.944, 0.956, 0.956, 0.833,   1.0,     0,     0,     0),
    "holdout-15.jsonl": (0.978, 0.968, 0.022, 0.944, 0.978, 0.956, 0.833,   1.0,     0,     0,     0),
    "holdout-16.jsonl": (0.978,  0.99, 0.022, 0.944, 0.956, 0.913,   0.5,   1.0,     0,     0,     0),
    "holdout-17.jsonl": (0.978, 0.979, 0.044, 0.944, 0.956, 0.934, 0.666,   1.0,     0,     0,     0),
    # Blind sets, floored by the same rule from their first run on the code they were written after (holdout-18
    # to -20 on 8280f65, -21 to -23 on 8ffef2f, -24 to -26 on c1fb858, -27 to -29 on 84f3e5f, -30 to -32 on
    # 9f32b95, …, -69 to -71 on ee75a35, whose answers ed33ea1 leaves as they were, -72 to -74 on ed33ea1), raised
    # since where the measure rose: they record where the assistant stands on these styles, short of its targets
    # (docs/evaluation.md).
    "holdout-18.jsonl": ( 0.98,  0.99,  0.02, 0.888,  0.94,  0.94,   0.7,   1.0,     0,     0,     0),
    "holdout-19.jsonl": ( 0.98, 0.967,  0.02, 0.944,  0.96,  0.96,   0.8,   1.0,     0,     0,     0),
    "holdout-20.jsonl": ( 0.98,  0.99,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-21.jsonl": ( 0.98,  0.98,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-22.jsonl": ( 0.98,  0.97,  0.02, 0.944,  0.98,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-23.jsonl": ( 0.98,  0.99,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-24.jsonl": ( 0.98, 0.957,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-25.jsonl": ( 0.98,  0.99,  0.02, 0.944,  0.94,  0.94,   0.9,   1.0,     0,     0,     0),
    "holdout-26.jsonl": ( 0.98,  0.98,  0.02, 0.888,  0.98,  0.96,   0.8,   1.0,     0,     0,     0),
    # From their first run on 84f3e5f.
    "holdout-27.jsonl": ( 0.98,  0.98,  0.06, 0.944,  0.94,   0.9,   0.8,   1.0,     0,     0,     0),
    "holdout-28.jsonl": ( 0.98, 0.967,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-29.jsonl": ( 0.98,  0.98,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    # From their first run on 9f32b95.
    "holdout-30.jsonl": ( 0.98,  0.97,  0.02, 0.888,  0.98,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-31.jsonl": ( 0.98,  0.95,  0.02, 0.944,  0.94,  0.88,   0.7,   1.0,     0,     0,     0),
    "holdout-32.jsonl": ( 0.98,  0.99,  0.02, 0.833,  0.98,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-33.jsonl": ( 0.98,  0.97,  0.02, 0.944,  0.96,  0.92,   0.9,   1.0,     0,     0,     0),
    "holdout-34.jsonl": ( 0.98,  0.99,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-35.jsonl": ( 0.98,  0.97,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-36.jsonl": ( 0.98, 0.932,  0.04, 0.888,  0.94,  0.92,   0.7,   1.0,     0,     0,     0),
    "holdout-37.jsonl": ( 0.98,  0.96,  0.04, 0.833,  0.96,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-38.jsonl": ( 0.98,  0.98,  0.02, 0.944,  0.96,  0.92,   0.6,   1.0,     0,     0,     0),
    "holdout-39.jsonl": ( 0.98,  0.97,  0.02, 0.944,  0.96,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-40.jsonl": ( 0.98,  0.99,  0.04, 0.944,  0.96,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-41.jsonl": ( 0.98, 0.977,  0.02, 0.944,  0.96,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-42.jsonl": ( 0.98,  0.96,  0.06, 0.888,  0.92,   0.9,   0.7,   1.0,     0,     0,     0),
    "holdout-43.jsonl": ( 0.98,  0.99,  0.02, 0.944,  0.98,  0.94,   0.9,   1.0,     0,     0,     0),
    "holdout-44.jsonl": ( 0.98,  0.99,  0.02, 0.777,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-45.jsonl": ( 0.98, 0.957,  0.02, 0.944,  0.92,  0.88,   0.6,   1.0,     0,     0,     0),
    "holdout-46.jsonl": ( 0.98, 0.967,  0.04, 0.944,  0.94,  0.94,   0.7,   1.0,     0,     0,     0),
    "holdout-47.jsonl": ( 0.98,  0.99,  0.02, 0.888,  0.98,  0.86,   0.9,   1.0,     0,     0,     0),
    "holdout-48.jsonl": ( 0.98,  0.99,  0.02, 0.888,  0.98,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-49.jsonl": ( 0.98, 0.967,  0.02, 0.944,  0.98,  0.94,   0.9,   1.0,     0,     0,     0),
    "holdout-50.jsonl": ( 0.98, 0.965,  0.02, 0.944,  0.96,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-51.jsonl": ( 0.98,  0.97,  0.04, 0.888,  0.92,  0.92,   0.7,   1.0,     0,     0,     0),
    "holdout-52.jsonl": ( 0.98,  0.98,  0.02, 0.888,  0.98,  0.96,   0.8,   1.0,     0,     0,     0),
    "holdout-53.jsonl": ( 0.98,  0.99,   0.1, 0.944,   0.9,  0.88,   0.8,   1.0,     0,     0,     0),
    "holdout-54.jsonl": ( 0.98, 0.947,  0.02, 0.888,  0.94,  0.88,   0.7,   1.0,     0,     0,     0),
    "holdout-55.jsonl": ( 0.98,  0.96,  0.02, 0.888,  0.94,   0.9,   0.9,   1.0,     0,     0,     0),
    "holdout-56.jsonl": ( 0.96, 0.963,  0.02, 0.944,  0.94,  0.86,   0.9,   1.0,     0,     0,     0),
    "holdout-57.jsonl": ( 0.98,  0.99,  0.02, 0.777,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-58.jsonl": ( 0.98,  0.97,  0.04, 0.944,  0.96,  0.92,   0.7,   1.0,     0,     0,     0),
    "holdout-59.jsonl": ( 0.98,  0.98,  0.06, 0.944,  0.94,  0.94,   0.9,   1.0,     0,     0,     0),
    "holdout-60.jsonl": ( 0.98,  0.96,  0.02, 0.888,  0.94,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-61.jsonl": ( 0.98, 0.955,  0.04, 0.944,  0.92,  0.92,   0.9,   1.0,     0,     0,     0),
    "holdout-62.jsonl": ( 0.98,  0.97,  0.02, 0.888,  0.96,  0.96,   0.8,   1.0,     0,     0,     0),
    "holdout-63.jsonl": ( 0.98,  0.98,  0.04, 0.944,  0.96,  0.96,   0.8,   1.0,     0,     0,     0),
    "holdout-64.jsonl": ( 0.98,  0.97,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-65.jsonl": ( 0.98,  0.99,  0.02, 0.888,  0.98,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-66.jsonl": ( 0.98,  0.96,  0.02, 0.777,  0.94,  0.92,   0.7,   1.0,     0,     0,     0),
    "holdout-67.jsonl": ( 0.98,  0.96,  0.02, 0.944,  0.96,  0.84,   0.6,   1.0,     0,     0,     0),
    "holdout-68.jsonl": ( 0.98,  0.98,  0.04, 0.944,  0.96,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-69.jsonl": ( 0.96, 0.952,  0.02, 0.888,  0.92,  0.92,   0.7,   1.0,     0,     0,     0),
    "holdout-70.jsonl": ( 0.98, 0.964,  0.02, 0.888,  0.92,   0.9,   0.7,   1.0,     0,     0,     0),
    "holdout-71.jsonl": ( 0.98,  0.99,  0.02, 0.944,  0.98,  0.96,   0.8,   1.0,     0,     0,     0),
    "holdout-72.jsonl": ( 0.98,  0.98,  0.02, 0.944,  0.98,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-73.jsonl": ( 0.96, 0.933,  0.04, 0.944,   0.9,  0.88,   0.5,   1.0,     0,     0,     0),
    "holdout-74.jsonl": ( 0.98,  0.97,  0.02, 0.944,  0.98,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-75.jsonl": ( 0.98,  0.97,  0.04, 0.944,  0.94,  0.94,   0.9,   1.0,     0,     0,     0),
    "holdout-76.jsonl": ( 0.98,  0.99,  0.08, 0.944,  0.92,  0.92,   0.9,   1.0,     0,     0,     0),
    "holdout-77.jsonl": ( 0.98,  0.97,  0.04, 0.944,  0.94,  0.94,   0.9,   1.0,     0,     0,     0),
    "holdout-78.jsonl": ( 0.98,  0.98,  0.02, 0.888,  0.98,  0.94,   0.9,   1.0,     0,     0,     0),
    "holdout-79.jsonl": ( 0.98,  0.99,  0.22, 0.944,  0.78,  0.78,   0.7,   1.0,     0,     0,     0),
    "holdout-80.jsonl": ( 0.98,  0.96,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-81.jsonl": ( 0.98,  0.97,  0.02, 0.833,  0.98,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-82.jsonl": ( 0.98,  0.95,  0.02, 0.888,  0.96,  0.96,   0.8,   1.0,     0,     0,     0),
    "holdout-83.jsonl": ( 0.98,  0.98,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-84.jsonl": ( 0.98,  0.98,  0.02, 0.777,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-85.jsonl": ( 0.98,  0.98,  0.02, 0.944,  0.96,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-86.jsonl": ( 0.98,  0.96,  0.02, 0.777,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-87.jsonl": ( 0.98,  0.97,  0.04, 0.888,  0.94,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-88.jsonl": ( 0.98,  0.98,  0.02, 0.944,  0.94,  0.94,   0.7,   1.0,     0,     0,     0),
    "holdout-89.jsonl": ( 0.98,  0.98,  0.02, 0.888,  0.98,  0.96,   0.8,   1.0,     0,     0,     0),
    "holdout-90.jsonl": ( 0.98, 0.957,  0.02, 0.944,  0.94,   0.9,   0.7,   1.0,     0,     0,     0),
    "holdout-91.jsonl": ( 0.98,  0.98,  0.02, 0.777,  0.98,  0.96,   0.8,   1.0,     0,     0,     0),
    "holdout-92.jsonl": ( 0.98, 0.977,  0.02, 0.888,  0.98,  0.96,   0.8,   1.0,     0,     0,     0),
    "holdout-93.jsonl": ( 0.98, 0.947,  0.02, 0.888,  0.96,   0.9,   0.6,   1.0,     0,     0,     0),
    "holdout-94.jsonl": ( 0.98,  0.96,  0.02, 0.944,  0.98,  0.94,   0.9,   1.0,     0,     0,     0),
    "holdout-95.jsonl": ( 0.98,  0.97,  0.02, 0.888,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-96.jsonl": ( 0.98,  0.99,  0.02, 0.944,  0.96,  0.92,   0.8,   1.0,     0,     0,     0),
    "holdout-97.jsonl": ( 0.98, 0.967,  0.14, 0.944,  0.82,   0.8,   0.9,   1.0,     0,     0,     0),
    "holdout-98.jsonl": ( 0.98, 0.965,  0.04, 0.944,  0.94,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-99.jsonl": ( 0.96, 0.934,  0.02, 0.888,   0.9,  0.88,   0.7,   1.0,     0,     0,     0),
    "holdout-100.jsonl": ( 0.96,  0.87,  0.04, 0.888,  0.88,  0.84,   0.8,   1.0,     0,     0,     0),
    "holdout-101.jsonl": ( 0.96, 0.905,  0.04, 0.944,   0.9,  0.88,   0.9,   1.0,     0,     0,     0),
    "holdout-102.jsonl": ( 0.98, 0.898,  0.04, 0.888,   0.9,   0.8,   0.5,   1.0,     0,     0,     0),
    "holdout-103.jsonl": ( 0.94, 0.884,  0.04, 0.888,  0.88,  0.84,   0.8,   1.0,     0,     0,     0),
    "holdout-104.jsonl": ( 0.96, 0.948,  0.06, 0.944,  0.92,  0.88,   0.6,   1.0,     0,     0,     0),
    "holdout-105.jsonl": ( 0.98,  0.94,  0.04, 0.888,  0.96,  0.84,   0.6,   1.0,     0,     0,     0),
    "holdout-106.jsonl": ( 0.92, 0.788,  0.06, 0.833,  0.72,  0.66,   0.5,   1.0,     0,     0,     0),
    "holdout-107.jsonl": ( 0.96, 0.906,  0.04, 0.888,  0.92,  0.92,   0.8,   1.0,     0,     0,     0),
    "holdout-108.jsonl": ( 0.98, 0.893,  0.06, 0.944,   0.9,   0.9,   0.9,   1.0,     0,     0,     0),
    "holdout-109.jsonl": ( 0.96, 0.927,  0.04, 0.888,   0.9,   0.8,   0.8,   1.0,     0,     0,     0),
    "holdout-110.jsonl": ( 0.98,  0.91,  0.02, 0.777,  0.92,  0.88,   0.8,   1.0,     0,     0,     0),
    "holdout-111.jsonl": ( 0.94, 0.872,  0.08, 0.833,  0.88,  0.88,   0.8,   1.0,     0,     0,     0),
    "holdout-112.jsonl": ( 0.96, 0.842,  0.12, 0.722,  0.78,  0.78,   0.6,   1.0,     0,     0,     0),
    "holdout-113.jsonl": ( 0.98, 0.881,  0.08, 0.888,  0.76,  0.76,   0.7,   1.0,     0,     0,     0),
    "holdout-114.jsonl": ( 0.98,  0.95,  0.02, 0.944,  0.98,  0.92,   0.9,   1.0,     0,     0,     0),
    "holdout-115.jsonl": ( 0.98, 0.937,  0.02, 0.722,  0.92,   0.9,   0.8,   1.0,     0,     0,     0),
    "holdout-116.jsonl": ( 0.96, 0.942,  0.02, 0.888,  0.94,  0.92,   0.9,   1.0,     0,     0,     0),
    "holdout-117.jsonl": ( 0.96, 0.835,  0.02, 0.888,  0.84,  0.64,   0.4,   1.0,     0,     0,     0),
    "holdout-118.jsonl": ( 0.96, 0.953,  0.02, 0.888,  0.94,   0.9,   0.7,   1.0,     0,     0,     0),
    "holdout-119.jsonl": ( 0.98, 0.945,  0.04, 0.888,  0.92,  0.88,   0.8,   1.0,     0,     0,     0),
    "holdout-120.jsonl": ( 0.98,  0.97,  0.02, 0.888,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-121.jsonl": ( 0.98, 0.938,  0.02, 0.888,  0.96,  0.92,   0.8,   1.0,     0,     0,     0),
    "holdout-122.jsonl": ( 0.96,  0.82,  0.02, 0.777,  0.84,  0.78,   0.6,   1.0,     0,     0,     0),
    "holdout-123.jsonl": ( 0.96, 0.898,  0.02, 0.888,   0.9,  0.88,   0.8,   1.0,     0,     0,     0),
    "holdout-124.jsonl": ( 0.98, 0.954,  0.08, 0.944,   0.9,   0.9,   0.8,   1.0,     0,     0,     0),
    "holdout-125.jsonl": ( 0.94,   0.9,  0.02, 0.777,   0.9,  0.86,   0.8,   1.0,     0,     0,     0),
    "holdout-126.jsonl": ( 0.96, 0.877,  0.14, 0.944,   0.8,  0.72,   0.6,   1.0,     0,     0,     0),
    "holdout-127.jsonl": ( 0.96, 0.855,  0.04, 0.888,  0.88,   0.8,   0.6,   1.0,     0,     0,     0),
    "holdout-128.jsonl": ( 0.96, 0.915,  0.02, 0.944,   0.9,   0.9,   0.9,   1.0,     0,     0,     0),
    "holdout-129.jsonl": ( 0.96, 0.869,  0.02, 0.888,   0.9,   0.9,   0.9,   1.0,     0,     0,     0),
    "holdout-130.jsonl": ( 0.94, 0.838,   0.1, 0.888,   0.8,  0.74,   0.7,   1.0,     0,     0,     0),
    "holdout-131.jsonl": ( 0.96, 0.953,  0.04, 0.722,  0.92,   0.9,   0.8,   1.0,     0,     0,     0),
    "holdout-132.jsonl": (0.983, 0.913,   0.1, 0.944,  0.85, 0.816,   0.7,   1.0,     0,     0,     0),
    "holdout-133.jsonl": (0.983, 0.915,  0.05, 0.833, 0.866,  0.85,   0.7,   1.0,     0,     0,     0),
    "holdout-134.jsonl": ( 0.95, 0.921, 0.017, 0.944, 0.916, 0.916,   0.9,   1.0,     0,     0,     0),
    "holdout-135.jsonl": ( 0.98,  0.98,  0.02, 0.944,  0.98,  0.94,   0.9,   1.0,     0,     0,     0),
    "holdout-136.jsonl": ( 0.98,  0.99,  0.02, 0.888,  0.98,  0.96,   0.8,   1.0,     0,     0,     0),
    "holdout-137.jsonl": ( 0.98,  0.96,  0.06, 0.944,  0.92,   0.9,   0.8,   1.0,     0,     0,     0),
    "holdout-138.jsonl": ( 0.98, 0.936,  0.02, 0.888,  0.94,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-139.jsonl": ( 0.98,  0.98,  0.02, 0.944,  0.98,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-140.jsonl": ( 0.98, 0.956,  0.02, 0.888,  0.96,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-141.jsonl": ( 0.98,  0.94,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-142.jsonl": ( 0.98, 0.946,  0.02, 0.944,  0.94,  0.94,   0.9,   1.0,     0,     0,     0),
    "holdout-143.jsonl": ( 0.96, 0.892,  0.02, 0.888,  0.96,  0.94,   0.7,   1.0,     0,     0,     0),
    "holdout-144.jsonl": ( 0.94, 0.874,  0.02, 0.833,  0.88,  0.88,   0.7,   1.0,     0,     0,     0),
    "holdout-145.jsonl": ( 0.98, 0.926,  0.02, 0.944,  0.94,   0.9,   0.7,   1.0,     0,     0,     0),
    "holdout-146.jsonl": ( 0.98, 0.936,  0.06, 0.944,   0.9,   0.9,   0.8,   1.0,     0,     0,     0),
    "holdout-147.jsonl": ( 0.96, 0.929,   0.1, 0.944,  0.76,  0.74,   0.6,   1.0,     0,     0,     0),
    "holdout-148.jsonl": ( 0.98, 0.966,  0.02, 0.944,  0.98,  0.96,   0.8,   1.0,     0,     0,     0),
    "holdout-149.jsonl": ( 0.78, 0.626,  0.28, 0.944,  0.58,  0.58,   0.6,   1.0,     0,     0,     0),
    "holdout-150.jsonl": ( 0.98, 0.966,  0.02, 0.833,  0.98,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-151.jsonl": ( 0.98,  0.95,  0.42, 0.944,  0.54,  0.52,   0.4,   1.0,     0,     0,     0),
    "holdout-152.jsonl": ( 0.96, 0.942,   0.2, 0.944,   0.8,   0.8,   0.8,   1.0,     0,     0,     0),
    "holdout-153.jsonl": ( 0.98,  0.98,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-154.jsonl": ( 0.98, 0.966,  0.04, 0.944,  0.94,  0.92,   0.8,   1.0,     0,     0,     0),
    "holdout-155.jsonl": ( 0.98,  0.98,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-156.jsonl": ( 0.96, 0.952,  0.02, 0.944,  0.96,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-157.jsonl": ( 0.98,  0.95,  0.02, 0.833,  0.96,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-158.jsonl": ( 0.96,  0.96,  0.02, 0.944,  0.96,  0.96,   0.8,   1.0,     0,     0,     0),
    "holdout-159.jsonl": ( 0.98,  0.94,  0.02, 0.944,  0.92,   0.9,   0.8,   1.0,     0,     0,     0),
    "holdout-160.jsonl": ( 0.98,  0.96,  0.02, 0.944,  0.98,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-161.jsonl": ( 0.98,  0.97,  0.04, 0.888,  0.96,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-162.jsonl": ( 0.98, 0.946,  0.04, 0.944,  0.94,  0.94,   0.9,   1.0,     0,     0,     0),
    "holdout-163.jsonl": ( 0.96, 0.936,  0.04, 0.944,  0.94,   0.9,   0.6,   1.0,     0,     0,     0),
    "holdout-164.jsonl": ( 0.98, 0.911,  0.04, 0.888,   0.9,  0.84,   0.6,   1.0,     0,     0,     0),
    "holdout-165.jsonl": ( 0.96,  0.91,  0.02, 0.888,  0.96,  0.92,   0.6,   1.0,     0,     0,     0),
    "holdout-166.jsonl": ( 0.98, 0.925,  0.04, 0.777,  0.92,  0.82,   0.9,   1.0,     0,     0,     0),
    "holdout-167.jsonl": ( 0.98, 0.966,  0.02, 0.944,  0.96,  0.96,   0.8,   1.0,     0,     0,     0),
    "holdout-168.jsonl": ( 0.98,  0.96,  0.02, 0.888,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-169.jsonl": ( 0.98,  0.94,  0.02, 0.722,  0.94,  0.94,   0.9,   1.0,     0,     0,     0),
    "holdout-170.jsonl": ( 0.98, 0.925,  0.08, 0.888,  0.88,  0.88,   0.7,   1.0,     0,     0,     0),
    "holdout-171.jsonl": ( 0.98, 0.966,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-172.jsonl": ( 0.98,  0.98,  0.02, 0.944,  0.96,  0.94,   0.7,   1.0,     0,     0,     0),
    "holdout-173.jsonl": ( 0.98, 0.946,  0.04, 0.888,  0.92,  0.92,   0.8,   1.0,     0,     0,     0),
    "holdout-174.jsonl": ( 0.98, 0.956,  0.04, 0.944,  0.86,  0.84,   0.6,   1.0,     0,     0,     0),
    "holdout-175.jsonl": ( 0.98,  0.98,  0.02, 0.777,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-176.jsonl": ( 0.98,  0.95,  0.06, 0.888,   0.9,   0.9,   0.8,   1.0,     0,     0,     0),
    "holdout-177.jsonl": ( 0.98, 0.925,  0.02, 0.944,  0.94,  0.92,   0.7,   1.0,     0,     0,     0),
    "holdout-178.jsonl": ( 0.98,  0.97,  0.02, 0.944,  0.98,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-179.jsonl": ( 0.98,  0.98,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-180.jsonl": ( 0.94, 0.931,  0.04, 0.944,  0.94,  0.92,   0.6,   1.0,     0,     0,     0),
    "holdout-181.jsonl": ( 0.98, 0.963,   0.1, 0.888,  0.88,  0.88,   0.9,   1.0,     0,     0,     0),
    "holdout-182.jsonl": ( 0.98,  0.95,  0.02, 0.888,  0.98,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-183.jsonl": ( 0.98,  0.99,  0.14, 0.944,  0.84,  0.84,   0.8,   1.0,     0,     0,     0),
    "holdout-184.jsonl": ( 0.98,  0.99,  0.04, 0.888,  0.96,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-185.jsonl": ( 0.98,  0.97,  0.04, 0.833,  0.96,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-186.jsonl": ( 0.98, 0.965,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-187.jsonl": ( 0.98,  0.95,  0.02, 0.833,  0.94,  0.94,   0.7,   1.0,     0,     0,     0),
    "holdout-188.jsonl": ( 0.98, 0.966,  0.08, 0.888,   0.9,  0.88,   0.8,   1.0,     0,     0,     0),
    "holdout-189.jsonl": ( 0.98, 0.944,  0.02, 0.944,   0.9,  0.88,   0.7,   1.0,     0,     0,     0),
    "holdout-190.jsonl": ( 0.98, 0.914,  0.06, 0.944,  0.92,  0.88,   0.9,   1.0,     0,     0,     0),
    "holdout-191.jsonl": ( 0.98,  0.96,  0.04, 0.944,  0.94,  0.94,   0.9,   1.0,     0,     0,     0),
    "holdout-192.jsonl": ( 0.98,  0.98,  0.02, 0.944,  0.96,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-193.jsonl": ( 0.98, 0.933,   0.1, 0.888,  0.88,  0.86,   0.7,   1.0,     0,     0,     0),
    "holdout-194.jsonl": ( 0.98,  0.97,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-195.jsonl": ( 0.98,  0.96,  0.02, 0.833,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-196.jsonl": ( 0.98,  0.99,  0.02, 0.944,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-197.jsonl": ( 0.98, 0.953,  0.02, 0.888,  0.96,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-198.jsonl": ( 0.98,  0.95,  0.02, 0.833,  0.94,  0.92,   0.8,   1.0,     0,     0,     0),
    "holdout-199.jsonl": ( 0.96, 0.952,  0.04, 0.777,  0.92,   0.9,   0.7,   1.0,     0,     0,     0),
    "holdout-200.jsonl": ( 0.98,  0.98,  0.02, 0.888,  0.94,   0.9,   0.8,   1.0,     0,     0,     0),
    "holdout-201.jsonl": ( 0.98,  0.98,  0.02, 0.888,  0.96,  0.94,   0.8,   1.0,     0,     0,     0),
    "holdout-202.jsonl": ( 0.98, 0.941,  0.02, 0.888,  0.96,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-203.jsonl": ( 0.96, 0.952,  0.18, 0.944,   0.8,  0.78,   0.7,   1.0,     0,     0,     0),
    "holdout-204.jsonl": ( 0.98, 0.941,  0.02, 0.888,  0.98,  0.98,   0.9,   1.0,     0,     0,     0),
    "holdout-205.jsonl": ( 0.98,  0.96,  0.02, 0.944,  0.94,  0.92,   0.9,   1.0,     0,     0,     0),
    "holdout-206.jsonl": ( 0.98,  0.96,  0.02, 0.833,  0.96,  0.94,   0.9,   1.0,     0,     0,     0),
    "holdout-207.jsonl": ( 0.98,  0.97,  0.02, 0.944,  0.98,  0.96,   0.8,   1.0,     0,     0,     0),
    "holdout-208.jsonl": ( 0.98, 0.956,  0.04, 0.888,  0.96,  0.96,   0.9,   1.0,     0,     0,     0),
    "holdout-209.jsonl": ( 0.98, 0.966,  0.04, 0.944,  0.94,  0.92,   0.7,   1.0,     0,     0,     0),
}.items()}


def measured(report: dict) -> dict[str, float]:
    """The floored measures of one set's report."""
    ranked, answers = report["retrieval"]["hybrid (ours)"], report["answers"]
    values = {"hit@5": round(ranked["hit@5"], 3), "mrr@10": round(ranked["mrr@10"], 3)}
    for key in ("in-scope refused", "out-of-scope refused", "answer cites the expected passage",
                "answer states the expected text", "follow-up states the expected text", "citations valid"):
        values[key] = answers[key]["rate"]
    for key in COUNTED:
        values[key] = answers[key]["count"]
    return values


def floors_for(path: Path) -> dict[str, float]:
    """The floors of one of our sets (none for a set from elsewhere)."""
    path = Path(path).resolve()
    return FLOORS.get(path.name, {}) if path.parent == EVAL_DIR else {}


def check_floors(path: Path, report: dict) -> dict[str, dict]:
    """Each floored measure of `report`: its value, its bound, and whether it holds."""
    values = measured(report)
    return {key: {"value": values[key], "bound": bound, "at most": key in AT_MOST,
                  "ok": values[key] is not None and (values[key] <= bound if key in AT_MOST else values[key] >= bound)}
            for key, bound in floors_for(path).items()}
