"""parse_jsonl: one output object per input line, in order, with the contract's keys; never crashes."""

import io
import json

from nlu.cli import parse_jsonl

KEYS = {"id", "intent", "pupils", "code", "first_day", "last_day", "sessions", "safeguarding", "confidence"}


def _case(case_id: str, text: str) -> str:
    return json.dumps({
        "id": case_id, "received_at": "2026-11-18T07:30:00+00:00", "channel": "sms",
        "children": [{"id": "P1", "first_name": "Maisie", "last_name": "Doyle", "year": "4"}],
        "text": text, "gold": {"intent": "other"},
    })


def test_order_and_shape() -> None:
    lines = [_case(f"c{i}", t) for i, t in enumerate(["Maisie off sick today", "running late sorry", "thanks", ""])]
    out = io.StringIO()
    assert parse_jsonl(io.StringIO("\n".join(lines) + "\n"), out) == 4
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["c0", "c1", "c2", "c3"]
    assert all(set(r) == KEYS for r in rows)
    assert rows[0]["intent"] == "absence" and rows[0]["first_day"] == "2026-11-18"
    assert rows[1]["intent"] == "late"


def test_bad_line_still_gets_an_output(capsys) -> None:
    src = _case("a", "Maisie has a temp") + "\n{not json\n" + _case("b", "Maisie has a temp") + "\n"
    out = io.StringIO()
    assert parse_jsonl(io.StringIO(src), out) == 3
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["a", None, "b"]
    assert rows[1]["intent"] == "other" and set(rows[1]) == KEYS
    assert "warning" in capsys.readouterr().err
