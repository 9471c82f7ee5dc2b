"""Disclosures of harm are flagged for the safeguarding role (rule 8).

A missed disclosure is worse than a false alarm, so the positive cases are many
and the negatives are only plain topic talk.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consult.detect.disclosure import KINDS, find_disclosures

TESTDATA = Path(__file__).resolve().parents[1].parent / "shared" / "testdata" / "responses.jsonl"


def _rows() -> list[dict]:
    if not TESTDATA.exists():
        pytest.skip(f"shared test data not found at {TESTDATA}")
    return [json.loads(line) for line in TESTDATA.read_text(encoding="utf-8").splitlines()
            if line.strip()]


# (lang, text, a kind that must be among those found)
DISCLOSURES = [
    # grooming, including enforced secrecy
    ("en", "he told me not to tell anyone", "grooming"),
    ("en", "He said it's our little secret", "grooming"),
    ("en", "someone i met on roblox wants me to meet him", "grooming"),
    ("en", "I think I'm being groomed by a guy online", "grooming"),
    ("en", "an adult keeps messaging me on instagram every night", "grooming"),
    ("en", "he said not to tell my parents about our chats", "grooming"),
    ("en", "my friend told me her uncle touches her", "grooming"),
    ("fr", "il m'a dit de ne le dire à personne", "grooming"),
    ("fr", "un homme veut me rencontrer, il dit que c'est notre secret", "grooming"),
    ("es", "me dijo que no se lo diga a nadie", "grooming"),
    ("es", "un señor quiere conocerme en persona", "grooming"),
    ("ru", "он сказал никому не говорить", "grooming"),
    ("ru", "взрослый хочет со мной встретиться", "grooming"),
    ("ar", "قال لي لا تخبر أحدا", "grooming"),
    ("ar", "رجل غريب يريد أن يقابلني", "grooming"),
    ("zh", "他说这是我们的秘密", "grooming"),
    ("zh", "网友约我见面，还说不要告诉父母", "grooming"),
    # sexual images
    ("en", "a man in a game keeps asking me for photos", "sexual_images"),
    ("en", "my friend is being asked for nudes by an older guy", "sexual_images"),
    ("en", "he keeps sending me naked pics", "sexual_images"),
    ("en", "someone i dont know online sent me a video of his private parts", "sexual_images"),
    ("en", "a boy wants me to send him pictures of my body", "sexual_images"),
    ("fr", "un homme me demande des photos", "sexual_images"),
    ("fr", "il veut que je lui envoie des photos", "sexual_images"),
    ("es", "un señor me pide fotos", "sexual_images"),
    ("es", "quiere que le mande fotos sin ropa", "sexual_images"),
    ("ru", "он просит у меня фото", "sexual_images"),
    ("ru", "просит меня скинуть ему нюдсы", "sexual_images"),
    ("ar", "يطلب مني صور", "sexual_images"),
    ("zh", "他让我发裸照", "sexual_images"),
    ("zh", "有人向我要照片", "sexual_images"),
    # sextortion
    ("en", "they said they will post my nudes if i don't send money", "sextortion"),
    ("en", "Someone is blackmailing me", "sextortion"),
    ("en", "he is threatening to share the video of me", "sextortion"),
    ("en", "he says if i dont send more he will post them", "sextortion"),
    ("en", "i sent a picture to a boy and now he says he will show everyone", "sextortion"),
    ("fr", "il dit qu'il va envoyer mes photos à tout le monde si je ne paie pas", "sextortion"),
    ("es", "dice que si no le mando fotos las va a publicar", "sextortion"),
    ("zh", "他说不给钱就把我的照片发出去", "sextortion"),
    ("fr", "il menace de publier mes photos", "sextortion"),
    ("fr", "il me fait du chantage avec une vidéo", "sextortion"),
    ("es", "me están amenazando con publicar mis fotos", "sextortion"),
    ("ru", "угрожает выложить мои фото", "sextortion"),
    ("ru", "меня шантажируют фотками", "sextortion"),
    ("ar", "يبتزني بصوري", "sextortion"),
    ("zh", "他威胁我说要把照片发出去", "sextortion"),
    # self-harm and suicidal thoughts
    ("en", "I want to die", "self_harm"),
    ("en", "I've been cutting myself", "self_harm"),
    ("en", "i dont want to live anymore", "self_harm"),
    ("en", "i wish i was never born", "self_harm"),
    ("en", "i feel suicidal", "self_harm"),
    ("en", "sometimes I think everyone would be better off without me", "self_harm"),
    ("en", "nobody would care if i died", "self_harm"),
    ("en", "im thinking about ending my life", "self_harm"),
    ("en", "my best friend says she wants to die", "self_harm"),
    ("ru", "я думаю о суициде", "self_harm"),
    ("fr", "je veux mourir", "self_harm"),
    ("fr", "j'ai envie de me faire du mal", "self_harm"),
    ("es", "quiero morirme", "self_harm"),
    ("es", "a veces me corto", "self_harm"),
    ("ru", "я хочу умереть", "self_harm"),
    ("ru", "я не хочу больше жить", "self_harm"),
    ("ar", "أريد أن أموت", "self_harm"),
    ("ar", "أفكر في الانتحار", "self_harm"),
    ("zh", "我想死", "self_harm"),
    ("zh", "我有时候想自杀", "self_harm"),
    # violence at home
    ("en", "my dad hits me", "home_violence"),
    ("en", "im scared to go home because my mum's boyfriend gets violent", "home_violence"),
    ("es", "mi papá le pega a mi mamá", "home_violence"),
    ("fr", "mon beau-père me frappe quand il a bu", "home_violence"),
    ("es", "mi padrastro me pega", "home_violence"),
    ("ru", "отчим бьёт меня", "home_violence"),
    ("ar", "أبي يضربني كل يوم", "home_violence"),
    ("zh", "爸爸经常打我", "home_violence"),
    # threats
    ("en", "a boy in my class said he is going to stab me", "threat"),
    ("en", "someone online knows where i live and keeps threatening me", "threat"),
    ("en", "a kid in my class brings a knife to school", "threat"),
    ("fr", "il va me tuer", "threat"),
    ("es", "me van a matar", "threat"),
    ("ru", "он сказал, что убьёт меня", "threat"),
    ("ar", "سيقتلني", "threat"),
    ("zh", "他说要杀了我", "threat"),
    # bullying, first person and ongoing
    ("en", "im being bullied every day at school", "bullying"),
    ("en", "everyone in my class makes fun of me", "bullying"),
    ("fr", "je me fais harceler au collège, tout le monde se moque de moi", "bullying"),
    ("es", "me hacen bullying en el colegio", "bullying"),
    ("ru", "меня травят в школе", "bullying"),
    ("ar", "يتنمرون علي في المدرسة", "bullying"),
    ("zh", "我在学校被欺负", "bullying"),
]


@pytest.mark.parametrize(("lang", "text", "kind"), DISCLOSURES)
def test_disclosure_is_flagged_with_its_kind(lang: str, text: str, kind: str) -> None:
    assert kind in find_disclosures(text, lang)


@pytest.mark.parametrize(("lang", "text", "kind"), DISCLOSURES)
def test_disclosure_is_flagged_whatever_language_was_picked(lang: str, text: str,
                                                           kind: str) -> None:
    assert find_disclosures(text, None)
    assert find_disclosures(text, "en" if lang != "en" else "zh")


@pytest.mark.parametrize("text", [
    "I WANT TO DIE", "i want 2 die... i want to die", "Je veux MOURIR", "Я ХОЧУ УМЕРЕТЬ",
    "Quiero morir", "أُرِيدُ أَنْ أَمُوتَ",
])
def test_case_accents_and_diacritics_do_not_hide_a_disclosure(text: str) -> None:
    assert "self_harm" in find_disclosures(text)


TOPIC_TALK = [
    ("en", "apps should stop adults asking kids for photos"),
    ("en", "grooming is a big problem"),
    ("en", "Suicide is a serious issue and schools should talk about it."),
    ("en", "I think cyberbullying is bad and apps should ban bullies."),
    ("en", "Sextortion is growing, platforms must act."),
    ("en", "I like taking photos of my dog."),
    ("en", "Kids often don't tell anyone when they are bullied."),
    ("en", "I am 12 and I love football."),
    ("en", "Parents should check which apps their children use."),
    ("en", "Some kids hurt themselves because of social media, platforms must do more."),
    ("en", "I love my dad, he always helps me with homework."),
    ("fr", "J'aime faire des photos de paysages."),
    ("fr", "Le harcèlement en ligne est un vrai problème."),
    ("fr", "Les adultes ne devraient pas demander des photos aux enfants."),
    ("fr", "J'aime faire des photos de paysages."),
    ("es", "El acoso escolar es un problema grave."),
    ("es", "Me gusta subir fotos de mi perro."),
    ("es", "Los adultos no deberían pedir fotos a los niños."),
    ("ru", "Буллинг — это серьёзная проблема."),
    ("ru", "Я люблю фотографировать природу."),
    ("ru", "Взрослые не должны просить фото у детей."),
    ("ar", "التنمر مشكلة كبيرة في المدارس."),
    ("ar", "أحب التصوير مع أصدقائي."),
    ("ar", "يجب على التطبيقات حماية الأطفال من الابتزاز."),
    ("zh", "网络欺凌是很严重的问题。"),
    ("zh", "我喜欢拍照片。"),
    ("zh", "我觉得应该教孩子不要给陌生人发照片。"),
]


@pytest.mark.parametrize(("lang", "text"), TOPIC_TALK)
def test_talk_about_the_topic_is_not_a_disclosure(lang: str, text: str) -> None:
    assert find_disclosures(text, lang) == []


def test_kinds_are_sorted_distinct_and_known() -> None:
    text = ("my dad hits me and I want to die. A man keeps asking me for photos and says "
            "it's our secret. He threatened to post my nudes.")
    kinds = find_disclosures(text, "en")
    assert kinds == sorted(set(kinds))
    assert set(kinds) <= set(KINDS)
    assert {"home_violence", "self_harm", "sexual_images", "grooming", "sextortion"} <= set(kinds)


def test_every_disclosure_in_the_shared_test_set_is_flagged() -> None:
    for row in _rows():
        if row["safeguarding"]:
            assert find_disclosures(row["text"], row["lang"]), row["text"]


def test_hostile_lines_do_not_break_the_detector() -> None:
    for row in _rows():
        if row["hostile"]:
            assert isinstance(find_disclosures(row["text"], row["lang"]), list)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=500), lang=st.sampled_from([None, "en", "ar", "zh", "xx"]))
def test_any_text_gives_a_sorted_list_of_known_kinds(text: str, lang: str | None) -> None:
    kinds = find_disclosures(text, lang)
    assert kinds == sorted(set(kinds)) and set(kinds) <= set(KINDS)
