"""Synthetic training messages for the binary safeguarding-cue classifier (deterministic per seed).

Cue messages are built from concept templates (domestic abuse, police/social care, eviction and
fleeing, a child missing, self-harm and low mood, bullying, refusal and anxiety, leaving the
country, young carers, substance misuse, threats and strangers, protective instructions), subtle
and blatant, filled with fresh names, relatives, groups and days. Non-cue messages are ordinary
absence/late/leave/update/other messages from :mod:`nlu.training.generate` plus hard negatives that
share words with cues (nervous about a test but coming in, hurt a knee at play, a police visit to
the school, a parent in hospital with the child at school, an agreed contact weekend). No message
from dev or the unseen sets is used.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from nlu.training.generate import NAMES, TEMPLATES, _fill, _noise

ADULT = ["his dad", "her dad", "my partner", "my ex", "their dad", "my husband", "her stepdad", "his stepdad",
         "my boyfriend", "their father", "mum's boyfriend", "my wife", "her mum", "his mum", "my brother in law"]
RELATIVE = ["sister", "mum", "nan", "auntie", "cousin", "friend", "brother", "gran", "mate"]
GROUP = ["some girls in her class", "some boys in his year", "older kids", "a group of year 9s", "those lads",
         "the girls on the bus", "some kids from the estate", "a boy in his class", "older girls", "a gang of boys"]
COUNTRY = ["Pakistan", "Romania", "Poland", "Somalia", "Nigeria", "Bangladesh", "Lithuania", "Portugal", "Iraq",
           "Jamaica", "Ghana", "Albania", "Turkey", "Bulgaria", "Eritrea", "Brazil", "India", "Ukraine"]
DAY = ["today", "tomorrow", "this week", "on Monday", "for a few days", "for now", "today and tomorrow", ""]
TEST = ["maths test", "spelling test", "SATs practice", "mock exam", "school play", "assembly", "swimming lesson",
        "trip", "times tables check", "class presentation", "football match", "nativity"]
HURT = ["knee", "wrist", "ankle", "finger", "elbow", "head"]

CUE_TEMPLATES = [
    # domestic abuse / adult harm
    "{name} won't be in {day}, there was an incident at home last night with {adult}",
    "we had to leave the house last night, {adult} was kicking off again",
    "{adult} was drunk and smashing things so the kids and me went to my {rel}'s",
    "{name} is off {day}, the police were at ours last night because of {adult}",
    "I had to ring 999 on {adult} last night, {name} saw all of it",
    "{adult} has been violent and we've left, {name} won't be in until we sort things",
    "things have been really difficult at home with {adult}, {name} is staying off {day}",
    "we're staying at a refuge for now so {name} can't get to school",
    "{name} is scared of {adult} and doesn't want to go home",
    "there's been a lot of shouting at home and {name} hasn't slept",
    "{adult} turned up at the house and it got nasty, keeping {name} home",
    "{name} told me {adult} hurt {obj} and I don't know what to do",
    "{name} has marks on {pos} arm and won't say how {pro} got them",
    "please do not let {adult} collect {name}, {pro} is not allowed",
    "{adult} is not allowed near the children, if he comes to school ring me",
    "please don't give our address to anyone, we've moved because of {adult}",
    "we're hiding at my {rel}'s for a bit, please don't tell anyone where {name} is",
    "{name} is off {day}, things at home aren't great right now",
    # police / social care / court
    "{name} won't be in {day}, we have a meeting with the social worker",
    "social services are coming round {day} so {name} is staying home",
    "{name} has to go to the police station to give a statement",
    "we've got court {day} about the children so {name} will be off",
    "{name}'s social worker is picking {obj} up at 2",
    "the police need to speak to {name} {day} so {pro} won't be in",
    "children's services have been in touch and want a meeting, {name} is off",
    # eviction / homelessness / fleeing
    "we've been evicted and the council have put us in a hotel miles away, {name} can't get in",
    "the landlord has kicked us out, we're sofa surfing at my {rel}'s so {name} will be late most days",
    "we have nowhere to live at the moment, {name} is off {day}",
    "the bailiffs came this morning, {name} won't be in",
    "we had to flee the house last night, {name} is with me",
    "we've lost our home and the council are moving us, not sure when {name} can come in",
    "{name} and me are staying with my {rel} for a bit, it's not safe at home",
    "we're in emergency accommodation so {name} might be off a few days",
    # missing / not come home
    "{name} didn't come home last night, has anyone seen {obj}",
    "{name} stayed out all night and isn't answering {pos} phone",
    "I don't know where {name} is, {pro} left last night and hasn't come back",
    "{name} ran off after an argument and we can't find {obj}",
    "{name} hasn't been home since Saturday, I've told the police",
    "{name} went out and never came back, please call me if {pro} turns up",
    # self-harm / low mood / mental health crisis
    "{name} has been cutting {pos} arms again, keeping {obj} home",
    "{name} won't eat and won't talk to anyone, {pro}'s been in {pos} room for days",
    "{name} says there's no point in anything anymore",
    "{name} told me {pro} doesn't want to be here anymore",
    "{name} took some tablets last night and we were in A&E",
    "{name} has been really low, not eating or sleeping, I'm worried about {obj}",
    "{name} said {pro} wants to hurt {ref}, I'm keeping {obj} with me",
    "{name} has stopped eating and cries all the time",
    "{name} hasn't left the house in a week and won't speak",
    "found out {name} has been self harming, we're waiting for CAMHS",
    # bullying
    "{name} is being picked on by {group} and doesn't want to come in",
    "{group} keep calling {name} names and {pro} comes home in tears",
    "{group} were waiting for {name} after school again",
    "{name} won't come in while {group} are still there",
    "someone posted photos of {name} online and everyone is sharing them",
    "{name} came home with bruises, {pro} says {group} did it",
    "{group} said they'd beat {name} up so {pro} is too scared to come",
    "{name} is being left out and laughed at every day by {group}",
    "{name} is getting horrible messages on snapchat from {group}",
    # refusal / anxiety
    "{name} refuses to go in, {pro} just sits in the car and cries",
    "{name} won't get out of the car again",
    "{name} is too anxious to come in {day}",
    "{name} freezes at the school gate and we end up going home",
    "{name} had a panic attack at the thought of school",
    "{name} is terrified of going in",
    "{name} says {pro} can't face school",
    "{name} will try coming in if {pro} can go to the learning hub instead of class",
    "{name} is only managing a reduced timetable at the moment, not in {day}",
    "{name} was sick with nerves again this morning and wouldn't go in",
    "{name} is struggling to come in, {pro} gets really worked up every morning",
    "{name} won't go to school, {pro} says something happened but won't tell me",
    # leaving the country / no notice
    "today is {name}'s last day, we are flying to {country} tomorrow and staying there",
    "we are going back to {country} and don't know when we'll be back",
    "{name} is going to live with {pos} dad in {country}",
    "we're moving to {country} at the weekend, sorry for the short notice",
    "{name} won't be coming back to the school, we left for {country} last night",
    "we are taking the children to {country} for a few months, not sure about school",
    "we fly to {country} tonight and we will stay there now",
    # young carer
    "{name} is staying home to look after me, I'm not well",
    "{name} has to look after {pos} little brother because I'm in hospital",
    "{name} is the only one who knows what to do when {pos} dad has a seizure",
    "{name} is helping me at home, I can't get out of bed with my back",
    "I'm not well and {name} is looking after the baby",
    "{name} stays home to help {pos} mum, she can't manage on her own",
    "{name} cares for {pos} nan while I'm at work",
    # substance misuse
    "{adult} has been drinking again and I can't get {name} to school",
    "{name} came home drunk last night",
    "I found drugs in {name}'s bag",
    "{name} has been smoking weed with older kids",
    "{adult} is using again and I'm struggling",
    # threats / strangers / exploitation
    "{name} told me a man was following {obj} home from school",
    "someone was hanging around the gate taking photos of the kids",
    "a stranger tried to get {name} into a car",
    "an older man has been messaging {name} online asking to meet",
    "{group} threatened {name} with a knife",
    "{name} has been given money and a new phone by some older lads and won't say why",
    "someone has been threatening us, {name} is staying with me {day}",
    "a man in a van tried to talk to {name} at the bus stop",
    # poverty / neglect (no food, no heating, can't pay)
    "the electric ran out last night and I can't top it up till Friday, {name} has no clean uniform",
    "we've got no gas at the moment so {name} has had no hot dinner, sorry {pro} is off {day}",
    "is the school able to help with food? we've run out and {name} hasn't eaten properly",
    "there's no money for the bus until payday so {name} can't get in {day}",
    "we've had no heating for a week and I can't pay to put it back on, {name} is staying under the duvet",
    "can you tell me where the food bank is? things are really tight",
    "I can't afford {name}'s shoes so {pro} won't go in wearing the old ones",
    "{name} has been going to bed hungry, I don't know what else to do",
    # fleeing / somewhere safe / left a partner
    "I've left {adult} and we're in a new place now, please don't give anyone our details",
    "we've had to go somewhere safe for a while, {name} will be off, I can't say more",
    "I walked out on {adult} at the weekend, we're at my {rel}'s and {name} might be late",
    "{name} and I are somewhere safer now, I'll explain when I can",
    "we're not at the old address any more because of {adult}, please update it but keep it private",
    # older children / adults around the child
    "{group} on the estate keep waiting for {name} after school, I'm going to collect {obj} from now on",
    "some older teenagers have been following {name} on the way home",
    "{group} took {name}'s phone off {obj} at the park and said there's more coming",
    "{name} keeps getting stopped by older lads at the shop and asked to carry things",
    # unexplained injury / changing story
    "{name} has a bruise on {pos} face and {pos} story keeps changing about how it happened",
    "{name} came back from {pos} dad's with a burn and won't tell me how",
    "{name} says {pro} fell but the marks don't look like a fall to me",
    "{name} has hurt {pos} arm at {pos} dad's, {pro} gives a different answer each time I ask",
    # cues in other languages
    "{name} dzisiaj nie przyjdzie, w domu była policja",
    "{name} boi się chodzić do szkoły, dzieci go biją",
    "{name} nu vine azi, a fost poliția la noi aseară",
    "{name} îi este frică să meargă la școală",
    "الشرطة جاءت إلى البيت الليلة، {name} لن يأتي اليوم",
    "{name} خائف من الذهاب إلى المدرسة لأن الأولاد يضربونه",
    "{name} maanta ma imanayo, booliis ayaa guriga yimid",
    "{name} wuu baqayaa, carruur ayaa dhibaya",
    "{name} ko school jane se dar lagta hai, bache maarte hain",
    "{name} no va hoy, la policía vino a casa anoche",
    "{name} tiene miedo de ir al colegio, le pegan",
    "{name} боїться йти до школи, його б'ють",
    "{name} okula gitmek istemiyor, çocuklar onu dövüyor",
    # round 9 families: an image of the child passed around; a parent who cannot make the child go in;
    # an adult back on drink or drugs; refusal tied to another child or an incident; caring for a parent overnight
    "someone has been passing a picture of {name} round the group chat and {pro} is in bits",
    "a video of {name} got posted online by {group}, {pro} came home crying",
    "kids have been sending round a screenshot about {name}, can someone speak to the class",
    "{name} found out a photo of {obj} was shared on snapchat, {pro} won't say who took it",
    "{name} is refusing again and I physically can't make {obj} go, that's most of this week",
    "I can't get {name} to go in, {pro} just sits in {pos} room and I'm at the end of my tether",
    "{name} is off again, I'm not going to force {obj}, we've tried everything",
    "{adult} is on the drink again so I've kept {name} home with me {day}",
    "{adult} was back on the booze last night, {name} didn't get much sleep",
    "{adult} is using again and it's all kicked off, {name} won't be in",
    "{name} won't go back while that boy is still in {pos} class, not after last week",
    "{name} refuses to come in until something is done about the girl who hit {obj}",
    "after what happened at lunch on Friday {name} is too frightened to come in",
    "{name} will be in late, {pro} was up most of the night looking after {pos} mum, she can't manage on her own",
    "{name} has been helping with {pos} dad through the night again so {pro} is shattered, in for 11",
    "{name} sat up with {pos} nan half the night because she can't be left, I'm letting {obj} sleep",
]

NEG_TEMPLATES = [
    "{name} is a bit nervous about the {test} {day} but {pro} is coming in",
    "{name} is worried about the {test}, could the teacher keep an eye on {obj}?",
    "thank you for looking after {name} when {pro} hurt {pos} {hurt} today",
    "{name} fell over in the playground and hurt {pos} {hurt}, is {pro} ok?",
    "a police officer came into the assembly today, {name} loved it",
    "{name} said the police visited the school, what was that about?",
    "{name}'s dad is picking {obj} up on Friday, it's his weekend",
    "{name} is refusing to wear {pos} coat, can {pro} keep it in the bag",
    "{name} is refusing to get dressed so we'll be late, sorry",
    "{name} has a hospital appointment at 2 and still has a cough so keeping {obj} home",
    "{pos} dad is in hospital for an operation so I'm with him, {name} is staying with {pos} nan",
    "{name} is off with a cold, our heating is broken and the landlord hasn't fixed it",
    "we're going to {country} for a family wedding, can {name} have {day} off?",
    "{name}'s grandad passed away, we are flying to {country} for the funeral and back next week",
    "{name} is staying with {pos} {rel} {day} as I'm working early, {pro} will be in on time",
    "{name} has a sickness bug, not coming in {day}",
    "{name} has a dentist appointment at 9, bring {obj} in after",
    "{name} won't be in {day}, {pro} has a temperature and a rash",
    "{name} is still poorly, still off {day}",
    "{name} will be late, the car won't start",
    "{name} missed the bus, we'll be in by 10",
    "{name} is missing {pos} PE kit, can you check lost property",
    "{name} has been a bit low with a cold but should be back tomorrow",
    "{name} had a nightmare and didn't sleep so we'll be a bit late",
    "{name} is scared of the dentist so we're going at 9, in after",
    "can {name} bring {pos} anxiety toy in for the {test}?",
    "{name} has been picked for the football team! thanks",
    "{name} is worried {pro} left {pos} reading book at school",
    "{name} hurt {pos} {hurt} at football, the GP says rest for 2 days",
    "is there a court in the playground for netball? {name} wants to join",
    "{name} is staying at {pos} {rel}'s tonight, {pro} will be at school tomorrow as normal",
    "{name} is helping at the church fair on Saturday, is that ok for the volunteering badge?",
    "I'm really poorly so {name}'s dad is bringing {obj} in {day}",
    "{name} is moving up to the juniors next year, when is the visit?",
    "{name} has to come with me to {pos} brother's hospital appointment {day}",
    "my dad was taken into hospital last night so we're driving up to see him, {name} is off {day}",
    "{name} had an asthma attack and we were at the hospital until 3am, keeping {obj} home to rest",
    "{name} banged {pos} head and was sick so we're taking {obj} to A&E",
    "{name} is having {pos} tonsils out {day}, the surgeon says 2 weeks off",
    "{pos} grandma died last night, we're driving to see family, back Monday",
    "we're moving house {day} and there's no one to have {name}",
    "{name} has period pain and can't get out of bed, staying home {day}",
    "{name} has food poisoning, been up all night being sick",
    "the lane is flooded so we can't get {name} in {day}",
    "it snowed overnight and the road isn't gritted, {name} is off",
    "{name} is upset because {pos} hamster died, {pro} is coming in though",
    "{name} has headlice, keeping {obj} off to treat it",
    "we have a family emergency, my mum is in hospital, {name} won't be in {day}",
    "I'm in hospital having a baby so {name}'s nan is bringing {obj} in",
    "can {name} have {day} off for {pos} aunt's wedding in {country}?",
    "{name} was crying all night with earache, taking {obj} to the walk in centre",
    "{name} has a piano exam in the morning so won't be in",
    "did {name} get in ok? {pro} left early and isn't answering {pos} phone",
    "{name} has a brace fitting at the orthodontist at 1.15",
    "we've all got covid, keeping them off till Monday",
    "{name} has hay fever and has been drinking lots of water, can {pro} keep a bottle",
    "{name} wants to wear {pos} police costume for the visit, running late sorry",
    "{pos} older brother will be waiting for {name} at the gate after school",
    "{name} forgot {pos} packed lunch, can I drop some food in at 12?",
    "our boiler broke so we're at my {rel}'s tonight, {name} will be in as normal",
    "{name} has a bruise from football, nothing serious, {pro} is coming in",
    "{name} dzisiaj nie przyjdzie, jest chory",
    "{name} nu vine azi, are febră",
    "{name} maanta ma imanayo, wuu xanuunsan yahay",
    "{name} no va hoy, tiene fiebre",
    "{name} لن يأتي اليوم، هو مريض",
    "not well this morning, keeping {obj} home today sorry",
    "{name} has been up all night being sick, staying off {day}",
    "{name}'s skin is really bad with {pos} eczema, keeping {obj} home to rest",
    "{name} has an MRI at the hospital and we've been told it takes all day",
    "{pos} dad was rushed into hospital last night, {name} is upset but is coming in",
    "I'm {name}'s foster carer, {pro} has a bad cough so won't be in {day}",
    "{name} is going to be late, the bus broke down with all the kids from the estate on it",
    "{name} has a temperature and sore throat, {pro} is staying home, {pos} brother is coming in",
    # hard negatives for the round 9 families
    "{name}'s nan is poorly so {pos} dad can't get {obj} to school {day}, sorry",
    "can we have the photos of {name} from the {test}? lovely to see them",
    "{name} had a bad night with {pos} cough, up half the night, keeping {obj} home",
    "{name} can't make the {test} {day}, {pro} has a dentist appointment",
    "{name} won't be in {day}, {pro} has been sick all night with a bug",
    "{name} is not well",
    "{name} isn't well today, keeping {obj} home",
    "{name} is not well, {pro} will be back {day}",
    "{name} still not well, another day off sorry",
    "{name}'s grandad isn't well so we're visiting, {pro} will be back {day}",
    # short plain reports: a bag of words must not read a bare "ill" as a cue
    "{name} is ill",
    "{name} is ill today",
    "{name} is ill {day}",
    "{name} is poorly",
    "{name} is sick today",
    "{name} off sick",
    "{name} unwell, staying home",
    "{name} not well today sorry",
    "{name} is ill and won't be in",
    "{name} ill, off {day}",
    # ordinary messages in other languages (illness, a family matter, a dentist, coming back)
    "Доброго ранку, {name} сьогодні не прийде, у нього температура і кашель. Дякую",
    "Добрий день, {name} захворіла, залишиться вдома. Дякую",
    "Здравствуйте, {name} заболел, сегодня не придёт в школу",
    "Добрий день, {name} не прийде сьогодні через сімейні справи",
    "শুভ সকাল, {name} এর জ্বর হয়েছে, আজ স্কুলে আসবে না",
    "Dzień dobry, {name} ma katar i kaszel, zostaje dziś w domu. Pozdrawiam",
    "Dzień dobry, {name} ma wizytę u dentysty o 9, potem przyjdzie do szkoły",
    "Bună ziua, {name} este bolnav azi, are febră. Mulțumesc",
    "Buna, {name} nu vine azi, avem o problemă în familie. Revine mâine",
    "مرحبا، {name} عنده حرارة اليوم ولن يذهب إلى المدرسة. شكراً",
    "Salaan, {name} maanta wuu jiran yahay, ma imanayo. Mahadsanid",
    "Assalam o alaikum, {name} ki tabiyat theek nahi, aaj school nahi aayega",
    "Hola, {name} está enfermo con fiebre, hoy no va al colegio. Gracias",
    "Merhaba, {name} bugün hasta, okula gelmeyecek. Teşekkürler",
    "Bonjour, {name} est malade aujourd'hui, elle a de la fièvre",
]

PRONOUN_REFL = {"he": "himself", "she": "herself"}


def _sg_fill(template: str, rng: random.Random) -> str:
    he = rng.random() < 0.5
    pro = "he" if he else "she"
    return template.format(
        name=rng.choice(NAMES), adult=rng.choice(ADULT), rel=rng.choice(RELATIVE), group=rng.choice(GROUP),
        country=rng.choice(COUNTRY), day=rng.choice(DAY), test=rng.choice(TEST), hurt=rng.choice(HURT),
        pro=pro, obj="him" if he else "her", pos="his" if he else "her", ref=PRONOUN_REFL[pro],
    ).replace("  ", " ").strip()


# The intent generator's "other" list holds some cue messages; they count as cues here.
_CUE_WORDS = ("police", "social worker", "bullied", "difficult at home", "dad collect", "last day", "quiet at home")


def generate_safeguarding(n_pos: int = 1500, n_neg: int = 3000, seed: int = 0) -> Iterator[dict[str, object]]:
    """Yield ``{"text", "cue"}`` examples (cue is True/False), the same ones for the same seed."""
    rng = random.Random(seed + 101)
    for _ in range(n_pos):
        yield {"text": _noise(_sg_fill(rng.choice(CUE_TEMPLATES), rng), rng), "cue": True}
    intent_templates = [t for ts in TEMPLATES.values() for t in ts]
    for i in range(n_neg):
        if i % 3 == 0:
            text = _sg_fill(rng.choice(NEG_TEMPLATES), rng)
            cue = False
        else:
            template = rng.choice(intent_templates)
            text = _fill(template, rng)
            cue = any(w in template.lower() for w in _CUE_WORDS) or "don't let" in template.lower()
        yield {"text": _noise(text, rng), "cue": cue}
