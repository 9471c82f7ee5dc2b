"""Disclosure patterns for English, and the shape every language's patterns take.

Written in lower case; disclosure.py folds them like the text (accents off, so
"é" and "e" both match). `direct` patterns are disclosures on their own ("hits
me", "I want to die"). `topic` patterns are only a disclosure when the same
sentence is about the writer ("I", "me", "my"), so "grooming is a big problem"
stays topic talk while "I think I'm being groomed" is flagged.
"""

from __future__ import annotations

from typing import TypedDict


class Lexicon(TypedDict):
    direct: dict[str, list[str]]
    topic: dict[str, list[str]]
    personal: list[str]
    opinion: list[str]


_IMAGES_EN = r"(?:photos?|pics?|pictures?|nudes?|selfies?|videos?|vids?|images?|snaps?|pix)"
_FAMILY_EN = (r"(?:dad|daddy|father|step-?dad|step-?father|mum|mom|mommy|mummy|mother|"
              r"step-?mum|step-?mom|step-?mother|parents?|uncle|aunt|auntie|brother|sister|"
              r"grandpa|grandad|grandma|granny|grandfather|grandmother|(?:mum|mom)'?s boyfriend|"
              r"dad'?s girlfriend|foster \w+|carer|family)")

EN: Lexicon = {
    "direct": {
        "self_harm": [
            (r"\b(?:hurt|hurting|harm|harming|cut|cutting|kill|killing|burn|burning|starve|"
             r"starving|punish|punishing|hit|hitting|scratch\w*)\s+(?:my\s*self|meself)\b"),
            (r"\b(?:wants?|wanna|wanted|wish(?:es)?|going|gonna|plan\w*|ready|decided|trying)\s+"
             r"(?:to\s+)?(?:die|be dead|end it all|end it|end my life|disappear forever|"
             r"kill myself|not be here anymore|not exist|not wake up)\b"),
            (r"\b(?:kill|killing|hurt|hurting|hurts|cut|cuts|cutting|harm\w*)\s+"
             r"(?:him|her)self\b"),  # another child; "themselves" is usually kids in general
            r"\bif\s+i\s+(?:died|was dead|were dead|killed myself|was gone|wasn'?t here)\b",
            (r"\bi\s+(?:wish|hope)\s+i\s+(?:was|were|wasn'?t|weren'?t|had)\s+"
             r"(?:never\s+|not\s+)?(?:been\s+)?(?:dead|alive|born|here)\b"),
            (r"\b(?:don'?t|do not|dont|no longer|never)\s+want\s+to\s+(?:live|be alive|exist|"
             r"wake up|be here)\b"),
            r"\b(?:end|ending|take|taking)\s+my\s+(?:own\s+)?life\b", r"\bkms\b",
            r"\bbetter off (?:dead|without me)\b",
            r"\bno (?:reason|point) (?:to|in) (?:live|living|go on|going on)\b",
            r"\bcan'?t (?:go on|take it anymore|take this anymore)\b",
            r"\b(?:cuts?|cutting|scars?)\s+(?:on\s+)?my\s+(?:arms?|wrists?|legs?|thighs?|skin)\b",
        ],
        "grooming": [
            r"\bour\s+(?:little\s+)?secret\b",
            r"\b(?:wants?|asked|asks|asking|keeps asking|trying to get)\s+me\s+to\s+meet\b",
            (r"\b(?:keeps?|kept|been|is|are|was|were|started|always)\s+(?:messaging|texting|dming|"
             r"dm'?ing|calling|following|stalking|contacting|watching)\s+me\b"),
            r"\btouch(?:es|ed|ing)?\s+me\b",
            (r"\b(?:uncle|dad|father|step-?dad|brother|cousin|grandpa|grandad|man|guy|teacher|"
             r"coach|boyfriend)\b[^.!?]{0,30}\btouch(?:es|ed|ing)\s+(?:her|him|us|my|his)\b"),
            r"\btouch(?:es|ed|ing)?\s+my\s+(?:body|private\w*|chest|breasts?|bum|butt|legs?)\b",
            r"\bmy\s+(?:boyfriend|girlfriend|bf|gf)\s+is\s+(?:\d{2}|an adult|a grown|much older)",
            r"\b(?:said|says|told|tells)\s+(?:me\s+)?(?:not|never)\s+to\s+tell\b",
        ],
        "sexual_images": [
            r"\b(?:ask\w*|want\w*|told|tell\w*|make|makes|made|forc\w*|pressur\w*|beg\w*|push\w*)"
            r"\s+me\s+(?:to\s+)?(?:for|send|share|show|take|make|film|record|post|give)\b"
            r"[^.!?]{0,40}?\b(?:" + _IMAGES_EN[3:-1] + r"|body|myself|boobs|naked)\b",
            (r"\b(?:sends?|sent|showed|shows|show)\s+me\s+(?:\w+\s+){0,4}?(?:naked|nude|dirty|"
             r"sexual|sexy|private|inappropriate|rude|porn\w*|of\s+his|of\s+himself)\b"),
            r"\b(?:his|their)\s+(?:private parts|privates|dick|penis|willy)\b",
        ],
        "sextortion": [
            r"\b(?:blackmail\w*|extort\w*|sextort\w*)\s+me\b",
            (r"\bthreaten\w*\s+(?:me\s+)?to\s+(?:share|send|post|leak|show|publish|spread|upload|"
             r"expose)\b"),
            r"\b(?:leak|post|share|send|spread|show)\s+my\s+(?:nudes|naked|private)\b",
            (r"\bif\s+i\s+(?:don'?t|dont|do not|won'?t|refuse to)\s+(?:send|give|pay)\b"
             r"[^.!?]{0,60}?\b(?:post|share|show|leak|send|expose|spread|upload)\w*\s+"
             r"(?:them|it|my|everyone)\b"),
            (r"\b(?:post|share|show|leak|send|expose|spread|upload)\w*\s+(?:them|it|those|the\s+"
             + _IMAGES_EN + r")\b[^.!?]{0,40}?\b(?:unless|if i (?:don'?t|dont|do not))\b"),
        ],
        "home_violence": [
            r"\b" + _FAMILY_EN + r"\b[^.!?]{0,60}?\b(?:hits?|hitting|beats?|beating|beat|punch\w*|"
            r"kick\w*|slap\w*|hurts?|hurting|chok\w*|strangl\w*|burns?|burned|burning|whips?|"
            r"whipped|belts?|belted|abus\w*|locks?|locked|starv\w*|smack\w*|throws? \w+ at|"
            r"threw \w+ at)\s+(?:me|us|my \w+)\b",
            r"\b" + _FAMILY_EN + r"\s+(?:is|was|gets|got)\s+(?:\w+\s+)?(?:abusive|violent)\b",
            (r"\bmy\s+" + _FAMILY_EN + r"\s+(?:hits|beats|punches|kicks|slaps|chokes|hurts)\s+"
             r"my\s+" + _FAMILY_EN + r"\b"),
            r"\b(?:scared|afraid|terrified|frightened)\s+(?:to\s+go\s+home|of\s+going\s+home|of\s+"
            r"my\s+" + _FAMILY_EN + r")",
            r"\b(?:not|don'?t feel|never feel)\s+safe\s+at\s+home\b",
        ],
        "threat": [
            (r"\b(?:going to|gonna|will|'ll|wants? to|threaten\w*(?: to)?|promised to)\s+"
             r"(?:kill|hurt|stab|shoot|beat(?: up)?|rape|attack|jump|bash|murder|smash)\s+"
             r"(?:me|you|him|her|us|them|my \w+)\b"),
            r"\bthreaten\w*\s+me\b", r"\bknows? where i live\b",
            (r"\b(?:bring\w*|brought|has|had|carr(?:y|ies|ied))\s+(?:a\s+)?(?:gun|knife|weapon)s?"
             r"\s+(?:to|at|in|into)\s+school\b"),
            r"\bshoot\s+up\s+(?:the|my|our)\s+school\b",
            (r"\b(?:hits?|beats?|beat|punch(?:es|ed)|kick(?:s|ed)|slap(?:s|ped)|smack(?:s|ed)|"
             r"chok(?:es|ed)|strangl(?:es|ed))\s+me\b"),
        ],
        "bullying": [
            (r"\b(?:i'?m|i am|i get|i got|i've been|i have been|i keep getting|im)\s+(?:being\s+|"
             r"getting\s+|constantly\s+|always\s+|still\s+)?(?:bullied|cyber-?bullied|picked on|"
             r"harassed|excluded|left out|teased|mocked|made fun of|called names|laughed at|"
             r"beaten up)\b"),
            (r"\b(?:they|everyone|everybody|people|kids|boys|girls|classmates|someone|he|she|"
             r"others)\s+(?:\w+\s+){0,3}?(?:bull(?:y|ies)|harass(?:es)?|tease|teases|mock|mocks|"
             r"insult|insults|pick on|picks on|make fun of|makes fun of|laugh at|laughs at|hate|"
             r"hates|exclude|excludes|ignore|ignores)\s+me\b"),
            # "they call me fat", but not "everyone calls me Tash".
            (r"\b(?:they|everyone|everybody|people|kids|boys|girls|classmates|someone|he|she|"
             r"others)\s+(?:\w+\s+){0,3}?calls?\s+me\s+(?:names|fat|ugly|gay|stupid|weird|dumb|"
             r"a\s+\w+|an\s+\w+|loser|freak|slut|whore|\w+ names)\b"),
            (r"\b(?:mean|nasty|horrible|rude|hurtful|bad|lies|rumou?rs|fake|cruel)\s+(?:\w+\s+){0,2}"
             r"(?:about|of)\s+me\b"),
            r"\bmy\s+(?:bully|bullies)\b",
            r"\b(?:fake|hate)\s+(?:account|page|group)\s+about\s+me\b",
        ],
    },
    "topic": {
        "self_harm": [r"\bself[- ]?harm\w*", r"\bsuicid\w*", r"\boverdos\w*"],
        "grooming": [
            (r"\b(?:not|never|n't|mustn'?t|shouldn'?t|don'?t|can'?t|cannot)\s+(?:to\s+)?(?:tell|say|"
             r"show|let)\s+(?:\w+\s+){0,2}?(?:anyone|anybody|no\s?one|nobody|parents?|mum|mom|"
             r"mummy|mommy|dad|daddy|family|teachers?|adults?|friends?)\b"),
            r"\bkeep\s+(?:it|this|us|everything|our chats?)\s+(?:a\s+)?secret\b",
            r"\bgroom(?:ed|ing|s)?\b", r"\bmeet\s+(?:up\s+)?(?:in real life|in person|irl)\b",
            r"\b(?:older|adult|grown.?up|\d{2}.?year.?old)\s+(?:man|guy|men|boyfriend|woman)\b",
        ],
        "sexual_images": [
            r"\b(?:nudes?|naked|nude|sexting|sexts?|sexy|explicit|intimate)\s*" + _IMAGES_EN + "?",
            r"\bask\w*\s+(?:\w+\s+){0,2}for\s+(?:\w+\s+){0,2}" + _IMAGES_EN,
            r"\b(?:send|sent|share|shared|show|showed)\s+(?:him|her|them|someone)\s+(?:\w+\s+){0,2}"
            + _IMAGES_EN,
        ],
        "sextortion": [
            r"\bsextort\w*|\bblackmail\w*",
            (r"^(?=.*\b" + _IMAGES_EN + r"\b)(?=.*\b(?:unless|or else|if i (?:don'?t|do not|dont)|"
             r"threat\w*|pay|money|gift ?cards?|robux|v-?bucks|leak\w*|expose|(?:post|share|send|"
             r"show)\w*\s+(?:them|it|this)|(?:show|send|tell)\w*\s+(?:it\s+to\s+|them\s+to\s+)?"
             r"(?:everyone|all my friends|my (?:parents|school|class|friends|mum|mom|dad)))\b)"),
        ],
        "home_violence": [r"\bdomestic\s+(?:violence|abuse)\b"],
        "threat": [r"\b(?:death|rape)\s+threats?\b"],
        "bullying": [],
    },
    "personal": [r"\b(?:i|i'm|im|i've|ive|i'd|me|my|mine|myself)\b"],
    "opinion": [(r"\b(?:i think|i believe|i feel that|in my opinion|imo|i agree|i guess|i reckon|"
                 r"i suppose|i know that|i hope)\b(?!\s+(?:about|of)\b)")],
}
