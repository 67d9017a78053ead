"""Families from the fifth round of error analysis (dev + unseen_a-e pooled), in our own wording.

Structural rules rather than phrases: a reason with no day missed is not a new absence; the
illness must belong to the child; questions to the office are not absences; "still poorly" with a
new day missed is an absence; safeguarding cue words in ordinary contexts are not cues.
"""

from __future__ import annotations

import pytest

from tests.nlu.nlu_helpers import TWO, run

# --- a reason (illness/appointment) with no day missed: not a new absence, so no I/M -------------------

NO_NEW_DAY = [
    # the child will attend; sent after school about today's illness
    ("Oliver's temperature has come down tonight, he'll be in tomorrow, sorry he missed today", "2026-11-17 18:30", "update"),
    ("Oliver came home from school with a headache but he will be back in tomorrow", "2026-11-17 16:10", "update"),
    ("Oliver's rash has cleared up so he's back in tomorrow", "2026-11-17 17:00", "update"),
    # looking back: sent home, a sick note, a note already asked for
    ("Oliver was sent home by the nurse with a high temperature earlier, just so you know", "2026-11-17 14:30", "update"),
    ("Oliver's teacher asked for a note for the days he was off last week with the flu - I told the office at the time",
     "2026-11-17 18:00", "update"),
    # the child attends today and the medical word is only background
    ("Oliver has a bit of a sprained wrist, he will be in today but not able to do PE", "2026-11-17 07:30", "other"),
]


@pytest.mark.parametrize(("text", "when", "intent"), NO_NEW_DAY)
def test_reason_without_a_day_missed_is_not_absence(text: str, when: str, intent: str) -> None:
    p = run(text, when=when)
    assert p.intent == intent, (text, p.intent, p.evidence)
    assert p.code is None


QUESTIONS = [
    "Oliver has an orthodontist appointment after school on Thursday, he has a detention that day, can it be changed",
    "Oliver has nits, do I need to keep him off or can he come in with the treatment on?",
    "is Oliver allowed to wear his new glasses in football practice, the optician said he should",
    "Can Oliver bring his own lunch from now on? His new brace hurts when he eats school food",
]


@pytest.mark.parametrize("text", QUESTIONS)
def test_questions_to_the_office_are_other(text: str) -> None:
    p = run(text, when="2026-11-17 13:00")
    assert p.intent == "other", (text, p.intent, p.evidence)
    assert p.code is None


def test_still_poorly_with_a_new_day_is_absence() -> None:
    p = run("Oliver still really poorly with his chest, still coughing, he's off again today", when="2026-11-18 07:35")
    assert (p.intent, p.code) == ("absence", "I"), p.evidence
    p = run("Oliver is still unwell and won't be back this week", when="2026-11-18 19:00")
    assert (p.intent, p.code) == ("absence", "I"), p.evidence


def test_still_off_without_reason_stays_update() -> None:
    assert run("Oliver still off, will ring later", when="2026-11-18 07:35").intent == "update"


def test_back_on_a_later_day_sent_in_the_morning_is_absence() -> None:
    p = run("Oliver has conjunctivitis, cream from the pharmacy, back on Thursday", when="2026-11-17 07:40")
    assert (p.intent, p.code) == ("absence", "I"), p.evidence


# --- whose illness: the pronoun repeats another person ------------------------------------------------

@pytest.mark.parametrize("text", [
    "Oliver not in today, he stay home with his grandmother she is very sick and needs someone",
    "no school today for the kids, my wife she in hospital and no one to take them",
])
def test_appositive_pronoun_belongs_to_the_other_person(text: str) -> None:
    p = run(text, when="2026-11-17 07:50")
    assert p.code in (None, "N"), (text, p.code, p.evidence)


def test_child_messaged_me_feeling_ill_is_the_child() -> None:
    p = run("Oliver just texted me feeling dizzy and sick from school, I'm coming to get him now", when="2026-11-17 11:40")
    assert (p.intent, p.code) == ("absence", "I"), p.evidence


def test_illness_first_then_same_day_visit_is_i() -> None:
    p = run("Oliver had a bad earache all night, we've got the GP at 11.10 so keeping him off all day", when="2026-11-17 07:30")
    assert p.code == "I", p.evidence


def test_booked_appointment_first_then_mild_symptom_is_n() -> None:
    p = run("Oliver has a clinic appointment at 2pm and he's a bit sniffly too so keeping him home all day",
            when="2026-11-17 07:30")
    assert p.code == "N", p.evidence


@pytest.mark.parametrize("text", [
    "Oliver wont be in, he's been up all night with his stomach",
    "Oliver had a seizure in the night and is exhausted, not in today",
    "Oliver has been having panic attacks all weekend, keeping him home today",
    "Oliver has dislocated his shoulder at rugby, he won't be in today",
    "🤒🤢 Oliver not in",
])
def test_child_illness_words(text: str) -> None:
    p = run(text, when="2026-11-17 07:30")
    assert (p.intent, p.code) == ("absence", "I"), (text, p.evidence)


def test_neither_will_be_in_is_absence() -> None:
    p = run("Both have the sickness bug, neither will be in today", children=TWO)
    assert (p.intent, p.code) == ("absence", "I"), p.evidence


# --- leave requests and late arrivals ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Oliver's been chosen for the county chess final on Wed 9th in York, can he go?",
    "Would it be ok to take Oliver out on Friday 11th for his cousin's christening in Dublin",
    "Could Oliver be released at 1pm on Thursday 10th for a dance rehearsal please",
])
def test_leave_requests(text: str) -> None:
    assert run(text, when="2026-11-17 19:00").intent == "leave_request", text


@pytest.mark.parametrize("text", [
    "Oliver's on his way, sorry, the dog got out",
    "sorry, Oliver's just left now, traffic was awful",
    "Oliver slept through his alarm, I'll get him in asap",
])
def test_late_arrivals(text: str) -> None:
    assert run(text, when="2026-11-17 09:05").intent == "late", text


# --- safeguarding: cue words in ordinary contexts are not cues; the classifier alone needs a clear score -

@pytest.mark.parametrize("text", [
    "Oliver has slapped cheek syndrome, bright red face, keeping him off today",
    "Oliver's temp is 39 and calpol's not touching it, he's staying home",
    "Oliver will be late, the police have closed the road after an accident and the bus is stuck",
    "I can't find the letter about parents evening, could you send it again",
    "I'm collecting Oliver at 1 for his physio, he will not return to school afterwards",
    "Hi, I'm Oliver's foster carer, he has a cold today so won't be in",
])
def test_ordinary_contexts_are_not_safeguarding(text: str) -> None:
    assert not run(text).safeguarding, (text, run(text).evidence)


@pytest.mark.parametrize("text", [
    "I dropped Oliver at school at 8.40 and the app says he's absent, where is he?",
    "Oliver got home at 5 this morning after being out all night, he is safe but exhausted so he won't be in",
    "Oliver is staying home with his dad who is unwell and needs help getting about",
    "We have to fly to Romania tonight, my father is dying. We will come back maybe in 3 weeks",
])
def test_safeguarding_families(text: str) -> None:
    assert run(text).safeguarding, (text, run(text).evidence)


# --- sessions: a morning visit then coming in is AM, leaving at lunch is PM -----------------------------

@pytest.mark.parametrize(("text", "when", "sessions"), [
    ("Oliver has the orthodontist at 9 tomorrow, he should be back in school for 11ish", "2026-11-17 19:00", "AM"),
    ("Oliver has his flu jab at the surgery at 8.40, he'll be a bit late in", "2026-11-17 07:30", "AM"),
    ("Oliver ma wizytę u lekarza o 9, przyjdzie do szkoły około 10:30", "2026-11-17 07:30", "AM"),
    ("Oliver are programare la dentist la 9, vine la școală după", "2026-11-17 07:30", "AM"),
    ("Oliver rang me, his migraine is bad, can I come and get him at 12", "2026-11-17 10:30", "PM"),
])
def test_part_day_sessions(text: str, when: str, sessions: str) -> None:
    p = run(text, when=when)
    assert (p.intent, p.sessions) == ("absence", sessions), (text, p.intent, p.sessions, p.evidence)
