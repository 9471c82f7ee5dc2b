"""Street addresses and school names in the six UN languages.

A street word alone ("the street is dangerous", "la calle") is topic talk; it
becomes an address with a house number or a proper name after or before it.
A school word alone is topic talk too; it becomes a school name with a name.
"""

from __future__ import annotations

import re

from consult.detect.pii_text import Hit, lower, take_words
from consult.detect.pii_words import STOPWORDS, words

_ADDR_PARTICLES = words("""
de del la las los el des du d' l' of the y e
n.º nº n° no. núm. núm número # № д. д дом кв. кв квартира корп. корп к. стр. رقم
""")

# Patterns without capitals are searched in a lower-cased copy (pii_text.lower).
# Number first: "221B Baker Street", "12 rue de la Paix".
_EN_STREET = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,5}[A-Za-z]?)(?:\s*,)?(?P<words>(?:[ \t]+[^\W\d_][\w'’\-]*){1,3}?)"
    r"[ \t]+(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|court|ct|place|pl|"
    r"boulevard|blvd|terrace|crescent|cres|gardens|square|sq|grove|row|mews|parkway|pkwy|"
    r"highway|hwy|circle|walk)\b\.?")
_FR_NUM_STREET = re.compile(
    r"(?<![\w.,])\d{1,4}(?:[ \t]?(?:bis|ter|b)\b)?,?[ \t]+(?=(?:rue|avenue|av\.|bd|boulevard|"
    r"all[ée]e|impasse|chemin|place|quai|route|cours|passage|square|r[ée]sidence|cit[ée]|"
    r"lotissement|hameau|faubourg)\b)")
# Street word first, name and maybe a number after: "rue des Lilas", "Calle Mayor 5",
# "ул. Ленина, д. 5", "شارع الملك فهد".
_TYPE_FIRST = re.compile(
    r"(?<![\w])(?:rue|avenue|av\.|bd\.?|boulevard|all[ée]e|impasse|chemin|quai|"
    r"calle|c/|avenida|avda\.?|paseo|plaza|pza\.|carrera|cra\.|camino|ronda|traves[íi]a|"
    r"calzada|bulevar|callej[óo]n|pasaje|colonia|col\.|urbanizaci[óo]n|urb\.|jir[óo]n|"
    r"ул\.|улиц[аеуы]|пр\.|пр-т|просп\.|проспект[аеу]?|пер\.|переул(?:ок|ке|ка)|б-р|"
    r"бульвар[аеу]?|ш\.|шоссе|наб\.|набережн(?:ая|ой)|пл\.|площад[ьи]|проезд[еа]?|мкр\.?|"
    r"микрорайон[еа]?)(?=[\s\d])")
_AR_STREET = re.compile(r"(?<![\u0621-\u064a])[بو]?(?:شارع)(?=\s)")
_ZH_STREET = re.compile(
    r"[\u4e00-\u9fff]{1,14}?(?:路|街|大街|大道|巷|胡同|弄|小区|花园|公寓|大厦|新村)"
    r"[\d一二三四五六七八九十百零〇]+(?:号|號|弄|栋|幢|号楼)"
    r"(?:[\d一二三四五六七八九十百零〇]+(?:号楼|栋|幢|单元|楼|层|室|号))*")
_ZH_LEAD_MARKS = ("住在", "家在", "地址是", "地址", "在", "是", "到", "于", "：", ":")
_LEAD_IN = re.compile(
    r"(?:my (?:home )?address is|my address\s*:|address\s*:|mon adresse(?: est| c['’]est)?\s*:?|"
    r"adresse\s*:|mi (?:direcci[óo]n|domicilio)(?: es)?\s*:?|direcci[óo]n\s*:|"
    r"мой адрес\s*[-—:]?|адрес\s*[-—:]|عنواني(?: هو)?\s*:?|العنوان\s*:|我的地址是|地址[：:是])"
    r"[ \t]*(?P<a>[^.;!?\n。！？]{3,80})")
_POSTCODE_UK = re.compile(r"(?<![\w])[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2}(?![\w])")
_APARTMENT = re.compile(
    r"(?<![\w])(?:apt\.?|apartment|flat|appartement|appart\.?|piso|depto\.?|departamento|"
    r"кв\.|квартира|شقة(?:\s+رقم)?)[ \t]*#?[ \t]*\d{1,4}[A-Za-z]?(?![\w])|\d{1,4}室")

# "10 minutes drive", "3 first place": counts and ranks, not street names.
_NOT_STREET_NAME = STOPWORDS | words("""
minute minutes min mins hour hours day days week weeks month months year years time times
people person kids children friends friend miles mile km steps step blocks block more less
first second third last next other few many
""")

_AR_STOP = words("""
في و من على عن الى إلى كل هذا هذه هو هي كان كانت يجب أن ان لا ما مع عند قرب بجانب بالقرب
مدينة المدينة حيث الذي التي لأن لان جدا كثير كثيرة مزدحم مزدحمة خطير خطيرة
""")


def _words_after(text: str, pos: int) -> tuple[int, int, int]:
    return take_words(text, pos, particles=_ADDR_PARTICLES, allow_digits=True, max_words=5)


def _has_number(text: str, start: int, end: int) -> bool:
    return any(ch.isdigit() for ch in text[start:end])


def _chinese_cut(match_text: str) -> int:
    cut = 0
    for mark in _ZH_LEAD_MARKS:
        i = match_text.rfind(mark)
        if i >= 0:
            cut = max(cut, i + len(mark))
    return cut


def find_addresses(text: str) -> list[Hit]:
    hits: list[Hit] = []
    low = lower(text)
    for m in _EN_STREET.finditer(low):
        names = m.group("words").split()
        if all(w not in _NOT_STREET_NAME for w in names):
            hits.append((m.start(), m.end(), "address"))
    for m in _FR_NUM_STREET.finditer(low):
        type_end = re.match(r"\S+", text[m.end():])
        if type_end:
            _, end, taken = take_words(text, m.end() + type_end.end(),
                                       particles=_ADDR_PARTICLES, allow_lower=True,
                                       allow_digits=True, max_words=4)
            if taken:
                hits.append((m.start(), end, "address"))
    for m in _TYPE_FIRST.finditer(low):
        _, end, taken = _words_after(text, m.end())
        lower_end = take_words(text, m.end(), particles=_ADDR_PARTICLES, allow_lower=True,
                               allow_digits=True, max_words=5)[1]
        # Lower-case street names count only when a house number follows: "calle mayor 5".
        if _has_number(text, m.end(), lower_end) and lower_end > end:
            end = lower_end
        if taken or end > m.end():
            hits.append((m.start(), end, "address"))
    for m in _AR_STREET.finditer(text):
        _, end, taken = take_words(text, m.end(), particles=_ADDR_PARTICLES, allow_lower=True,
                                   allow_digits=True, max_words=4, stop=_AR_STOP)
        if taken:
            hits.append((m.start(), end, "address"))
    for m in _ZH_STREET.finditer(text):
        hits.append((m.start() + _chinese_cut(m.group()), m.end(), "address"))
    for m in _LEAD_IN.finditer(low):
        hits.append((m.start("a"), m.start("a") + len(m.group("a").rstrip(" ,")), "address"))
    hits.extend((m.start(), m.end(), "address") for m in _POSTCODE_UK.finditer(text))
    hits.extend((m.start(), m.end(), "address") for m in _APARTMENT.finditer(low))
    return hits


# --- schools -------------------------------------------------------------------------

_SCHOOL_PARTICLES = words("""
de del la las los el des du d' l' of the y saint sainte san santa
n.º nº n° no. núm. número # № имени им.
""")
_EN_SCHOOL = re.compile(
    r"(?<![\w])(?P<name>(?:(?:St\.?|Saint|[A-Z][\w'’\-]*)[ \t]+){1,5})"
    r"(?:(?:High|Secondary|Primary|Elementary|Middle|Grammar|Junior|Senior|Infant|Prep|"
    r"Preparatory|Community|Catholic|CofE|Free|Comprehensive|International|Boarding|"
    r"Independent)[ \t]+)?(?:School|Academy|College|High|Sixth Form|Institute|Lyceum|"
    r"Gymnasium|University|Prep)(?![\w])")
_EN_NOT_NAME = words("""
the a an my our your this that at in to i we and of every all most some many each their his
her its any no which what local public private state secondary primary high middle elementary
junior senior my new good best big small other another same whole catholic community
international grammar prep preparatory infant boarding independent comprehensive free cofe sixth
form school academy college university institute
""")
_OF_SCHOOL = re.compile(
    r"(?<![\w])(?:University|College|Academy|School|Institute) of (?:the )?[A-Z][\w'’\-]*"
    r"(?:[ \t]+[A-Z][\w'’\-]*){0,3}")
_EN_ATTEND = re.compile(
    r"(?<![\w])(?:i go to|i attend|i study at|i['’]?m (?:a )?(?:student|pupil) at|"
    r"i am (?:a )?(?:student|pupil) at|my school is(?: called)?|my school['’]s name is|"
    r"my school name is|i['’]?m in year \d+ at)(?=[ \t])")
_SCHOOL_WORD = re.compile(
    r"\b(?:school|academy|college|high|institute|university|prep|lyc[ée]e|coll[èe]ge|"
    r"[ée]cole|escuela|colegio|instituto)\b")
_TYPE_FIRST_SCHOOL = re.compile(
    r"(?<![\w])(?:[ée]cole|coll[èe]ge|lyc[ée]e|institut|groupe scolaire|cit[ée] scolaire|"
    r"escuela|colegio|instituto|liceo|ies|ceip|preparatoria|prepa|universidad|academia|"
    r"secundaria|primaria)"
    r"(?:[ \t]+(?:primaire|[ée]l[ée]mentaire|maternelle|priv[ée]e?|publique?|internationale?|"
    r"professionnel(?:le)?|g[ée]n[ée]ral|technique|agricole|catholique|primaria|secundaria|"
    r"p[úu]blica|privada|t[ée]cnica|normal|nacional|biling[üu]e|concertad[oa]|superior|"
    r"federal|estatal|oficial))*(?=[ \t])")
_RU_SCHOOL = re.compile(
    r"(?<![\w])(?:(?:школ[аеуыой]{1,2}|сош|гимнази[яиюей]{1,2}|лице[йяюе]м?|"
    r"колледж[аеу]?|интернат[аеу]?|техникум[аеу]?)[ \t]*(?:№|n|no\.?|номер)?[ \t]*\d{1,4}"
    r"|\d{1,3}(?:-?(?:й|я|ой|ая|ую|ом|ей|ю))?[ \t]+(?:школ|гимнази|лице)[а-яё]*)(?![\w])")
_RU_NAMED_SCHOOL = re.compile(
    r"(?<![\w])(?:школ[аеуыой]{1,2}|гимнази[яиюей]{1,2}|лице[йяюе]м?)[ \t]+(?:имени|им\.)")
_AR_SCHOOL = re.compile(
    r"(?<![\u0621-\u064a])[بول]?(?:مدرس[ةه]|ثانوي[ةه]|[إا]عدادي[ةه]|متوسط[ةه]|ابتدائي[ةه]|"
    r"جامع[ةه]|معهد|[أا]كاديمي[ةه])(?=\s)")
_AR_SCHOOL_STOP = _AR_STOP | words("""
واحدة واحده كبيرة صغيرة جديدة قديمة قريبة بعيدة حكومية حكوميه خاصة خاصه دولية عامة أخرى اخرى
تعلم تعلمنا تعلمت يجب ليست ليس الآن اليوم
""")
_ZH_SCHOOL = re.compile(
    r"[\u4e00-\u9fff\d]{1,12}?(?:实验学校|外国语学校|学校|中学|小学|高中|初中|学院|大学|附中|附小|"
    r"一中|二中|三中|幼儿园)(?:学校|学)?")
_ZH_SCHOOL_MARKS = ("就读于", "就读", "在", "是", "读", "的", "于", "去", "到", "从", "念")
_ZH_GENERIC = words("""
我们 我的 你们 他们 她们 这个 那个 这所 那所 所有 很多 许多 一些 每个 每所 各个 各 本 全 好 新 公立
私立 重点 农村 城市 普通 国际 附近 当地 其他 别的 不同 很多的 一所 中小 大中小 所有的 他们的
""")


def _chinese_school(text: str, m: re.Match[str]) -> Hit | None:
    s = m.group()
    cut = 0
    for mark in _ZH_SCHOOL_MARKS:
        i = s.rfind(mark)
        if i >= 0:
            cut = max(cut, i + len(mark))
    body = s[cut:]
    suffix = re.search(r"(?:实验学校|外国语学校|学校|中学|小学|高中|初中|学院|大学|附中|附小|"
                       r"一中|二中|三中|幼儿园)$", body)
    prefix = body[:suffix.start()] if suffix else body
    if len(prefix) < 2 and not (prefix.isdigit() or body.endswith(("一中", "二中", "三中"))):
        return None
    if prefix in _ZH_GENERIC:
        return None
    return (m.start() + cut, m.end(), "school")


def find_schools(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in _EN_SCHOOL.finditer(text):
        words = m.group("name").split()
        while words and words[0].lower().rstrip(".") in _EN_NOT_NAME:
            words.pop(0)
        if words and any(w.lower() not in _EN_NOT_NAME for w in words):
            start = m.start() + m.group("name").index(words[0])
            hits.append((start, m.end(), "school"))
    hits.extend((m.start(), m.end(), "school") for m in _OF_SCHOOL.finditer(text))
    low = lower(text)
    for m in _EN_ATTEND.finditer(low):
        first, end, taken = take_words(text, m.end(), allow_lower=True, max_words=5,
                                       stop=STOPWORDS - {"school", "class"})
        named = any(w.lower() not in _EN_NOT_NAME for w in text[first:end].split())
        if taken and named and _SCHOOL_WORD.search(low, first, end):
            hits.append((first, end, "school"))
        elif taken:
            first, end, taken = take_words(text, m.end(), max_words=4)
            if taken:
                hits.append((first, end, "school"))
    for m in _TYPE_FIRST_SCHOOL.finditer(low):
        _, end, taken = take_words(text, m.end(), particles=_SCHOOL_PARTICLES,
                                   allow_digits=True, max_words=4)
        if taken:
            hits.append((m.start(), end, "school"))
    hits.extend((m.start(), m.end(), "school") for m in _RU_SCHOOL.finditer(low))
    for m in _RU_NAMED_SCHOOL.finditer(low):
        _, end, taken = take_words(text, m.end(), particles=_SCHOOL_PARTICLES, max_words=3)
        if taken:
            hits.append((m.start(), end, "school"))
    for m in _AR_SCHOOL.finditer(text):
        _, end, taken = take_words(text, m.end(), particles=_SCHOOL_PARTICLES, allow_lower=True,
                                   allow_digits=True, max_words=3, stop=_AR_SCHOOL_STOP)
        if taken:
            hits.append((m.start(), end, "school"))
    for m in _ZH_SCHOOL.finditer(text):
        hit = _chinese_school(text, m)
        if hit:
            hits.append(hit)
    return hits
