"""Train the pipeline's intent TextCategorizer from generated data and save it (reproducibly)."""

from __future__ import annotations

import logging
import random
from pathlib import Path

from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, load_config, load_model_from_config, minibatch

import nlu.components  # noqa: F401 - registers factories and the architecture
from nlu.pipeline import CONFIG_PATH, MODEL_DIR, reset_pipeline
from nlu.proposal import INTENTS
from nlu.training.generate import generate

logger = logging.getLogger(__name__)


def build_untrained(seed: int) -> Language:
    """Create the pipeline from ``nlu/configs/pipeline.cfg`` with the given seed."""
    config = load_config(CONFIG_PATH, overrides={"system.seed": seed})
    return load_model_from_config(config, auto_fill=True, validate=True)


def _examples(nlp: Language, n_per_intent: int, seed: int) -> list[Example]:
    examples = []
    for item in generate(n_per_intent, seed):
        doc = nlp.make_doc(item["text"])
        cats = {label: float(label == item["intent"]) for label in INTENTS}
        examples.append(Example.from_dict(doc, {"cats": cats}))
    return examples


def train_nlp(seed: int = 0, n_per_intent: int = 600, epochs: int | None = None) -> Language:
    """Return a freshly trained pipeline (same seed, same data, same weights)."""
    fix_random_seed(seed)
    nlp = build_untrained(seed)
    textcat = nlp.get_pipe("textcat")
    for label in INTENTS:
        textcat.add_label(label)  # type: ignore[attr-defined]
    examples = _examples(nlp, n_per_intent, seed)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    max_epochs = epochs or int(nlp.config["training"]["max_epochs"])
    dropout = float(nlp.config["training"]["dropout"])
    for epoch in range(max_epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=32):
            nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses, annotates=["absence_normaliser", "absence_cues"])
        logger.info("epoch %d loss %.3f", epoch, losses.get("textcat", 0.0))
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
