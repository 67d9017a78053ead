"""Build, load and cache the spaCy pipeline (blank English + the project's components).

The shipped, trained pipeline lives in ``nlu/model/`` (package data). It is loaded once per
process on first use. If it is missing, the rule components still run without the text
classifier, and a warning is logged.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import spacy
from spacy.language import Language

import nlu.components  # noqa: F401 - registers the project's factories and architecture

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
MODEL_DIR = PACKAGE_DIR / "model"
CONFIG_PATH = PACKAGE_DIR / "configs" / "pipeline.cfg"

_lock = threading.Lock()
_nlp: Language | None = None


def build_rule_pipeline() -> Language:
    """Return a blank English pipeline with the normaliser and the cue matcher."""
    nlp = spacy.blank("en")
    nlp.add_pipe("absence_normaliser_v1")
    nlp.add_pipe("absence_cues_v1")
    return nlp


def load_pipeline(path: Path | None = None) -> Language:
    """Load the trained pipeline from ``path`` (default: the shipped model)."""
    model_dir = path or MODEL_DIR
    if (model_dir / "config.cfg").exists():
        return spacy.load(model_dir)
    logger.warning("NLU model not found at %s; running rules without the text classifier", model_dir)
    return build_rule_pipeline()


def get_pipeline() -> Language:
    """Return the process-wide pipeline, loading it on first use."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = load_pipeline()
    return _nlp


def reset_pipeline(nlp: Language | None = None) -> None:
    """Replace (or drop) the cached pipeline; used after training and in tests."""
    global _nlp
    with _lock:
        _nlp = nlp
