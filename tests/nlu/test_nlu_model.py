"""The shipped pipeline loads from package files, is small, and has the project's components."""

from nlu.components import SAFEGUARDING_LABEL
from nlu.pipeline import MODEL_DIR, load_pipeline
from nlu.proposal import INTENTS


def test_shipped_model_loads() -> None:
    nlp = load_pipeline()
    assert nlp.pipe_names == ["absence_normaliser", "absence_cues", "textcat", "safeguard"]
    assert set(nlp.get_pipe("textcat").labels) == set(INTENTS)
    doc = nlp("ollie has a temp wont be in tmrw")
    assert abs(sum(v for k, v in doc.cats.items() if k in INTENTS) - 1.0) < 1e-3
    assert set(nlp.get_pipe("safeguard").labels) == {SAFEGUARDING_LABEL}
    assert 0.0 <= doc.cats[SAFEGUARDING_LABEL] <= 1.0
    assert any(span.label_ == "ILL" for span in doc.spans["cues"])


def test_model_is_small() -> None:
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 20 * 1024 * 1024
