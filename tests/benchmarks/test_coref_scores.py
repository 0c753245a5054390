"""The coreference scorer against hand-worked examples (the computation is in the comments)."""

from __future__ import annotations

import itertools
import random

import pytest
from coref_scores import (
    assignment,
    b_cubed,
    bcubed,
    ceaf_e,
    coref_scores,
    muc,
    pairwise,
    partition,
)

# Pradhan et al. 2014 ("Scoring coreference partitions of predicted mentions"), figure 1.
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_muc_classic_example() -> None:
    # Recall: {a,b,c} is split by the response into {a,b},{c}: 3 - 2 = 1 link kept;
    # {d,e,f,g} into {d},{e} (missing from the response: its own part),{f,g}: 4 - 3 = 1.
    # Recall = (1 + 1) / ((3 - 1) + (4 - 1)) = 2/5.
    assert muc(KEY, RESPONSE) == (2, 5)
    # Precision: {a,b} -> {a,b}: 1; {c,d} -> {c},{d}: 0; {f,g,h,i} -> {f,g},{h},{i}: 1.
    # Precision = 2 / (1 + 1 + 3) = 2/5.
    assert muc(RESPONSE, KEY) == (2, 5)
    scores = coref_scores(KEY, RESPONSE)
    assert scores.muc.recall == pytest.approx(0.4)
    assert scores.muc.precision == pytest.approx(0.4)
    assert scores.muc.f1 == pytest.approx(0.4)


def test_b_cubed_classic_example() -> None:
    # Recall, per key mention |K ∩ R| / |K|: a 2/3, b 2/3, c 1/3, d 1/4, e 0 (missing),
    # f 2/4, g 2/4; sum = 5/3 + 5/4 = 35/12 over 7 mentions = 35/84 = 0.41667.
    total, count = b_cubed(KEY, RESPONSE)
    assert (total, count) == (pytest.approx(35 / 12), 7)
    # Precision, per response mention |R ∩ K| / |R|: a 1, b 1, c 1/2, d 1/2, f 2/4, g 2/4,
    # h 0, i 0 (not in the key); sum = 4 over 8 response mentions = 0.5.
    scores = coref_scores(KEY, RESPONSE)
    assert scores.b3.recall == pytest.approx(35 / 84)
    assert scores.b3.precision == pytest.approx(0.5)
    # F1 = 2PR / (P + R) = 2 * 0.5 * 0.41667 / 0.91667 = 0.45455.
    assert scores.b3.f1 == pytest.approx(2 * 0.5 * (35 / 84) / (0.5 + 35 / 84))
    assert round(scores.b3.f1, 2) == 0.45


def test_ceaf_e_classic_example() -> None:
    # phi4 = 2|K ∩ R| / (|K| + |R|): {a,b,c}-{a,b} 4/5, {a,b,c}-{c,d} 2/5,
    # {d,e,f,g}-{c,d} 2/6, {d,e,f,g}-{f,g,h,i} 4/8. Alignments: 4/5 + 4/8 = 1.3 (best),
    # 4/5 + 2/6 = 1.133, 2/5 + 4/8 = 0.9. Recall 1.3 / 2 key entities = 0.65,
    # precision 1.3 / 3 response entities = 0.4333, F1 = 0.52.
    assert ceaf_e(KEY, RESPONSE) == pytest.approx(1.3)
    scores = coref_scores(KEY, RESPONSE)
    assert scores.ceafe.recall == pytest.approx(0.65)
    assert scores.ceafe.precision == pytest.approx(1.3 / 3)
    assert scores.ceafe.f1 == pytest.approx(0.52)
    # CoNLL = (0.4 + 0.45455 + 0.52) / 3 = 0.45818.
    assert scores.conll_f1 == pytest.approx((0.4 + 5 / 11 + 0.52) / 3)
    assert round(scores.conll_f1, 4) == 0.4582


def test_identical_partitions_score_one() -> None:
    scores = coref_scores(KEY, [set(c) for c in KEY])
    for metric in (scores.muc, scores.b3, scores.ceafe):
        assert (metric.precision, metric.recall, metric.f1) == (1.0, 1.0, 1.0)
    assert scores.conll_f1 == 1.0


def test_all_singletons() -> None:
    singletons = [{m} for m in "abcdefg"]
    # Key {a,b,c},{d,e,f,g} against all singletons: MUC recall 0/5 (no link kept), precision
    # 0/0 = 0. B3 recall: a,b,c each 1/3, d..g each 1/4 -> 2/7; precision 7/7 = 1.
    # CEAF-e: each key cluster aligns with one of its singletons: 2/4 + 2/5 = 0.9;
    # recall 0.9 / 2 = 0.45, precision 0.9 / 7.
    scores = coref_scores(KEY, singletons)
    assert (scores.muc.precision, scores.muc.recall, scores.muc.f1) == (0.0, 0.0, 0.0)
    assert scores.b3.recall == pytest.approx(2 / 7)
    assert scores.b3.precision == 1.0
    assert scores.ceafe.recall == pytest.approx(0.45)
    assert scores.ceafe.precision == pytest.approx(0.9 / 7)
    # Singleton key and singleton response: no links at all, so MUC is 0 (0/0), while B3 and
    # CEAF-e, which count singletons, are perfect.
    same = coref_scores(singletons, [set(c) for c in singletons])
    assert same.muc.f1 == 0.0
    assert same.b3.f1 == 1.0
    assert same.ceafe.f1 == 1.0


def test_empty_response() -> None:
    scores = coref_scores(KEY, [])
    for metric in (scores.muc, scores.b3, scores.ceafe):
        assert (metric.precision, metric.recall, metric.f1) == (0.0, 0.0, 0.0)
    assert scores.conll_f1 == 0.0


def test_partition_groups_keys_and_keeps_none_alone() -> None:
    assert sorted(map(sorted, partition(["x", None, "x", "y", None]))) == [[0, 2], [1], [3], [4]]


def test_pairwise_and_bcubed_for_document_clustering() -> None:
    # Key {1,2,3},{4,5}; response {1,2},{3,4,5}. Key pairs: 12 13 23 45 (4); response pairs:
    # 12 34 35 45 (4); shared: 12 45. Precision 2/4, recall 2/4.
    key = [{1, 2, 3}, {4, 5}]
    response = [{1, 2}, {3, 4, 5}]
    score = pairwise(key, response)
    assert (score.precision, score.recall, score.f1) == (0.5, 0.5, 0.5)
    # BCubed recall: 1 2/3, 2 2/3, 3 1/3, 4 2/2, 5 2/2 -> (5/3 + 2) / 5 = 11/15;
    # precision: 1 2/2, 2 2/2, 3 1/3, 4 2/3, 5 2/3 -> (2 + 5/3) / 5 = 11/15.
    score = bcubed(key, response)
    assert score.precision == pytest.approx(11 / 15)
    assert score.recall == pytest.approx(11 / 15)
    # All singletons against the key: no response pairs (precision 0/0 = 0), recall 0.
    assert pairwise(key, [{m} for m in range(1, 6)]).f1 == 0.0


def test_assignment_small_matrix_by_hand() -> None:
    # Rows x columns: best is row0-col1 (5) + row1-col0 (4) = 9, not the greedy 6 + 1.
    assert assignment([[6, 5], [4, 1]]) == 9
    # More columns than rows, and more rows than columns (transposed).
    assert assignment([[1, 2, 3]]) == 3
    assert assignment([[1], [7], [2]]) == 7
    assert assignment([]) == 0.0


def test_assignment_matches_brute_force() -> None:
    generator = random.Random(5)
    for _ in range(200):
        rows, columns = generator.randint(1, 5), generator.randint(1, 5)
        weights = [[generator.random() for _ in range(columns)] for _ in range(rows)]
        if rows <= columns:
            best = max(
                sum(weights[i][j] for i, j in enumerate(chosen))
                for chosen in itertools.permutations(range(columns), rows)
            )
        else:
            best = max(
                sum(weights[i][j] for j, i in enumerate(chosen))
                for chosen in itertools.permutations(range(rows), columns)
            )
        assert assignment(weights) == pytest.approx(best)


def test_ceaf_e_components_equal_one_big_assignment() -> None:
    # Solving each connected component alone must give the same total as the full matrix.
    generator = random.Random(7)
    for _ in range(50):
        items = list(range(30))
        key = partition([generator.randint(0, 8) for _ in items])
        response = partition([generator.randint(0, 10) for _ in items])
        full = assignment([[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key])
        assert ceaf_e(key, response) == pytest.approx(full)
