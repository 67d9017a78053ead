"""Families from round 15 of error analysis (unseen_w, after it had been scored once as held out), in our own wording."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import Child
from tests.nlu.nlu_helpers import run

ONE = [Child("P1", "Ronan", "Kelly", "4")]
TWO = [Child("P1", "Ronan", "Kelly", "4"), Child("P2", "Aoife", "Kelly", "1")]


@pytest.mark.parametrize(("text", "first", "last"), [
    # Thursday 19 November: a late first report moves the absence back to the day the child went off
    ("Ronan's been off since Tuesday with a chest infection and won't be back till Monday, sorry for not letting you know",
     date(2026, 11, 17), date(2026, 11, 20)),
    ("Ronan has been off school since last Thursday with glandular fever, the GP says it could be weeks",
     date(2026, 11, 12), None),
    ("sorry Ronan was off yesterday with earache and he's still not right so keeping him home today",
     date(2026, 11, 18), date(2026, 11, 19)),
])
def test_a_late_first_report_starts_on_the_day_the_child_went_off(text: str, first: date, last: date | None) -> None:
    p = run(text, when="2026-11-19 08:10", children=ONE)
    assert (p.intent, p.first_day, p.last_day) == ("absence", first, last), p.evidence


@pytest.mark.parametrize("text", [
    "Ronan has had a cough since Monday, he won't be in today",
    "Ronan has been poorly since Sunday, keeping him off today",
    "Ronan got his cast off yesterday and the physio wants to see him today at 2 so I'll collect him at 1.30",
])
def test_an_illness_since_a_day_is_not_an_absence_since_that_day(text: str) -> None:
    p = run(text, when="2026-11-19 08:10", children=ONE)
    assert p.first_day == date(2026, 11, 19), p.evidence


def test_a_report_from_weeks_ago_does_not_move_the_absence() -> None:
    p = run("Ronan was off on the 2nd with a bug, and now he has it again so he won't be in today",
            when="2026-11-26 08:10", children=ONE)
    assert p.first_day == date(2026, 11, 26), p.evidence


@pytest.mark.parametrize("text", [
    "hi could ronan and aoife finish on weds 9th instead of fri 11th? flights to spain are thursday morning",
    "Is it ok if Ronan and Aoife break up on Wednesday 9th? We fly to Lapland on Thursday",
])
def test_finishing_on_a_day_asks_for_the_days_after_it(text: str) -> None:
    p = run(text, when="2026-11-23 08:10", children=TWO)
    assert (p.intent, p.first_day) == ("leave_request", date(2026, 12, 10)), p.evidence


def test_finishing_at_a_time_on_a_day_is_that_day() -> None:
    p = run("can Ronan finish at 12 on Friday 11th please, we drive to Scotland that afternoon", when="2026-11-23 08:10",
            children=ONE)
    assert p.first_day == date(2026, 12, 11), p.evidence


LEO = [Child("P1", "Leo", "Chen", "3"), Child("P2", "Mia", "Chen", "5")]


@pytest.mark.parametrize(("text", "intent", "first", "last"), [
    ("老师您好，我们想带Leo和Mia去苏格兰玩几天。想为他们申请12月9日至11日的假期，可以吗？", "leave_request",
     date(2026, 12, 9), date(2026, 12, 11)),
    ("السلام عليكم، نرجو السماح لليو وميا بالغياب يوم الجمعة ١١ ديسمبر لحضور حفل زفاف", "leave_request",
     date(2026, 12, 11), date(2026, 12, 11)),
    ("Добрий вечір. Прошу дозволу, щоб Лео не ходив до школи в п'ятницю 11 грудня", "leave_request",
     date(2026, 12, 11), date(2026, 12, 11)),
    ("Boa tarde, gostaria de pedir autorização para o Leo faltar de 7 a 11 de dezembro", "leave_request",
     date(2026, 12, 7), date(2026, 12, 11)),
    ("Bună ziua, vă rog să aprobați absența lui Leo pe 7 și 8 decembrie", "leave_request",
     date(2026, 12, 7), date(2026, 12, 8)),
])
def test_dates_in_other_scripts_and_languages(text: str, intent: str, first: date, last: date) -> None:
    p = run(text, when="2026-11-27 19:30", children=LEO)
    assert (p.intent, p.first_day, p.last_day) == (intent, first, last), p.evidence


def test_a_latin_name_inside_chinese_is_a_word_and_the_sibling_in_school_is_left_out() -> None:
    p = run("老师好，Leo今天肚子疼，在家休息一天。Mia正常上学。", when="2026-11-27 07:30", children=LEO)
    assert (p.intent, p.code, p.pupils, p.last_day) == ("absence", "I", ["P1"], date(2026, 11, 27)), p.evidence


def test_a_sick_day_asked_for_in_chinese_is_an_absence_not_a_leave_request() -> None:
    p = run("老师您好，Leo今天发烧了，不能去学校，请假一天。谢谢！", when="2026-11-27 07:30", children=LEO)
    assert (p.intent, p.code) == ("absence", "I"), p.evidence


def test_back_tomorrow_in_chinese_is_an_update_about_today() -> None:
    p = run("老师好，Leo的手拍了X光，没有骨折，明天可以正常上学。", when="2026-11-26 16:30", children=LEO)
    assert (p.intent, p.first_day) == ("update", date(2026, 11, 26)), p.evidence


@pytest.mark.parametrize(("text", "sessions"), [
    ("Leo明天去看牙医，上午10点，下午回学校", "AM"),
    ("老师好，Leo今天下午2点看医生，我中午来接他", "PM"),
])
def test_part_days_in_chinese(text: str, sessions: str) -> None:
    assert run(text, when="2026-11-26 07:30", children=LEO).sessions == sessions


@pytest.mark.parametrize("text", [
    "Bom dia, o Leo vai faltar hoje",
    "Bom dia, o Leo não vai hoje, a Mia vai",
    "Leo no va hoy al cole, Mia sí va",
])
def test_the_named_child_who_misses_school_is_the_one_marked(text: str) -> None:
    # "vai faltar" (will miss) once read as "vai" (goes): Leo was dropped and his sister marked instead
    assert run(text, when="2026-11-27 07:30", children=LEO).pupils == ["P1"]


@pytest.mark.parametrize(("text", "first"), [
    ("Just dropped Leo's vaccination card into the office for last Thursday 👍", date(2026, 11, 26)),
    ("مرحباً، أرسلت لكم صورة رسالة المستشفى عن موعد ليو يوم ١٧ نوفمبر. شكراً", date(2026, 11, 17)),
])
def test_evidence_for_a_past_day_is_an_update_about_that_day(text: str, first: date) -> None:
    p = run(text, when="2026-12-02 16:30", children=[LEO[0]])
    assert (p.intent, p.first_day, p.last_day) == ("update", first, first), p.evidence


def test_a_court_order_left_at_reception_is_not_evidence_for_an_absence() -> None:
    p = run("Leo's dad is not allowed to collect him. There's a court order, I've left a copy at reception",
            when="2026-11-23 08:10", children=[LEO[0]])
    assert p.intent == "other" and p.safeguarding, p.evidence


@pytest.mark.parametrize(("text", "when", "first", "last", "sessions"), [
    ("Boa tarde, o Ronan tem consulta no oftalmologista às 14h30 hoje, vou buscá-lo às 14h. Obrigada",
     "2026-11-16 12:15", date(2026, 11, 16), date(2026, 11, 16), "PM"),
    ("Assalam o alaikum, kal Ronan ka dentist appointment hai subah 9 baje, phir main usko school chhor doongi",
     "2026-11-18 15:30", date(2026, 11, 19), date(2026, 11, 19), "AM"),
    ("Ronan has a dermatology appointment at 11, he won't be in at all as it's over in Bradford",
     "2026-11-26 07:40", date(2026, 11, 26), date(2026, 11, 26), "ALL"),
    ("Ronan injured his shoulder at rugby on Tuesday and the pain is worse. He will not be in today.",
     "2026-11-26 06:40", date(2026, 11, 26), date(2026, 11, 26), "ALL"),
])
def test_days_and_sessions_of_round_15(text: str, when: str, first: date, last: date, sessions: str) -> None:
    p = run(text, when=when, children=ONE)
    assert (p.first_day, p.last_day, p.sessions) == (first, last, sessions), p.evidence


def test_kal_followed_by_a_past_verb_is_yesterday() -> None:
    p = run("Ronan ka kal dant nikla tha, aaj bahut dard hai, aaj ghar pe rahega", when="2026-11-17 07:40", children=ONE)
    assert (p.first_day, p.last_day) == (date(2026, 11, 17), date(2026, 11, 17)), p.evidence


def test_both_in_monday_is_the_day_they_come_back() -> None:
    p = run("Aoife's better so she's back today, Ronan still coughing so he's off again. Hopefully both in Monday",
            when="2026-11-20 07:40", children=TWO)
    assert (p.first_day, p.last_day) == (date(2026, 11, 20), date(2026, 11, 20)), p.evidence


@pytest.mark.parametrize("text", [
    "Ronan wont be in today he has a cold. also please if his dad rings or turns up dont tell him anything, hes not "
    "allowed to know where we are living now",
    "My mother in Sudan is very sick. We must travel on Friday and I do not know when we come back, maybe many weeks",
    "Buna ziua, astazi Ronan nu vine la scoala, proprietarul ne-a dat afara din casa. Nu stim inca unde mergem.",
    "Dobry wieczór, Ronan jutro nie przyjdzie do szkoły. Mamy rozprawę w sądzie rodzinnym o opiekę nad nim",
    "Добрий день. Нам сказали, що ми маємо виїхати з будинку до п'ятниці. Ми не знаємо, де будемо жити.",
])
def test_safeguarding_cues_of_round_15(text: str) -> None:
    assert run(text, when="2026-11-24 07:40", children=ONE).safeguarding


def test_still_poorly_and_off_tomorrow_too_is_a_new_absence_in_the_afternoon() -> None:
    p = run("Just to let you know Ronan is still poorly, he'll be off tomorrow too but should be right as rain for Monday",
            when="2026-11-19 13:40", children=ONE)
    assert (p.intent, p.code, p.first_day, p.last_day) == ("absence", "I", date(2026, 11, 20), date(2026, 11, 20)), p.evidence
