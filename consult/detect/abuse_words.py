"""Insults and profanity in the six UN languages, for abuse.py.

Entries are written folded (lower case, no accents, ё as е, Arabic without
hamza seats: see textfold.fold). `WORDS` are whole words; `STEMS` are
full-word regexes for inflected families; `AMBIGUOUS` words are also ordinary
words in another language ("con" is "with" in Spanish) and only count when the
answer's language is the one given.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`: word lists read best as plain text."""
    return frozenset(text.split())

WORDS = words("""
asshole assholes arsehole arseholes ass arse jackass dumbass bastard bastards bollocks bullshit
crap crappy cunt cunts dickhead dickheads douche douchebag fag fags faggot faggots idiot idiots
idiotic imbecile imbeciles moron morons moronic nigger niggers nigga niggas piss pissed prick
pricks retard retards retarded slut sluts slutty stupid stupidest twat twats wanker wankers whore
whores wtf stfu gtfo kys loser losers dumb scumbag tosser tossers bellend knobhead pussy dipshit
merde merdes merdique emmerdeur emmerdeuse putain putains pute putes connard connards connasse
connasses salope salopes salaud salauds batard batards batarde enfoire enfoires enfoiree encule
encules enculee nique niquer ntm fdp cretin cretins cretine debile debiles abruti abrutis abrutie
idiote idiotes bouffon bouffons bouffonne chier chiant chiante couille couilles petasse
mierda mierdas puta putas puto putos putada hijoputa hdp joder jodido jodida jodidos jodete
cabron cabrones cabrona gilipollas pendejo pendejos pendeja idiota idiotas imbecil imbeciles
tonto tonta tontos tontas mamon mamona maricon maricones marica culero culera verga vergas
chingada chingado chingar chingate cojones hostia zorra zorras malparido malparida huevon weon
boludo boluda pelotudo pelotuda carajo capullo capullos subnormal estupido estupida estupidos
blyat blyad blya suka cyka pizdec pizda nahui nahuy ebat ebal mudak huilo
sharmouta sharmota sharmoota kosomak kosomk a7a khara manyak manyok
nmsl cnm wqnmlgb tmd caonima shabi nmb
غبي غبيه اغبياء احمق حمقاء حقير حقيره تافه تافهه وسخ وسخه زباله قذر قذره ملعون ملعونه شرموطه
شرموط عاهره عاهر منيك منيوك نيك ينيك انيك زب طيز خرا خراء كسمك كسختك متخلف متخلفه قحبه سافل
سافله واطي ديوث خول لوطي
""")

STEMS = [
    # English
    (r"(?:mother|mutha|cluster)?(?:f+[uv]+c*k+|fck|fcuk|phuck|fuk)(?:s|ed|er|ers|ing|in|ings|face|"
     r"head|wit|tard|off)?"),
    r"(?:bull|dip|horse|chicken)?shit(?:s|ty|ter|head|heads|hole|face|ting|ted|e)?",
    r"(?:dumb|jack|fat|lazy)?ass(?:es|hole|holes|hat|hats|wipe|wipes)",
    r"bitch(?:es|y|ing|ass)?", r"cunt(?:s|y)?", r"dick(?:s|head|heads|face|wad)?", r"twat(?:s)?",
    r"wank(?:er|ers|ing|ed|stain)?", r"whore(?:s)?", r"slut(?:s|ty)?", r"idiot(?:s|ic)?",
    r"moron(?:s|ic)?", r"retard(?:s|ed)?",
    # French and Spanish families
    r"(?:em)?merd(?:e|es|eux|euse|ique|er)", r"encul(?:e|es|ee|ees|er)", r"enfoir(?:e|es|ee|ees)",
    r"niqu(?:e|er|es|ez|ent)", r"conn(?:ard|ards|arde|asse|asses)",
    r"chingad\w*|ching(?:a|ar|as|o)",
    r"pendej\w+", r"gilipoll\w+", r"hijo(?:s)?deputa", r"mierd\w*",
    # Russian
    r"(?:на|по|о|а|ни|до|за|рас|от)?ху[йяеи]\w*",
    r"(?:за|вы|от|с|спи|рас|пере|под|до|на|у)?пизд\w*",
    r"(?:за|вы|у|на|до|от|по|раз|под|подъ|съ|въ|изъ|при|про|долбо|ебан)?еб(?:а|л|у|и|н|ош|ы)\w*",
    r"бля\w*", r"сук(?:а|и|у|ой|ам|ами|ах)", r"сучк\w*|сучар\w*|сукин\w*",
    r"муда[кч]\w*|мудил\w*|мудозвон\w*", r"пид[оа]р\w*|пидр\w*", r"г[ао]ндон\w*", r"дебил\w*",
    r"идиот\w*", r"урод\w*", r"мраз[ьи]\w*", r"шлюх\w*", r"говн\w*", r"дерьм\w*", r"залуп\w*",
    r"чмо|чмошн\w*", r"лох|лохи|лоха|лохом|лошар\w*", r"твар[ьи]", r"ублюд\w*", r"придур\w*",
    r"тупиц\w*|тупой|тупая|тупые|тупых|тупорыл\w*", r"жоп\w*", r"дура|дуры|дурак\w*|дурочк\w*",
    r"козел|козлы|козлина", r"сволоч\w*", r"падл\w*", r"гнид\w*", r"выродо?к\w*", r"скотин\w*",
]

AMBIGUOUS: dict[str, frozenset[str]] = {
    "fr": words("con cons conne connes tg pd cul bite"),
    "es": words("pinche culo"),
    "zh": words("sb"),
    "en": frozenset(),
    "ru": frozenset(),
    "ar": frozenset(),
}

# Several words that only insult together ("ta gueule", "يا كلب").
PHRASES = [
    r"\b(?:ta|ferme ta|ferme-la ta)\s+g(?:u)?eule\b", r"\bfils\s+de\s+pute\b",
    r"\btrou\s+du\s+cul\b",
    r"\bson\s+of\s+a\s+bitch\b", r"\bkill\s+(?:your\s*self|urself)\b",
    r"\bhijo\s+de\s+(?:puta|perra)\b", r"\bme\s+cago\s+en\b",
    r"\b(?:la\s+)?concha\s+(?:de\s+)?tu\s+madre\b", r"\bkos\s+omm?ak\b", r"\bibn\s+el\s+kalb\b",
    r"\bya\s+(?:kalb|7mar|hmar|hayawan)\b",
    r"يا\s+(?:كلب|حمار|حيوان|بقره|خنزير|تيس|جحش|زفت|وسخ|غبي|حقير)",
    r"ابن\s+(?:ال)?(?:كلب|حرام|شرموطه|قحبه)", r"كس\s+(?:امك|اختك)",
    r"يلعن\s+(?:ابوك|امك|دينك|شكلك|ابو)", r"\bиди\s+(?:на|в)\s+(?:хуй|жопу)\b",
]

# Matched on the text before accents are folded: "cono" is a cone, "coño" is not.
RAW_PHRASES = [r"\bcoños?\b"]

# Chinese has no spaces between words: these match as substrings.
HAN = [
    "傻逼", "傻b", "傻屄", "煞笔", "沙比", "傻叉", "他妈的", "操你", "草你", "肏", "草泥马",
    "尼玛", "你妈逼", "滚蛋", "白痴", "笨蛋", "贱人", "婊子", "脑残", "弱智", "狗屎", "王八蛋",
    "混蛋", "废物", "神经病", "鸡巴", "屁眼", "日你", "卧槽", "靠北", "去你的", "去死吧", "你去死",
    "真垃圾", "是垃圾", "什么垃圾",
    "垃圾东西", "狗东西", "蠢货", "蠢猪", "人渣", "畜生", "傻瓜", "傻子",
]

# Words that insult a person but also describe a thing ("these apps are stupid"):
# they only count when the text aims at a person (PERSON). Written folded.
MILD = words("""
stupid stupidest dumb idiotic crap crappy
nul nuls nulle nulles debile debiles chiant chiante chiants chiantes
tonto tonta tontos tontas estupido estupida estupidos estupidas
тупой тупая тупые тупых
غبي غبيه تافه تافهه سخيف سخيفه
真垃圾 是垃圾 什么垃圾
""")
# Who a mild word may be aimed at: the reader, a third person, "whoever wrote this".
PERSON = [
    r"\b(?:you|u|ur|youre|you'?re|yourself|he|she|him|her|hes|shes|he'?s|she'?s|whoever|who)\b",
    r"\b(?:tu|t'|toi|te|vous|il|elle|lui|t'es|celui qui|celle qui)\b",
    r"\b(?:tu|eres|te|ti|usted|ustedes|el|ella|quien)\b",
    r"\b(?:ты|тебя|тебе|вы|вас|он|она|кто)\b",
    r"(?:^|\s)(?:انت|انتي|انتو|انتم|هو|هي|يا|الذي|اللي|التي)(?=\s|$)",
    r"你|他|她|您",
]

# Canonical spellings that masked words ("f*ck", "c**t", "п*зда") are tried against.
MASKED_TARGETS = sorted(WORDS | words("""
fuck fucking fucker fucked shit shitty bitch cunt asshole dick merde putain puta mierda joder
хуй хуйня сука блять бля блядь пизда пиздец ебать ебал мудак
"""))
