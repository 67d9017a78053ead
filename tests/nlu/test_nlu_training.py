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
