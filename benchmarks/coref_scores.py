"""Coreference and clustering scores, written from the metric definitions (Pradhan et al. 2014).

Shared by `actors.py` (entity coreference) and `ecb.py` (document clustering, event coreference)
so both benchmarks score the same way. A partition is a list of sets of hashable items (mentions
or documents); the key and the response may hold different items:
- MUC (links): recall = sum over key clusters K of (|K| - |p(K)|) / sum of (|K| - 1), where p(K)
  splits K by the response clusters and an item missing from the response is a part of its own;
  precision swaps key and response.
- B3 (items): recall = mean over key items m of |K(m) ∩ R(m)| / |K(m)| (0 when m is missing from
  the response); precision swaps key and response.
- CEAF-e (entities): phi4(K, R) = 2|K ∩ R| / (|K| + |R|); the best one-to-one alignment of key and
  response clusters (Kuhn-Munkres, our own: scipy is not a dependency) gives Phi; recall =
  Phi / #key clusters, precision = Phi / #response clusters.
- CoNLL F1: the mean of the three F1s.
- Pairwise (document clustering): precision = share of the response's same-cluster pairs that the
  key also puts together; recall swaps.
A ratio with a zero denominator is 0 (as the reference scorer does: MUC of all-singleton
partitions is 0, not 1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

Partition = list[set[Hashable]]


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one metric."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return ratio(2 * self.precision * self.recall, self.precision + self.recall)


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def partition(keys: Iterable[Hashable | None]) -> Partition:
    """Item indices grouped by key; a None key makes a singleton of its own."""
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for index, key in enumerate(keys):
        groups[("alone", index) if key is None else ("key", key)].add(index)
    return list(groups.values())


def muc(key: Partition, response: Partition) -> tuple[int, int]:
    """(numerator, denominator) of MUC recall of `response` against `key`."""
    where = {m: i for i, cluster in enumerate(response) for m in cluster}
    numerator = 0
    for cluster in key:
        parts = {where.get(m, ("missing", m)) for m in cluster}
        numerator += len(cluster) - len(parts)
    return numerator, sum(len(cluster) - 1 for cluster in key)


def b_cubed(key: Partition, response: Partition) -> tuple[float, int]:
    """(sum over key items of |K ∩ R| / |K|, number of key items): B3 recall's parts."""
    response_of = {m: cluster for cluster in response for m in cluster}
    total = sum(len(c & response_of.get(m, set())) / len(c) for c in key for m in c)
    return total, sum(map(len, key))


def assignment(weights: list[list[float]]) -> float:
    """Largest total weight of a one-to-one assignment of rows to columns (Kuhn-Munkres, O(n²m))."""
    rows, columns = len(weights), len(weights[0]) if weights else 0
    if rows == 0 or columns == 0:
        return 0.0
    if rows > columns:
        return assignment([list(column) for column in zip(*weights, strict=True)])
    # Minimise the negated weights; 1-based potentials u (rows), v (columns), p[j] = row of j.
    cost = [[0.0] * (columns + 1)] + [[0.0, *(-w for w in row)] for row in weights]
    u, v = [0.0] * (rows + 1), [0.0] * (columns + 1)
    p, way = [0] * (columns + 1), [0] * (columns + 1)
    for i in range(1, rows + 1):
        p[0], j0 = i, 0
        least, used = [float("inf")] * (columns + 1), [False] * (columns + 1)
        while p[j0]:
            used[j0], i0, delta, j1 = True, p[j0], float("inf"), 0
            for j in range(1, columns + 1):
                if not used[j]:
                    reduced = cost[i0][j] - u[i0] - v[j]
                    if reduced < least[j]:
                        least[j], way[j] = reduced, j0
                    if least[j] < delta:
                        delta, j1 = least[j], j
            for j in range(columns + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            j0 = j1
        while j0:
            p[j0] = p[way[j0]]
            j0 = way[j0]
    return sum(weights[p[j] - 1][j - 1] for j in range(1, columns + 1) if p[j])


def phi4(k: set[Hashable], r: set[Hashable]) -> float:
    return 2 * len(k & r) / (len(k) + len(r))


def ceaf_e(key: Partition, response: Partition) -> float:
    """Total phi4 of the best one-to-one alignment of key and response clusters.

    Clusters sharing no item have phi4 = 0, so the alignment is solved separately on each connected
    component of the "shares an item" graph: exact, and fast on thousands of clusters.
    """
    parent = list(range(len(key) + len(response)))  # key clusters, then response clusters

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    key_of = {m: i for i, cluster in enumerate(key) for m in cluster}
    for j, cluster in enumerate(response):
        for m in cluster:
            if m in key_of:
                parent[root(len(key) + j)] = root(key_of[m])
    components: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in range(len(key)):
        components[root(i)][0].append(i)
    for j in range(len(response)):
        components[root(len(key) + j)][1].append(j)
    return sum(
        assignment([[phi4(key[i], response[j]) for j in columns] for i in rows])
        for rows, columns in components.values()
    )


@dataclass(frozen=True)
class CorefScores:
    """MUC, B3 and CEAF-e of one response against one key, and their CoNLL mean."""

    muc: Score
    b3: Score
    ceafe: Score

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b3.f1 + self.ceafe.f1) / 3


def coref_scores(key: Partition, response: Partition) -> CorefScores:
    """All three metrics of `response` against `key`, over one pool of items."""
    phi = ceaf_e(key, response)
    return CorefScores(
        muc=Score(ratio(*muc(response, key)), ratio(*muc(key, response))),
        b3=Score(ratio(*b_cubed(response, key)), ratio(*b_cubed(key, response))),
        ceafe=Score(ratio(phi, len(response)), ratio(phi, len(key))),
    )


def pairwise(key: Partition, response: Partition) -> Score:
    """Pair precision and recall: same-cluster pairs of the response that the key shares."""
    key_of = {m: i for i, cluster in enumerate(key) for m in cluster}
    response_of = {m: i for i, cluster in enumerate(response) for m in cluster}

    def agreeing(first: Partition, other: dict[Hashable, int]) -> tuple[int, int]:
        shared = total = 0
        for cluster in first:
            total += len(cluster) * (len(cluster) - 1) // 2
            counts: dict[Hashable, int] = defaultdict(int)
            for m in cluster:
                if m in other:
                    counts[other[m]] += 1
            shared += sum(n * (n - 1) // 2 for n in counts.values())
        return shared, total

    return Score(ratio(*agreeing(response, key_of)), ratio(*agreeing(key, response_of)))


def bcubed(key: Partition, response: Partition) -> Score:
    """BCubed precision and recall of a clustering (the B3 of coreference, over items)."""
    return Score(ratio(*b_cubed(response, key)), ratio(*b_cubed(key, response)))
