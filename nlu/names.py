"""Name knowledge: nickname groups and a first-name gender lexicon (no real people)."""

from __future__ import annotations

# Each group holds forms of one name; any form may stand for any other.
NICKNAME_GROUPS: list[tuple[str, ...]] = [
    ("oliver", "ollie", "olly", "oli", "ols"), ("isabella", "izzy", "issy", "bella", "isa", "izzie", "bel"),
    ("isabelle", "izzy", "issy", "belle", "bella"), ("alfred", "alfie", "alf"),
    ("aleksandra", "sasha", "ola", "ala", "aleks", "olek"), ("alexandra", "alex", "lexi", "sasha", "ali", "lexie"),
    ("alexander", "alex", "xander", "sasha", "al", "sandy"), ("aleksander", "aleks", "olek", "alek"),
    ("thomas", "tom", "tommy", "tomek", "tomasz", "thom"), ("tomasz", "tomek", "tom", "tomcio"),
    ("benjamin", "ben", "benny", "benji", "benjy"), ("william", "will", "liam", "billy", "bill", "wills"),
    ("james", "jamie", "jim", "jimmy", "jay"), ("jessica", "jess", "jessie", "jessy"),
    ("elizabeth", "lizzie", "lizzy", "beth", "eliza", "libby", "liz", "betsy", "ellie"),
    ("eleanor", "ellie", "nell", "nellie", "elle", "nora", "ella"), ("gabriella", "gabby", "ella", "gabi"),
    ("margaret", "maggie", "meg", "daisy", "peggy"), ("katherine", "kate", "katie", "kat", "kathy"),
    ("catherine", "cat", "cath", "katie", "kate", "cathy"), ("christopher", "chris", "kit"),
    ("kristopher", "kris", "kristo"), ("nathaniel", "nate", "nat", "nathan"), ("nathan", "nate", "nat"),
    ("jonathan", "jon", "jonny", "johnny"), ("joseph", "joe", "joey", "jo"), ("josephine", "josie", "jo", "josy"),
    ("samuel", "sam", "sammy"), ("samantha", "sam", "sammy", "sammie"), ("daniel", "dan", "danny"),
    ("matthew", "matt", "matty"), ("michael", "mike", "mikey", "mick", "micky"), ("edward", "ed", "eddie", "ted", "teddy", "ned"),
    ("theodore", "theo", "ted", "teddy"), ("frederick", "freddie", "freddy", "fred"), ("frederica", "freddie", "freda"),
    ("henry", "harry", "hal", "hen"), ("harrison", "harry", "haz"), ("harriet", "hattie", "harri", "hatty"),
    ("georgina", "george", "georgie", "gina"), ("george", "georgie"), ("georgia", "georgie", "gia"),
    ("evelyn", "evie", "eve", "evy", "lyn"), ("eva", "evie"), ("genevieve", "evie", "gen", "viv"),
    ("charlotte", "lottie", "charlie", "lotti", "lotty"), ("charles", "charlie", "chas", "chaz"),
    ("abigail", "abbie", "abby", "abi", "gail"), ("amelia", "millie", "milly", "mia", "amy"),
    ("emily", "em", "emmy", "millie"), ("emma", "em", "emmy"), ("matilda", "tilly", "tillie", "tilda", "mattie"),
    ("florence", "flo", "florrie", "floss"), ("penelope", "penny", "pen", "poppy"), ("victoria", "tori", "vicky", "vic"),
    ("rebecca", "becky", "becca", "bex"), ("rosalind", "roz", "rosie"), ("rose", "rosie"), ("rosemary", "rosie", "rose"),
    ("sophia", "sophie", "soph"), ("sophie", "soph"), ("olivia", "liv", "livvy", "livvie", "ollie", "olive"),
    ("zuzanna", "zuzia", "zuza", "zuzka"), ("kacper", "kacperek"), ("wojciech", "wojtek"), ("małgorzata", "gosia", "malgosia"),
    ("malgorzata", "gosia"), ("katarzyna", "kasia", "kasha"), ("agnieszka", "aga", "agusia"), ("jakub", "kuba"),
    ("mikołaj", "mikolaj", "miki"), ("stanisław", "stas", "staś"), ("stanislaw", "stas"), ("dominik", "dom", "domi"),
    ("dominic", "dom", "nico"), ("maksymilian", "maks", "max"), ("maximilian", "max", "maxi"), ("maxwell", "max"),
    ("mohammed", "mo", "moe", "hamoodi"), ("muhammad", "mo", "moe"), ("mohammad", "mo"), ("ibrahim", "ibby", "ibi", "ibo"),
    ("abdullah", "abdul", "abdi"), ("abdirahman", "abdi"), ("abdullahi", "abdi"), ("mustafa", "mus", "musti"),
    ("yusuf", "yus", "yusi"), ("fatima", "fati", "tima"), ("aisha", "ash"), ("khadija", "dija", "khadi"),
    ("zainab", "zee", "zainy"), ("maryam", "mari", "mimi"), ("alexandru", "alex", "sandu"), ("ionut", "ionuț"),
    ("andrei", "andy", "dre"), ("andrew", "andy", "drew"), ("anthony", "tony", "ant"), ("antoni", "antek", "tosia"),
    ("gabriel", "gabe", "gabi"), ("nicholas", "nick", "nicky", "nico"), ("nikolai", "kolya", "nik"),
    ("dmitri", "dima"), ("anastasia", "nastya", "stacey", "ana"), ("ekaterina", "katya", "kate"),
    ("natalia", "natasha", "nat", "tasha"), ("natasha", "tash", "tasha"), ("veronika", "nika", "ronnie"),
    ("veronica", "ronnie", "nika"), ("ronald", "ronnie", "ron"), ("reginald", "reggie", "reg"), ("reggie", "reg"),
    ("kenzie", "kenz"), ("mackenzie", "kenzie", "mac", "kenz"), ("mason", "mase"), ("jayden", "jay", "jaydon", "jaiden"),
    ("layla", "lay", "lala"), ("leila", "lay", "lei"), ("kayla", "kay"), ("mackenna", "kenna"),
    ("harleen", "harl", "leen"), ("jaskaran", "jas", "karan"), ("jasmine", "jas", "jazz", "jaz", "minnie"),
    ("gurpreet", "preet", "gurp"), ("harpreet", "preet"), ("manpreet", "preet"), ("arjun", "arj", "juni"),
    ("aryan", "ary"), ("ishaan", "ish", "ishu"), ("siddharth", "sid", "siddhu"), ("aditya", "adi"),
    ("anika", "ani"), ("priya", "pri"), ("chidinma", "chi", "dinma"), ("chukwuemeka", "emeka"), ("oluwaseun", "seun"),
    ("oluwadamilare", "dami", "lare"), ("oluwatobi", "tobi"), ("adebayo", "bayo"), ("olumide", "mide"),
    ("temitope", "tope", "temi"), ("oluwatoyin", "toyin"), ("ayomide", "ayo"), ("babatunde", "tunde"),
    ("nkechi", "kechi"), ("chiamaka", "amaka"), ("mariana", "mari"), ("alejandro", "ale", "alex"),
    ("francisco", "paco", "fran", "cisco"), ("guadalupe", "lupe"), ("santiago", "santi"), ("valentina", "vale", "val"),
    ("giuseppe", "beppe", "joe"), ("francesca", "fran", "frankie", "cesca"), ("francis", "frank", "frankie"),
    ("frances", "fran", "frankie"), ("frank", "frankie"), ("leonardo", "leo", "leon"), ("leonard", "leo", "len", "lenny"),
    ("leon", "leo"), ("lucas", "luke", "luca"), ("luca", "luke"), ("archibald", "archie", "arch"), ("archer", "archie"),
    ("arthur", "art", "artie"), ("robert", "rob", "robbie", "bob", "bobby", "bert"), ("roberta", "bobbie", "robbie"),
    ("richard", "rich", "richie", "dick", "rick"), ("patrick", "pat", "paddy"), ("patricia", "pat", "patty", "trish"),
    ("kieran", "kiz"), ("connor", "con"), ("callum", "cal", "cally"), ("finlay", "finn", "fin"), ("finley", "finn", "fin"),
    ("lachlan", "lachie"), ("alistair", "ali", "al"), ("alasdair", "ali", "al"), ("ali", "alistair"),
    ("joshua", "josh"), ("jacob", "jake", "jakey"), ("zachary", "zac", "zach", "zack"), ("isaac", "zac", "ike", "izzy"),
    ("benedict", "ben", "benny"), ("stephen", "steve", "stevie"), ("steven", "steve", "stevie"),
    ("timothy", "tim", "timmy"), ("tobias", "toby"), ("sebastian", "seb", "sebby", "bash"), ("hugo", "hugh"),
    ("louis", "lou", "louie"), ("louisa", "lou", "lulu"), ("lucy", "lu", "luce"), ("lucia", "lucy", "lu"),
    ("susanna", "susie", "sue"), ("susan", "sue", "susie"), ("deborah", "debbie", "deb"), ("jennifer", "jen", "jenny"),
    ("madison", "maddie", "maddy"), ("maddison", "maddie", "maddy"), ("madeleine", "maddie", "maddy"),
    ("mackenzie", "macy"), ("gabrielle", "gabby", "elle"), ("danielle", "dani", "elle"), ("daniella", "dani", "ella"),
    ("annabelle", "annie", "belle", "bella"), ("annabel", "annie", "bel"), ("anna", "annie", "ania"), ("hannah", "han", "nana"),
    ("joanna", "jo", "asia"), ("joanne", "jo"), ("johanna", "jo", "hanna"), ("natalie", "nat", "nattie"),
    ("kathleen", "kath", "katie"), ("christina", "chris", "tina", "kristy"), ("christine", "chris", "tina"),
    ("kristina", "krisi", "tina"), ("theresa", "tess", "tessa", "terri"), ("teresa", "tess", "terri"),
    ("imogen", "immy", "midge"), ("harper", "harps"), ("scarlett", "scar", "lettie"), ("lilian", "lily", "lil"),
    ("lillian", "lily", "lil"), ("lily-rose", "lily", "rose"), ("ruby-rose", "ruby"), ("summer-rose", "summer"),
    ("lacey-mae", "lacey"), ("darcie-mai", "darcie"), ("darcey", "darcy", "darce"), ("ellie-mae", "ellie"),
    ("tyrese", "ty"), ("tyler", "ty"), ("tyrone", "ty"), ("demetrius", "demi"), ("cameron", "cam"), ("camilla", "milly", "cam"),
    ("emmanuel", "manny", "emma"), ("ezekiel", "zeke"), ("jeremiah", "jerry", "jem"), ("jeremy", "jez", "jerry"),
    ("rosalie", "rosie"), ("elsie", "els"), ("phoebe", "phebs"), ("nicole", "nicky", "nikki"), ("veronique", "vero"),
    ("alejandra", "ale", "alex"), ("mehmet", "memo"), ("mustafa", "musti"), ("ayşe", "ayse"), ("ahmet", "ahmed"),
    ("ahmed", "ahmad"), ("hamza", "hamz"), ("bilal", "bil"), ("sulaiman", "sully", "sulai"), ("suleiman", "sully"),
    ("salahuddin", "salah"), ("habiba", "bibi"), ("ilyas", "ily", "elias"), ("yasmin", "yas", "yazzy", "jazz"),
    ("yasmine", "yas"), ("zahra", "zara"), ("mariam", "mari"), ("amira", "mira"), ("samira", "sami", "mira"),
    ("sami", "sam"), ("samir", "sami", "sam"), ("hassan", "has"), ("hussein", "huss"), ("abdulrahman", "abdul", "abdi"),
    ("oscar", "ozzy", "oz"), ("osman", "ozzy"), ("austin", "oz"), ("edith", "edie"), ("edie", "ede"),
    ("rhiannon", "rhi"), ("rhys", "rhysie"), ("bethany", "beth", "bethie"), ("megan", "meg"), ("morgan", "mo"),
    ("beatrice", "bea", "trixie", "bee"), ("beatrix", "bea", "trixie"), ("violet", "vi", "lettie"),
    ("aurora", "rory", "rora"), ("rory", "ror"), ("ruairi", "rory"), ("sean", "shaun"), ("siobhan", "shiv"),
    ("niamh", "neve"), ("aoife", "eefa"), ("ciara", "kiera", "keira"), ("kiera", "keira", "kiki"),
    ("freya", "frey"), ("isla", "izzy"), ("esme", "ez", "ezzy"), ("esmeralda", "esme"), ("clementine", "clem", "clemmie"),
    ("ottilie", "tilly", "otti"), ("wilhelmina", "mina", "willa"), ("araminta", "minty"), ("persephone", "percy", "seph"),
    ("kristofer", "kris"), ("demi-leigh", "demi"), ("destiny", "des"), ("precious", "presh"), ("blessing", "bless"),
    ("emmanuella", "ella"), ("oluwafemi", "femi"), ("olufunmilayo", "funmi"), ("adaeze", "ada"),
    ("chinonso", "nonso"), ("ifeoma", "ife"), ("obinna", "obi"), ("tayo", "tay"), ("dami", "damilola"),
    ("kwame", "kwa"), ("kofi", "kof"), ("abena", "abby"), ("efua", "effie"), ("nana", "nan"),
    ("halima", "hali"), ("hodan", "hodi"), ("hibo", "hibs"), ("ayaan", "ayu"), ("ayan", "ayu"),
    ("aanya", "anya", "annie"), ("anya", "ani"), ("dev", "devu"), ("devansh", "dev"), ("devendra", "dev"),
    ("krishna", "krish"), ("krish", "krishna"), ("kabir", "kabi"), ("vivaan", "viv"), ("reyansh", "rey"),
    ("zofia", "zosia", "zosiu", "zosienka"), ("jakub", "kuba", "kubuś"), ("aleksander", "olek", "olo", "aleks"),
    ("inaya", "nay"), ("rayan", "ray"), ("raymond", "ray"), ("rayyan", "ray"),
    # More groups across cultures (added later; any form may stand for any other).
    ("maximilian", "maks", "maksi", "maxie"), ("maximillian", "max", "maks"), ("sofiia", "sofia", "sonia", "sofiya"),
    ("mykola", "kolya", "mykolka"), ("nikolai", "kolya", "nik"), ("oleksandr", "sasha", "sashko", "olek"),
    ("oleksandra", "sasha", "lesia"), ("dmytro", "dima", "dimka"), ("dmitri", "dima", "mitya"), ("anastasia", "nastya", "stacy", "ana"),
    ("ekaterina", "katya", "katia"), ("yekaterina", "katya"), ("mikhail", "misha"), ("ivan", "vanya"), ("yelena", "lena"),
    ("natalia", "natasha", "nata"), ("volodymyr", "volodya", "vova"), ("vladimir", "vova", "vlad"), ("anna", "anya", "ania", "annie"),
    ("bartłomiej", "bartek"), ("bartlomiej", "bartek"), ("krzysztof", "krzys", "krzyś"), ("magdalena", "magda", "madzia"),
    ("aleksandra", "ola", "olka"), ("weronika", "wera", "weronka"), ("joanna", "asia", "joasia"), ("piotr", "piotrek"),
    ("michał", "michal", "misiek"), ("filip", "filipek"), ("łukasz", "lukasz", "łukaszek"), ("julia", "jula", "julka"),
    ("gheorghe", "gigi", "george"), ("ioana", "ioanica"), ("mihai", "mihaita"), ("alexandra", "ale", "sanda"),
    ("cristian", "cristi"), ("ștefan", "stefan", "fane"), ("elena", "ela", "lena"), ("andreea", "deea"),
    ("abdulrahman", "abdul", "abdi"), ("abdirahim", "abdi"), ("mohamed", "mo", "moe", "moha"), ("mahamed", "mo"),
    ("ahmed", "ahmad"), ("muhammed", "mo"), ("hussain", "hussein"), ("fatimah", "fatima", "fati"), ("amina", "ami"),
    ("ayesha", "aisha", "ash"), ("zahra", "zara"), ("nusrat", "nus"), ("rukhsana", "ruki"), ("mahnoor", "mahi"),
    ("oluwaseun", "seun", "shey"), ("oluwadamilare", "dami", "lare"), ("oluwatobi", "tobi"), ("oluwafemi", "femi"),
    ("olufunmilayo", "funmi", "funmilayo"), ("adebayo", "bayo"), ("chukwuemeka", "emeka"), ("chiamaka", "amaka"),
    ("oluwatoyin", "toyin"), ("temitope", "tope", "temi"), ("ayodeji", "deji", "ayo"), ("babatunde", "tunde"),
    ("nkechi", "kechi"), ("chidinma", "dinma", "chichi"), ("ifeoluwa", "ife"), ("olamide", "lami", "ola"),
    ("francisco", "paco", "fran", "cisco"), ("francesca", "fran", "frankie", "chesca"), ("josé", "jose", "pepe"),
    ("guadalupe", "lupe"), ("alejandro", "alex", "ale"), ("joão", "joao", "joãozinho"), ("gonçalo", "goncalo"),
    ("giuseppe", "beppe", "peppe", "joe"), ("giovanni", "gianni", "vanni"), ("alessandro", "sandro", "ale"),
    ("federico", "fede"), ("elisabetta", "betta", "elisa"), ("caoimhe", "keeva"), ("niamh", "neeve"), ("siobhan", "shiv"),
    ("seán", "sean"), ("pádraig", "padraig", "paddy"), ("patrick", "paddy", "pat", "patch"), ("ruaridh", "ruairi", "rory"),
    ("alasdair", "ali", "alistair"), ("alistair", "ali", "al"), ("hamish", "hamie"), ("eilidh", "ellie"),
    ("gwenllian", "gwen"), ("rhiannon", "rhi", "rhian"), ("dafydd", "dai", "dafs"), ("llywelyn", "llew", "lew"),
    ("angharad", "angie", "hari"), ("sioned", "shoned"), ("joseph", "jojo"), ("josiah", "jojo", "joe", "josh"),
    ("joshua", "josh", "joshy"), ("jacob", "jake", "jakey"), ("nicholas", "nick", "nicky", "nico"),
    ("zachary", "zach", "zack", "zak"), ("sebastian", "seb", "sebby", "bash"), ("archibald", "archie", "arch"),
    ("reginald", "reggie", "reg"), ("leonardo", "leo", "leon"), ("leonard", "leo", "len", "lenny"),
    ("annabelle", "annie", "bella", "belle"), ("annabel", "annie", "bel"), ("jennifer", "jen", "jenny"),
    ("madeleine", "maddie", "maddy"), ("madison", "maddie", "maddy"), ("mackenzie", "kenzie"), ("gabriel", "gabe", "gabi"),
    ("anastasija", "stasia"), ("valentina", "vale", "tina"), ("cristina", "cris", "tina"), ("christina", "chrissy", "tina"),
    ("kristina", "kris", "tina"), ("ruby", "rubes"), ("phoebe", "pheebs"), ("imogen", "immy", "imi"),
    ("hanna", "hania", "hannah"), ("hannah", "hanna"), ("sagal", "sagaal"), ("hodan", "hoodo"), ("abdiaziz", "abdi"),
]

GIRL_NAMES = frozenset("""
aaliyah aanya abigail abbie ada adaeze agnieszka aisha alesha aleksandra alexandra alice alicia alina amara amber amelia
amelie amina amira amy ana anastasia anna annabelle annie anya aria ariana ava ayesha bella blessing bethany brooke
charlotte chidinma chloe ciara claire daisy dami darcey darcie darcie-mai destiny diya eleanor eliana elena elizabeth ella
ellie eloise elsie emilia emily emma erin esme esther eva evelyn evie faith fatima felicity florence freya gabriella
georgia georgina grace gracie hafsa halima hana hannah harleen harley harper harriet hattie hazel heidi hodan hollie holly
hira ida imogen inaya india isabel isabella isabelle isla ivy jade jasmine jessica jodie julia kacie kayla keira kezia
khadija kiera kira lacey lacey-mae layla leah lena lexi lexie lily lily-rose lilly lola lottie lucy luna lydia maddison
madison maisie maria mariam martha mary maryam matilda maya megan mia millie molly nadia naomi natalia nia niamh nicole
nina olivia oliwia paige penelope phoebe poppy precious priya rachel rebecca riley rosa rose rosie ruby ruby-rose
safiya sara sarah scarlett sienna simran sofia sofiya sophia sophie summer summer-rose tia tilly valentina victoria
violet willow yasmin zainab zara zoe zofia zuzanna zuzia hanna amaya ayla aylin elif zeynep defne ioana andreea
maria-elena bianca daria alexandra-maria antonia roxana iqra aleena anaya saanvi ananya kavya ishita meera alisha amna
sumaya hibo ifrah ladan ubah filsan najma kamila karolina julia maja lena alicja wiktoria natalia martyna weronika
""".split())

BOY_NAMES = frozenset("""
aarav abdi abdul adam aiden ahmed alexander alfie alfred ali amir andrei archie arjun arlo arthur aryan ashton ayaan
bailey ben benjamin bilal bobby brandon callum charlie connor daniel david dawit dev dominik dylan edward eli elijah
ellis emir emmanuel ethan evan felix finley finn frankie freddie frederick gabriel george harrison harry harvey henry
hugo ibrahim ilyas isaac ishaan jack jacob jake james jamie jaskaran jaxon jayden joe joel jonah jordan joseph joshua
jude kacper kai kenzie kieran kristopher kyle leo leon levi lewis liam logan louis luca lucas luke marcus mason mateo
matthew max michael mohammed muhammad musa nathan nathaniel noah oliver omar oscar ollie reggie reuben rhys riley
ronnie ryan sam sami samuel sean sebastian stanley teddy theo thomas toby tom tommy tyler tyrese tomasz tayo william
yonas yusuf zac zachary zain zayn kwame kofi chinedu emeka obinna tunde femi mehmet emre yusuf kerem ahmet can burak
ionut alexandru stefan mihai vlad cristian darius jakub szymon filip antoni mikolaj wojciech aleksander aleks oskar
hamza hassan hussein idris ismail khalid mustafa omar osman rayan rayyan yahya zakaria krish kabir reyansh vivaan
rohan rahul arnav sahil ibby ronan cian oisin fionn seamus tadhg patrick declan
""".split())
