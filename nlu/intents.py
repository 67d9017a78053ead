"""Intent of a message: absence, late, leave_request, update or other.

Hand-written rules find the clear cases (permission requests, "running late",
"still off", "ignore my last text"...); the project's trained text classifier decides
when the rules are not sure, and both feed the confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.context import MessageContext
from nlu.gate import compile_gated
from nlu.sessions import times_in

INTENTS = ("absence", "late", "leave_request", "update", "other")

FOREIGN_LEAVE = (
    # asking for leave in other languages: Polish, Urdu/Hindi (Latin and Arabic script), Somali, Portuguese,
    # Romanian, Arabic, Bengali, Ukrainian
    r"o zwolnieni\w*|aproba\w* absen\w*|الموافقة على غياب|chh?utti|darkhwast|fasax|codsan\w*|autoriza\w*|permisiun\w*|إذن|الإذن|درخواست|چھٹی|অনুমতি|ছুটি\w*|leidim\w*|"
    r"дозв\w*|чи можна|разрешите|разрешите на|prašau leisti|leisti praleisti|"
    # round 17: Turkish "izin alabilir miyiz", Albanian "leje", Vietnamese "xin phép / xin nghỉ", Tamil "leave venum",
    # Hindi, Gujarati and Punjabi "chhutti"
    r"izin\w*|leje|lejen|xin phép|xin phep|cho phép|leave venum|leave vendum|छुट्टी|રજા|ਛੁੱਟੀ|"
    # round 18: Latvian "vai drīkst(am)", Czech "požádat o uvolnění", Russian "можно ли ... пропустить",
    # Farsi "مرخصی", Hungarian "engedélyt kérni", Lithuanian "ar galėtų"
    r"vai drīkst\w*|vai drikst\w*|o uvolnění|o uvolneni|uvolnění z výuky|можно ли|مرخصی|"
    r"engedély\w*|ar galėtų|ar galetu"
)
# English phrasings of a request: "could I ask for Harriet to have Thursday off", "be granted leave",
# "is it ok if Kofi misses Friday", "whether the children could have ... off", "we'd like to take her from"
ASK_LEAVE = (
    r"\bask (for|if|whether) (\w+ ){1,3}(to |could |can )?(have|take|miss|be off|be absent|be granted)\b|\bgranted leave\b"
    r"|\b(is|would) it (be )?(ok|okay|alright|all right) if (\w+ ){1,2}(miss|misses|missed|has|had|have|takes?|took)\b"
    r"|\bwhether (\w+ ){1,3}(could|can|may) (have|take|miss|be off)\b|\blike to take (him|her|them) (from|out|on|for|off)\b"
    r"|\b(can|could|may) (\w+ ){1,3}(finish|break up) (on|early|a day|two days|before|for christmas)\b"
)
LEAVE_STRONG = compile_gated(
    r"\b(permission(?! slip)|request|requesting|authoris\w*|authoriz\w*|leave of absence|give (him |her |them )?leave|"
    r"be excused|excused|term time holiday|holiday form|be given leave|given leave|grant (him |her |them )?leave|"
    r"apro\w+ o zi|zi liber\w|sa aprobati|să aprobați|sa aprobi|razreshenie|разрешение)\b"
    r"|\b(can|could|would|will) you (please |kindly )?(approve|allow|grant|agree to|accept|sign off)\b"
    r"|\b(could|can|may|might) (she|he|they|\w+)( \w+)? (please )?(have|take|miss|be off|be absent|be allowed)\b"
    r"|\b(would|we would|i would|i'd|we'd) like to (ask|take|request)\b|\bhead (would|will) agree\b"
    r"|\bcan i ask for\b|\b(is|would|will) it be (ok|okay|possible|alright|all right) (for|if|to)\b|\bis it (ok|okay|possible|alright) (for|if|to)\b"
    r"|\b(can|could|may) (she|he|they|\w+) (please )?(go|attend|be released|be let out|be let go|leave (early|at))\b"
    r"|申[请請][^。？?]{0,12}假|批准|准假"
    r"|\b(is|are) (she|he|they|\w+) allowed to (go|attend|leave|miss|take part)\b|\b(would|we would|we'd) like to take\b"
    r"|\b(released|let out) (at|from|early|for)\b|\bzwolnieni\w*\b"
    r"|\b(zgod(?!nie)\w*|pozwoleni\w*|nieobecno\w*|permiso|permisiune|învoire|invoire|ijazat|autorisation|autorización)\b"
    rf"|(?<!\w)({FOREIGN_LEAVE})(?!\w)|{ASK_LEAVE}"
)
#: A direct request for approval ("please can you approve Jayden leaving at 12 on Friday"): a leave request,
#: even when it mentions a letter already sent.
APPROVE_ASK = compile_gated(r"\b(can|could|would|will) you (please |kindly )?(approve|authorise|authorize|grant)\b|\bplease (approve|authorise|authorize)\b")
LEAVE_DAYOFF = compile_gated(
    r"\b(day off|days off|week off|time off|the day|that day|take (him|her|them|the kids|the children|\w+) out|misses|released|let out|go\b|attend|take her from|take him from|from (monday|tuesday|wednesday|thursday|friday)|zwolnieni\w*|be absent|miss school|to miss|"
    r"leave of absence|holiday|off school|finish (on|early)|finish school|break up (on|early)|nieobecno\w*|lipseasc\w*|să lipsească|otsastva|отсъства)\b"
)
LEAVE_PAST = compile_gated(
    r"\b(yesterday|last week|last (monday|tuesday|wednesday|thursday|friday)|was off|was absent|were off|were absent|"
    r"in (his|her|their) bag|for (his|her|their) absence)\b"
)
LATE = compile_gated(
    r"\b(late|running behind|on our way|on the way|on (his|her|their) way( in)?|just left now|walking in now|coming now|missed the bus|be in for (about|around) \d+|get (him|her|them) (in|there) (asap|as soon as|soon)|daah\w*|ناوخته|be there (in|by|about|around|at|asap|soon)"
    r"|be in (by|for|around|about|at) \d+|be in soon|in as soon as|"
    # round 16: "he'll be in for second period", "in after registration", "be about 9.30", "can't get her in on time"
    r"be in (for|by|after|before) (the )?(second|2nd|third|3rd|period \d|registration|reg)|in after registration|"
    r"be (about|around|roughly) (8|9|10|11)([.:]\d\d)?(?! ?(mins?|minutes|hours?|hrs?))|(get|have) (him|her|them) (in|there) on time|as soon as (i|we) can|get (him|her|them) in as soon|"
    r"atrasad\w*|spóźni\w*|spozni\w*|întârzi\w*|intarzi\w*|llegará tarde|llegara tarde|en retard|in ritardo|verspätet|spät|geç kalacak|vėluos|der hi ho|der se)\b"
)
#: Late in scripts without spaces between words, and missing the bus in Romanian (round 13).
LATE_SCRIPT = compile_gated(r"迟到|遲到|晚到|سيتأخر|ستتأخر|سيتاخر|ستتاخر|запізн\w*|спізн\w*|\ba pierdut autobuzul\b"
                            # round 18: Russian "опоздают", Hungarian "késni fog", Czech "přijde později", Latvian "nokavēs"
                            r"|опозда\w*|\bkés(?:ni|ik|nek)\b|\bpřijd\w* později\b|\bnokavē\w*|\bvėluos\w*"
                            # round 14: Portuguese "vão chegar atrasados", Polish "spóźni się", "będzie w szkole o 9.40"
                            r"|\bchega\w* atrasad\w*|\bspó[źz]ni\w*|\bspozni\w*|\bb[ęe]dzie w szkole o \d"
                            # round 17: Albanian, Vietnamese, Bengali and Turkish in Latin letters; Tamil, Gujarati,
                            # Punjabi, Hindi and Urdu script
                            r"|\bvonohet\b|\bme vonesë\b|\bvonë\b|\bđến muộn\b|\bđi muộn\b|\bden muon\b|\bdi muon\b"
                            r"|\bderi (kore|hobe|hoye|hoy)\b|\bgeç (kal\w*|gel\w*)|தாமதமாக|தாமதம்|મોડું|મોડો|મોડી|ਦੇਰ ਨਾਲ|ਲੇਟ|देर से|دیر سے")
# Arriving later in the morning without saying "late": "will have him there for 9.20", "bring her for about 10",
# "back by 9.30", "will come later today about 10" (only with a morning time, checked in rule_intent).
LATE_ARRIVAL = compile_gated(
    r"\b(bring|have|get|drop|take) (him|her|them|\w+) (in |there |to school |into school |back )?(for|by|at|about|around)( about| around)? (\d[\d.:]*)"
    r"|\bback (in |to school )?(by|for|at|about|around) (\d[\d.:]*)|\b(come|coming|be) (in )?later( today| this morning)? (at |by |for |about |around )*(\d[\d.:]*)"
    r"|\bbe there (for|by|at|about|around) (\d[\d.:]*)"
)
LATE_EXPLICIT = compile_gated(r"\b(will be|going to be|is going to be|be a bit|be|running|is running|are running) late\b")
LATE_NOT = compile_gated(
    r"\b(late (message|text|msg|notice|reply|call)|late last night|very late|til late|till late|until late|"
    r"late night|late afternoon|late evening|late tonight|back late|late flight|late home|late back|"
    r"late in the day|late in replying|late in letting|late to let|(message|messaging|text|texting|msg) (you )?(so|this|too) late)\b"
)
UPDATE_STRONG = compile_gated(
    r"\b(after all|ignore (my|the|that|this) (last|previous|earlier|message|text|msg)|just to update|to update you|quick update|"
    r"(temp|temperature|fever|high temperature|sickness|rash|cough|vomiting|bug) (is |has )?(finally |now |properly )?(gone|come down|gone down|broken|broke|settled|cleared|passed|stopped)|"
    r"(is|are|feels|feeling|seems|looks) (fine|ok|okay|better|well|much better|loads better|back to normal|back to (himself|herself)) (now|again|today)|"
    r"fine now|recovered|begging to (go|come) (in|to school|back)|still not ready|"
    r"czuje się lepiej|czuje sie lepiej|wraca do szkoły|wraca do szkoly|se simte mai bine|e mai bine|está mejor|esta mejor|"
    r"se encuentra mejor|vuelve al colegio|va mieux|sta meglio|daha iyi|jau geriau|"
    r"wrong child|made a mistake|my mistake|not back yet|in my (last|previous) (message|text)|"
    # round 14: an appointment moved or a date put right ("is actually Thursday 26th not today", "now at 3.15 not 1.30"),
    # and recovery news ("temperature is back to normal", "the cast is off", "not contagious")
    r"wrong date|(got|mixed) (my|the) dates (muddled|mixed up|wrong|up)|is actually (on )?(monday|tuesday|wednesday|thursday|friday|next|\d)|"
    r"is now (at|on) [^.,;!?]{1,20} not|(appointment|appt|session|check|test|it) (has been|been|was|got) (moved|changed|rearranged) to|"
    r"is back to normal|are back to normal|cast is off|not contagious|no longer contagious|"
    r"mult mai bine|revine m\w+ne|ya no tiene fiebre|s\w? va al cole|zwolnienie (od lekarza|lekarskie)|wys\w+am zwolnienie|"
    r"just confirming|confirming|like i said|as i said|as mentioned|as discussed|still off|still not (in|well|better|coming)|"
    r"still poorly|still unwell|still ill|still sick|still in hospital|much better|feeling better|a lot better|"
    r"loads better|better now|on the mend|perked up|(is|are|feels|feeling) (ok|okay|fine) now|"
    r"(fit note|sick note|doctor's note|doctor note|appointment card|appointment letter|hospital letter|letter|evidence|proof|"
    r"prescription|note)\b.{0,300}\b(sent|emailed|uploaded|attached|handed|given|dropped|posted|on the app|in the post|on its way|covers|covering)|"
    r"(sent|emailed|uploaded|attached|handed in|given|dropped off|posted) .{0,300}\b(letter|note|card|evidence|proof|prescription)\b)"
    # evidence handed over, a past appointment mentioned after the fact, a test result, a cancelled
    # appointment so the child comes in after all, "forgot to say"
    r"|\b(dropped|handed|brought|put|left|popped|sent) (\w+ ){0,4}(letter|card|note|evidence|proof)\b"
    r"|\b(letter|card|note|slip) (is |are |was )?(in|inside) (his|her|their|the) (book ?bag|bag|reading folder|folder|planner)\b"
    r"|\b(appointment|appt|dentist|check up|orthodontist|optician|clinic|hospital appointment|eye test|hearing test|scan|x ray|"
    r"jabs?|vaccinations?|injections?|physio|blood test) (was|were) (on |at |last |yesterday|this morning)?"
    r"(monday|tuesday|wednesday|thursday|friday|yesterday|week|last|the \d+)"
    r"|\b(x ?-?ray|scan|test|tests|results?|bloods|blood test) (showed|shows|came back|was clear|were clear|was fine|were fine|was normal|were normal)\b"
    r"|\b(no break|nothing broken|not broken|all clear)\b"
    r"|\b(here is|here are|i am sending|i send|sending|attached is|please find)\b (\w+ ){0,5}(letter|card|note|photo|picture|evidence|proof)\b"
    r"|\bback from the (dentist|doctors?|hospital|clinic|orthodontist|optician|appointment)\b(?!.{0,300}\b(will not|not be|not coming|off)\b)"
    r"|\b(cancelled|canceled|postponed|rearranged|moved|put back|pushed back|called off)\b.{0,300}\b(is coming in|coming in|will be in|"
    r"be in (this|after|for|at|by|all day|school)|(he|she|they) (is|are) in (all day|school|as normal|today)|in school (today|as normal|all day)|"
    r"stay(ing)? in (school|for|all day)|no need to (collect|send|pick)|drop (him|her|them)|bring (him|her|them) (in|to))\b"
    # round 16: a correction of a day or of a child in an earlier message ("is tomorrow not today", "wrong name in my text")
    r"|\b(is|was|are) (tomorrow|next \w+|on \w+|monday|tuesday|wednesday|thursday|friday) not today\b"
    r"|\bwrong (kid|name|one|child)\b|\bput (the )?wrong (name|child)\b|\bput \w+ in my (earlier|last|previous|first) (message|text)\b"
)
# Round 9 false I/M families (pooled over dev + a-j): the code came from an intent that was not a new absence.
# - evidence for an appointment already had ("the dentist's letter for Tuesday's appointment", "photo of the
#   appointment card"): an update, whatever the appointment was
EVIDENCE_FOR_APPT = compile_gated(
    r"\b(appointment|appt) (letter|card|slip|confirmation)\b"
    r"|\b(letter|note|card|photo|picture|copy|slip|proof)\b (\w+ |'s ){0,4}(from|for|of) (\w+ |'s ){0,3}"
    r"(appointment|appt|gp|doctor|doctors|dentist|hospital|clinic|orthodontist|optician|consultant)\b")
#: A sick note, letter or certificate in other languages (Chinese, Portuguese, Spanish, Romanian, Polish, Urdu,
#: Ukrainian, Arabic): with no absence phrase the rules can read, a message about one is evidence, not a new absence.
FOREIGN_EVIDENCE = compile_gated(
    r"病假条|病假條|假条|假條|证明|證明|医生证明|declaração|declaracao|atestado|justificante|adeverin\w*|scutire\w*|"
    r"zaświadczeni\w*|zaswiadczeni\w*|zwolnienie lekarskie|letter (\w+ ){0,3}(de diya|de di|bhej)|довідк\w*|справк\w*|تقرير طبي|شهادة طبية|صورة رسالة|صورة الرسالة|رسالة المستشفى|رسالة الطبيب")
#: Another day off to come, said beside "still poorly" ("she'll be off tomorrow too"): a new absence, whatever the hour.
OFF_TOMORROW = compile_gated(r"\b(be off|off again|stay\w* (off|home)|keep\w* (him|her|them) (off|home)|keep (him|her|them) (off|home)) tomorrow\b")
#: Chinese news of a child better and going back ("明天可以正常上学", "烧也退了"), with no day off in it.
CJK_BACK = compile_gated(r"(?:明天|下周.|周.)[^。，,]{0,6}(?:回学校|回學校|上学|上學|返學|回校)|好多了|已经好了|已經好了|烧也退了|退烧了|退燒了")
#: News in other languages of a child better and going back ("já está melhor, volta amanhã", "завтра вже прийде
#: до школи", "poate veni mâine la școală", "rytoj grįš į mokyklą", "kal se school aa jayega"), round 16: with no
#: day off in the same words, an update about an absence already reported, not a new one.
FOREIGN_BACK = compile_gated(
    # round 17: Turkish "okula gelebilir", Somali "dugsiga ku soo laabanaysaa", Bengali "kal school e ashbe",
    # Vietnamese "đi học lại", Tamil "school ku varuva", Bulgarian "ще дойде на училище", Albanian "do të vijë në shkollë"
    r"\bokula (gelebilir|gelecek|gidebilir|gidecek|dönecek)\b|\b(soo laabanaysaa|soo laabanayaa|soo laaban doonaa|soo laaban doontaa)\b"
    r"|\bschool e (ashbe|asbe|jabe)\b(?! na)|\bđi học lại\b|\bdi hoc lai\b|\bschool ?ku (varuva|varuvan|varuvaa|varum|poiduva)\w*"
    r"|\bще дойде на училище\b|\bdo të (vijë|kthehet) në shkollë\b|\bkthehet në shkollë\b"
    r"|\bdugsiga (ku )?(imanaysaa|imanayaa|iman doonaa|iman doontaa|imaan doonaa|imaan doontaa)\b|"
    r"\bvolta (amanh\w+|na segunda|[àa] escola|para a escola)\b"
    r"|(?<!не )\bприйде (до школи|в школу)|\bзавтра (вже )?прийде\b|\bповернеться до школи\b"
    r"|(?<!nu )\bpoate veni m[aâ]ine\b|(?<!nu )\bvine m[aâ]ine la (ș|s|ş)coal\w*|\bse (î|i)ntoarce la (ș|s|ş)coal\w*"
    r"|\bgr[įi][šs] [įi] mokykl\w*|\bschool aa jay?e\w*|\bwraca jutro\b|\bprzyjdzie jutro\b|\bvuelve ma[ñn]ana\b")
#: ... and the words for "better now": with an illness named, only these make the news an update.
FOREIGN_BETTER = compile_gated(
    # round 17: Turkish, Somali, Bengali in Latin letters, Vietnamese, Albanian, Bulgarian, Tamil in Latin letters
    r"\bateşi düştü\b|\bates\w* dustu\b|\biyileşti\b|\bdaha iyi\b|\b(way|wuu) (fiicantahay|fiican yahay|fiicnaaday|fiicnaatay)\b"
    r"|\b(ekhon|akhon) bhalo\b|\bbhalo (ase|ache|hoye)\w*|\bđã đỡ\b|\bđỡ nhiều\b|\bđã khỏe\b|\bkhỏe rồi\b|\bkhỏi bệnh\b"
    r"|\bështë më mirë\b|\bmë mirë\b|\bе по-добре\b|\bпо-добре е\b|\bsari aa\w*|\bparavala\b|"
    r"\bj[áa] est[áa] (melhor|bem)\b|\bвже (здоров\w*|краще)|\bпочува\w* (себе )?краще\b|\bs.?a f[aă]cut bine\b"
    r"|\bjau sveik\w*|\b(kaafi |ab )?behtar hai\b")
FOREIGN_OFF = compile_gated(
    r"\bне (прийде|буде|піде|ходитиме)\b|\bnu (vine|va veni|poate veni|merge)\b|\bhoy no\b|\bn[ãa]o (vai|vem|pode ir)\b"
    r"|\bnie (przyjdzie|będzie|bedzie)\b|\bneateis\w*|\bnahi aa\w*|\bnahin aa\w*"
    r"|\bnu (ș|s|ş)tiu c[aâ]nd\b|\bне знаю,? коли\b|\bnie wiem,? kiedy\b")
CJK_OFF = compile_gated(r"不能|不来|不去|不上学|请假|請假|在家休息|唔返學|病假")
#: A note or letter handed in for days already missed ("dropped Isla's GP note at reception for when she was off").
NOTE_HANDED_IN = compile_gated(
    r"\b(dropped|put|sent|emailed|handed|brought|left|attached|uploaded)\b (\w+ |'s ){0,4}"
    r"(note|letter|sick note|gp note|doctor's note|medical note|evidence|certificate|fit note|card|appointment card|"
    r"vaccination card|slip|photo|picture|screenshot)\b"
    # round 17: "the GP letter for his wheeze last Thursday is in his book bag", "as proof for her absence"
    r"|\b(letter|note|proof|evidence|certificate|prescription|box|card)\b (\w+ |'s ){0,8}(is|are) in (his|her|their) (book )?bag\b"
    r"|\b(proof|evidence) (for|of) (his|her|their|the) absence\b"
    # ... and a certificate sent in Polish, Romanian, Portuguese, Spanish or Ukrainian ("wysłałam zaświadczenie od lekarza")
    r"|\b(wysłał|wyslal|przesłał|przeslal|przekazał|dostarczył|oddał|enviei|mandei|entreguei|envié|mandé|entregué|"
    r"am trimis|am dat|am adus|надіслал|відправил|передал)\w* (\w+ ){0,5}(zaświadczeni|zaswiadczeni|zwolnieni|atestado|"
    r"declaraç|declarac|justificante|adeverin|scutire|довідк)\w*")
FUTURE_ABSENCE = compile_gated(r"\b(tomorrow|next|later today|this afternoon|(till|until|til) (the )?end of (the )?(week|term)|will (miss|be off|not be|need to leave)|will be (out|leaving))\b")
# - a question or a condition about staying off ("does he need to stay off?", "how long do they have to stay
#   off", "if she is still like this on Monday I will keep her off", "may need to leave early if he feels worse")
QUESTION_OFF = compile_gated(
    r"\b(does|do|should|would|must|will|is) (he|she|they|i|we|it|a child|children|the child) (need to |have to |still |be )?"
    r"(stay|staying|be kept|keep (him|her|them)|be|come|go) (off|home|away|in|back)\b[^.!]*\?"
    r"|\bhow long (do|does|should|must|will) (they|he|she|a child|children|pupils|kids) (have to |need to )?(stay|be|keep \w+) (off|away|home)\b")
CONDITIONAL_OFF = compile_gated(
    r"\bif (he|she|they|it) (is|are|has|have|gets?|feels?|still)\b[^.!?]{0,50}?\b(i will|we will|will|i might|might) "
    r"(keep (him|her|them) (off|home)|let you know)\b"
    r"|\b(may|might|could) (need to |have to )?(leave|be collected|go home|come home|be picked up) early\b")
# - a quick stop at the chemist/pharmacy and then in: a late arrival, not a medical appointment
CHEMIST_THEN_IN = compile_gated(
    r"\b(chemist|chemists|pharmacy|pharmacist)\b[^.!?]{0,60}\bthen (i will |we will |i am going to |going to )?"
    r"(bring|drop|take|get) (him|her|them) (straight |right )?(in|to school|into school)\b")
# - a complaint or query about the register/fines for days already past
ATTENDANCE_QUERY = compile_gated(
    r"\battendance (is|was|has|figure|percentage|record|letter)\b|\b(a|the) fine (could|will|would|may|might|has|for|letter|notice)\b|\bfined\b|\bpenalty notice\b"
    r"|\b(check|correct) (that )?(the )?(attendance|register)\b|\bmarked (as )?(unauthori[sz]ed|absent)\b|\bsays? unauthori[sz]ed\b")
# Open questions to the office with no absence in them ("Who should I speak to about...?").
WH_QUESTION = compile_gated(
    r"^\W*(hi|hello|hiya|morning|good morning)?\W*(who|where|how many|how much|how do|how can|how long|is there|are there|do you|does the school|"
    r"what (is|are|do|does|should)|when (is|are|does|do)|can i (have|get|speak|talk|see|book)|could i (have|get|speak|talk|see|book))\b"
)
LEAVE_WORD = compile_gated(
    r"\b(permission(?! slip)|request|requesting|authoris\w*|authoriz\w*|leave of absence|give (him |her |them )?leave|be excused|excused|"
    r"term time holiday|holiday form|leave|off|miss|absent|absence|out of school|not (come|attend|be in|go)|take (\w+ ){0,2}out|finish|break up|holiday|"
    r"collect\w*|pick\w* (him|her|them|\w+) up|days?|week|afternoon|morning|go|attend|released|let out|missing|leaving|"
    r"zgod\w*|pozwoleni\w*|nieobecno\w*|permiso|permisiune|învoire|invoire|ijazat|autorisation|autorización|"
    r"lipseasc\w*|să lipsească|razreshenie|разрешение|otsastva|отсъства)\b"
    rf"|(?<!\w)({FOREIGN_LEAVE})(?!\w)|{ASK_LEAVE}"
    r"|请假|請假|假期|准假"
)
#: Getting better and going back: news about an absence already reported ("the impetigo has crusted over, the GP
#: says she can go back tomorrow"), not a new one (issue 14's families).
RECOVERING = compile_gated(
    r"\b(clearing up|cleared up|better|gone|scabbed|crusted|working|no temp|no temperature|eating again|on the mend|"
    r"recovered|recovering well|improving|picking up|much brighter|back to (his|her|their) (old|normal) self|"
    # round 17: "finally stopped being sick", "signed off by the hospital after her op", "given the all clear"
    r"stopped (being sick|being ill|vomiting|throwing up|coughing)|signed off by (the )?(hospital|consultant|surgeon|gp|doctor|physio)|"
    r"discharged|(given|got) the all clear)\b")
RETURNING = compile_gated(
    r"\b(can|will|should|is|are|be) (go|going|come|coming) back\b|\b(can|will|should) (be )?back\b|\bwill be back\b"
    r"|\bback (with you|to school|in school)\b|\b(coming|going) back (in|to school|on|tomorrow|today)\b|\bcan return\b"
    r"|\b(is|s|are) back in (tomorrow|on)\b")
BACK_ONLY = compile_gated(r"\b(will be|be|is|are) back\b|\bback (on|tomorrow|monday|tuesday|wednesday|thursday|friday|in)\b|\breturn(ing)? (on|tomorrow)\b")
ABSENT = compile_gated(
    r"\b(will not be in|not be in|not be back|(neither|none) (of (them|mine|the \w+) )?(will|are|is) (be )?(in|coming)|no (school|skool)|not back (until|till|before|this|today)|not in\b|not coming|not come (in|to school|into school|today|tomorrow)|not going (in|to school)|not attend|not be attending|"
    r"off (today|school|sick|tomorrow|this|the rest|for|until|till|all)|be off|is off|been off|was off|absent|"
    r"stay(ing|s)? (at )?home|keep(ing)? (him|her|them) (home|off|in bed)|kept (him|her|them) (home|off)|"
    r"miss(ing)? (school|today|the day)|have to miss|not make it(?! (in )?on time)|not sending|not bringing|can not (bring|get|come|make)(?! (him |her |them )?(in |there |to school )?on time)|"
    r"not be coming|taken (him|her|them) home|turned round|in bed|stay(ing|s)? off|home today|"
    r"zostanie w domu|nie przyjdzie|nu va veni|nu vine (azi|astăzi|astazi|la școală|la scoala)|no va a ir|nahi aa|ma imaan|ne viendra|"
    r"not able to come|unable to (come|attend)|refus\w* to (come|go)|will not go (in|to school))\b"
)
#: A parent telling the school how the child is, the child being in ("might be a bit quiet today, her hamster
#: died", "I've brought him in"), or about a form: nothing to record.
ATTENDING_NOTE = compile_gated(
    r"\bmight be (a bit |a little |quite )?(tired|quiet|teary|upset|emotional|grumpy|sleepy|clingy|wobbly)\b"
    r"|\b(i have|i've|ive|we have|we've) (brought|dropped|taken) (him|her|them) in\b|\bno need to do anything\b"
    r"|\b(consent form|permission slip)\b|\bright person to (speak|talk) to\b")
OTHER = compile_gated(
    r"\b(voucher|claim now|click|congratulations|winner|prize|wrong number|stop texting|stop messaging|"
    r"who is this|unsubscribe|parents evening|pe kit|uniform|dinner money|free school meals|school meals|"
    r"lunch money|trip money|jumper|costume|inhaler|collection list|new address|update (the|his|her|their|our) "
    r"(records|details|address|number)|phone number|email address|what time|did (he|she|they) get in|get in ok|"
    r"(what is|what's|whats) the (school's |schools |school )?(policy|rule|procedure)|policy on|fined|fines|fine for|penalty notice|"
    r"attendance record|attendance figures?|attendance percentage|copy of|"
    # complaints and questions about a mark or an attendance letter ("why has he been given an unauthorised mark")
    r"unauthori[sz]ed (mark|absence|absences)|attendance (letter|certificate|award|warning)|(be|get it|it be) corrected|"
    r"marked (as )?(absent|unauthori[sz]ed))\b"
    r"|^\s*/\w+|https?://|www\.|\.com\b"
)
COLLECT = compile_gated(
    r"\b(collect(ing)? (him|her|them|\w+)|(be|being|get|getting|is|was) collected|pick(ing)? (him|her|them|\w+) up|come for (him|her)|leave at|leaving at|"
    r"sign(ing)? (him|her) out|take (him|her) out at|leave early|leaving early)\b"
)
THANKS_FOR = compile_gated(r"^\W*(hi|hello|hiya|morning|good morning|good afternoon|good evening|dear \w+( \w+)?)?\W*(just )?(wanted to say )?(thank you|thanks|thankyou|thank u|many thanks)( so much| very much| again| all)? (for|to)\b")
IN_SCHOOL_TODAY = compile_gated(
    r"\b(she is|he is|they are|she will be|he will be|they will be|is|are) (in|coming in|in school|at school) (today|as normal|as usual|now)\b"
    r"|\b(she is|he is|they are) (still )?(going|coming) in\b(?! late)"
    # round 16: "she's gone in with the drops", "fine and in today", "not infectious so she can come in"
    r"|\b(he|she|they) (is|are|has|have) gone in\b|\b(fine|ok|okay|well) and in( school)? today\b"
    r"|\b(fine|ok|okay) to (come|go) in\b(?! (late|later|tomorrow|on))"
    r"|\b(he|she|they) can (come|go) (in|to school)\b(?! (late|later|tomorrow|on|next|monday|tuesday|wednesday|thursday|friday|when|once|if|after|from))"
)
#: Head lice with no day off: a note for the class, not an absence (schools do not exclude for lice).
LICE = compile_gated(r"\b(nits|head ?lice|lice)\b")
THIRD_SUBJECT = compile_gated(
    r"\b(my|his|her|their|our) (mum|mom|mother|dad|father|nan|nana|gran|granny|grandma|grandad|husband|wife|partner|"
    r"aunt|auntie|uncle|sister|brother|cousin|childminder)( and \w+)? (will |would |is |has |just )?$"
)
CHILD_REF = compile_gated(r"\b(he|she|him|her|his|hers|they|them|their|son|daughter|child|kids|children|boy|girl|boys|girls|twins|both)\b")
# A reason (illness, appointment) with no phrase of missing school is not by itself a new absence:
# the child will attend ("she'll be in tomorrow", "back Monday"), the message looks back at days
# already missed (sent home, a sick note), or it asks the office something.
ATTEND = compile_gated(
    r"\b(will be in|be in (tomorrow|today|on|as normal|as usual|monday|tuesday|wednesday|thursday|friday|for the|but)|coming in (tomorrow|today|now|on|monday|tuesday|wednesday|thursday|friday)|"
    r"come in (tomorrow|with|on)|send (him|her|them)( in)?\b(?! home)|be back|back (tomorrow|on|in|at school|to school|monday|tuesday|wednesday|thursday|friday)|"
    r"in as normal|as normal tomorrow|returns?|returning)\b"
)
LOOK_BACK = compile_gated(
    r"\b(sent home|was sent|came home|was off|were off|been off|days? (he|she|they) (was|were) off|days off|(sick|fit|doctor's|doctor) note|"
    r"appointment letter|hospital letter|has cleared( up)?|cleared up|has gone(?! (all|really|very|so|a bit|quite|swollen|red|bad|worse|septic|puffy|up|into|to))|went fine|went well|had (his|her|their) (bloods|jabs|appointment|op|operation)|"
    r"sorry (he|she|they) (was|were) off)\b"
)
ASKS = compile_gated(
    r"\b(is (he|she|they|it) allowed|are (they|we) allowed|can (he|she|they|it|i|you|someone)|could (he|she|they|you|someone)|"
    r"do (i|we|you) need|(if|whether) (i|we) (need|have|should)|should (i|we)|what happens|will (he|she|they) be able|is it ok|is that ok|does (he|she) need)\b"
)
# Asking the office something about a child who attends (PE, work, exams, drops, a detention):
# a question even without a question mark.
ASKS_STRONG = compile_gated(
    r"\b(is (he|she|they|\w+) allowed to (wear|do|bring|sit|use|have|take)|can it be (moved|changed)|what happens (with|about|to)|"
    r"do i need to keep|should i keep|can (he|she|they|\w+) (still )?(come in with|bring|wear|do|sit|have|use))\b"
)
# The child is in school today ("he will be in but can't do PE", "she is coming in for the exams").
ATTEND_TODAY = compile_gated(r"(?<!neither )(?<!none )(?<!not )(?<!mine )(?<!them )\b(will be in|is coming in|coming in|will be in school)( today| but| for the| as normal| as usual)\b"
                          r"|\b(ring|call|phone|text) me if (he|she|they) (gets?|feels?|is) (worse|unwell|poorly|ill)|\bkeep an eye on (him|her|them)\b")
PAST_ABSENT = compile_gated(r"(was|were|been) (off|absent)( sick)?")
# ...and already reported ("I told the office at the time", "wants a note for the days he was off"): a first
# report of a past day ("Leo was off yesterday with a chest infection, back today") stays an absence.
PAST_DAY = compile_gated(r"\b(at the time|already (told|reported|rang|let)|(a|the) note for|wants a note|needs a note|"
                      r"sorry (he|she|they) (was|were) off)\b")
THANKS_ONLY = compile_gated(r"^\W*(ok|okay|thanks|thank you|cheers|ta|great|lovely|perfect|no problem|will do|yes|no|👍|x+)\W*(thanks|thank you|x+)?\W*$")


@dataclass
class IntentDecision:
    """The intent with a rule strength and reason."""

    intent: str
    strength: float
    evidence: str
    # a single-phrase rule ("late", "still off", an OTHER word) that a very confident classifier may overrule
    overridable: bool = False


def _absent(t: str) -> re.Match[str] | None:
    """The first absence phrase whose subject is not another person ("my mum can't make it")."""
    for m in ABSENT.finditer(t):
        if THIRD_SUBJECT.search(t[max(0, m.start() - 40) : m.start()]):
            continue
        return m
    return None


def _late_arrival(t: str) -> re.Match[str] | None:
    """A morning arrival time ("have him there for 9.20") that says the child is coming in late."""
    for m in LATE_ARRIVAL.finditer(t):
        times = [h for h in times_in(m.group(0)) if 8 <= h < 11.5]
        if times or re.search(r"\b(9|10|11|half nine|ten)\b", m.group(0).split()[-1]):
            if all(8 <= h < 11.5 for h in times_in(m.group(0))):
                return m
    return None


def _collect_means_absence(t: str, has_child_reason: bool) -> re.Match[str] | None:
    """A collection is an absence when it comes before the end of the day or is for a reason."""
    m = COLLECT.search(t)
    if not m:
        return None
    if re.search(r"(early|lunch ?time|lunch|dinner ?time|before (lunch|dinner|the end))", t):
        return m
    times = [h for h in times_in(t) if h >= 8]
    if times:
        return m if min(times) < 15 else None
    if re.search(r"(after school|end of (the )?(school )?day|home time|usual time)\b", t):
        return None
    return m if has_child_reason else None


def rule_intent(
    ctx: MessageContext, has_child_reason: bool, has_appointment: bool, text: str,
    child_names: frozenset[str] | set[str] = frozenset(), has_illness: bool = False, late_in_day: bool = False,
) -> IntentDecision:
    """Decide the intent by rules; ``strength`` says how much the rules trust themselves."""
    t = ctx.norm_text
    if not re.search(r"[^\W\d_]", text) or THANKS_ONLY.match(t):
        return IntentDecision("other", 0.9, "intent: no absence content")
    absent_m = _absent(t)
    late_explicit = LATE_EXPLICIT.search(t) and not LATE_NOT.search(t)
    leave = LEAVE_STRONG.search(t)
    leave_dayoff = leave and LEAVE_DAYOFF.search(t)
    if (OTHER.search(t) and not absent_m and not late_explicit and not leave_dayoff
            and not (has_child_reason and re.search(r"\b(today|tomorrow)\b", t))):
        return IntentDecision("other", 0.85, f'intent: other ("{OTHER.search(t).group(0)}")', True)  # type: ignore[union-attr]
    note = ATTENDING_NOTE.search(t)
    if note and not absent_m and not late_explicit and not leave:
        return IntentDecision("other", 0.8, f'intent: other (the child is in: "{note.group(0)}")')
    past_only = all(PAST_ABSENT.search(t[max(0, m.start() - 6) : m.end()]) for m in ABSENT.finditer(t))
    if ATTENDANCE_QUERY.search(t) and past_only and not leave and not re.search(r"\b(today|tomorrow)\b", t):
        return IntentDecision("other", 0.8, f'intent: other (about the register: "{ATTENDANCE_QUERY.search(t).group(0)}")')  # type: ignore[union-attr]
    evidence_m = EVIDENCE_FOR_APPT.search(t) or NOTE_HANDED_IN.search(t)
    if evidence_m and past_only and not FUTURE_ABSENCE.search(t) and not APPROVE_ASK.search(t):
        return IntentDecision("update", 0.8, f'intent: update (evidence for an appointment: "{evidence_m.group(0)}")')
    qc = QUESTION_OFF.search(t) or CONDITIONAL_OFF.search(t)
    if qc and not _absent(t[: qc.start()] + " " + t[qc.end() :]) and not late_explicit:
        return IntentDecision("other", 0.8, f'intent: other (a question or a condition, no absence yet: "{qc.group(0)[:40]}")')
    chemist = CHEMIST_THEN_IN.search(t)
    if chemist and not absent_m:
        return IntentDecision("late", 0.8, f'intent: late (chemist first, then in: "{chemist.group(0)[:40]}")')
    if THANKS_FOR.search(t) and not absent_m and not re.search(r"\b(tomorrow|will not|not be|keeping|keep)\b", t):
        return IntentDecision("other", 0.8, "intent: other (thanks)")
    if leave and LEAVE_PAST.search(t) and not re.search(r"\b(next|coming)\b", t):
        return IntentDecision("update", 0.75, f'intent: update (evidence or past absence, "{leave.group(0)}")')
    if (WH_QUESTION.search(t) and "?" in text and not absent_m and not late_explicit and not has_illness
            and not re.search(r"\b(today|tomorrow|monday|tuesday|wednesday|thursday|friday)\b", t)):
        return IntentDecision("other", 0.75, "intent: other (question to the office)")
    if leave and not LEAVE_WORD.search(t):
        if "?" in text and not absent_m and not late_explicit:
            return IntentDecision("other", 0.7, f'intent: other (a question, "{leave.group(0)}", not about time off)')
        leave = None
    if leave and not re.search(r"\b(today|this morning)\b", t):
        return IntentDecision("leave_request", 0.9, f'intent: leave request ("{leave.group(0)}")')
    if ASKS_STRONG.search(t) and not late_explicit and not (absent_m and "?" not in text):
        return IntentDecision("other", 0.8, f'intent: other (a question: "{ASKS_STRONG.search(t).group(0)}")')  # type: ignore[union-attr]
    if absent_m and PAST_ABSENT.fullmatch(absent_m.group(0)) and not any(
            not PAST_ABSENT.fullmatch(m.group(0)) for m in ABSENT.finditer(t)) and PAST_DAY.search(t):
        return IntentDecision("update", 0.7, f'intent: update (about days already missed: "{absent_m.group(0)}")')
    arrival = _late_arrival(t)
    update = UPDATE_STRONG.search(t)
    if (update and arrival and not absent_m and not has_appointment
            and not re.search(r"\b(after all|ignore|mistake|wrong)\b", t)):
        return IntentDecision("late", 0.8, f'intent: late (better now, arriving "{arrival.group(0)}")')
    new_absence = (absent_m and re.search(r"\b(again|today)\b", t) and (has_child_reason or has_illness)
                   and not re.search(r"\bstill (off|not in)\b", t))
    # "still poorly / still off, still scabbing": a new day missed WITH a reason is an absence (SCHEMA);
    # "still off" alone, or still poorly but coming in tomorrow, is an update.
    if (update and update.group(0).startswith("still") and has_illness and not late_in_day
            and not ATTEND.search(t) and not re.search(r"\b(will|to) (let you know|update|ring|call)\b", t)):
        new_absence = True
    if update and update.group(0).startswith("still") and has_illness and (re.search(r"\bnot be (back|in)\b", t) or OFF_TOMORROW.search(t)):
        new_absence = True
    if update and not new_absence and (not absent_m or not re.search(r"\b(to follow|will follow|will send (the|a|you))\b", t)):
        return IntentDecision("update", 0.85, f'intent: update ("{update.group(0)[:40]}")', True)
    absent = absent_m or _collect_means_absence(t, has_child_reason)
    late = LATE.search(t) or LATE_SCRIPT.search(t) or (arrival if not absent else None)
    if late and absent and "late" not in late.group(0):
        late = None
    if late and not LATE_NOT.search(t[max(0, late.start() - 25) : late.end() + 25]):
        if has_appointment:
            return IntentDecision("absence", 0.85, "intent: absence (appointment, coming in late)")
        # "overslept so he will not come today", "too late now so she is not going in today": late is the cause of a whole-day absence
        if not re.search(r"\b(not (be|coming|come|going|go)( in| to school| into school)? (at all|today)|whole day|all day)\b", t):
            return IntentDecision("late", 0.85, f'intent: late ("{late.group(0)}")', True)
    if IN_SCHOOL_TODAY.search(t) and not absent and not has_appointment:
        return IntentDecision("other", 0.8, f'intent: other (child in school: "{IN_SCHOOL_TODAY.search(t).group(0)}")')  # type: ignore[union-attr]
    if absent:
        return IntentDecision("absence", 0.8, f'intent: absence ("{absent.group(0)}")')
    if "?" in text and not CHILD_REF.search(t) and not any(re.search(rf"\b{re.escape(n)}\b", t) for n in child_names):
        return IntentDecision("other", 0.7, "intent: question about no child")
    if has_child_reason and not absent and not late and ATTEND_TODAY.search(t) and not has_appointment:
        return IntentDecision("other", 0.8, f'intent: other (the child attends: "{ATTEND_TODAY.search(t).group(0)}")')  # type: ignore[union-attr]
    if has_child_reason and not absent and not late:
        if "?" in text and ASKS.search(t) and not (has_appointment and re.search(r"\b(today|this morning|this afternoon)\b", t)):
            return IntentDecision("other", 0.7, f'intent: other (a question: "{ASKS.search(t).group(0)}")')  # type: ignore[union-attr]
        look_back = LOOK_BACK.search(t)
        attend = ATTEND.search(t)
        if look_back or (attend and not has_appointment and late_in_day):
            hit = (look_back or attend).group(0)  # type: ignore[union-attr]
            return IntentDecision("update", 0.7, f'intent: update (reason given, but no new day missed: "{hit}")')
    recovering, returning = RECOVERING.search(t), RETURNING.search(t)
    if has_child_reason and not absent and not late and recovering and returning:
        return IntentDecision("update", 0.8, f'intent: update (recovering, "{returning.group(0)}")')
    back_cjk = CJK_BACK.search(text)
    if back_cjk and not CJK_OFF.search(text) and not absent and not late:
        return IntentDecision("update", 0.75, f'intent: update (better, going back: "{back_cjk.group(0)}")')
    back_foreign = FOREIGN_BETTER.search(t) or (None if has_child_reason else FOREIGN_BACK.search(t))
    if back_foreign and not has_appointment and not FOREIGN_OFF.search(t) and not absent and not late:
        return IntentDecision("update", 0.8, f'intent: update (better, going back: "{back_foreign.group(0)}")')
    note = FOREIGN_EVIDENCE.search(text) if has_child_reason and not absent and not late else None
    if note:
        return IntentDecision("update", 0.75, f'intent: update (a note or letter in another language: "{note.group(0)}")')
    lice = LICE.search(t)
    if (lice and not absent and not late and not has_illness and not has_appointment
            and not re.search(r"\b(tomorrow|kal|lunch|this morning|this afternoon|later|after|at \d)\b", t)):
        return IntentDecision("other", 0.8, f'intent: other (head lice, no day off: "{lice.group(0)}")')
    if has_child_reason:
        return IntentDecision("absence", 0.8 if has_appointment or has_child_reason else 0.6, "intent: absence (reason given)")
    if BACK_ONLY.search(t):
        return IntentDecision("update", 0.6, "intent: update (back)")
    if "?" in text:
        return IntentDecision("other", 0.6, "intent: question")
    return IntentDecision("other", 0.3, "intent: unclear")


# Blend weights: rules of strength >= RULE_STANDS stand, except that a single-phrase rule gives way to a
# classifier at least OVERRULE sure of another intent; weaker rules are blended
# CLASSIFIER_WEIGHT * classifier + (1 - CLASSIFIER_WEIGHT) * rule strength. Round 10 re-checked them on a
# validation split by writer (bench/nlu_validate.py: classifier trained on synthetic + unseen_a-h, scored on
# unseen_i-j, 420 messages): these give 0.924; RULE_STANDS 0.85-0.9 gave 0.93-0.94 and closed four open
# (xfail) families, but broke five family tests (two of them false-I/M safety families), so the weights stay.
OVERRULE = 0.9
RULE_STANDS = 0.8
CLASSIFIER_WEIGHT = 0.55


def combine(rule: IntentDecision, scores: dict[str, float] | None) -> tuple[str, float, str]:
    """Blend the rule decision with the text classifier's scores."""
    if not scores:
        return rule.intent, rule.strength, rule.evidence
    best = max(scores, key=lambda k: scores[k])
    if rule.overridable and best != rule.intent and scores[best] >= OVERRULE:
        return best, scores[best] * 0.9, f"intent: {best} (text classifier {scores[best]:.2f} over the rule: {rule.evidence[8:]})"
    if rule.strength >= RULE_STANDS or best == rule.intent:
        agree = scores.get(rule.intent, 0.0)
        return rule.intent, min(0.99, 0.5 * rule.strength + 0.5 * agree), rule.evidence
    blended = {k: CLASSIFIER_WEIGHT * v + ((1 - CLASSIFIER_WEIGHT) * rule.strength if k == rule.intent else 0.0)
               for k, v in scores.items()}
    intent = max(blended, key=lambda k: blended[k])
    if intent == rule.intent:
        return intent, blended[intent], rule.evidence
    return intent, blended[intent], f"intent: {intent} (text classifier {scores[intent]:.2f})"
