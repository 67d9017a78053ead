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
    """``absence-bot nlu train`` (seed 0, default data) reproduces the shipped classifiers.

    Byte for byte on the machine that trained them; elsewhere the float kernels chosen for the CPU
    (AVX2 on one, AVX-512 on another) round differently in the last bits, so every weight is
    compared to within 1e-5 (seen: 3e-7 between an Intel and an AMD machine): a retrain with
    other data or settings moves weights by far more.
    """
    import numpy as np

    from nlu.pipeline import MODEL_DIR, load_pipeline

    shipped = load_pipeline(MODEL_DIR)
    trained = train_nlp(seed=0)
    for name in ("textcat", "safeguard"):
        ours, theirs = list(trained.get_pipe(name).model.walk()), list(shipped.get_pipe(name).model.walk())
        assert [n.name for n in ours] == [n.name for n in theirs], name
        for a, b in zip(ours, theirs):
            assert a.param_names == b.param_names, (name, a.name)
            for param in a.param_names:
                if a.has_param(param):
                    x, y = a.get_param(param), b.get_param(param)
                    assert x.shape == y.shape and np.allclose(x, y, rtol=0, atol=1e-5), (name, a.name, param)
