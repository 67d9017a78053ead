"""absence-bot NLU: read a parent's message and propose intent, pupils, code, days and cues.

Public API: :class:`Child`, :class:`Proposal`, :func:`parse` and :func:`warm_up` (once, at start-up).
"""

from nlu.parser import parse, warm_up
from nlu.proposal import Child, Proposal

__all__ = ["Child", "Proposal", "parse", "warm_up"]
