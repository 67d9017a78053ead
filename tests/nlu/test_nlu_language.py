"""Non-English messages: recognised, proposed by meaning when clear, else N; said in evidence."""

import pytest

from nlu.language import guess_language
from tests.nlu.nlu_helpers import run

CASES = [
    ("Dzień dobry, Oliver jest chory i dzisiaj zostanie w domu. Pozdrawiam", "pl", "I"),
    ("Bună ziua, Oliver este bolnav azi și nu va veni la școală. Mulțumesc", "ro", "I"),
    ("Buenos días, Oliver está enfermo hoy y no va a ir al colegio. Gracias", "es", "I"),
    ("Oliver ki tabiyat theek nahi hai, aaj school nahi aa sakega. Shukriya", "ur", "I"),
]


@pytest.mark.parametrize(("text", "lang", "code"), CASES)
def test_foreign_absence(text: str, lang: str, code: str) -> None:
    p = run(text)
    assert p.language == lang
    assert p.intent == "absence" and p.code == code
    assert any(e.startswith("language: not English") for e in p.evidence)


def test_unclear_foreign_is_n_with_low_confidence() -> None:
    p = run("Oliver maanta iskuulka ma imaan karo. Mahadsanid")
    assert p.language == "so"
    assert p.code == "N"
    assert p.confidence < 0.6


def test_english_stays_english() -> None:
    assert guess_language("Oliver is off sick today, sorry").code == "en"
