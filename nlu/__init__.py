"""absence-bot NLU: read a parent's message and propose intent, pupils, code, days and cues.

Public API: :class:`Child`, :class:`Proposal` and :func:`parse`.
"""

from nlu.parser import parse
from nlu.proposal import Child, Proposal

__all__ = ["Child", "Proposal", "parse"]
