"""Names given away by the sentence: "my name is X", "je m'appelle X", "我叫X".

A bare capitalised word is not taken for a name (too many false alarms);
only a lead-in phrase makes one. The span is the name, not the phrase.
"""

from __future__ import annotations

import re

from consult.detect.pii_text import Hit, lower, take_words
from consult.detect.pii_words import NAME_STOP_AR, STOPWORDS, words

_NAME_PARTICLES = words("de da del della di du van von der den la le el al bin ibn ben")

_NAME_STOP = STOPWORDS | NAME_STOP_AR
# Lead-ins after which the next words are a name even in lower case. Lead-ins are
# searched in a lower-cased copy of the text (see pii_text.lower).
_STRONG = re.compile(
    r"(?<![\w])(?:my (?:full |real |first |last |nick)?name(?:'s| is|\s*:)|(?:full )?name\s*:|"
    r"(?:nom|pr[ée]nom|nombre|имя|фамилия)\s*:|"
    r"my surname is|i'?m called|i am called|people call me|everyone calls me|"
    r"je m['’ ]?appelle|jm['’]?appelle|mon (?:pr[ée]nom|nom)(?: est| c['’]est|\s*:)|"
    r"on m['’]appelle|me llamo|mi nombre(?: completo)? es|mi nombre\s*:|me dicen|me llaman|"
    r"меня зовут|мо[её] имя\s*[-—:]?|моя фамилия\s*[-—:]?|зовите меня|"
    r"(?:ا|أ)نا (?:ا|إ)سمي|(?:ا|إ)سمي|اسمى|ينادونني|يسمونني|نادوني)(?:[ \t]*[:：])?")
# Lead-ins that only count before a capitalised word: "hi, I'm Amara", "call me Sam".
_WEAK = re.compile(
    r"(?<![\w])(?:(?:hi|hello|hey|hiya)[,!]?\s+(?:i['’]?m|i am|this is)|call me|"
    r"(?:salut|bonjour|coucou)[,!]?\s+(?:je suis|moi c['’]est|c['’]est)|moi c['’]est|"
    r"(?:hola|buenas)[,!]?\s+(?:soy|yo soy)|"
    r"(?:привет|здравствуйте)[,!]?\s+(?:я|это))(?=[ \t]+\S)")

_ZH_LEAD = re.compile(
    r"(?:我叫|我的名字(?:是|叫)|我名叫|我的姓名是|本人叫|大家(?:都)?叫我|姓名[:：])[ \t:：]*")
_ZH_SURNAME = re.compile(r"我姓(?P<n>[\u4e00-\u9fff]{1,2}?)(?=[，。,.!！ 、名叫]|$)")
# A Chinese name runs until punctuation or a word that starts the rest of the sentence.
_ZH_NAME = re.compile(
    r"(?P<n>(?![他她你我它们了不去来])[\u4e00-\u9fff·]{1,4}?)"
    r"(?=$|[\s，。,.!！？?、;；:：~～\d]|今年|我|是|在|住|来自|来|的|和|也|，|喜欢|上|读|现在|岁)")
_ZH_SHORT_NAME = re.compile(r"(?P<n>(?![他她你我它们了不去来])[\u4e00-\u9fff·]{2,3})")
_ZH_LATIN_NAME = re.compile(r"(?P<n>[A-Za-z][A-Za-z'\-]{1,20}(?:[ \t][A-Z][a-z'\-]+)?)")


def find_names(text: str) -> list[Hit]:
    hits: list[Hit] = []
    low = lower(text)
    for m in _STRONG.finditer(low):
        first, end, taken = take_words(text, m.end(), particles=_NAME_PARTICLES | {"هو"},
                                       allow_lower=True, max_words=3,
                                       stop=_NAME_STOP)
        if taken:
            hits.append((first, end, "name"))
    for m in _WEAK.finditer(low):
        first, end, taken = take_words(text, m.end(), particles=_NAME_PARTICLES, max_words=3)
        if taken:
            hits.append((first, end, "name"))
    for m in _ZH_LEAD.finditer(text):
        name = (_ZH_NAME.match(text, m.end()) or _ZH_SHORT_NAME.match(text, m.end())
                or _ZH_LATIN_NAME.match(text, m.end()))
        if name:
            hits.append((name.start("n"), name.end("n"), "name"))
    hits.extend((m.start("n"), m.end("n"), "name") for m in _ZH_SURNAME.finditer(text))
    return hits

