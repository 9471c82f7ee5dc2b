"""Disclosure patterns for English, French and Spanish.

Written in lower case; detect.py folds them like the text (accents off, so
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
             r"(?:to\s+)?(?:die|be dead|end it all|end it|end my life|disappear forever|kill myself|"
             r"not be here anymore|not exist|not wake up)\b"),
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
            r"hates|exclude|excludes|ignore|ignores|call|calls)\s+me\b"),
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

_IMAGES_FR = r"(?:photos?|videos?|nudes?|images?|selfies?|snaps?)"
FR: Lexicon = {
    "direct": {
        "self_harm": [
            (r"\bme\s+(?:faire\s+du\s+mal|blesser|couper|scarifier|mutiler|tuer|suicider|pendre|"
            r"jeter\s+(?:du|par|sous))"),
            r"\bje\s+me\s+(?:coupe|scarifie|mutile|fais\s+du\s+mal|blesse|fais\s+vomir)\b",
            r"\b(?:envie|besoin)\s+de\s+(?:mourir|disparaitre|en\s+finir)\b",
            (r"\bje\s+(?:veux|voudrais|vais)\s+(?:mourir|disparaitre|en\s+finir|me\s+tuer|"
            r"me\s+suicider)\b"),
            r"\ben\s+finir\s+avec\s+(?:la|ma)\s+vie\b", r"\b(?:plus|pas)\s+envie\s+de\s+vivre\b",
            r"\bje\s+(?:ne\s+)?veux\s+plus\s+vivre\b",
        ],
        "grooming": [
            r"\bnotre\s+(?:petit\s+)?secret\b",
            r"\b(?:veut|voulait|veulent)\s+me\s+(?:rencontrer|voir\s+seule?)\b",
            r"\bme\s+touche\b", r"\bm'a\s+touchee?\b",
            r"\bn'arrete\s+pas\s+de\s+m'(?:ecrire|envoyer)",
            r"\b(?:dit|demande)\s+de\s+ne\s+(?:le\s+|rien\s+)?(?:dire|raconter)\b",
        ],
        "sexual_images": [
            r"\b(?:me|m')\s*(?:demande\w*|a\s+demande|ont\s+demande|reclame\w*|harcele\w*\s+pour|"
            r"force\w*\s+a\s+envoyer|oblige\w*\s+a\s+envoyer|supplie\w*)\s+(?:de\s+)?(?:\w+\s+){0,3}?"
            + _IMAGES_FR + r"\b",
            r"\bveut\s+que\s+je\s+(?:lui\s+)?(?:envoie|montre|fasse)\s+(?:\w+\s+){0,3}?(?:"
            + _IMAGES_FR[3:-1] + r"|corps)\b",
        ],
        "sextortion": [
            r"\bmenac\w*\s+(?:de\s+)?(?:publier|partager|diffuser|montrer|envoyer|poster|balancer)"
            r"\s+(?:\w+\s+){0,2}?" + _IMAGES_FR,
            r"\bme\s+(?:fait|font)\s+(?:du\s+)?chantage\b", r"\bme\s+fait\s+chanter\b",
        ],
        "home_violence": [
            (r"\b(?:mon|ma|mes)\s+(?:pere|mere|beau-?pere|belle-?mere|parents?|freres?|soeurs?|"
            r"oncle|tante|papa|maman|grand-?pere|grand-?mere|famille)\b[^.!?]{0,60}?\b(?:me|nous|m')"
            r"\s*(?:frappe\w*|bat|battent|tape\w*|gifle\w*|cogne\w*|enferme\w*|etrangle\w*|brule\w*|"
            r"fait\s+mal|font\s+mal|maltrait\w*|touche\w*)"),
            r"\bje\s+me\s+fais\s+(?:frapper|battre|taper)\b",
            (r"\b(?:mon|ma)\s+(?:pere|mere|beau-?pere|belle-?mere|papa|maman|frere|oncle)\s+"
             r"(?:frappe|bat|tape|cogne|gifle)\s+(?:ma|mon|mes)\b"),
            (r"\bpeur\s+de\s+(?:rentrer\s+(?:a\s+la\s+maison|chez\s+moi)|mon\s+(?:pere|beau-pere)|"
            r"ma\s+mere)\b"),
        ],
        "threat": [
            (r"\b(?:va|vais|vont|veut|veulent|menace\w*\s+de)\s+(?:me|te|le|la|nous|vous|les)\s+"
            r"(?:tuer|frapper|taper|defoncer|poignarder|buter|tabasser|violer|casser)"),
            r"\bme\s+menace\w*", r"\bmenaces?\s+de\s+mort\b",
            r"\b(?:me|m')\s*(?:frappe\w*|battent|tabass\w*|agress\w*)\b",
        ],
        "bullying": [
            (r"\bje\s+(?:suis|me\s+fais|me\s+sens)\s+(?:\w+\s+)?(?:harcel(?:ee?s?|er)|"
            r"insult(?:ee?s?|er)|rejetee?s?|moquee?s?|exclue?s?|frapp(?:ee?s?|er)|racketter|"
            r"victime\s+de\s+harcelement)\b"),
            (r"\b(?:on|ils|elles|tout\s+le\s+monde|les\s+autres|des\s+eleves)\s+(?:\w+\s+){0,2}?"
            r"(?:se\s+moque(?:nt)?\s+de\s+moi|m'insulte(?:nt)?|me\s+harcel(?:e|ent)|"
            r"me\s+rejette(?:nt)?|me\s+frappe(?:nt)?|m'ignore(?:nt)?|me\s+traite(?:nt)?)"),
            r"\bon\s+se\s+moque\s+de\s+moi\b",
        ],
    },
    "topic": {
        "self_harm": [r"\bsuicid\w*", r"\bscarif\w*", r"\bautomutil\w*"],
        "grooming": [
            (r"\b(?:ne\s+(?:le\s+|rien\s+)?(?:dis|dire|raconte|raconter|montre)|(?:pas|rien)\s+"
            r"(?:le\s+)?(?:dire|raconter))\s+(?:a\s+)?(?:personne|mes\s+parents|ma\s+mere|"
            r"mon\s+pere|maman|papa|tes\s+parents|ta\s+mere|ton\s+pere)\b"),
            r"\bne\s+rien\s+dire\b", r"\bpedophil\w*", r"\bpredateur\w*", r"\bgrooming\b",
        ],
        "sexual_images": [
            r"\bnudes?\b", r"\bphotos?\s+(?:de\s+moi\s+)?(?:nue?s?|denudee?s?|intimes|sexy)\b",
            r"\bsexto\w*",
        ],
        "sextortion": [
            r"\bchantage\b", r"\bsextorsion\b",
            (r"^(?=.*\b" + _IMAGES_FR + r"\b)(?=.*\b(?:sinon|menac\w*|chantage|payer|paie|paye|"
             r"argent|si je ne|si je n'|a tout le monde|diffuser|publier|balancer)\b)"),
        ],
        "home_violence": [r"\bviolences?\s+(?:conjugales?|familiales?|domestiques?)\b"],
        "threat": [],
        "bullying": [],
    },
    "personal": [r"\b(?:je|j'|me|m'|moi|mon|ma|mes)\b"],
    "opinion": [(r"\b(?:je pense que|je crois que|je trouve que|a mon avis|selon moi|pour moi|"
                r"je suis d'accord)\b")],
}

_IMAGES_ES = r"(?:fotos?|videos?|nudes?|packs?|imagenes?|selfies?)"
ES: Lexicon = {
    "direct": {
        "self_harm": [
            r"\b(?:hacerme|me\s+hago|me\s+hice)\s+dano\b",
            r"\bme\s+quiero\s+(?:morir|matar|suicidar)\b",
            r"\bquiero\s+(?:morir\w*|suicidarme|matarme|desaparecer|dejar\s+de\s+existir)\b",
            r"\b(?:suicidarme|matarme|cortarme|lastimarme|quitarme\s+la\s+vida)\b",
            r"\bme\s+(?:corto|lastimo|autolesiono)\b",
            r"\bno\s+quiero\s+(?:vivir|seguir\s+viviendo|despertar)\b",
            r"\bganas\s+de\s+(?:morir|desaparecer|matarme)\b", r"\bacabar\s+con\s+mi\s+vida\b",
        ],
        "grooming": [
            r"\bnuestro\s+secreto\b",
            r"\bquiere\s+(?:verme|conocerme|quedar\s+conmigo|que\s+nos\s+veamos)\b",
            r"\bme\s+toca(?:ba)?\s+(?:mis\s+partes|el\s+cuerpo|los\s+pechos|las\s+piernas)",
            r"\bno\s+(?:para|deja)\s+de\s+escribirme\b",
            r"\bdijo\s+que\s+no\s+(?:se\s+lo\s+|le\s+|lo\s+)?(?:diga|cuente)\b",
        ],
        "sexual_images": [
            r"\bme\s+(?:pide\w*|pidio|piden|pidieron|esta\s+pidiendo|estan\s+pidiendo|sigue\s+"
            r"pidiendo|exige\w*|obliga\w*\s+a\s+mandar)\s+(?:\w+\s+){0,3}?" + _IMAGES_ES + r"\b",
            r"\bquiere\s+que\s+le\s+(?:mande|envie|pase|muestre)\s+(?:\w+\s+){0,3}?"
            + _IMAGES_ES + r"\b",
        ],
        "sextortion": [
            (r"\bamenaz\w*\s+con\s+(?:publicar|subir|ensenar|mostrar|compartir|difundir|mandar|"
            r"enviar|pasar)\b"),
            r"\bme\s+(?:esta|estan)\s+(?:chantajeando|extorsionando)\b",
            r"\bme\s+(?:chantajea\w*|extorsiona\w*)\b",
            (r"\bsi\s+no\s+(?:le\s+|les\s+)?(?:mando|envio|paso|doy|pago)\b[^.!?]{0,60}?"
             r"\b(?:publica\w*|sub\w*|ensena\w*|mostra\w*|manda\w*|envia\w*|pasa\w*|difund\w*)"),
        ],
        "home_violence": [
            (r"\b(?:mi|mis)\s+(?:padre|madre|papa|mama|padrastro|madrastra|padres|hermanos?|hermanas?|"
            r"tio|tia|abuelo|abuela|familia)\b[^.!?]{0,60}?\bme\s+(?:pega\w*|golpea\w*|maltrata\w*|"
            r"lastima\w*|hace\s+dano|hacen\s+dano|encierra\w*|quema\w*|ahorca\w*|toca\w*)"),
            r"\bme\s+pegan\s+en\s+(?:mi\s+)?casa\b",
            (r"\b(?:mi|mis)\s+(?:padre|madre|papa|mama|padrastro|madrastra|padres|hermanos?|tio|"
             r"abuelo)\b[^.!?]{0,40}?\b(?:le|la|lo|les|nos)\s+(?:pega\w*|golpea\w*|maltrata\w*)"),
            r"\bmiedo\s+(?:de|a)\s+(?:volver|ir|regresar)\s+a\s+(?:mi\s+)?casa\b",
            r"\bmiedo\s+(?:de|a)\s+mi\s+(?:padre|padrastro|papa|madre|mama)\b",
        ],
        "threat": [
            (r"\b(?:me|te|lo|la|nos|los)\s+(?:va|van|vas|voy|vamos)\s+a\s+(?:matar|pegar|golpear|"
            r"apunalar|disparar|violar|partir)"),
            r"\bme\s+amenaza\w*", r"\bamenazas?\s+de\s+muerte\b", (r"\bme\s+(?:pega|pegan|golpea|"
            r"golpean)\b"),
        ],
        "bullying": [
            r"\bme\s+(?:hacen|hace|hacian)\s+(?:bullying|acoso|ciberacoso)\b",
            r"\bme\s+(?:acosan|molestan|insultan|humillan|excluyen|ignoran)\b",
            r"\bsufro\s+(?:de\s+)?(?:bullying|acoso|ciberacoso)\b",
            r"\b(?:soy|estoy\s+siendo)\s+(?:acosad[oa]|victima\s+de\s+(?:bullying|acoso))\b",
            r"\bse\s+burlan\s+de\s+mi\b",
        ],
    },
    "topic": {
        "self_harm": [r"\bsuicid\w*", r"\bautolesi\w*"],
        "grooming": [
            (r"\bno\s+(?:se\s+lo\s+|le\s+|lo\s+)?(?:digas?|diga|cuentes?|cuente|decir|contar|"
            r"contarle|decirle)\s+(?:nada\s+)?a\s+(?:nadie|mis\s+padres|tus\s+padres|"
            r"mi\s+(?:mama|papa|madre|padre)|tu\s+(?:mama|papa|madre|padre))\b"),
            r"\bque\s+no\s+le\s+diga\s+a\s+nadie\b", r"\bgrooming\b", r"\bpedofil\w*",
        ],
        "sexual_images": [r"\bfotos?\s+(?:desnud\w*|intimas?|sin\s+ropa)\b", r"\bnudes\b",
                          r"\bpacks?\b", r"\bsexting\b"],
        "sextortion": [
            r"\bchantaje\w*|\bsextorsion\b",
            r"^(?=.*\b" + _IMAGES_ES + r"\b)(?=.*\b(?:si no|amenaz\w*|chantaje\w*|pagar|dinero)\b)",
        ],
        "home_violence": [r"\bviolencia\s+(?:familiar|domestica|intrafamiliar)\b"],
        "threat": [],
        "bullying": [],
    },
    "personal": [r"\b(?:yo|me|mi|mis|conmigo)\b"],
    "opinion": [(r"\b(?:creo que|pienso que|me parece que|en mi opinion|para mi|opino que|"
                r"estoy de acuerdo)\b")],
}
