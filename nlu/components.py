"""The project's own spaCy components and model architecture.

- ``absence_normaliser_v1``: writes canonical norms (text-speak, contractions, typos).
- ``absence_cues_v1``: a PhraseMatcher over the cue lexicons, stored in ``doc.spans["cues"]``.
- ``absence_bot.TextCatBOWNorm.v1``: spaCy's bag-of-words text classifier, reading
  token norms instead of verbatim text so that typos and text-speak share features. Used twice:
  ``textcat`` (intent) and ``safeguard`` (one label, ``SAFEGUARDING_CUE``).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import cast

from spacy.attrs import NORM
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.ml import extract_ngrams
from spacy.ml.models.textcat import resize_and_set_ref, resize_linear_weighted
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    Logistic,
    Model,
    SparseLinear_v2,
    chain,
    resizable,
    softmax_activation,
    with_cpu,
)

from nlu.lexicon import CUE_LEXICONS
from nlu.normalise import norm_token

logger = logging.getLogger(__name__)

CUES_KEY = "cues"
SAFEGUARDING_LABEL = "SAFEGUARDING_CUE"  # the safeguarding classifier's one label in doc.cats


def normalise_doc(doc: Doc) -> Doc:
    """Set ``norm_`` on every token of ``doc`` to its canonical form."""
    tokens = list(doc)
    lowers = [t.lower_ for t in tokens]
    for i, token in enumerate(tokens):
        prev = lowers[i - 1] if i > 0 else ""
        nxt = lowers[i + 1] if i + 1 < len(lowers) else ""
        norm = norm_token(lowers[i], prev, nxt)
        if norm != token.norm_:
            token.norm_ = norm
    return doc


@Language.component("absence_normaliser_v1")
def absence_normaliser(doc: Doc) -> Doc:
    """Normalise token norms (pipeline component)."""
    return normalise_doc(doc)


class CueMatcher:
    """Mark lexicon cues (illness, appointment, safeguarding...) as labelled spans."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        for label, phrases in CUE_LEXICONS.items():
            docs = [self._pattern(nlp, phrase) for phrase in phrases]
            self.matcher.add(label, [d for d in docs if len(d)])

    @staticmethod
    def _pattern(nlp: Language, phrase: str) -> Doc:
        # Norms that expand to several words ("wont" -> "will not") are re-tokenised so
        # that a pattern lines up token by token with a message.
        doc = normalise_doc(nlp.make_doc(phrase))
        return normalise_doc(nlp.make_doc(" ".join(t.norm_ for t in doc)))

    def __call__(self, doc: Doc) -> Doc:
        """Add the cue spans of ``doc``."""
        matches = self.matcher(doc, as_spans=True)
        doc.spans[CUES_KEY] = list(matches)
        return doc


@Language.factory("absence_cues_v1")
def make_cue_matcher(nlp: Language, name: str) -> CueMatcher:
    """Build the cue matcher from :mod:`nlu.lexicon`."""
    return CueMatcher(nlp, name)


@registry.architectures("absence_bot.TextCatBOWNorm.v1")
def build_bow_norm_classifier(
    exclusive_classes: bool,
    ngram_size: int,
    no_output_layer: bool,
    length: int = 131072,
    nO: int | None = None,
) -> Model:
    """Bag-of-ngrams classifier over token norms (spaCy's TextCatBOW.v3 on NORM)."""
    length = 2 ** (length - 1).bit_length()
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    fill_defaults = {"b": 0, "W": 0}
    output_layer = None
    if not no_output_layer:
        fill_defaults["b"] = -1e4
        output_layer = softmax_activation() if exclusive_classes else Logistic()
    resizable_layer = resizable(
        sparse_linear,
        resize_layer=partial(resize_linear_weighted, fill_defaults=fill_defaults),
    )
    model = chain(extract_ngrams(ngram_size, attr=NORM), resizable_layer)
    model = with_cpu(model, model.ops)
    if output_layer is not None:
        model = chain(model, with_cpu(output_layer, output_layer.ops))
    if nO is not None:
        model.set_dim("nO", cast(int, nO))
    model.set_ref("output_layer", sparse_linear)
    model.attrs["multi_label"] = not exclusive_classes
    model.attrs["resize_output"] = partial(resize_and_set_ref, resizable_layer=resizable_layer)
    return model
