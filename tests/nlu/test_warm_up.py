"""Start-up warm-up: the service reads its first parent's message with everything already built."""

from __future__ import annotations

import gc

from handlers.parent_report import default_parser
from nlu import parse


def test_default_parser_warms_up_and_freezes_the_long_lived_objects() -> None:
    try:
        assert default_parser() is parse
        assert gc.get_freeze_count() > 10_000  # the model's objects, out of every later collection's walk
    finally:
        gc.unfreeze()
