"""Training is reproducible: same seed and data give byte-identical weights."""

from nlu.training.generate import generate
from nlu.training.train import train_nlp


def test_generator_is_deterministic() -> None:
    assert list(generate(20, seed=3)) == list(generate(20, seed=3))
    assert list(generate(20, seed=3)) != list(generate(20, seed=4))


def test_same_seed_same_bytes() -> None:
    a = train_nlp(seed=7, n_per_intent=20, epochs=2)
    b = train_nlp(seed=7, n_per_intent=20, epochs=2)
    assert a.get_pipe("textcat").to_bytes() == b.get_pipe("textcat").to_bytes()
    text = "sorry he will be late, traffic"
    assert a(text).cats == b(text).cats


def test_safeguarding_classifier_is_reproducible() -> None:
    a = train_nlp(seed=5, n_per_intent=20, epochs=2)
    b = train_nlp(seed=5, n_per_intent=20, epochs=2)
    assert a.get_pipe("safeguard").to_bytes() == b.get_pipe("safeguard").to_bytes()


def test_safeguarding_generator_has_both_classes() -> None:
    from nlu.training.safeguarding_data import generate_safeguarding

    items = list(generate_safeguarding(n_pos=50, n_neg=100, seed=1))
    assert items == list(generate_safeguarding(n_pos=50, n_neg=100, seed=1))
    assert {bool(i["cue"]) for i in items} == {True, False}


def test_written_sets_never_include_held_out_k() -> None:
    import pytest

    from nlu.training.written import WRITTEN_SETS, load_written

    assert "k" not in WRITTEN_SETS
    assert len(load_written()) == 2020
    with pytest.raises(ValueError):
        load_written("ak")


def test_shipped_model_is_what_train_produces() -> None:
    """``absence-bot nlu train`` (seed 0, default data) reproduces the shipped classifiers byte for byte."""
    from nlu.pipeline import MODEL_DIR, load_pipeline

    shipped = load_pipeline(MODEL_DIR)
    trained = train_nlp(seed=0)
    for name in ("textcat", "safeguard"):
        assert trained.get_pipe(name).to_bytes() == shipped.get_pipe(name).to_bytes(), name
