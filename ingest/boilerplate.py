"""Site chrome learned afresh on every ingest from the guides themselves: blocks unrelated guides share."""
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from ingest.clean import normalise

# Two files sharing half the two-line runs of the smaller one are versions of one guide (an edited copy,
# a guide pasted into a bigger file): what they share is that guide's text, not chrome.
NEAR_IDENTICAL = 0.5
# Chrome is a small part of a page (the ad block our guides share is 2–3% of each). What a guide shares
# with one other file beyond this share is copied text (an excerpt pasted elsewhere), so it stays.
MAX_SHARE = 0.2


@dataclass
class Learned:
    chrome: list[frozenset[str]]  # per text: the learned lines to remove from it
    overlaps: list[dict[int, float]]  # per text: other texts it shares too much with to call it chrome -> share


def learn(texts: list[str], *, min_chars: int = 40) -> Learned:
    """Lines of any two-line run that two texts share, unless they are versions of one guide or the run
    would take more than MAX_SHARE of a text.

    Real guide prose never repeats two consecutive lines across guides; site chrome
    (advertisements, sign-up blurbs) does. `min_chars` keeps short list items that
    happen to coincide ("- Pain", "- Sports") from counting.
    """
    lines = [[normalise(line) for line in text.splitlines() if line.strip()] for text in texts]
    runs = [set(zip(ls, ls[1:])) for ls in lines]
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, pairs in enumerate(runs):
        for pair in pairs:
            holders[pair].append(i)
    common = Counter(couple for docs in holders.values() if len(docs) > 1 for couple in combinations(docs, 2))
    versions = {(i, j) for (i, j), n in common.items() if n >= NEAR_IDENTICAL * min(len(runs[i]), len(runs[j]))}
    shared: dict[tuple[int, int], set[str]] = defaultdict(set)
    for pair, docs in holders.items():
        if len(pair[0]) + len(pair[1]) >= min_chars:
            for i, j in combinations(docs, 2):
                if (i, j) not in versions:
                    shared[i, j].update(pair)
                    shared[j, i].update(pair)
    learned = Learned(chrome=[frozenset()] * len(texts), overlaps=[{} for _ in texts])
    for (i, j), found in shared.items():
        share = _share(lines[i], found)
        if share > MAX_SHARE:
            learned.overlaps[i][j] = share
        else:
            learned.chrome[i] |= found
    return learned


def repeated_blocks(texts: list[str], *, min_chars: int = 40) -> set[str]:
    """Every line learned as chrome in any of `texts`."""
    return set().union(*learn(texts, min_chars=min_chars).chrome)


def _share(lines: list[str], found: set[str]) -> float:
    total = sum(len(line) for line in lines)
    return sum(len(line) for line in lines if line in found) / total if total else 0.0
