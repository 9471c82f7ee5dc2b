"""Personal data in free text is found and masked (rule 4)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consult.detect.pii import MASK, Span, find_personal_data, is_masking_of, redact

TESTDATA = Path(__file__).resolve().parents[1].parent / "shared" / "testdata" / "responses.jsonl"


def _rows() -> list[dict]:
    if not TESTDATA.exists():
        pytest.skip(f"shared test data not found at {TESTDATA}")
    return [json.loads(line) for line in TESTDATA.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _kinds_covering(text: str, needle: str, spans: list[Span]) -> set[str]:
    start = text.index(needle)
    end = start + len(needle)
    covering = {s.kind for s in spans if s.start <= start and s.end >= end}
    return covering


# (lang, text, kind, the substring that must be masked)
FOUND = [
    # emails
    ("en", "You can write to sam.jones99@example.com with ideas", "email",
     "sam.jones99@example.com"),
    ("fr", "Mon mail : camille_b@exemple.fr merci", "email", "camille_b@exemple.fr"),
    ("es", "escríbeme a pepe.lopez@correo.es porfa", "email", "pepe.lopez@correo.es"),
    ("ru", "пишите на masha-2010@example.ru", "email", "masha-2010@example.ru"),
    ("ar", "بريدي هو omar.k@example.com", "email", "omar.k@example.com"),
    ("zh", "我的邮箱是xiaoming123@example.cn，欢迎来信", "email", "xiaoming123@example.cn"),
    ("en", "email me: lily at gmail dot com", "email", "lily at gmail dot com"),
    ("en", "mail lily(at)example(dot)org", "email", "lily(at)example(dot)org"),
    ("fr", "mon mail c'est theo_d arobase gmail point com", "email",
     "theo_d arobase gmail point com"),
    ("en", "lea@gmail dot com is me", "email", "lea@gmail dot com"),
    ("zh", "ins：yuyu_2011", "handle", "yuyu_2011"),
    ("ar", "فيسبوك mariam.hassan.09", "handle", "mariam.hassan.09"),
    ("en", "write to lea @ gmail . com", "email", "lea @ gmail . com"),
    # phones
    ("fr", "Appelle-moi au 06 12 34 56 78 ce soir", "phone", "06 12 34 56 78"),
    ("fr", "mon portable: 0612345678", "phone", "0612345678"),
    ("en", "ring me on +44 7700 900123 any time", "phone", "+44 7700 900123"),
    ("en", "my number is (555) 010-4477", "phone", "(555) 010-4477"),
    ("zh", "我的手机是138 0013 8000", "phone", "138 0013 8000"),
    ("zh", "电话010-12345678找我", "phone", "010-12345678"),
    ("ru", "звони 8 (912) 345-67-89", "phone", "8 (912) 345-67-89"),
    ("ru", "мой номер 89123456789", "phone", "89123456789"),
    ("ar", "رقمي 0501234567", "phone", "0501234567"),
    ("ar", "رقمي ٠٥٠١٢٣٤٥٦٧", "phone", "٠٥٠١٢٣٤٥٦٧"),
    ("ar", "رقم هاتفي +966 50 123 4567", "phone", "+966 50 123 4567"),
    ("es", "mi cel es 55 1234 5678", "phone", "55 1234 5678"),
    ("es", "whatsapp 612 34 56 78", "phone", "612 34 56 78"),
    ("en", "call 0 7 7 0 0 9 0 0 1 2 3", "phone", "0 7 7 0 0 9 0 0 1 2 3"),
    # urls
    ("en", "see example.com/x for more", "url", "example.com/x"),
    ("en", "my site is www.sunny-days.org", "url", "www.sunny-days.org"),
    ("en", "bit.ly/3abcDEF", "url", "bit.ly/3abcDEF"),
    ("en", "read https://blog.example.net/post?id=3.", "url", "https://blog.example.net/post?id=3"),
    ("ru", "мой сайт пример.рф", "url", "пример.рф"),
    ("zh", "看我的博客https://my.example.cn/abc", "url", "https://my.example.cn/abc"),
    # handles
    ("en", "add me on insta @sunny_days_2011", "handle", "@sunny_days_2011"),
    ("en", "snap: sunny_11", "handle", "sunny_11"),
    ("en", "my snapchat is sunnyday", "handle", "sunnyday"),
    ("en", "my instagram: sunny.days", "handle", "sunny.days"),
    ("en", "discord gamer#1234", "handle", "gamer#1234"),
    ("en", "telegram t.me/ivan_test", "handle", "t.me/ivan_test"),
    ("en", "add me on tiktok dancer_girl12", "handle", "dancer_girl12"),
    ("fr", "mon snap c'est lea_2010", "handle", "lea_2010"),
    ("es", "sígueme en TikTok @luci.prueba", "handle", "@luci.prueba"),
    ("ru", "мой инстаграм ivan_2009", "handle", "ivan_2009"),
    ("ru", "мой ник в тг: ivanko", "handle", "ivanko"),
    ("ar", "سناب ahmed_12", "handle", "ahmed_12"),
    ("ar", "تابعني على انستا sara.x", "handle", "sara.x"),
    ("zh", "我的微信号是 wxid_abc2010", "handle", "wxid_abc2010"),
    ("zh", "加我微信abc123456", "handle", "abc123456"),
    ("zh", "我的QQ是87654321", "handle", "87654321"),
    ("zh", "vx: lily_2010", "handle", "lily_2010"),
    # addresses
    ("en", "I live at 221B Baker Street, London", "address", "221B Baker Street"),
    ("en", "my house is 5 main street", "address", "5 main street"),
    ("en", "post code LS1 4AP", "address", "LS1 4AP"),
    ("fr", "J'habite 12 Rue de la Paix à Paris", "address", "12 Rue de la Paix"),
    ("fr", "j'habite rue Victor Hugo", "address", "rue Victor Hugo"),
    ("es", "vivo en la Calle Mayor 5, Madrid", "address", "Calle Mayor 5"),
    ("es", "vivo en la calle mayor 5", "address", "calle mayor 5"),
    ("es", "Avenida de la Constitución, 12", "address", "Avenida de la Constitución, 12"),
    ("ru", "я живу на ул. Ленина, д. 5, кв. 12", "address", "ул. Ленина, д. 5, кв. 12"),
    ("ru", "живу на улице Пушкина 10", "address", "улице Пушкина 10"),
    ("ar", "أسكن في شارع الملك فهد 12", "address", "شارع الملك فهد 12"),
    ("zh", "我住在中山路12号", "address", "中山路12号"),
    ("zh", "我家在北京市朝阳区建国路88号3单元502室", "address", "建国路88号3单元502室"),
    ("en", "my address is Flat 3, Rose Court", "address", "Flat 3, Rose Court"),
    # names
    ("en", "My name is Amara Okafor and I like games", "name", "Amara Okafor"),
    ("en", "my name is amara okafor and i like games", "name", "amara okafor"),
    ("en", "Name: John Smith", "name", "John Smith"),
    ("en", "My full name is Amara Chidinma Okafor", "name", "Amara Chidinma Okafor"),
    ("en", "hi, I'm Lily and I think apps are fun", "name", "Lily"),
    ("en", "I'm called Tom", "name", "Tom"),
    ("fr", "Je m'appelle Marie Dupont et j'ai 12 ans", "name", "Marie Dupont"),
    ("fr", "je m'appelle lucas", "name", "lucas"),
    ("es", "Me llamo Lucía García y tengo 13 años", "name", "Lucía García"),
    ("es", "hola, soy Pedro", "name", "Pedro"),
    ("ru", "Меня зовут Иван Петров, мне 14", "name", "Иван Петров"),
    ("ru", "меня зовут маша", "name", "маша"),
    ("ar", "اسمي أحمد علي وعمري 12", "name", "أحمد علي"),
    ("ar", "أنا اسمي سارة", "name", "سارة"),
    ("zh", "我叫王小明，今年10岁", "name", "王小明"),
    ("zh", "我的名字是李华", "name", "李华"),
    ("zh", "我叫Lily", "name", "Lily"),
    # schools
    ("en", "I go to Greenfield Academy in Leeds", "school", "Greenfield Academy"),
    ("en", "i go to greenfield academy", "school", "greenfield academy"),
    ("en", "Springfield High School is big", "school", "Springfield High School"),
    ("en", "St Mary's Catholic School", "school", "St Mary's Catholic School"),
    ("fr", "je suis au lycée Victor Hugo", "school", "lycée Victor Hugo"),
    ("fr", "au collège Jean-Moulin on apprend", "school", "collège Jean-Moulin"),
    ("fr", "à l'école Jules Ferry", "school", "école Jules Ferry"),
    ("es", "voy al colegio San José", "school", "colegio San José"),
    ("es", "estudio en la Escuela Secundaria Técnica No. 118", "school",
     "Escuela Secundaria Técnica No. 118"),
    ("es", "estoy en el instituto Ramiro de Maeztu", "school", "instituto Ramiro de Maeztu"),
    ("ru", "я учусь в школе № 5", "school", "школе № 5"),
    ("ru", "в школе 57 хорошие учителя", "school", "школе 57"),
    ("ru", "я учусь в 57-й школе", "school", "57-й школе"),
    ("ru", "гимназия имени Пушкина", "school", "гимназия имени Пушкина"),
    ("ar", "أدرس في مدرسة الأمل الابتدائية", "school", "مدرسة الأمل"),
    ("zh", "我在阳光小学上学", "school", "阳光小学"),
    ("zh", "我在北京101中学读书", "school", "北京101中学"),
    ("zh", "我在北京市第一中学上学", "school", "北京市第一中学"),
    ("es", "voy a la secundaria 25", "school", "secundaria 25"),
    # ID-like numbers
    ("en", "My student ID is 20231145 if you need it", "id_number", "20231145"),
    ("en", "My student ID is 4521", "id_number", "4521"),
    ("en", "passport X1234567", "id_number", "X1234567"),
    ("en", "my id is 123-45-6789", "id_number", "123-45-6789"),
    ("en", "NI number QQ123456C", "id_number", "QQ123456C"),
    ("es", "mi DNI es 12345678Z", "id_number", "12345678Z"),
    ("fr", "mon numéro étudiant est 21804567", "id_number", "21804567"),
    ("ru", "номер паспорта 4509 123456", "id_number", "4509 123456"),
    ("ar", "رقم الهوية 1234567890", "id_number", "1234567890"),
    ("zh", "身份证号11010519491231002X", "id_number", "11010519491231002X"),
    ("zh", "我的学号是20230517", "id_number", "20230517"),
    ("en", "my passport number is 123456789", "id_number", "123456789"),
    ("en", "codes 06 12 34 56 78 07 11 22 33 44 01 02 03", "id_number",
     "06 12 34 56 78 07 11 22 33 44 01 02 03"),
]


@pytest.mark.parametrize(("lang", "text", "kind", "needle"), FOUND)
def test_personal_data_is_found_with_its_kind_and_masked(lang: str, text: str, kind: str,
                                                          needle: str) -> None:
    spans = find_personal_data(text, lang)
    assert kind in _kinds_covering(text, needle, spans), [(s.kind, s.text) for s in spans]
    assert needle not in redact(text, spans)


@pytest.mark.parametrize(("lang", "text", "kind", "needle"), FOUND)
def test_found_without_a_language_hint(lang: str, text: str, kind: str, needle: str) -> None:
    # Children do not always write in the language they picked.
    assert needle not in redact(text, find_personal_data(text))


NOTHING_PERSONAL = [
    ("en", "I am 12 and it is 2024. 50% of kids pay $3.50 at 10:30."),
    ("en", "In 2023-2024 about 1,000,000 children and 2 500 000 adults went online."),
    ("en", "Born in 2011, I have used apps since 2019 and 2020 and 2021."),
    ("en", "It costs £4.99 a month or 59.99 a year, about 3.14159265 times too much."),
    ("en", "Grooming is a big problem. Apps should warn kids when strangers message them."),
    ("en", "I go to school every day and my school should teach us about privacy."),
    ("en", "The school should teach us. Schools should be safe."),
    ("en", "I use snapchat every day and tiktok videos are bad."),
    ("en", "we walked 2 blocks down the road to the park"),
    ("en", "my name is not important, my ideas are"),
    ("en", "I like Node.js and e.g. file.txt, that's it.Me too."),
    ("en", "Scunthorpe class assess"),
    ("en", "The club is open 10.30-11.45 and I was born 12 05 2011."),
    ("en", "we have 10 minutes drive to school and got 3 first place"),
    ("en", "someone hacked my Roblox account; my insta is private; I play Fortnite together"),
    ("fr", "Le 12/05/2024 à 14h30, 3 000 000 d'enfants étaient en ligne."),
    ("fr", "dans la rue il y a du bruit et l'école devrait nous apprendre"),
    ("fr", "J'ai 14 ans et je passe 3 heures par jour sur mon téléphone."),
    ("es", "la calle es peligrosa y las escuelas deberían enseñar"),
    ("es", "Tengo 13 años y el 80% de mis amigos usa TikTok."),
    ("ru", "В 2024 году 12.05.2024 было 1 000 000 человек, цена 1500 руб."),
    ("ru", "на улице было холодно, школы должны больше говорить"),
    ("ru", "Мне 15 лет, я провожу в телефоне 4 часа."),
    ("ar", "الأطفال يلعبون في الشارع والمدرسة يجب أن تعلمنا"),
    ("ar", "عمري 13 سنة وأستخدم الهاتف ساعتين يوميا"),
    ("zh", "2024年有1000000人参加，价格是50元"),
    ("zh", "我们学校很好，很多中学生喜欢上网。"),
    ("zh", "我今年12岁，每天上网2小时。"),
]


@pytest.mark.parametrize(("lang", "text"), NOTHING_PERSONAL)
def test_ordinary_numbers_and_topic_talk_are_left_alone(lang: str, text: str) -> None:
    assert find_personal_data(text, lang) == []


def test_span_text_is_the_text_it_covers_and_spans_are_sorted() -> None:
    text = ("My name is Sam Lee, email sam@example.com, phone 07700 900123, "
            "I live at 12 Baker Street and go to Greenfield Academy. @sam_lee on insta")
    spans = find_personal_data(text, "en", "GB")
    assert spans == sorted(spans, key=lambda s: s.start)
    for span in spans:
        assert span.text == text[span.start:span.end]
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start
    assert {s.kind for s in spans} >= {"name", "email", "phone", "address", "school", "handle"}


def test_region_hint_is_used_for_local_formats() -> None:
    spans = find_personal_data("mi número 55 1234 5678", "es", region="MX")
    assert [s.kind for s in spans] == ["phone"]


def test_redact_replaces_each_span_with_the_mask() -> None:
    text = "mail a@b.com or c@d.org"
    spans = find_personal_data(text)
    assert MASK == "\u2588" * 3
    assert redact(text, spans) == f"mail {MASK} or {MASK}"


def test_redact_merges_overlapping_spans_and_keeps_text_without_spans() -> None:
    text = "abcdef"
    spans = [Span("name", 1, 3, "bc"), Span("name", 2, 5, "cde")]
    assert redact(text, spans) == f"a{MASK}f"
    assert redact(text, []) == text


@pytest.mark.parametrize(("original", "edited", "expected"), [
    ("call Sam on 0612", "call ███ on ███", True),
    ("call Sam on 0612", "call █ on 0612", True),
    ("call Sam on 0612", "call Sam on 0612", True),
    ("call Sam on 0612", "███", True),
    ("call Sam on 0612", "call Sam on 0613", False),
    ("call Sam on 0612", "call ███ on 0612 now", False),
    ("call Sam on 0612", "█call Sam on 0612", False),  # a mask must hide something
    ("call Sam on 0612", "call Sam██on 0612", True),  # the space between was masked
    ("call Sam on 0612", "call Sam ██ on 0612", False),  # masks nothing, adds a word
    ("call Sam on 0612", "call  ███ on 0612", False),
    ("", "", True),
    ("", "█", False),
    ("a█b", "a█b", True),
])
def test_is_masking_of_accepts_only_masks(original: str, edited: str, expected: bool) -> None:
    assert is_masking_of(original, edited) is expected


def test_labelled_personal_data_in_the_shared_test_set_is_all_masked() -> None:
    # Rule 4: this is the safety net in front of every export and the public page.
    for row in _rows():
        redacted = redact(row["text"], find_personal_data(row["text"], row["lang"]))
        for item in row["pii"]:
            assert item["text"] not in redacted, (row["text"], item)


def test_shared_test_set_spans_have_the_labelled_kinds() -> None:
    for row in _rows():
        spans = find_personal_data(row["text"], row["lang"])
        for item in row["pii"]:
            assert item["kind"] in _kinds_covering(row["text"], item["text"], spans), row


def test_hostile_lines_do_not_break_the_finder() -> None:
    for row in _rows():
        if row["hostile"]:
            spans = find_personal_data(row["text"], row["lang"])
            assert is_masking_of(row["text"], redact(row["text"], spans))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400), lang=st.sampled_from([None, "ar", "en", "es", "fr", "ru",
                                                          "zh", "xx"]),
       region=st.sampled_from([None, "GB", "FR", "CN", "zz", "", "123"]))
def test_any_text_gives_in_bounds_non_overlapping_spans(text: str, lang: str | None,
                                                        region: str | None) -> None:
    spans = find_personal_data(text, lang, region)
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous_end
        assert span.text == text[span.start:span.end]
        previous_end = span.end
    assert is_masking_of(text, redact(text, spans))


DIGITS_AND_WORDS = st.lists(st.one_of(
    st.from_regex(r"\+?[0-9]{1,4}([ .\-/()][0-9]{1,5}){0,5}", fullmatch=True),
    st.sampled_from(["my", "number", "is", "ID", "rue", "Street", "@", "me", "我叫", "学校",
                     "школа", "№", "شارع", ",", ".", " ", "\n", "snap:", "qq"]),
), max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=DIGITS_AND_WORDS)
def test_number_heavy_text_gives_in_bounds_non_overlapping_spans(text: str) -> None:
    spans = find_personal_data(text, "en")
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start
    assert all(s.text == text[s.start:s.end] for s in spans)
