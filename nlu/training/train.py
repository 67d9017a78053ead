"""Train the pipeline's intent TextCategorizer and safeguarding-cue classifier from generated data
and save them (reproducibly)."""

from __future__ import annotations

import logging
import random
from pathlib import Path

from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, load_config, load_model_from_config, minibatch

import nlu.components  # noqa: F401 - registers factories and the architecture
from nlu.components import SAFEGUARDING_LABEL
from nlu.pipeline import CONFIG_PATH, MODEL_DIR, reset_pipeline
from nlu.proposal import INTENTS
from nlu.training.generate import generate
from nlu.training.safeguarding_data import generate_safeguarding
from nlu.training.written import WRITTEN_REPEAT, WRITTEN_SETS, load_written

logger = logging.getLogger(__name__)


def build_untrained(seed: int) -> Language:
    """Create the pipeline from ``nlu/configs/pipeline.cfg`` with the given seed."""
    config = load_config(CONFIG_PATH, overrides={"system.seed": seed})
    return load_model_from_config(config, auto_fill=True, validate=True)


def _examples(nlp: Language, n_per_intent: int, seed: int, written: list[dict[str, object]], repeat: int) -> list[Example]:
    examples = []
    items = list(generate(n_per_intent, seed)) + [w for w in written for _ in range(repeat)]
    for item in items:
        doc = nlp.make_doc(str(item["text"]))
        cats = {label: float(label == item["intent"]) for label in INTENTS}
        examples.append(Example.from_dict(doc, {"cats": cats}))
    return examples


SG_LABEL = SAFEGUARDING_LABEL


def _sg_examples(nlp: Language, n_per_intent: int, seed: int, written: list[dict[str, object]], repeat: int) -> list[Example]:
    examples = []
    n_pos = max(20, n_per_intent * 5 // 2)
    items = list(generate_safeguarding(n_pos=n_pos, n_neg=2 * n_pos, seed=seed)) + [w for w in written for _ in range(repeat)]
    for item in items:
        doc = nlp.make_doc(str(item["text"]))
        examples.append(Example.from_dict(doc, {"cats": {SG_LABEL: float(bool(item["cue"]))}}))
    return examples


def train_nlp(seed: int = 0, n_per_intent: int = 600, epochs: int | None = None,
              written_sets: str = WRITTEN_SETS, written_repeat: int = WRITTEN_REPEAT) -> Language:
    """Return a freshly trained pipeline (same seed, same data, same weights).

    Both classifiers learn from the synthetic templates plus the hand-written sets ``written_sets``
    (``nlu/training/written.py``), each written message repeated ``written_repeat`` times.
    """
    fix_random_seed(seed)
    written = load_written(written_sets)
    nlp = build_untrained(seed)
    textcat = nlp.get_pipe("textcat")
    for label in INTENTS:
        textcat.add_label(label)  # type: ignore[attr-defined]
    examples = _examples(nlp, n_per_intent, seed, written, written_repeat)
    has_sg = "safeguard" in nlp.pipe_names
    sg_examples: list[Example] = []
    if has_sg:
        nlp.get_pipe("safeguard").add_label(SG_LABEL)  # type: ignore[attr-defined]
        sg_examples = _sg_examples(nlp, n_per_intent, seed, written, written_repeat)
    # Each classifier is initialised on its own examples, so each keeps only its own labels.
    with nlp.select_pipes(disable=["safeguard"] if has_sg else []):
        optimizer = nlp.initialize(lambda: examples)
    if has_sg:
        nlp.get_pipe("safeguard").initialize(lambda: sg_examples, nlp=nlp, labels=[SG_LABEL])  # type: ignore[attr-defined]
    rng = random.Random(seed)
    max_epochs = epochs or int(nlp.config["training"]["max_epochs"])
    dropout = float(nlp.config["training"]["dropout"])
    for epoch in range(max_epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=32):
            nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses, exclude=["safeguard"],
                       annotates=["absence_normaliser", "absence_cues"])
        logger.info("epoch %d loss %.3f", epoch, losses.get("textcat", 0.0))
    # The safeguarding classifier is trained after the intent classifier, so that adding it
    # leaves the intent weights as they were.
    # It shuffles with its own stream, advanced as the original intent loop (5 x n_per_intent base examples)
    # advanced it, so enriching the intent data does not move the safeguarding weights.
    sg_rng = random.Random(seed)
    for _ in range(max_epochs):
        sg_rng.shuffle([0] * (len(INTENTS) * n_per_intent))
    for epoch in range(max_epochs if has_sg else 0):
        sg_rng.shuffle(sg_examples)
        losses = {}
        for batch in minibatch(sg_examples, size=32):
            nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses, exclude=["textcat"],
                       annotates=["absence_normaliser", "absence_cues"])
        logger.info("safeguard epoch %d loss %.3f", epoch, losses.get("safeguard", 0.0))
    return nlp


def train_pipeline(output_dir: Path | None = None, seed: int = 0, n_per_intent: int = 600) -> Path:
    """Train and save the pipeline (default: the shipped ``nlu/model``); return the directory."""
    target = output_dir or MODEL_DIR
    nlp = train_nlp(seed=seed, n_per_intent=n_per_intent)
    target.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    if target == MODEL_DIR:
        reset_pipeline()
    logger.info("saved NLU pipeline to %s", target)
    return target
