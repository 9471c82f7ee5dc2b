"""Word lists for the personal-data finders, in the six UN languages.

Data only: the finders in pii_*.py decide what to do with them.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`: word lists read best as plain text."""
    return frozenset(text.split())

# Top-level domains a bare "name.tld" may end in. Weak ones are also words or
# common typing slips ("it.is", "go.to"), so they need a path after them.
TLD_STRONG = words("""
com org net edu gov mil int info biz io app dev xyz site online blog shop store top club link
page live news tech art fun wiki space website email cloud games social chat video
uk fr es ru cn de mx ar cl pe ve ec uy py bo cr gt hn ni sv cu pr
sa ae eg ma dz tn jo lb qa kw om bh iq sy ye sd ua kz uz su hk tw sg ca au nz ch nl pl pt br jp kr
ng ke za gh ie se fi dk cz hu ro gr tr il ir pk bd lk th vn ph id my
example test invalid localhost
""")
TLD_WEAK = words("me co to in it is be ly gg tv us so ai do at no am an as by go hi la")

# Platforms after which the next word is often a username ("snap: sunny_11").
HANDLE_PLATFORMS = [
    r"snap\s?chat", r"snap", r"sc", r"insta(?:gram)?", r"ig", r"tik\s?tok", r"discord",
    r"telegram", r"twitter", r"kik", r"roblox", r"fortnite", r"minecraft", r"psn", r"xbox",
    r"steam", r"twitch", r"reddit", r"youtube", r"yt", r"facebook", r"fb", r"vk", r"threads",
    r"skype", r"line\s?id", r"wechat", r"weixin", r"vx", r"wx", r"v信", r"威信", r"微信",
    r"微博", r"抖音", r"快手", r"小红书", r"b站", r"脸书", r"推特", r"油管",
    # "ins": what Chinese-speaking children call Instagram ("ins：yuyu_2011").
    r"ins",
    r"инстаграм[еау]?", r"инст[аеуы]?", r"снап(?:чат[еау]?)?", r"снэп", r"тик-?ток[еау]?",
    r"телеграм[еамм]*", r"телег[аеуи]", r"тг", r"дискорд[еау]?", r"вк", r"вконтакте",
    r"ютуб[еау]?", r"твич[еау]?", r"скайп[еау]?", r"ник",
    r"سناب\s?شات", r"سنابي", r"سناب", r"انستا", r"انستغرام", r"انستقرام", r"إنستغرام",
    r"انستجرام", r"تيك\s?توك", r"تلغرام", r"تليجرام", r"تيليجرام", r"ديسكورد", r"يوزري",
    r"فيس\s?بوك", r"فيس",
    r"يوزر", r"حسابي",
]
MY_WORDS = ("my", "mon", "ma", "mes", "mi", "mis", "мой", "моя", "мой ник в", "мне в", "我的",
            "我", "حسابي", "على")
# "my insta is private": words that describe an account rather than name it.
NOT_HANDLES = words("""
private public cool bad good fun boring new old blocked hacked deleted closed open gone down
banned empty locked great nice better safe dangerous hidden fake real mine small big active
privado privada publico publica bloqueado bloqueada prive privee public publique bloque bloquee
nul nulle supprime приватный закрытый открытый удален заблокирован
account accounts profile page feed story stories post posts video videos photo photos pics
followers friends chat chats messages dms app game games username name handle streak streaks
group server channel live together everyday daily cuenta perfil compte аккаунт профиль
""")
FOLLOW_ME = ("add me", "follow me", "find me", "dm me", "message me", "text me", "hit me up",
             "ajoute-moi", "ajoute moi", "suis-moi", "suivez-moi", "écris-moi", "sígueme",
             "agrégame", "escríbeme", "sigueme", "agregame", "добавь", "пиши", "подпишись",
             "加我", "关注", "加", "تابعني", "اضفني", "أضفني", "ضيفني")

# Function words and common words in en/fr/es/ru: a "name" or "username" that is
# one of these is the sentence going on, not a name.
STOPWORDS = words("""
a an the and or but so if then than that this these those there here is are was were be been
am i im i'm me my mine you your he she it its we our they their them his her him not no yes
to of in on at by for from with without about as into onto over under up down out off
too also very really just only still even ever never always sometimes often now today
because since when while where what which who whom whose why how all any some every each
can could will would shall should may might must do does did done have has had having
go going went gone come get got like love live lives living study studying called call
years year old age grade class school from online here there please thanks thank
lot lots much many more most less few other another same such own again once
je j' tu il elle on nous vous ils elles le la les un une des du de d' et ou mais donc car ni
est suis es sommes êtes sont ai as avons avez ont être avoir pas plus très aussi
ce cet cette ces mon ma mes ton ta tes son sa ses notre votre leur leurs qui que quoi dont où
à au aux en dans par pour sur sous avec sans chez vers comme si quand
yo tú él ella nosotros vosotros ellos ellas el los las una unos unas y o pero porque
soy eres somos son estoy está estamos están tengo tiene tenemos mi mis tu tus su sus
que qué quien cual como cuando donde del al por para con sin sobre entre hasta desde muy
también no sí ya aquí ahí hola años
я ты он она оно мы вы они меня мне мной тебя тебе его её ее ему ей нас вам их
и а но или да нет не ни же ли бы что кто как где когда почему потому это этот эта эти
в во на с со к ко о об от до по за из у для при про без над под между через
мой моя моё мое мои твой твоя наш наша ваш ваша их свой
есть был была было были буду будет лет год года очень тоже также уже ещё еще только
привет здравствуйте
""")

# Before a digit run: the number is an identity document or account, not a phone.
ID_CONTEXT = (
    r"\bid\b", r"\bi\.d\.", "identity", "passport", "student number", "student no",
    "pupil number", "roll number", "admission number", "registration number",
    "national insurance", r"\bni number", "social security", r"\bssn\b", "licen[cs]e",
    "account number", "card number", "membership", r"\bcard\b",
    "carte d'identité", "carte d’identité", "numéro d'étudiant", "numéro étudiant",
    "sécu", "sécurité sociale", "passeport", r"\bine\b", r"\bnir\b", "matricule",
    r"\bdni\b", r"\bnie\b", r"\bcurp\b", r"\brut\b", r"\brfc\b", "cédula", "cedula", "pasaporte",
    "matrícula", "matricula", "expediente", "identificación", "seguro social", r"\bnss\b",
    "número de alumno", "numero de alumno", "número de estudiante",
    "паспорт", "снилс", r"\bинн\b", "полис", "свидетельств", "зачётк", "зачетк",
    "студенческ", "ученическ", "удостоверени",
    "الهوية", "هوية", "هويتي", "جواز", "الرقم القومي", "الرقم الوطني", "رقم وطني",
    "رقم الطالب", "رقمي الجامعي", "بطاقة", "الإقامة", "اقامة",
    "身份证", "学号", "护照", "证件", "学生证", "准考证", "工号", "身份號", "学籍",
)
# Before a digit run: the number is a phone number.
PHONE_CONTEXT = (
    "phone", "mobile", r"\bcell", r"\btel\b", r"\btél", r"\bcall\b", r"\bring\b", r"\btext\b",
    "whats ?app", "viber", "signal", r"\bsms\b",
    "téléphone", "telephone", "portable", "appelle", "appelez", "joindre",
    "teléfono", "telefono", "móvil", "movil", "celular", r"\bcel\b", "llámame", "llamame",
    "wasap", "whatsapp",
    "телефон", r"\bтел\b", "звони", "позвони", "мобильн", "сотов", "вацап", "ватсап",
    "هاتف", "جوال", "موبايل", "اتصل", "واتس", "تلفون", "تليفون",
    "手机", "电话", "联系", "打给", "致电",
)
# "My number is ...": a phone, unless an ID word is near ("passport number").
NUMBER_CONTEXT = (r"\bnumber\b", r"\bnum\b", "numéro", "numero", "número", "номер", "رقم", "号码")

# After "my name is": words that end the name ("my name is Sam and ...").
NAME_STOP_AR = words("""
و من في على عن الى إلى انا أنا عمري وعمري عندي وعندي اعيش أعيش واعيش وأعيش اسكن أسكن واسكن
وأسكن ادرس أدرس وادرس وأدرس احب أحب واحب وأحب سنة سنوات عام مع هو هي لكن ثم هذا هذه
""")
