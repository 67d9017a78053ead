"""Provisional attendance code for an absence: I (illness), M (medical appointment), N (other).

Safety first: I or M only when the child's own illness or appointment clearly keeps them
off. A second, non-medical reason, an illness that belongs to someone else, or no
reason at all gives N ("pending review").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlu.context import Cue, MessageContext
from nlu.gate import compile_gated
from nlu.safeguarding import OWN_JOB
from nlu.sessions import times_in

CHILD_WORDS = {
    "he", "she", "him", "they", "them", "son", "daughter", "child", "boy", "girl", "kids",
    "children", "both", "one", "eldest", "oldest", "youngest", "middle", "twins", "lad",
}
OTHER_PERSON = compile_gated(
    r"\b(i|me|my|myself|brother|sister|baby|mum|mom|mother|dad|father|nan|nana|nanna|gran|granny|"
    r"grandma|grandad|granddad|grandpa|grandmother|grandfather|husband|wife|partner|aunt|auntie|"
    r"uncle|cousin|stepdad|stepmum|sibling|siblings)\b"
)
DESCRIPTOR_GAP = 7  # an illness word this close after an appointment word names what it is for
ILL_OVERRIDES_REFUSAL = compile_gated(r"\b(signed off|diagnosed|admitted|in hospital)\b")
# An operation or procedure (also "a tooth out under general anaesthetic") is illness/recovery (I),
# even when it happens at a hospital or dentist: SCHEMA counts recovering from an operation as I.
SURGERY = compile_gated(r"\b(operation|surgery|general anaesthetic|anaesthetic|tonsils out|admitted|grommets)\b")
# Safety net: I or M only when the illness or appointment is clearly the child's and clearly the
# reason for this absence. These families make it unclear, so the code falls back to N (low certainty).
# - fear at school behind the symptoms ("making himself sick", older boys waiting for him, scared of...)
FEAR_BEHIND = compile_gated(
    r"\b(making (himself|herself|themselves) (sick|ill)|makes (himself|herself) (sick|ill)|worked (himself|herself) up|"
    r"(older|bigger) (boys|girls|kids|lads|ones)|picking on|ganging up|scared of (the|some|going|school|those|a )|"
    r"frightened of (the|some|going|school|those|a )|wait(s|ing)? for (him|her|them) (by|at|outside|after)|bull(y|ied|ying))\b")
# - a second, non-medical plan alongside a symptom ("... and we've got a family thing on anyway")
OTHER_PLAN = compile_gated(
    r"\b(family (thing|do|event|occasion|party|gathering|day|get together)|(we have|we have got|we are) (got )?(something|plans|people) on|"
    r"anyway|to be honest|the real reason|if i am honest|does not fancy|did not fancy|not fancy|putting it on|"
    r"(i think|i reckon) (it is|its) (more|really|just)|"
    # refusal in other languages ("não quer ir à escola", "nechce ísť do školy")
    r"(não|nao) quer\w* ir|nechce (ísť|ist))\b")
# - the appointment is followed by a non-medical errand that keeps the child off ("dentist at 9 then we're
#   going straight to the airport", "then I'm taking her to get new shoes", "then a placement planning meeting")
THEN_ERRAND = compile_gated(
    r"\b(then|and then|after that|afterwards)\b (\w+ ){0,4}?(taking (him|her|them) (to|for) (?!school|class)|"
    r"(going|go) (straight )?to (the |a )?(?!school|class|lessons)\w+|get (new|some)|(a|an|the) (\w+ ){0,2}meeting|shopping|airport|"
    r"pick(ing)? (\w+ ){1,3}up)"
    r"|\b(potem|a potem|apoi|después|depois)\b (\w+ ){0,3}?(na zakupy|zakupy|la cumpărături|la cumparaturi|de compras|às compras|as compras)")
# - a non-medical appointment ("hair appointment", "passport appointment"): the word "appointment" alone is not medical
NONMED_APPT = compile_gated(
    r"\b(hair|hairdresser|hairdressers|nail|nails|beauty|passport|visa|solicitor|solicitors|court|housing|council|driving|"
    r"photo|embassy|job ?centre|bank|benefits|immigration|home office) (appointment|appt|appointments)\b")
# - the medical word is not an appointment that keeps the child off ("on the waiting list for CAMHS",
#   "the GP said it is anxiety", a referral, a review meeting about support)
MED_NOT_EVENT = compile_gated(
    r"\b(waiting list|waitlist|referral|referred|been referred|(gp|doctor|doc|docs|dr|consultant|camhs) (has |have )?(said|says|thinks|think|told|reckons)|"
    r"ehcp|sen review|annual review|send review|(meant|supposed|due) to (have|go|be|see|get)|should have (had|been)|rebook\w*|re book\w*|"
    r"reschedul\w*|(cancel\w*|postpone\w*|move\w*) (the|his|her|their) (appointment|dentist|check up))\b")
#: The parent still to ring the surgery or dentist: no appointment yet, the illness is the reason.
CALLING_MED = compile_gated(
    r"\b(ring|ringing|call|calling|phone|phoning|contact|contacting|trying|try|get through to) (the |a )?"
    r"(gp|doctor|doctors|doctor's|docs|dentist|dentists|surgery|111|health centre|out of hours)\b")
# An injury seen at A&E / minor injuries (x-ray, stitches): the injury keeps the child off (I), not an appointment.
#: Unwell after a vaccination: the reaction keeps the child off, not the jab (issue 14).
AFTER_VACCINE = compile_gated(
    r"\b(reaction|reacted|poorly|sick|unwell|temperature|temp|fever|ill|rough|sore arm|arm is sore)\b[^.!?]{0,25}"
    r"\b(after|from|to|since) (his|her|their|the|them|yesterday's|yesterdays) (flu )?(jabs?|vaccin\w*|immunisations?|injections?|boosters?|spray|nasal spray)\b"
    # round 17: after a vaccination in Ukrainian, Russian, Polish, Romanian, Portuguese, Spanish, Urdu and Arabic
    r"|\b(після|после) (вчорашнього |вчерашней )?(щеплен|вакцин|прививк)\w*|\b(reakcj\w* (na|po)|po) szczepi\w*"
    r"|\b(după|dupa|reacți\w* la|reacti\w* la) vaccin\w*|\b(depois da|reação à|reacao a|após a) vacina\b"
    r"|\b(después de la|reacción a la) vacuna\b|\b(teeka|tika|injection|vaccine) (lagne|lagwane) ke baad\b|بعد (التطعيم|اللقاح|التلقيح)")
#: A vaccination already given ("had his booster jabs yesterday", "the MMR jab he had this afternoon"): with an
#: illness word, the reaction is what keeps the child off.
VACCINE = r"(jabs?|vaccin\w*|immunisations?|injections?|boosters?|spray)"
VACCINE_GIVEN = compile_gated(
    rf"\b(had|has had|was given|after|since|from|reaction to|reacted to)\b[^.!?]{{0,40}}\b{VACCINE}\b"
    rf"|\b{VACCINE}\b[^.!?]{{0,30}}\b(yesterday|this afternoon|last night|he had|she had|they had|earlier)\b")
#: How the child will be after the appointment ("she'll be sore after", "will be groggy from the anaesthetic").
AFTER_EFFECT = compile_gated(
    r"\b(be|feel|feeling|be feeling)\s+(\w+\s+){0,2}(sore|tender|tired|groggy|drowsy|numb|woozy|sleepy|wiped out)\b"
    r"(?=[^.!?]{0,30}\b(after|afterwards|from it|from the|later)\b)")
#: Too ill to come in even after the appointment: the illness keeps the child off ("too poorly to come in after anyway").
TOO_ILL = compile_gated(r"\btoo (poorly|ill|unwell|sick|rough) to (come|go|be|attend)\b")
#: An injury told in everyday words the lexicon's phrases miss ("with his arm, it is broke", "her wrist is swollen").
INJURY = compile_gated(
    r"\b(his|her|their) (arm|wrist|leg|ankle|finger|toe|foot|knee|elbow|collarbone|hand|thumb|nose)s? "
    r"(is |it is |are |has |looks )?(broke|broken|fractured|sprained|swollen|twisted|dislocated|in plaster|gone purple)\b"
    r"|\b(at|in|to) (the )?(hospital|a&e|a and e|minor injuries|walk in centre) with (his|her) "
    r"(arm|wrist|leg|ankle|finger|toe|foot|knee|elbow|collarbone|hand|thumb|head|eye)\b")
INJURY_VISIT = compile_gated(r"\b(a&e|a and e|minor injuries|urgent care|emergency department|walk in centre|x ray|x-ray|xray)\b")
# Illness and appointment words the cue lexicon (whole tokens) misses: inflected forms and scripts written
# without spaces (Chinese), dialect (Scots/Geordie). Used only when no English cue decided the code.
FOREIGN_ILL = compile_gated(
    r"(skauda|serga|karščiuoja|погано себе почува\w*|погано почува\w*|хвор\w*|болить|болит|плохо себя|болеет|температур\w*|"
    r"مریض|بیمار|ناروغ\w*|نەخۆش\w*|تب دارد|تبه|مريض\w*|حمى|"
    r"nexweş(?!xane)\w*|nexwes(?!xane)\w*|"
    r"发烧|發燒|发热|發熱|肚痛|肚子痛|头痛|頭痛|病假|生病|感冒|咳嗽|呕吐|嘔吐|唔舒服|不舒服|流感|水痘|耳朵痛|牙痛|"
    r"ألم|وجع|الحمى|حرارة|صداع|دوخة|很疼|吐了|ज्वरो|ज्वर|खोकी|बिरामी|\bjwaro\b|варицел\w*|\bbolna\b|\bbolen\b|kashlits\w*|wymiotow\w*|biegunk\w*|розтягн\w*|перелом\w*|травм\w*|"
    r"拉肚子|腹泻|腹瀉|扭伤|扭傷|过敏|過敏|肚子疼|肚疼|头疼|頭疼|牙疼|耳朵疼|嗓子疼|喉咙痛|胃疼|胃痛|腹痛|发高烧|手足口|红眼病|皮疹|вітрян\w*|ветрян\w*|алергі\w*|аллерги\w*|кашля\w*|аденоїд\w*|операці\w*|"
    r"\bno (well|weel)\b|\b(full of|got) the cauld\b|\bbad wi (his|her|the) (chest|belly|ear|throat|stomach)\b|"
    r"\bgreetin wi (his|her) (ear|teeth|tooth|belly|tummy|stomach|heid|head)\b|"
    # round 17: Vietnamese, Turkish, Albanian, Tamil in Latin letters; Bengali, Gujarati, Punjabi, Hindi, Tamil and Urdu script
    r"\bbị sốt\b|\bsốt\b|\bđau (họng|bụng|đầu|tai|răng)\b|\bbị ốm\b|\bốm\b|\bnôn\b|\btiêu chảy\b|\bcảm cúm\b|\bbị cúm\b|\bthủy đậu\b|"
    r"\bateş\w*|\bhasta(?!ne)\w*|\bkus(tu|uyor|ma)\w*|\böksür\w*|\bishali\b|"
    r"\btemperaturë\b|\bethe\b|\b(i|e) sëmurë\b|\bsëmurë\b|\bkollë\b|\bdhimbje\b|\bvjell\w*|"
    r"\bkaichal\b|\bkaaichal\b|\budambu sari\w*|\bvaanthi\b|"
    r"জ্বর|কাশি|অসুস্থ|বমি|পেট ব্যথা|તાવ|ઉધરસ|બીમાર|ઉલટી|ਬੁਖਾਰ|ਬੁਖ਼ਾਰ|ਖੰਘ|ਬਿਮਾਰ|ਉਲਟੀ|बुखार|खांसी|बीमार|उल्टी|"
    r"காய்ச்சல்|உடம்பு சரியில்லை|இருமல்|வாந்தி|بخار|کھانسی|الٹی)")
FOREIGN_MED = compile_gated(
    r"(ډاکټر|داکتر|ډاکتر|دکتر|ሓኪም|randev\w*|nexweşxane\w*|看医生|看醫生|牙医|牙醫|医院|醫院|复诊|覆診|睇醫生|睇牙|"
    r"疫苗|打针|打針|诊所|診所|体检|體檢|стоматолог\w*|ортодонт\w*|ortodont\w*|dentyst\w*|szczepi\w*|vaccin\w*|"
    r"laryngolog\w*|pediatr\w*|psycholog\w*|okulist\w*|psychiatr\w*|vacina\w*|जाँच|जांच|"
    # round 17: Vietnamese, Turkish and Albanian appointments; a doctor or hospital in Indian scripts
    r"\bnha sĩ\b|\bkhám (răng|bệnh|mắt|sức khỏe)\b|\blịch hẹn\b|\bdişçi\w*|\bdoktor randevu\w*|\bhastane randevu\w*|"
    r"\bte mjeku\b|\btakim me mjek\w*|\bte dentisti\b|ডাক্তার|হাসপাতাল|ડૉક્ટર|ડોક્ટર|હોસ્પિટલ|ਡਾਕਟਰ|ਹਸਪਤਾਲ|डॉक्टर|डाक्टर|अस्पताल|மருத்துவ)")
# A tooth or tonsils taken out earlier and the child still recovering: recovery from a procedure (I).
PAST_PROCEDURE = compile_gated(r"\b(had|has had|have had) (his |her |their )?(\w+ )?(teeth|tooth|tonsils|adenoids) (out|removed|taken out) "
                            r"(yesterday|last \w+|at the weekend|on (monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b")
REFUSAL = compile_gated(r"\b(refus\w*|will not go|can not face|does not want to|too anxious|anxious|panic attacks|in a state|will not get out)\b")


@dataclass
class CodeDecision:
    """The proposed code, how sure, and why."""

    code: str
    certainty: float
    evidence: list[str] = field(default_factory=list)


def _owner_is_other(ctx: MessageContext, cue: Cue, names: set[str]) -> bool:
    """Tell whether ``cue`` (an illness or appointment) belongs to someone else."""
    start = cue.start
    clause = ctx.clause[start]
    after = ctx.norms[cue.end : cue.end + 5]
    if "myself" in after[:2]:  # "been up all night being sick myself": the parent's illness
        return True
    if after[:1] == ["for"] and len(after) > 1:
        who = after[1:3]
        if who and (who[0] in ("me", "myself", "mum", "dad", "nan", "gran", "grandma", "grandad", "baby")
                    or (who[0] in ("my", "his", "her", "their", "our") and len(who) > 1
                        and OTHER_PERSON.fullmatch(who[1]) and who[1] not in ("my",))):
            return True
    i = start - 1
    window = 0
    while i >= 0 and ctx.clause[i] == clause and window < 10:
        norm = ctx.norms[i]
        word = ctx.doc[i].text.lower()
        if word in names or norm in CHILD_WORDS:
            # "his mother she is sick", "my husband he in hospital": the pronoun repeats another person
            if norm in ("he", "she") and i > 0 and ctx.clause[i - 1] == clause and OTHER_PERSON.fullmatch(ctx.norms[i - 1]) \
                    and ctx.norms[i - 1] not in ("i", "me", "my", "myself"):
                return True
            if norm in ("son", "daughter", "child", "boy", "girl") and i > 0 and ctx.norms[i - 1] in ("my", "our"):
                return False
            return False
        if OTHER_PERSON.fullmatch(norm):
            if norm == "me" and i > 0 and ctx.norms[i - 1] in ("messaged", "rang", "called", "texted", "told", "phoned", "rung"):
                i -= 1  # "she messaged me feeling faint": the child is the one who feels it
                window += 1
                continue
            if norm == "my" and i + 1 < len(ctx.norms) and ctx.norms[i + 1] in (
                    "son", "daughter", "child", "boy", "girl", "little", "eldest", "oldest", "youngest", "middle", "twins",
                    "lad", "granddaughter", "grandson", "stepson", "stepdaughter", "niece", "nephew"):
                return False
            return True
        i -= 1
        window += 1
    return False


def _is_descriptor(ctx: MessageContext, ill: Cue, med: list[Cue]) -> bool:
    """Tell whether an illness word only says what an appointment is for ("asthma review")."""
    for m in med:
        if not ctx.same_clause(ill, m):
            continue
        if (0 <= ill.start - m.end <= DESCRIPTOR_GAP or 0 <= m.start - ill.end <= 2
                or m.start <= ill.start and ill.end <= m.end):  # "asthma" inside "asthma check"
            return True
    return False


def _med_from_place(ctx: MessageContext, names: set[str]) -> list[Cue]:
    """GP/doctor/hospital count as an appointment when a clock time sits in the same clause."""
    found = []
    timed: dict[int, bool] = {}  # per clause: a 4,096-char message without a full stop is one clause, with a place in every line
    for place in ctx.get("MED_PLACE"):
        clause = ctx.clause[place.start]
        if clause not in timed:
            words = " ".join(n for n, c in zip(ctx.norms, ctx.clause) if c == clause)
            timed[clause] = bool(re.search(r"\bat \d", words) and times_in(words))
        # "hospital appt for me at 8.30": the appointment right after the place is someone else's
        others_appt = any(place.start <= m.start <= place.end + 1 and _owner_is_other(ctx, m, names) for m in ctx.get("MED"))
        if timed[clause] and not _owner_is_other(ctx, place, names) and not ctx.overlaps(place, "ILL") and not others_appt:
            found.append(place)
    return found


#: An exam or mock the child is too ill to sit is what they miss, not why (round 13: "has her mock today but a stomach bug").
EXAM_WORDS = {"exam", "exams", "mock", "mocks"}
#: The sender caring for the child ("I am looking after her", "I will be looking him" in non-native English): who writes, not why the child is off.
CARER_OF_CHILD = compile_gated(r"\b(i am|i will be|i have been|i have|we are|i will) (looking after|caring for|looking) (after )?(her|him|them)\b")


def _sender_windows(text: str) -> list[str]:
    """The stretches of text that say who the sender is: their job ("I'm a police officer", and 30 characters either side) or that they mind the child."""
    return [text[max(0, m.start() - reach) : m.end() + reach]
            for pattern, reach in ((OWN_JOB, 30), (CARER_OF_CHILD, 0)) for m in pattern.finditer(text)]


def _about_the_sender(windows: list[str], cue: Cue) -> bool:
    """A non-medical cue that only says who the sender is (it lies in one of `_sender_windows`)."""
    word = cue.text.lower()
    return any(word in window for window in windows)


def decide_code(ctx: MessageContext, child_names: set[str], part_day: bool) -> CodeDecision:
    """Return the provisional code for an absence message."""
    ill_all = [c for c in ctx.get("ILL") if not ctx.negated(c)]
    ill = [c for c in ill_all if not _owner_is_other(ctx, c, child_names)]
    med = [c for c in ctx.get("MED") if not _owner_is_other(ctx, c, child_names)]
    med += _med_from_place(ctx, child_names)
    kept = {id(c) for c in ill}
    other_ill = [c for c in ill_all if id(c) not in kept]
    surgery = [c for c in ill if SURGERY.search(c.text.lower())]
    operated = {id(c) for c in surgery}
    # "a reaction to her booster": the illness follows the jab, it does not say what the appointment is for
    after_vaccine = AFTER_VACCINE.search(ctx.norm_text) if med else None
    ill = [c for c in ill if id(c) in operated or after_vaccine or not _is_descriptor(ctx, c, med)]
    evidence: list[str] = []
    text = ctx.norm_text
    windows = _sender_windows(text) if ctx.get("NONMED_STRONG") else []
    strong = [c for c in ctx.get("NONMED_STRONG") if not ctx.negated(c) and not _about_the_sender(windows, c)
              and not (ill and c.text.lower() in EXAM_WORDS)]
    nonmed_appt = [m.span() for m in NONMED_APPT.finditer(text)]
    if nonmed_appt:
        med = [c for c in med if c.text.lower() not in ("appointment", "appt", "appointments")]
    if med and not ill and THEN_ERRAND.search(" ".join(ctx.norms[med[0].end:])):
        hit = THEN_ERRAND.search(" ".join(ctx.norms[med[0].end:])).group(0)  # type: ignore[union-attr]
        return CodeDecision("N", 0.5, evidence + [f'appointment "{med[0].text}" then "{hit}" - not clearly the reason, N for review'])
    if med and ill and CALLING_MED.search(text) and not re.search(r"\b(at|for) \d", text):
        # "ringing the dentist when they open so she won't be in": the toothache keeps her off; no appointment yet
        evidence.append(f'"{med[0].text}" is a call to make, not an appointment')
        med = []
    if med and MED_NOT_EVENT.search(text):
        evidence.append(f'"{med[0].text}" is not an appointment keeping the child off')
        med = []
    if (ill or med) and not strong:
        fear = FEAR_BEHIND.search(text)
        plan = OTHER_PLAN.search(text)
        if fear or plan:
            hit = (fear or plan).group(0)  # type: ignore[union-attr]
            first = (ill or med)[0]
            evidence.append(f'"{first.text}" but also "{hit}" - not clearly the reason, N for review')
            return CodeDecision("N", 0.45, evidence)
    if other_ill and not ill:
        evidence.append(f'reason: "{other_ill[0].text}" is about someone else')
    if strong:
        if REFUSAL.search(ctx.norm_text) and ILL_OVERRIDES_REFUSAL.search(ctx.norm_text) and ill:
            return CodeDecision("I", 0.7, [f'illness: "{ill[0].text}"'])
        evidence.append(f'reason: "{strong[0].text}" (not illness or medical)')
        if ill or med:
            first = (ill or med)[0]
            evidence.append(f'also mentions "{first.text}" - two reasons, so N for review')
            return CodeDecision("N", 0.55, evidence)
        return CodeDecision("N", 0.8, evidence)
    if not strong and PAST_PROCEDURE.search(text):
        return CodeDecision("I", 0.7, evidence + [f'recovering from a procedure: "{PAST_PROCEDURE.search(text).group(0)}"'])  # type: ignore[union-attr]
    if surgery and not strong:
        return CodeDecision("I", 0.75, evidence + [f'operation or procedure: "{surgery[0].text}"'])
    if med and ill and INJURY_VISIT.search(text):
        return CodeDecision("I", 0.7, evidence + [f'injury or illness seen urgently: "{ill[0].text}"'])
    if med and ill and (after_vaccine or TOO_ILL.search(text)
                        or (VACCINE_GIVEN.search(text) and any(re.search(VACCINE, m.text.lower()) for m in med))
                        or all(any(i.start <= m.start and m.end <= i.end for i in ill) for m in med)):
        return CodeDecision("I", 0.65, evidence + [f'illness: "{ill[0].text}" (the appointment word is part of it)'])
    if med and ill:
        if not part_day and ill[0].start < med[0].start and not ctx.same_clause(ill[0], med[0]):
            # illness reported first, then a same-day visit for it ("earache in the night, GP at 10.20"):
            # the illness keeps the child off all day
            return CodeDecision("I", 0.6, evidence + [f'illness: "{ill[0].text}", then "{med[0].text}" for it'])
        if part_day:
            return CodeDecision("M", 0.7, evidence + [f'appointment: "{med[0].text}"', f'also unwell: "{ill[0].text}"'])
        after = AFTER_EFFECT.search(text)
        if after and med[0].start < ill[0].start:
            # "brace fitted at 11.20 ... she'll be sore after so off all day": the appointment is the reason
            return CodeDecision("M", 0.65, evidence + [f'appointment: "{med[0].text}", then "{after.group(0)}"'])
        return CodeDecision("N", 0.5, evidence + [f'appointment "{med[0].text}" and illness "{ill[0].text}" - unclear, N for review'])
    if med:
        return CodeDecision("M", 0.85, evidence + [f'appointment: "{med[0].text}"'])
    if ill:
        return CodeDecision("I", 0.85, evidence + [f'illness: "{ill[0].text}"'])
    injury = INJURY.search(text)
    if injury and not strong:
        return CodeDecision("I", 0.6, evidence + [f'injury: "{injury.group(0)}"'])
    weak = ctx.get("NONMED")
    if not weak:
        foreign_med, foreign_ill = FOREIGN_MED.search(ctx.doc.text), FOREIGN_ILL.search(text) or FOREIGN_ILL.search(ctx.doc.text)
        if foreign_med:
            return CodeDecision("M", 0.6, evidence + [f'appointment (another language): "{foreign_med.group(0)}"'])
        if foreign_ill:
            return CodeDecision("I", 0.6, evidence + [f'illness (another language or dialect): "{foreign_ill.group(0)}"'])
    if weak:
        return CodeDecision("N", 0.7, evidence + [f'reason: "{weak[0].text}" (not illness or medical)'])
    return CodeDecision("N", 0.6, evidence + ["reason: none given - N pending review"])
