"""One analysed message: the spaCy doc, token norms, clause boundaries and cue spans."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from nlu.components import CUES_KEY

CLAUSE_BREAKS = {".", "!", "?", ";", "\n", "but", ",", "however", ":"}
NEGATORS = {"not", "no", "never", "n't", "nothing", "without"}


@dataclass(frozen=True)
class Cue:
    """A lexicon match: label, token span and the words matched."""

    label: str
    start: int
    end: int
    text: str


@dataclass
class MessageContext:
    """Everything the rule modules read about one message."""

    doc: Doc
    norms: list[str]
    norm_text: str
    clause: list[int]
    cues: dict[str, list[Cue]] = field(default_factory=dict)

    @classmethod
    def from_doc(cls, doc: Doc) -> "MessageContext":
        """Build the context from a doc that went through the cue pipeline."""
        norms: list[str] = []
        clause: list[int] = []
        current = 0
        for token in doc:
            norm = token.norm_
            if norm in CLAUSE_BREAKS or "\n" in token.text:
                current += 1
            norms.append(norm)
            clause.append(current)
        cues: dict[str, list[Cue]] = {}
        for span in doc.spans[CUES_KEY] if CUES_KEY in doc.spans else []:
            cue = Cue(span.label_, span.start, span.end, span.text)
            cues.setdefault(span.label_, []).append(cue)
        # Keep only the longest match among cues of one label that overlap.
        for label, found in cues.items():
            found.sort(key=lambda c: (c.start, -(c.end - c.start)))
            kept: list[Cue] = []
            for cue in found:
                if kept and cue.start < kept[-1].end:
                    continue
                kept.append(cue)
            cues[label] = kept
        norm_text = " ".join(norms).lower()
        return cls(doc=doc, norms=norms, norm_text=norm_text, clause=clause, cues=cues)

    def get(self, label: str) -> list[Cue]:
        """Return the cues of one label."""
        return self.cues.get(label, [])

    def has(self, label: str) -> bool:
        """Tell whether any cue of ``label`` was found."""
        return bool(self.cues.get(label))

    def negated(self, cue: Cue) -> bool:
        """Tell whether a negator sits just before ``cue`` in the same clause."""
        if cue.text.lower().startswith(("not", "no ")):
            return False
        for i in range(max(0, cue.start - 3), cue.start):
            if self.norms[i] in NEGATORS and self.clause[i] == self.clause[cue.start]:
                between = self.norms[i + 1 : cue.start]
                if "and" not in between and "or" not in between:
                    return True
        return False

    def same_clause(self, a: Cue, b: Cue) -> bool:
        """Tell whether two cues are in one clause."""
        return self.clause[a.start] == self.clause[min(b.start, len(self.clause) - 1)]

    def overlaps(self, cue: Cue, label: str) -> bool:
        """Tell whether ``cue`` overlaps any cue of ``label``."""
        return any(o.start < cue.end and cue.start < o.end for o in self.get(label))
