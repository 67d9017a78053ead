"""Cue lexicons, one list of phrases per label, matched on token norms by the PhraseMatcher.

Phrases are written in plain lower case; they go through the same tokenizer and
normaliser as messages, so "won't", "wont" and "will not" are one phrase.
"""

from __future__ import annotations

# The child is ill or injured (English plus clear words from common home languages).
ILL = [
    "sick", "ill", "poorly", "unwell", "not well", "not very well", "not feeling well",
    "not feeling great", "not feeling good", "not feeling 100", "feeling rough", "under the weather",
    "temperature", "high temperature", "fever", "feverish", "vomit", "vomiting", "being sick",
    "been sick", "throwing up", "threw up", "thrown up", "d&v", "d and v", "diarrhoea", "diarrhea",
    "the runs", "migraine", "headache", "head hurts", "stomach ache", "stomach bug", "bad stomach",
    "stomach upset", "upset stomach", "stomach pain", "sickness bug", "bug", "virus", "norovirus",
    "flu", "cold", "bad cold", "heavy cold", "cough", "coughing", "chesty", "chest infection",
    "sore throat", "tonsillitis", "ear infection", "earache", "ear ache", "infection",
    "chickenpox", "chicken pox", "covid", "tested positive", "hand foot and mouth", "croup",
    "conjunctivitis", "impetigo", "scarlet fever", "measles", "mumps", "whooping cough",
    "glandular fever", "food poisoning", "gastro", "wheezing", "wheezy", "asthma attack", "rash",
    "allergic reaction", "swollen", "period pain", "period pains", "cramps", "toothache",
    "concussion", "broke his", "broke her", "broken arm", "broken leg", "broken wrist",
    "sprained", "fractured", "injured", "hurt his", "hurt her", "injury", "stitches", "in hospital",
    "admitted", "on the ward", "operation", "tonsils out", "recovering", "signed off",
    "antibiotics", "infected", "pain", "in pain", "a&e", "poorly tummy", "dizzy", "fainted",
    "nosebleed", "cut herself", "cut himself", "took a load of tablets", "overdose", "appendicitis",
    "kidney infection", "uti", "eczema flare", "hay fever", "mouth ulcers", "lost his voice",
    "lost her voice", "not himself", "not herself", "feels sick", "felt sick", "feeling sick",
    "bad cough", "runny nose", "bronchitis", "pneumonia", "strep", "sinusitis",
    "general anaesthetic", "anaesthetic", "needs rest", "need rest", "bed rest", "bad ear",
    "ear is bad", "ear is really bad", "ear really bad", "sore ear", "sore eye", "sore eyes", "hurts",
    "hurting", "really bad ear", "ear hurts", "sore", "burns", "burnt", "bump", "lump", "bruised",
    # mental-health illness and crises the writers code I (refusal or fear of school stays N: see codes.py)
    "sniffly", "sniffles", "snuffly", "panic attack", "panic attacks", "cut herself", "cut himself", "cutting himself", "cutting herself",
    "self harm", "self harming", "self-harm", "self-harming", "mental health", "crisis team", "depression",
    "seizure", "seizures", "fit in the night", "dislocated", "appendix", "appendicitis", "signed her off",
    "signed him off", "signed off", "not right", "feeling faint", "fainted", "faint", "temps", "high temps",
    "with his stomach", "with her stomach", "with his tummy", "with her tummy", "tummy still bad", "tummy is bad",
    "tummy bad", "vomitat", "dureri", "durere", "ناروغ", "نەخۆشە", "نەخۆش", "ሓሚማ", "ሓሚሙ", "🤒", "🤮", "🤢", "🤧",
    "stomach virus", "sick bug", "asthma", "asthma flare", "flare up", "flared up", "flare-up", "tummy bug", "tummy ache", "illness", "ailment",
    # Polish, Romanian, Spanish, French, Portuguese, Italian, German, Urdu (Latin), Somali, Turkish
    "chory", "chora", "choruje", "gorączkę", "gorączka", "gorączke", "wymioty", "przeziębiona",
    "przeziębiony", "boli", "bolnav", "bolnavă", "bolnava", "febră", "febra", "răcit", "racit",
    "enfermo", "enferma", "fiebre", "gripe", "malade", "fièvre", "doente", "febre", "malato",
    "malata", "febbre", "krank", "fieber", "bimar", "beemar", "bukhar", "bukhaar", "ulti",
    "tabiyat theek nahi", "tabiyat thik nahi", "tabiyat kharab", "xanuunsan", "jiran", "qandho",
    "qufac", "hasta", "ateş", "ates",
    # round 13: period pain, a reaction after a jab, sticky eyes, wounds glued; toothache, earache and
    # swelling in Portuguese and Spanish, mumps and chickenpox in Romanian, a sprain and swelling in Ukrainian
    "has her period", "on her period", "started her period", "in agony", "had a reaction", "a reaction",
    "gunky", "gunky eye", "gunky eyes", "sticky eye", "sticky eyes", "head glued", "glued",
    "dor de dentes", "dor de dente", "dor de ouvido", "dor de barriga", "dor de cabeça", "dor de garganta",
    "inchada", "inchado", "dolor de oído", "dolor de muelas", "dolor de cabeza", "dolor de barriga",
    "dolor de garganta", "oreion", "oreionul", "varicelă", "varicela", "підвернув", "підвернула", "набрякла",
    "набряк",
    # Lithuanian, Bengali (Latin), Arabic, Ukrainian/Russian, Albanian, Portuguese
    "serga", "karščiuoja", "temperatūrą", "temperatūra", "jor", "jwor", "osustho", "asustho",
    "shorir kharap", "مريض", "مريضة", "حرارة", "حمى", "تعبان", "تعبانة", "хворий", "хвора", "болен",
    "больна", "заболел", "заболела", "температура", "i sëmurë", "e sëmurë", "semure", "temperaturë",
    "dor de garganta", "gripa", "gripă", "grypa", "low mood", "depressed", "depression",
    # common childhood illnesses in other languages (chickenpox, flu, infection, vomiting, cough)
    "varicela", "vărsat de vânt", "ospa", "wietrzna ospa", "varicella", "varicelle", "su çiçeği", "vejšaraupiai",
    "infecție", "infectie", "infekcja", "infección", "infeccion", "infezione", "enfeksiyon", "infection hoyeche",
    "vomită", "voma", "vomita", "wymiotuje", "kaszel", "tuse", "tos", "tosse", "öksürük", "gripi",
    "chokhe infection", "pet kharap", "pet dard", "bukhaar hai", "bukhar hai", "nu bukhar", "kuum", "xanuun",
    # colloquial sickness and "looks ill" wordings; Bengali script
    "chucking up", "chucked up", "puking", "puked", "spewing", "sicky", "off colour", "looking pale", "really pale",
    "tummy hurt", "tummy hurts", "tummy hurting", "belly ache", "bad belly", "poorly belly", "stomach hurts",
    "জ্বর", "কাশি", "অসুস্থ", "বমি", "ঠান্ডা লেগেছে",
    # issue 14 families: reactions after a vaccination, less common childhood infections and conditions
    "reaction to his jabs", "reaction to her jabs", "reaction to the jabs", "reaction to his jab", "reaction to her jab",
    "reaction to his vaccine", "reaction to her vaccine", "reaction to the vaccine", "reaction to his vaccinations",
    "reaction to her vaccinations", "reaction to his injection", "reaction to her injection", "bad reaction",
    "after his jabs", "after her jabs", "slapped cheek", "threadworm", "threadworms", "worms", "ringworm",
    "molluscum", "shingles", "hives", "tooth abscess", "abscess", "swollen glands", "sore tooth", "bad tooth", "tooth pain", "tooth hurts", "tooth ache", "wisdom tooth",
    "pulled a muscle", "twisted his ankle", "twisted her ankle", "twisted ankle", "sprain", "fracture", "plaster cast",
    "in a cast", "on crutches", "cold sore", "stye", "pink eye", "nits and a temperature",
    "hand, foot and mouth", "hand foot mouth", "slap cheek", "slapped cheeks", "impetego", "impetgo", "impitigo",
    "tonsilitis", "tonsillitus", "broken his collarbone", "broken her collarbone", "broken collarbone",
    "ospę", "ospę wietrzną", "ospe wietrzna", "krostach", "otită", "otita", "îl doare", "o doare", "il doare",
    "torceu", "torceu o tornozelo", "tornozelo", "xanuunaya", "xanuun", "bararay",
    "xanuunaysa", "matagaysay", "matag", "caloosha", "dard", "kaan mein dard", "pet mein dard", "varicelă",
    "funny tummy", "dodgy tummy", "back and forth to the loo", "on the loo all night", "too poorly", "glands are up",
    "wheeze", "wheezing", "coughing", "inhaler", "come on her period",
    "aching", "aching all over", "achy", "cutting her arms", "cutting his arms",
    "cut her arms", "cut his arms", "розтягнення", "перелом", "травма", "болить вухо", "болить зуб",
    # round 12 families (unseen_o, unseen_p): not keeping food down, operations, sprains and breaks in
    # everyday words, reactions and swelling, self-harm and panic attacks (SCHEMA: a named episode is I),
    # and illness words in Spanish, Portuguese, Turkish, Ukrainian, Bengali/Urdu in Latin script
    "not keep anything down", "not keep any food down", "not keep food down", "keep nothing down", "not keep water down",
    "tonsils taken out", "tonsils removed", "having his tonsils", "having her tonsils", "adenoids",
    "went over on his ankle", "went over on her ankle", "gone over on his ankle", "gone over on her ankle",
    "went over on it", "put any weight on", "put weight on it", "it is broke", "it is broken", "broke his arm",
    "broke her arm", "broke his wrist", "broke her wrist", "broken finger", "broke his finger", "broke her finger",
    "broken toe", "broke his toe", "broke her toe", "allergic reaction", "reaction to something", "swelled up",
    "swollen up", "burning up", "self harmed", "self harm", "self-harmed", "self-harm", "panic attack", "panic attacks",
    "impetago", "diarreia", "conjuntivite", "otitis", "oído", "le duele", "duele", "se rompió", "rompió",
    "kulağı", "ağrıyor", "ateşi", "вітрянка", "вітрянку", "ветрянка", "ветрянку", "аденоїдів", "алергічна реакція",
    "алергічну реакцію", "кашляє", "кашляет", "кашель", "betha", "byatha", "khansi", "pet e betha",
    # round 14 (unseen_u, unseen_v): Polish, Romanian and Portuguese written without diacritics, breaks and casts,
    # ear trouble in few words ("Ear.", "up all night with his ear"), grommets, diabetes hypos, voice-to-text "year ache"
    "goraczka", "goraczke", "goraczki", "boli go", "boli ja", "boli ją", "zapalenie ucha", "zapalenie gardla",
    "zapalenie gardła", "zlamal", "złamał", "zlamala", "złamała", "w gipsie", "ma gips", "si-a rupt", "și-a rupt",
    "clavicula", "claviculă", "virose", "vomitou", "vomitando", "grommets put in", "grommets fitted", "grommet put in", "perforated", "perforated ear",
    "spranged", "sprang his", "sprang her", "hypo", "hypos", "blood sugar", "blood sugars", "sugar levels",
    "with his ear", "with her ear", "ear", "year ache", "bad chest", "with his chest", "with her chest",
    # round 16 (unseen_x, unseen_y): a collar bone in two words, a sling, eczema, nosebleeds,
    # dizziness; a broken arm and a cast in Urdu, scarlet fever and a rash in Polish
    "collar bone", "broken his collar bone", "broken her collar bone", "in a sling", "eczema",
    "nose bleed", "nosebleed", "nosebleeds", "nose bleeds", "nose has been bleeding", "nose bleeding", "bleeding nose",
    "dizzy", "dizziness", "dizzy spells", "toot gaya", "toot gayi", "plaster laga", "szkarlatyna", "szkarlatyne",
    "wysypka", "wysypke", "wysypkę",
    # round 18 (unseen_aa): Slovak, Kurdish (Sorani script and Kurmanji), Tigrinya, Punjabi, Polish and
    # Romanian illness and injury words
    "zápal ucha", "zapal ucha", "teploty", "teplotu", "horúčku", "horucku", "chrípku", "chripku", "chrípka",
    "kašeľ", "kasel", "angínu", "anginu", "zvracia", "vracia", "zlomenú", "zlomenu", "sádru",
    "سکی دێشێت", "سکی", "تای", "تا هەیە", "کۆکە", "serma", "kokey", "nexweş", "nexweşe", "ta heye", "taya",
    "ሕማም", "ሕማም ከብዲ", "ሰዓል", "ረስኒ", "ረስን", "ረስንን", "ሰዓልን", "ሕሙም", "ሕምምቲ",
    "mud gaya", "mud gayi", "moch", "sujja", "sujji", "ਬੁਖਾਰ", "ਪੇਟ ਖਰਾਬ", "ਬਿਮਾਰ", "ਤਬੀਅਤ ਠੀਕ ਨਹੀਂ",
    "zapalenie spojowek", "zapalenie spojówek", "apendicita", "apendicită", "operata", "operată", "operat", "are gips",
    "impertigo", "positive covid", "covid test",
]

# A medical or dental appointment for the child.
MED = [
    "appointment", "dentist", "dental", "orthodontist", "brace", "braces", "optician",
    "eye test", "eye clinic", "eye hospital", "hearing test", "audiology", "blood test",
    "hearing check", "eye check", "heart check", "hearing aid fitting", "eye doctor",
    "clinic", "physiotherapy", "camhs", "check up", "check-up", "checkup", "vaccination",
    "vaccinations", "jabs", "jab", "booster", "immunisation", "immunisations", "injection",
    "nasal spray", "flu spray", "mri", "scan", "x-ray", "xray", "x ray", "ultrasound",
    "speech therapy", "speech and language", "occupational therapy", "therapy", "paediatrician",
    "consultant", "specialist", "surgery", "health visitor", "ent", "cardiology", "dermatology",
    "endocrinology", "allergy testing", "allergy test", "outpatients", "fracture clinic",
    "filling", "tooth out", "teeth out", "a hospital appointment", "gp appointment",
    "doctor appointment", "counselling", "counsellor", "psychologist", "psychiatrist", "ecg",
    "eeg", "review", "follow up", "follow-up", "assessment",
    "wizyta", "dentysta", "dentysty", "lekarza", "programare", "medic", "cita", "médico",
    "medico", "dentista", "rendez-vous", "rendez vous", "termin", "arzt", "zahnarzt",
    "ballan", "balan",
    # appointments in other languages (Turkish, Arabic, Russian/Ukrainian, Lithuanian, Portuguese, Italian)
    "randevu", "randevusu", "diş doktoru", "doktor randevusu", "hastane randevusu", "موعد", "موعد في المستشفى",
    "طبيب الأسنان", "عيادة", "прийом у лікаря", "прийом", "щеплення", "щеплень", "рентген", "на рентген", "до психолога", "огляд",
    "контрольний огляд", "revisión", "revision del asma", "doctor ke paas", "doctor ke pas", "doctor ke pass", "запис до лікаря", "стоматолог", "к врачу", "до лікаря",
    "vizitas pas gydytoją", "gydytoją", "odontologo", "odontólogo", "consulta", "appuntamento", "visita medica",
    "wizyta u lekarza", "wizyta u dentysty", "doctor er kache", "daktar er kache", "dentist e",
    # issue 14 families: clinics and vaccinations by name, and more languages
    "asthma clinic", "asthma review", "diabetes clinic", "food challenge", "allergy clinic", "vaccine", "vaccin",
    "vaccinul", "antigripal", "medicul de familie", "la medic", "la dentist", "стоматолога", "до стоматолога",
    "ortodonty", "ortodonta", "u ortodonty", "do dentysty", "szczepienie", "na szczepienie", "vacuna", "vacina",
    "打疫苗", "疫苗", "诊所", "牙医", "看医生", "医院",
    # round 12 families: talking therapies by their everyday names, condition checks, Polish and Portuguese visits
    "cbt", "therapist", "play therapist", "counselling session", "therapy session", "asthma check", "asthma nurse",
    "psychologa", "u psychologa", "okulisty", "okulista", "u okulisty", "wizytę", "wizyte", "vacinação", "vacinacao",
    # round 14: a hospital "app", implant mapping, check-ups and specialists in Polish, Bulgarian, Lithuanian, Spanish
    "hospital app", "hospital appt", "cochlear implant", "implant mapping", "kontrole", "kontrolę", "kontrola",
    "kardiologa", "u kardiologa", "alergologa", "pas gydytoja", "gydytoja", "zabolekar", "зъболекар", "очния лекар",
    "очен лекар", "при лекар", "análisis de sangre", "analisis de sangre",
    # round 16: a brace fitted at the dental hospital, therapy sessions and blood tests in Ukrainian, a check-up in Romanian
    "brace fitted", "dental hospital", "сеанс терапії", "терапії", "терапія", "аналіз крові", "control la",
    "cardiologie", "la cardiologie",
    # round 18 (unseen_aa): Slovak, Kurdish, Tigrinya, Urdu and Gujarati appointments
    "očkovanie", "ockovanie", "kontrolu u", "u lekára", "u lekara", "u zubára", "u zubara", "k lekárke", "k lekárovi",
    "دکتۆری ددان", "چاوپێکەوتنی", "randevûya", "randevû", "ቆጸራ", "ቆጸራ ሆስፒታል", "ሓኪም ስኒ",
    "اپائنٹمنٹ", "ڈاکٹر", "ڈینٹسٹ", "ડેન્ટિસ્ટ", "એપોઇન્ટમેન્ટ", "ਅਪੌਇੰਟਮੈਂਟ", "ਡਾਕਟਰ",
]

# Places/people that are medical but on their own say nothing about an appointment.
MED_PLACE = ["gp", "doctor", "daktar", "daktari", "hospital", "walk in centre", "walk in", "walk-in", "out of hours", "nurse", "pharmacy", "health centre", "health center"]

# Reasons that on their own keep a child off for something other than illness (code N),
# strong enough to outweigh an illness word elsewhere in the message.
NONMED_STRONG = [
    "funeral", "passed away", "died", "burial", "wedding", "holiday", "we are away",
    "going away", "gone away", "abroad", "flight", "flights", "landed", "car will not start",
    "car broke down", "car has broken down", "flat tyre", "broken down", "train cancelled",
    "train has been cancelled", "cancelled", "overslept", "slept in", "alarm", "personal reasons",
    "family reasons", "family emergency", "family matter", "family commitment", "moving house",
    "nits", "headlice", "head lice", "lice", "eid", "diwali", "gurpurab", "vaisakhi", "chanukah",
    "hanukkah", "yom kippur", "rosh hashanah", "festival", "religious", "gurdwara", "mosque",
    "exam", "audition", "consulate", "embassy", "passport", "visa", "home office", "court",
    "flooded", "snow", "no one to take", "nobody to take", "no one to", "nobody to",
    "school run", "childcare", "refusing", "refuses", "refused", "will not go", "can not face",
    "does not want to", "too anxious", "anxious", "bullied", "bullying",
    "police", "social worker", "contact visit", "refuge", "evicted", "day out", "theme park",
    "disneyland", "cruise", "pilgrimage", "umrah", "hajj", "babysit", "look after",
    "looking after", "caring for", "birthday", "celebration", "will not get out", "in a state",
    "educational psychologist", "ed psych", "dyslexia assessment", "consulat", "consulatul", "konsulat", "konsulatu",
]

# Reasons that are neither illness nor a medical appointment (code N).
NONMED = [
    "funeral", "passed away", "died", "burial", "wedding", "holiday", "away", "abroad",
    "trip", "flight", "flights", "fly", "flying", "airport", "landed", "car", "car will not start",
    "flat tyre", "broken down", "broke down", "train", "bus", "buses", "cancelled", "traffic",
    "overslept", "slept in", "alarm", "personal reasons", "family reasons", "family emergency",
    "family matter", "family commitment", "moving house", "moving", "nits", "headlice",
    "head lice", "lice", "eid", "diwali", "gurpurab", "vaisakhi", "chanukah", "hanukkah",
    "yom kippur", "rosh hashanah", "christmas", "festival", "religious", "mosque", "gurdwara",
    "temple", "church", "exam", "audition", "competition", "match", "tournament", "show",
    "performance", "rehearsal", "consulate", "embassy", "passport", "visa", "home office",
    "court", "flooded", "flood", "snow", "weather", "no one to take", "nobody to take",
    "no one to", "nobody to", "school run", "childcare", "sister", "brother", "refusing",
    "refuses", "refused", "will not go", "does not want to", "can not face", "tired",
    "exhausted", "shattered", "upset", "police", "social worker", "contact visit", "refuge",
    "evicted", "meeting", "visit", "visiting", "family", "wedding abroad", "celebration",
    "birthday", "day out", "days out", "theme park", "disneyland", "cruise", "half term",
    "wedding in", "pilgrimage", "umrah", "hajj", "babysit", "look after", "looking after",
    "caring for", "carer",
]

# The child is off (whole or part day).
ABSENT = [
    "will not be in", "not be in", "not in", "is not in", "not coming in", "not coming",
    "not come", "not come to school", "not going in", "not going to school", "not attend",
    "not attending", "not be attending", "not be at school", "not be in school", "off today",
    "off school", "off sick", "be off", "is off", "be absent", "absent", "staying home",
    "stay home", "stays home", "stay at home", "staying at home", "stays at home",
    "at home today", "home today", "keeping him home", "keeping her home", "keeping them home",
    "keeping him off", "keeping her off", "keeping them off", "keep him off", "keep her off",
    "keep him home", "keep her home", "keep them off", "keep them home", "kept him off",
    "kept her off", "miss school", "missing school", "miss today", "have to miss",
    "will miss", "not make it", "not sending", "not bringing", "can not bring", "can not get",
    "can not come", "can not make it", "not be coming", "be home", "taken him home",
    "taken her home", "off", "collect", "collecting", "pick him up", "pick her up",
    "picking him up", "picking her up", "pick up", "picking up", "come for him", "come for her",
    "leave at", "leaving at", "in bed", "stay off", "stays off", "staying off",
    "zostanie w domu", "nie przyjdzie", "nie będzie", "nu va veni", "nu vine", "rămâne acasă",
    "ramane acasa", "no va a ir", "no irá", "no va a venir", "se queda en casa",
    "nahi aa", "nahi aayega", "nahi aaye", "nahi jayega", "ma imaan karto", "ma iman karo",
    "ne viendra pas", "restera à la maison", "reste à la maison",
]

# The child will arrive late.
LATE = [
    "late", "be late", "running late", "bit late", "be in by", "there by", "be there",
    "in by", "on our way", "on the way", "coming now", "walking in", "missed the bus",
    "stuck in traffic", "stuck behind", "few minutes", "minutes late", "mins late",
]
LATE_NOT = [
    "late message", "late text", "late notice", "late reply", "late call", "late msg",
    "late last night", "very late", "til late", "till late", "until late", "late night",
    "late afternoon", "late evening", "sorry for the late", "apologies for the late",
    "late tonight", "back late", "late flight", "late home", "late back",
]

# A request for a future leave of absence.
LEAVE = [
    "permission", "request", "requesting", "authorise", "authorised", "authorize",
    "authorized", "leave of absence", "leave for", "give leave", "be excused", "excused",
    "could she have", "could he have", "can she have", "can he have", "can they have",
    "could they have", "to have the", "have the week", "day off", "days off", "week off",
    "afternoon off", "afternoons off", "would like to ask", "would be grateful",
    "agree to", "head would", "headteacher", "is that ok", "is that okay", "would that be ok",
    "take her out", "take him out", "take them out", "term time", "holiday form",
]

# News about an absence already reported.
UPDATE = [
    "still off", "still not", "still poorly", "still unwell", "still ill", "still sick",
    "much better", "feeling better", "a lot better", "lot better", "loads better", "better now",
    "on the mend", "perked up", "ok now", "okay now", "fine now", "after all", "ignore my",
    "ignore the", "wrong child", "made a mistake", "mistake", "confirming", "just confirming",
    "like i said", "as i said", "as mentioned", "letter", "fit note", "sick note",
    "appointment card", "appointment letter", "emailed", "uploaded", "sent in", "sent over",
    "attached", "evidence", "proof", "back on", "back in on", "back tomorrow", "back in tomorrow",
    "will be back", "be back", "back monday", "still in hospital", "update", "updating",
]

OTHER = [
    "voucher", "claim", "click", "congratulations", "winner", "prize", "wrong number",
    "stop texting", "stop messaging", "who is this", "who's this", "unsubscribe", "/start",
    "parents evening", "pe kit", "kit", "uniform", "non uniform", "dinner money",
    "free school meals", "school meals", "lunch money", "trip money", "reading book",
    "jumper", "costume", "newsletter", "inhaler", "collection list", "picking him up today",
    "forgot her", "forgot his", "new address", "records", "phone number", "email address",
    "what time", "when does", "when do", "do they", "does she", "does he", "did he get in",
    "did she get in", "get in ok",
]

# Safeguarding cues for the designated safeguarding lead.
SAFEGUARDING = [
    "police", "arrested", "arrest", "social worker", "social services", "social care",
    "children's services", "childrens services", "child protection", "early help",
    "refuge", "domestic", "domestic abuse", "domestic violence", "abuse", "abused", "abusive",
    "assaulted", "assault", "hit him", "hit her", "hits him", "hits her", "hitting him",
    "hitting her", "pushed him", "pushed her", "kicked off", "attacked", "beat him", "beat her",
    "missing", "not come home", "did not come home", "has not come home", "not home last night",
    "ran away", "run away", "runaway", "self harm", "self-harm", "self harming", "self-harming",
    "cut herself", "cut himself", "cutting herself", "cutting himself", "overdose",
    "took a load of tablets", "taken tablets", "took tablets", "suicidal",
    "suicide", "kill herself", "kill himself", "crisis team", "bullied", "bullying", "bullies",
    "picking on him", "picking on her", "those girls", "those boys", "the lads", "lads in his",
    "girls in her", "saying about her", "saying about him", "refusing", "refuses", "refused",
    "will not go back", "not going back", "does not want to come", "can not face",
    "too anxious", "anxious", "anxiety", "panic attack", "panic attacks", "in a state",
    "right state", "scared to", "frightened", "terrified", "will not get out",
    "locked himself", "locked herself", "evicted", "eviction", "homeless", "emergency housing",
    "fleeing", "fled", "had to leave the house", "do not tell anyone", "not let their dad",
    "not let his dad", "not let her dad", "not let him take", "not let their father",
    "not allowed to collect", "court order", "injunction", "for good", "not coming back",
    "moving abroad", "leaving the country", "no notice", "look after me", "looking after me",
    "caring for me", "young carer", "help me", "drunk", "drugs", "off his face", "off her face",
    "cannabis", "weed", "alcohol", "threat", "threats", "threatened", "threatening", "knife",
    "weapon", "contact visit", "end of my tether", "do not know what to do", "can not cope",
    # mental health and low mood
    "low mood", "really low", "so low", "very low", "feeling low", "depressed", "depression",
    "not want to be here", "does not want to be here", "not want to be alive", "want to die",
    "wants to die", "wanted to die", "end it all", "hurting herself", "hurting himself",
    "harming herself", "harming himself", "self harmed",
    "eating disorder", "stopped eating", "mental health", "camhs crisis",
    "crying every morning", "crying all the time", "in tears", "in bits",
    "school refusal", "not ready to come in", "not ready to come back", "will not go in",
    "will not go to school", "not want to go to school", "does not want to go", "too scared",
    "scared to go", "scared of", "frightened of", "afraid of", "terrified of", "worried sick",
    "panic attack", "shut down", "not coping",
    # bullying, threats, violence
    "calling her names", "calling him names", "calling them names", "name calling", "called names",
    "pushing her", "pushing him", "pushed her", "pushed him", "picked on", "picking on",
    "ganged up", "ganging up", "beaten up", "beat him up", "beat her up", "jumped him",
    "jumped her", "punched", "slapped", "kicked him", "kicked her", "strangled", "choked",
    "hurt her if", "hurt him if", "hurt them if", "going to hurt", "will hurt", "kill him",
    "kill her", "kill you", "threatened to", "sending her messages", "sending him messages",
    "nasty messages", "horrible messages", "groomed", "grooming", "older boy", "older man",
    "inappropriate", "nudes", "photos of her", "pictures of her", "sexual", "touched her",
    "touched him", "bruise", "bruises", "bruising", "marks on", "black eye", "smacked",
    "scared of dad", "scared of his dad", "scared of her dad", "scared of their dad",
    "scared to go home", "frightened to go home", "violent", "violence", "aggressive",
    # police, courts, social care
    "police station", "the police", "custody", "court", "court case", "magistrates", "solicitor",
    "non molestation", "prison", "in jail", "probation", "cp plan",
    "child protection plan", "strategy meeting", "section 47", "family centre", "supervised contact",
    "foster", "foster carer", "kinship", "special guardianship",
    # family crisis
    "kicked out", "kicked us out", "thrown out", "threw us out", "chucked out", "lost our home",
    "lost the house", "nowhere to stay", "nowhere to live", "nowhere to go", "sofa surfing",
    "temporary accommodation", "emergency accommodation", "hostel", "b and b", "bailiffs",
    "housing officer", "council put us", "left the house", "left home",
    "had to leave", "had to get out", "staying at my sister", "staying at my mum",
    "staying with my sister", "staying at a friend", "at a mates", "at my mates", "at a friends",
    "on the run", "fled", "flee", "escaped", "safe house", "women's aid", "womens aid",
    "my ex", "her ex", "his ex", "their dad turned up", "turned up at the house", "house fire",
    # leaving the country
    "moving abroad", "move abroad", "leaving the uk", "leave the uk", "permanently", "not be coming back", "not return",
    "not returning",
    "taking them back to", "going back home for good", "back home for good",
    # young carers, substance misuse
    "young carer", "looking after his mum", "looking after her mum", "looking after his dad",
    "looking after her dad", "look after his mum", "look after her mum", "caring for his mum",
    "caring for her mum", "been drinking", "drunk again", "vodka", "vaping",
    "smoking weed", "off his head", "off her head", "overdosed",
    "needles", "dealer", "county lines", "gang", "gangs",
    # further wordings (family names from the schema's list)
    "bully", "bullys", "bullying him", "bullying her", "laughing at him", "laughing at her",
    "making fun of", "horrible to him", "horrible to her", "nasty to him", "nasty to her",
    "in a fight", "got into a fight", "fighting at school", "beaten", "hit by", "kicked by",
    "punched by", "attacked by", "took his phone", "stole his", "stole her", "snapchat",
    "tiktok", "instagram", "group chat", "whatsapp group", "the other kids", "the other children",
    "other kids", "some of the boys", "some of the girls", "some boys", "some girls",
    "hates school", "hate school", "dreading", "dreads", "overwhelmed", "school is too much",
    "not want to come in",
    "not want to come to school", "does not want to come in", "refusing school", "ebsa",
    "school avoidance", "emotionally based", "crying about school", "crying about going",
    "screaming and crying", "hiding under", "hid in", "will not leave the house",
    "will not leave his room", "will not leave her room", "not left the house",
    "nervous about", "worried about coming", "worried about going", "scared about",
    "things at home", "difficult at home", "trouble at home", "going on at home", "happened at home",
    "incident at home", "incident last night", "an incident", "domestic incident", "argument",
    "big row", "screaming at", "shouting at", "smashed", "kicked the door", "broke the door",
    "restraining order", "non-molestation", "non mol", "not allowed near", "not allowed contact",
    "not allowed to see", "no contact", "do not release", "only me to collect", "nobody else to collect",
    "no one else to collect", "safety plan", "ex partner", "ex-partner", "ex husband", "ex-husband",
    "officer", "officers", "999", "arrested", "cafcass", "family support worker", "support worker",
    "family liaison", "key worker", "sectioned", "mental health team", "crisis", "dark thoughts",
    "not want to live", "does not want to live", "end his life", "end her life", "take his own life",
    "take her own life", "hurt himself", "hurt herself", "cutting", "cuts on", "scratching",
    "out all night", "not seen since", "have not seen", "has not been home", "not been home",
    "gone missing", "went missing", "whereabouts", "homelessness", "homeless shelter",
    "emergency housing", "housed", "rehoused", "b&b", "bed and breakfast", "council hotel",
    "food bank", "foodbank", "no food", "no electric", "no gas", "no heating", "fire at",
    "emigrating", "relocating", "relocate", "for good", "flying out", "one way ticket", "back home to live", "to live in",
    "stay with me", "stay home with me", "keep me company", "help me with", "helping me",
    "mind the baby", "mind his", "mind her", "look after the baby", "look after his brother",
    "look after his sister", "look after her brother", "look after her sister", "looking after the baby",
    "caring for", "carer", "my illness", "my condition",
    "drink problem", "drinking again", "hungover", "hangover", "smelled of", "smelt of", "stoned",
    "high on", "vape", "vapes", "edibles", "pills", "gun", "stab", "stabbed", "stabbing", "machete",
    "threatening messages", "threatened him", "threatened her", "touching", "touched",
    "home educate", "home educating", "home education", "home schooling", "home school him",
    "home school her", "deregister", "off roll", "take him off roll", "take her off roll",
    "her boyfriend", "his girlfriend", "older boyfriend", "following her", "following him",
    "approached by", "a stranger", "strange man", "into care", "in care", "jail", "landlord",
    "lost our flat", "lost the flat", "council moved us", "council have moved", "council has moved",
    "hard time", "struggling at the moment", "struggling mentally", "mentally", "his mental", "her mental",
    # missing
    "run off", "ran off", "not answering", "can not find", "do not know where",
    "no idea where", "reported missing", "stayed out",
]

# Relations whose illness or appointment is not the child's own.
THIRD_PARTY = [
    "brother", "sister", "baby", "mum", "mom", "mother", "dad", "father", "nan", "nana",
    "nanna", "gran", "granny", "grandma", "grandad", "granddad", "grandpa", "grandmother",
    "grandfather", "husband", "wife", "partner", "aunt", "auntie", "uncle", "cousin",
    "stepdad", "stepmum", "sibling", "siblings", "i", "me", "my", "myself", "i am", "i have",
    "little brother", "little sister", "big brother", "big sister", "son's brother",
    "great nan", "great grandad", "family",
    # round 18: grandparents in Slovak, Polish and Romanian
    "babka", "babička", "dedko", "starká", "babcia", "dziadek", "bunica", "bunicul",
]

# A named child who is nonetheless at school.
IN_SCHOOL = [
    "in as normal", "in as usual", "coming in", "will be in", "is in", "be in school",
    "going in", "gone in", "is fine", "fine and in", "as normal", "as usual", "is coming",
    "will come", "will come as normal", "is ok", "is okay", "will be at school", "at school",
]

# Words that mean "all my children".
PLURAL = [
    "both", "both of them", "kids", "children", "the boys", "the girls", "the twins", "twins",
    "they", "them", "neither", "neither of them", "all of them", "all three", "all 3",
    "the kids", "my kids", "my children", "both girls", "both boys", "both kids", "their",
]

CUE_LEXICONS: dict[str, list[str]] = {
    "ILL": ILL, "MED": MED, "MED_PLACE": MED_PLACE, "NONMED": NONMED, "ABSENT": ABSENT,
    "LATE": LATE, "LATE_NOT": LATE_NOT, "LEAVE": LEAVE, "UPDATE": UPDATE, "OTHER": OTHER,
    "SAFEGUARDING": SAFEGUARDING, "NONMED_STRONG": NONMED_STRONG, "THIRD_PARTY": THIRD_PARTY, "IN_SCHOOL": IN_SCHOOL,
    "PLURAL": PLURAL,
}
