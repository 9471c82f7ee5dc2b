"""Person and voice: "it happened to me" against "apps should stop it" (rule 8).

A consultation about child online protection receives mostly topic talk about
grooming, images and bullying, often with "I" and "me" in it ("It should
tell me it is a bot and never ask for photos"). Children who disclose, on the
other hand, rarely use the words of a lexicon of abuse: they tell a story ("i
met this guy on roblox hes 24 ... we are going to meet at the park just us").
So each language here has three sets of patterns, written in lower case and
folded like the text (see textfold.fold):

- `pretend`: an imagined case ("imagine a guy says he's 15", "what if"):
  topic talk even when it is told like a story;
- `talk`: knowing or hearing about a subject ("I didn't know what grooming
  was", "it was on the news"): a subject's name in such a sentence ("grooming",
  "sextortion") is not taken for something happening to the writer;
- `policy`: the voice of topic talk: modals ("should", "devrait", "должны",
  "لازم", "应该"), conditionals about anyone ("if someone"), lessons and
  content ("a talk about", "videos about", "I learned that");
- `story`: the voice of experience: a person doing something to the writer
  ("he said", "someone has my pics", "они ... меня"), the writer narrating
  ("i met", "we were on video call"), a time ("last night", "every day");
- `signs`, by kind: what a story of harm contains even without a lexicon's
  words: an adult's age next to the writer's, a meeting planned alone, a
  secret kept, clothes taken off on camera, pictures shown to everyone unless;
- `own`, by kind: the writer's own state, which needs no story ("i hate my
  body", "je mange presque plus", "i wish i could just disappear"): flagged
  in any voice but an imagined case.

disclosure.py flags a kind when its signs are told in the voice of a story,
and drops a match in the voice of policy unless the sentence also tells a story.
"""

from __future__ import annotations

from typing import TypedDict


class Voice(TypedDict):
    pretend: list[str]
    talk: list[str]
    policy: list[str]
    story: list[str]
    signs: dict[str, list[str]]
    own: dict[str, list[str]]


_ADULT_AGE = r"(?:1[89]|[2-6]\d)"

EN: Voice = {
    "talk": [
        r"\bwhat \w+(?: \w+)? (?:is|was|means|meant)\b|\b(?:on|in) the news\b|\barrested\b",
        r"\b(?:learn|learned|learnt|taught|know|knew|heard) (?:about|what)\b|\bthanks to\b",
    ],
    "pretend": [
        r"\b(?:imagine|for example|for instance|let'?s say|pretend)\b",
        r"\bwhat if (?:someone|somebody|a|an|you|people|they)\b",
    ],
    "policy": [
        r"\b(?:should|shouldn'?t|shouldnt|must|mustn'?t|ought to|need to|needs to|could)\b",
        (r"\bwould (?:help|stop|prevent|never|creep|make|like|love|want|be (?:good|great|nice|"
         r"helpful|useful|safer|easier|better if|cool))\b"), r"\bi(?:'d| would) never\b",
        (r"(?<!\w)(?:if|when|whenever) (?:someone|somebody|anyone|anybody|a stranger|strangers|"
         r"a bot|the bot|a chatbot|the chatbot|people|you|kids|children|adults?|an adult)\b"),
        (r"\b(?:talk|talks|talked|lesson|lessons|class|assembly|posters?|videos?|content|info|"
         r"information|prevention|awareness|helplines?|help lines?)\s+(?:about|on|for)\b"),
        r"\b(?:learn|learned|learnt|means|is a (?:huge |big |real )?problem|is abuse|not ok)\b",
    ],
    "story": [
        (r"\b(?:my (?:mum|mom|mother|dad|father)'?s (?:boyfriend|girlfriend)|my (?:mum|mom|dad|"
         r"stepdad|stepmum|stepmom|brother|sister|uncle|aunt|coach|teacher|parents)|(?:a|the) (?:group|gang|"
         r"bunch) of \w+)\b[^.!?]{0,25}?\b(?:shouts|shouted|yells|yelled|screams|screamed|punched|"
         r"hits|hit|follows?|followed|keeps?|kept|texts|texting|told|says|said|wants)\b"),
        r"\b(?:last (?:week|month|time|year)|since (?:year|grade|last|we))\b",
        r"\b(?:shouts|shouted|yells|yelled|screams|screamed) at me\b",
        (r"(?<!if )(?<!when )\b(?:he|she|they|someone|somebody|ppl|people in my \w+|"
         r"(?:the )?(?:girls|boys|kids|people) (?:in|at|from) my \w+|"
         r"(?:this|a|the|that|some|one|an)(?: \w+)? (?:guy|man|boy|girl|person|lady|woman|kid|"
         r"adult|player|stranger|teen|teenager))\b"
         r"[^.!?]{0,25}?\b(?:said|says|told|tells|asked|asks|keeps?|kept|dared|wants|wanted|"
         r"made|makes|sent|sends|took|has|had|knows|threw|locks?|locked|hes|shes|is|was|"
         r"buys|bought|gave|gives|calls?|called|showed|shows|grabs|grabbed|posts|posted|"
         r"posting)\b[^.!?]{0,80}?\b(?:me|my|i|im)\b"),
        # The writer as the object of someone's act: "sends me money", "grabs me".
        (r"(?<!should )(?<!would )(?<!could )(?<!must )(?<!to )(?<!never )(?<!not )\b"
         r"(?:sends|sent|showed|shows|grabs|grabbed|messages|messaged|texts|texted|follows|"
         r"followed|forces|forced|threatens|threatened|pushed|pressures|pressured)\s+me\b"),
        r"\bi (?:get|got|keep getting|receive|received) (?:messages|texts|dms|comments)\b",
        r"\bi (?:met|sent|was|got|started|keep getting|talk to)\b",
        r"\bwe (?:were|met|are going|'re going|re going|are gonna|r going)\b",
        (r"\b(?:last night|yesterday|tonight|tmrw|tomorrow|every ?day|evry day|again|now he|"
         r"now she|now they)\b"),
    ],
    "own": {
        "self_harm": [
            r"\b(?:wish|want|wanna) (?:i could )?(?:just )?(?:disappear|vanish|not exist)\b",
            r"\b(?:sleep|go to sleep|fall asleep) and (?:never|not) wake up\b",
            r"\bnobody would (?:even )?(?:notice|care|miss me)\b|\bno one would (?:even )?(?:notice|care|miss me)\b",
            r"\bjust want (?:it all|everything|it|all of it) to (?:stop|end)\b",
            r"\btired of (?:everything|living|life|being alive)\b",

            r"\b(?:scratch|cut|burn)\w* my (?:arms?|wrists?|legs?|skin)\b", r"\btill (?:they|it) bleeds?\b",

            r"\b(?:don'?t|dont|do not|can'?t|cant) see the point (?:anymore|of anything|in anything|of living)\b",
            r"\b(?:goodbye|suicide) (?:note|letter)\b",
                      r"\bi (?:hate|hating) my (?:body|self)\b",
                      r"\b(?:haven'?t|havent|not|barely) (?:been )?eat(?:en|ing) (?:in|for) (?:days|weeks)\b"],
        "grooming": [
            r"\b(?:comes?|came|coming|gets?|got) (?:in|into) my (?:room|bed)\b",
        ],
        "sexual_images": [
            r"\b(?:recorded|filmed|photographed) me (?:in|while|when|getting|changing|naked)\b",
            r"\b(?:changing room|toilets|locker room)\b[^.!?]{0,40}\b(?:going round|everyone|whole)\b",
        ],
        "bullying": [
            r"\blaugh\w* at my (?:accent|voice|clothes|hair|skin|weight|body|name)\b",
            r"\b(?:spread|spreading|spreads|spreaded) (?:rumou?rs|lies) about me\b",
            r"\b(?:everyone|everybody|they|people) (?:\w+ )?ignores? me\b",

            r"\b(?:no ?one|nobody)(?: in my \w+)? (?:talks|speaks|talk) to me\b",
            r"\b(?:blocked|kicked|removed|threw) me (?:from|out of) (?:every|all|the|our)\b",
        ],
    },
    "signs": {
        "grooming": [
            r"\b(?:way|much|a lot|lot|years) older\b", r"\bsays (?:hes|he'?s|he is|shes|she is) my (?:bf|boyfriend|gf|girlfriend)\b",
            r"\b(?:im|i'?m|i am) (?:so |really )?special\b",

            r"\b(?:asked|asks|asking) (?:for |me for )?my (?:address|number|location|school)\b",
            r"\bsend me (?:a )?(?:present|gift)s?\b",
            (r"\b(?:he|she|hes|shes|he'?s|she'?s|he is|she is|boyfriend|girlfriend|bf|gf|guy|man)"
             r"\b[^.!?\d]{0,15}?\b" + _ADULT_AGE + r"\b"),
            r"\bmature for (?:my|her|his) age\b",
            (r"\bmeet\w*\b[^.!?]{0,50}?\b(?:alone|just us|just the two of us|irl|in real life|"
             r"in person|without (?:my|our) \w+|at the (?:park|mall)|at his)\b"),
            r"\b(?:come|go|going) (?:over )?to his (?:flat|house|place|room|car)\b",
            (r"\b(?:don'?t|dont|do not|never|not to) tell (?:anyone|anybody|no one|my \w+|"
             r"your \w+)\b"),
            r"\bkeep (?:it|this|us|everything|our \w+) (?:a )?secret\b",
            r"\b(?:nobody|no one|noone) knows about us\b",
            r"\bdelete (?:our|the|all our|all the|my) (?:chats?|messages|texts|dms)\b",
            r"\bbuy\w* me (?:vbucks|v-bucks|robux|gifts?|skins|stuff|things|games?)\b",
            r"\b(?:he|she) (?:says he |says she )?loves me\b", r"\b(?:his|her) (?:gf|girlfriend|bf|boyfriend)\b",
            r"\b(?:sends|sent|gives|gave) me (?:money|cash|gifts?|gift ?cards?|robux|vbucks)\b",
            r"\bonly (?:talk|speak|chat) to (?:him|her)\b", r"\bage is (?:just|only) a number\b",
            (r"\bwhen my (?:mum|mom|dad|parents|mother|father) (?:is|are) (?:at work|out|away|"
             r"asleep|not home)\b"),
        ],
        "sexual_images": [
            r"\b(?:showed|shows|exposed|flashed) (?:himself|herself|his (?:body|thing|privates))\b",
            r"\b(?:naked|nude|no clothes)\b",
            r"\b(?:video|pic|photo|picture)s? of me in the (?:shower|bath|bed)\b",
            r"\b(?:take|taking|took|takes) off my (?:clothes|top|shirt|bra|pants|t-shirt)\b",
            r"\bundress\w*\b", r"\bget naked\b",
            r"\bshow (?:him |her |them )?my body\b",
            r"\b(?:in|without) my (?:bra|underwear|pants|knickers|bikini|clothes)\b",
            r"\bon (?:cam|camera|webcam)\b",
            r"\bwithout (?:my|a|his) (?:top|shirt|t-shirt|clothes|bra)\b",
            r"\b(?:facetime|video ?call|video ?chat|call)\b[^.!?]{0,30}\b(?:bathroom|shower|bed)\b",
            r"\bif i (?:really )?lov(?:ed|e) him\b",
        ],
        "sextortion": [
            (r"\b(?:post|send|show|share|leak|spread|upload)\w*\s+(?:it|them|those|these|my \w+)\b"
             r"[^.!?]{0,50}?\b(?:unless|if i|everywhere|whole school|my parents|my mum|my mom|"
             r"my dad|everyone)\b"),
            r"\bscreenshot\w*\b[^.!?]{0,40}\b(?:my|me)\b",
            (r"\b(?:tell|show|send)\w* (?:everyone|everybody|all my \w+|my \w+)\b[^.!?]{0,40}?"
             r"\b(?:unless|if i)\b"),
            r"\bgift ?cards?\b",
        ],
        "bullying": [
            r"\bfollow(?:s|ed)? me (?:home|around|everywhere)\b", r"\bshout\w* (?:things|at me)\b",
            r"\bcalls? me (?:fat|ugly|names|gay|a \w+|stupid|weird|dumb|loser)\b",
            r"\bmake fun of me\b", r"\b(?:fake|hate) (?:account|page|profile)\b[^.!?]{0,20}\bmy\b",
            r"\blaugh\w* (?:at me|when i)\b", r"\bpush\w* me\b",
            r"\b(?:no ?one|nobody) (?:sits|talks|plays|hangs out|eats) with me\b",
            r"\b(?:kill (?:urself|yourself|ur self)|kys)\b",
            r"\bpost\w* my (?:photos|pics|pictures|videos)\b", r"\bmean comments\b",
            r"\btelling me (?:im|i'm|i am) (?:ugly|fat|stupid|worthless|a \w+)\b",
            r"\b(?:should|go|to) die\b",
        ],
        "self_harm": [r"\bcut myself\b", r"\bhurting myself\b",
                      r"\b(?:hate|hating) my (?:body|self|life)\b"],
        "home_violence": [
            r"\bwhen (?:they'?re|theyre|they are|he'?s|hes|he is|she'?s|she is) drunk\b",

            r"\b(?:punched|hit|kicked|smashed) the (?:wall|door)\b",
            r"\b(?:shouts|shouted|yells|yelled|screams|screamed) at me\b",
            r"\bthrew (?:a |the )?\w+ at me\b", r"\block(?:s|ed)? me (?:in|out)\b",
            r"\bwithout (?:food|eating|dinner)\b",
            r"\b(?:grabs|grabbed|chokes|choked|holds|held) me by (?:the|my) (?:neck|throat|hair|arm)\b",
        ],
        "threat": [
            r"\b(?:stab|kill|hurt|beat|shoot|jump) (?:me|my \w+)\b",
            r"\bknows? where i (?:live|go to school)\b",
            r"\b(?:a|his|her) (?:knife|gun|blade)\b", r"\b(?:i'?m|im|i am|you'?re|ur) next\b",
        ],
    },
}

FR: Voice = {
    "talk": [
        r"\bce que c'(?:etait|est)\b|\baux (?:infos|informations)\b|\barrete\w* pour\b",
        r"\bgrace a\b|\bentendu parler\b",
    ],
    "pretend": [
        r"\b(?:imagine|imaginez|imaginons|par exemple|admettons)\b",
        r"\bet si (?:quelqu'un|un|une|on|tu|des)\b",
    ],
    "policy": [
        (r"\b(?:devrai\w*|devrions|doivent|doit|faut|faudrait|faudra|pourrai\w*|"
         r"ne \w+rais jamais|empecherai\w*)\b"),
        (r"\b(?:si|quand|lorsque) (?:quelqu'un|quelqu'une|on|un inconnu|des inconnus|un bot|le bot|"
        r"les gens|un adulte|des adultes|un enfant)\b"),
        (r"\b(?:parle|parler|parlé|intervention|cours|affiches?|videos?|contenus?|infos?|"
         r"informations?|prevention|numeros? d'aide|sujet)\s+(?:sur|de|du|des|pour|dont)\b"),
        r"\b(?:appris|apprendre|veut dire|c'est quand|gros probleme|c'est de l'abus|pas normal)\b",
        r"\bce serait bien\b|\bça me ferait\b|\bca me ferait\b",
    ],
    "story": [
        (r"(?<!devrait )(?<!pas )\bme (?:crie|hurle|frappe|suit|tape|pousse|menace|harcele)\w*\b"),
        r"\b(?:lui a dit|la semaine derniere|depuis la \w+|depuis des \w+)\b",
        (r"(?<!si )(?<!quand )\b(?:il|elle|ils|elles|quelqu'un|un mec|ce mec|un gars|ce gars|"
         r"un homme|cet homme|ce monsieur|un monsieur|un type|ce type|un garçon|un garcon|une fille|un adulte|personne)\b[^.!?]{0,30}?"
         r"\b(?:a dit|dit|m'a|m'ont|me|a|ont|veut|voulait|arrete|sait|m'envoie\w*|m'achete|"
         r"menace|est|etait)\b"),
        r"\b(?:m'a dit|m'a demande|m'a envoye|m'ont envoye|m'a montre|ont dit|a dit que)\b",
        (r"(?<!devrait )(?<!doit )(?<!pas )\bm'(?:envoie\w*|attrape\w*|montre\w*|menace\w*|"
         r"frappe\w*|insulte\w*|harcele\w*|suit|ecrit|oblige\w*|force\w*)\b"),
        (r"\b(?:les|des|une|un|ce|cette|ces) (?:\w+ )?(?:filles|garcons|garçons|mecs|gars|"
         r"eleves)\b[^.!?]{0,25}?\b(?:postent|publient|disent|m'\w+|se moquent)\b"),
        r"\b(?:je recois|j'ai recu|je reçois|j'ai reçu) des (?:messages|commentaires)\b",
        (r"\b(?:j'ai rencontré|jai rencontré|j'ai rencontre|jai rencontre|j'ai envoyé|j'ai envoye|"
        r"on etait|on était|on s'est|on va se voir|j'ai commencé|j'ai commence)\b"),
        r"\b(?:hier soir|hier|ce soir|demain|tous les jours|encore|maintenant il|maintenant elle)\b",
    ],
    "own": {
        "self_harm": [
            r"\b(?:j'aimerais|je veux|je voudrais|envie de) (?:juste )?dispara[iî]tre\b",
            r"\b(?:plus jamais|ne plus|jamais) me reveiller\b",
            r"\bpersonne (?:ne )?(?:le )?remarquerait\b", r"\bque (?:ca|ça|tout) s'arrete\b",
            r"\bfatiguee? de tout\b|\bmarre de tout\b|\bmarre de vivre\b",

            r"\bje me griffe\b|\bje me brule\b", r"\bjusqu'au sang\b",

            r"\bje (?:ne )?vois plus (?:l'interet|le sens|l'intérêt)\b", r"\blettre d'adieu\b",
                      r"\bje (?:ne )?mange (?:presque |quasiment |plus rien|plus)",
                      r"\bje deteste mon corps\b"],
        "grooming": [
            r"\bvient dans (?:ma chambre|mon lit)\b",
        ],
        "sexual_images": [
            r"\bm'ont filme\w*\b|\bm'a filme\w*\b", r"\bvestiaires?\b[^.!?]{0,40}\b(?:tourne|tout le)\b",
        ],
        "bullying": [
            r"\brumeurs sur moi\b", r"\bse moquent de mon (?:accent|physique|poids|nom|corps)\b",
            r"\bimitent ma\b", r"\btout le monde m'ignore\b|\bils m'ignorent\b",

            r"\bpersonne(?: dans ma \w+)? (?:ne )?me parle\b",
            r"\bm'ont (?:bloquee?|viree?|exclue?|supprimee?) de\b",
        ],
        "home_violence": [
            r"\bme (?:laissent|laisse|mettent|met|enferment) dehors\b",
        ],
    },
    "signs": {
        "grooming": [
            r"\b(?:beaucoup|bien|vachement) plus (?:vieux|vieille|age|agee)\b", r"\bil est mon copain\b",
            r"\bje suis (?:trop |tres )?speciale?\b",

            r"\bm'a demande mon (?:adresse|numero|ecole)\b", r"\bm'envoyer un cadeau\b",
            r"\brien dire a (?:personne|ses|mes|sa|ma|son|mon)\b",
            r"\b(?:il|elle) a (?:genre |presque |environ )?" + _ADULT_AGE + r" ans\b",
            r"\b(?:mature|mur|mure) pour mon age\b",
            (r"\b(?:se voi\w*|se voit|rencontrer|voir)\b[^.!?]{0,40}?\b(?:seule?s?|en vrai|"
             r"sans (?:mes|mon|ma) \w+|au parc|chez lui)\b"),
            r"\b(?:vienne|venir|aller) chez lui\b",
            (r"\b(?:(?:ne )?(?:le )?dis rien|rien dire|le dire a personne|dire a personne|"
             r"sans le dire|personne (?:ne )?doit (?:le )?savoir)\b"),
            r"\bnotre secret\b|\bgarder le secret\b", r"\beffacer nos (?:messages|conversations)\b",
            r"\bm'achete des\b", r"\bsa copine\b|\bson copain\b|\bmon copain a\b",
            r"\bm'envoie (?:de l'argent|des cadeaux|des sous)\b|\bcartes? cadeaux?\b",
            r"\bparler (?:qu'a|qu'à|que a|que à|seulement a|seulement à) lui\b",
            r"\b(?:l'age|l'âge) c'est (?:qu'un|juste un|seulement un) chiffre\b",
            (r"\bquand (?:ma mere|ma mère|mon pere|mon père|mes parents) (?:sera|est|seront|sont) "
             r"(?:au travail|pas la|pas là|absente?s?)\b"),
        ],
        "sexual_images": [
            r"\ben (?:culotte|slip|calecon|sous-vetements)\b",

            r"\b(?:tout nu|toute nue|nu devant|s'est montre)\b",
            r"\b(?:video|photo)s? de moi (?:sous la douche|dans le bain|au lit)\b",
            r"\b(?:enleve|enlever|retire|retirer) mes (?:habits|vetements|fringues)\b",
            r"\b(?:me )?deshabill\w*\b", r"\bmontrer mon corps\b", r"\ben sous[- ]?vetements?\b",
            r"\b(?:en|a la|devant la) (?:cam|camera|webcam)\b",
            r"\bsans (?:mon|ma|mes) (?:haut|t-shirt|tshirt|soutif|soutien-gorge|vetements|habits)\b",
            r"\b(?:facetime|appel video|visio)\b[^.!?]{0,30}\b(?:salle de bain|douche|lit)\b",
            r"\bsi je l'aimais\b",
        ],
        "sextortion": [
            (r"\b(?:envoyer|publier|montrer|montrera\w*|partager|poster|diffuser)\b[^.!?]{0,40}?"
             r"\b(?:si je|sauf si|a tout|a mes parents)\b"),
            r"\bcaptures?\b[^.!?]{0,30}\b(?:ma|mon|mes)\b",
            (r"\b(?:tout raconter|tout dire|le dire a tout le monde|montrer a tout le monde)\b"
             r"[^.!?]{0,40}?\bsi je\b"),
        ],
        "bullying": [
            r"\bme suit jusqu'(?:a|à) chez moi\b", r"\ben criant\b",
            r"\bme traitent de\b", r"\bse moquer de moi\b", r"\bfaux compte\b[^.!?]{0,20}\bma\b",
            r"\b(?:rigolent|rient|se moquent) quand je\b", r"\bme poussent\b",
            r"\bpersonne (?:ne )?veut (?:manger|jouer|parler) avec moi\b", r"\bva te tuer\b",
            r"\b(?:postent|publient|partagent) mes (?:photos|videos)\b", r"\bcommentaires mechants\b",
            r"\bdisent que je suis (?:moche|grosse|gros|nulle?|bete|laide?)\b",
            r"\bje devrais mourir\b|\bva mourir\b|\bva crever\b",
        ],
        "self_harm": [r"\bme suis (?:encore )?coupee?\b", r"\bme faire du mal\b",
                      r"\bje (?:ne )?mange (?:presque |quasiment )?plus\b", r"\bdeteste mon corps\b"],
        "home_violence": [
            r"\bfrappe le mur\b", r"\bme crie dessus\b",
                      r"\bjete \w+ \w+ sur moi\b", r"\bm'enferme\b", r"\bsans manger\b",
                          r"\bm'(?:attrape|etrangle|secoue)\w* par (?:le cou|la gorge|les cheveux)\b"],
        "threat": [r"\b(?:me planter|me tuer|me frapper|me faire du mal|tuera \w+ \w+)\b",
                   r"\bsait ou j'habite\b", r"\bun (?:couteau|flingue|pistolet)\b",
                   r"\b(?:c'est mon tour|je suis (?:la|le) prochaine?)\b"],
    },
}

ES: Voice = {
    "talk": [
        r"\bque (?:era|es|significa)\b|\ben las noticias\b|\barrest\w+\b|\bgracias a\b",
    ],
    "pretend": [
        r"\b(?:imagina|imaginate|imaginen|por ejemplo|supongamos)\b",
        r"\by si (?:alguien|un|una|te|tu)\b",
    ],
    "policy": [
        (r"\b(?:deberia\w*|deben|debe|tiene que|tienen que|tendria que|hay que|podria\w*|"
         r"evitaria\w*|nunca quedaria)\b"),
        (r"\b(?:si|cuando) (?:alguien|un desconocido|desconocidos|un bot|el bot|la gente|un adulto|"
        r"los adultos|un niño)\b"),
        (r"\b(?:hablamos|hablar|charla|clase|carteles|videos?|contenido|informacion|prevenir|"
         r"lineas de ayuda|tema)\s+(?:sobre|de|del|para|en)\b"),
        r"\b(?:aprendi|aprender|significa|es cuando|problema enorme|es abuso|no esta bien)\b",
        r"\bestaria bien\b|\bme daria\b",
    ],
    "story": [
        (r"\bmi (?:entrenador|profe|profesor|tio|primo|padrastro|vecino|papa|mama|hermano)\b"
         r"[^.!?]{0,20}?\b(?:me|le|dice|dijo|quiere)\b"),
        r"\bme pidieron\b|\bme mandaron\b",

        r"\b(?:no para de|no deja de|la semana pasada|desde (?:primero|segundo|hace))\b",
        r"(?<!deberia )\bme (?:grita|gritan|gritaba|persigue|siguen)\b|\bgritandome\b",
        (r"(?<!si )(?<!cuando )\b(?:el|ella|ellos|alguien|un chico|este chico|un chavo|un tipo|"
         r"este tipo|un señor|un hombre|una chica|un adulto|nadie)\b[^.!?]{0,12}?"
         r"\b(?:dijo|dice|me|tiene|quiere|sabe|hizo|manda\w*|regala|amenaza|es|era|se mostro|mostro)\b"),
        r"\b(?:conoci|le mande|estaba|estabamos|nos vamos a ver|vamos a vernos|empece|me volvi)\b",
        r"\b(?:me dijo|dijo que|dice que|dijeron que|me reto|me pidio|me mando|me mandaron)\b",
        (r"(?<!deberia )(?<!debe )(?<!no )\bme (?:manda|mandan|enseño|enseno|agarra|agarro|pega|"
         r"pegan|amenaza|amenazan|sigue|escribe|escriben|llegan|obliga|obligan)\b"),
        (r"\b(?:las|los|unas|unos|esas|esos|el|la) (?:\w+ )?(?:chicas|chicos|niñas|niños|ninas|"
         r"ninos)\b[^.!?]{0,25}?\b(?:suben|publican|dicen|me \w+|se burlan)\b"),
        r"\b(?:anoche|ayer|esta noche|hoy|mañana|manana|todos los dias|otra vez|ahora)\b",
    ],
    "own": {
        "self_harm": [
            r"\b(?:ojala pudiera|quiero|quisiera|me gustaria) (?:solo )?desaparecer\b",
            r"\bno despertar (?:nunca|mas|nunca mas)\b|\bno volver a despertar\b",
            r"\bnadie se daria cuenta\b|\bnadie me extrañaria\b|\bnadie me extranaria\b",
            r"\bquiero que (?:pare|se acabe|termine) todo\b|\bsolo quiero que pare\b",
            r"\bcansad[ao] de todo\b|\bcansad[ao] de vivir\b",

            r"\bme (?:corte|lastime|queme)\b", r"\bno se como parar\b",

            r"\bme rasguño\b|\bme rasguno\b|\bme quemo\b", r"\bhasta sangrar\b",

            r"\bya no le veo (?:el )?sentido\b", r"\bcarta de despedida\b",
                      r"\bodio mi cuerpo\b", r"\b(?:llevo|paso) (?:\w+ )?(?:dias|semanas) sin comer\b"],
        "grooming": [
            r"\bentra (?:a|en) mi (?:cuarto|cama|habitacion)\b",
        ],
        "sexual_images": [
            r"\bme grabaron\b|\bme grabo\b", r"\bvestidor\w*\b[^.!?]{0,40}\b(?:todo el|todos)\b",
        ],
        "bullying": [
            r"\brumores (?:de|sobre) mi\b", r"\bse burlan de mi (?:acento|cuerpo|peso|ropa|nombre)\b",
            r"\btodos me ignoran\b|\bme ignoran\b",

            r"\bnadie(?: de mi \w+)? me habla\b", r"\bme sacaron de todos\b|\bme echaron de\b",
        ],
        "home_violence": [
            r"\bme dejan fuera\b|\bme echan de (?:la )?casa\b",
        ],
    },
    "signs": {
        "grooming": [
            (r"\bque (?:mi|mis) (?:mama|papa|madre|padre|padres|papas|familia) no (?:los |lo |las |la |se )?"
             r"(?:lea|lean|vea|vean|sepa|sepan|entere|enteren)\b"),
            r"\b(?:sola|solo|a solas) con (?:el|él|ella)\b",

            r"\bmucho (?:mayor|mas grande)\b", r"\bdice que es mi novio\b", r"\bsoy (?:muy )?especial\b",

            r"\bme pidio mi (?:direccion|numero|escuela)\b", r"\bmandarme un regalo\b",
            r"\btiene (?:como |casi |unos )?" + _ADULT_AGE + r"\b",
            r"\bmadura? para mi edad\b",
            (r"\b(?:vernos|veamos|vea|quedar|conocernos)\b[^.!?]{0,40}?\b(?:solos?|solas?|en persona|"
             r"sin mis \w+|en el parque|en su casa)\b"),
            r"\b(?:vaya|ir|venga) a su casa\b",
            (r"\bno (?:le )?(?:digas|cuentes|diga) (?:a nadie|nada|a mi \w+)\b|"
             r"\bnadie sabe de lo nuestro\b"),
            r"\bguardar el secreto\b|\bnuestro secreto\b", r"\bborrara?r? nuestros (?:chats|mensajes)\b",
            r"\bme regala\b", r"\bsu novia\b|\bsu novio\b|\bmi novio tiene\b",
            r"\bme (?:manda|da|pasa) (?:dinero|plata|regalos)\b|\btarjetas? (?:de )?regalo\b",
            r"\bsolo (?:puedo|debo) hablar con (?:el|él|ella)\b",
            r"\bla edad es solo un numero\b",
            r"\bcuando mi (?:mama|papa|madre|padre) (?:este|esta|estan) (?:en el trabajo|fuera)\b",
        ],
        "sexual_images": [
            r"\b(?:fotos?|videos?) de sus (?:partes|genitales|cosas)\b",

            r"\ben (?:calzones|calzon|bragas|ropa interior)\b",

            r"\b(?:desnudo|desnuda|se mostro)\b", r"\b(?:video|foto)s? mi[oa]? en la (?:ducha|cama|bañera)\b",
            r"\b(?:me )?quit\w* la ropa\b", r"\bdesvestir\w*\b|\bdesnudar\w*\b",
            r"\b(?:enseñe|ensene|mostrar|muestre) mi cuerpo\b", r"\ben ropa interior\b",
            r"\b(?:por|frente a|en) la (?:camara|cam|webcam)\b",
            r"\bsin (?:camiseta|ropa|blusa|sosten|brasier)\b",
            r"\b(?:videollamada|facetime|llamada)\b[^.!?]{0,30}\b(?:baño|bano|ducha|cama)\b",
            r"\bsi de verdad lo quiero\b",
        ],
        "sextortion": [
            (r"\b(?:mandar|subir|enseñar|ensenar|publicar|compartir)\b[^.!?]{0,40}?"
             r"\b(?:si no|si dejo|a toda|a mis papas|a mis padres)\b"),
            r"\bcapturas?\b[^.!?]{0,30}\bmis?\b",
            (r"\b(?:contar todo|contarle a todos|decirle a todos|enseñarselo a todos)\b"
             r"[^.!?]{0,40}?\bsi no\b"),
        ],
        "bullying": [
            r"\bme sigue hasta mi casa\b", r"\bgritandome\b",
            r"\bme dicen (?:gorda|gordo|fea|feo|gay|tonta|tonto|rara|raro|puta|perdedora?)\b", r"\bburlarse de mi\b",
            r"\bcuenta falsa\b[^.!?]{0,20}\bmi\b", r"\bse rien cuando\b", r"\bme empujan\b",
            r"\bnadie (?:se sienta|juega|habla) conmigo\b", r"\bmatate\b",
            r"\b(?:suben|publican|comparten) mis (?:fotos|videos)\b", r"\bcomentarios feos\b",
            r"\bdicen que soy (?:fea|feo|gorda|gordo|tonta|tonto|rara|raro)\b",
            r"\bque me muera\b|\bmuerete\b",
        ],
        "self_harm": [r"\bme volvi a cortar\b", r"\bhacerme daño\b|\bhacerme dano\b",
                      r"\bodio mi cuerpo\b", r"\bsin comer (?:casi )?nada\b"],
        "home_violence": [
            r"\bgolpeo la pared\b", r"\bme grita\b",
                      r"\bme tiro una\b", r"\bme encierra\b", r"\bsin comer\b",
                          r"\bme (?:agarra|agarro|ahorca|ahorco) (?:del|por el) (?:cuello|pelo)\b"],
        "threat": [
            r"\b(?:pegarme|golpearme|madrearme)\b", r"\besperar a la salida\b",
r"\b(?:apuñalar|apunalar|matarme|hacerme daño|hacerme dano|matar a mi)\b",
                   r"\bsabe donde vivo\b", r"\buna (?:navaja|pistola)\b|\bun cuchillo\b",
                   r"\bsoy (?:la|el) siguiente\b"],
    },
}

RU: Voice = {
    "talk": [
        r"\bчто такое\b|\bв новостях\b|\bарестовали\b|\bблагодаря\b",
    ],
    "pretend": [
        r"\b(?:представь\w*|например|допустим)\b",
        r"\bа если (?:кто|тебе|тебя|незнаком\w*|взросл\w*)\b",
    ],
    "policy": [
        (r"\b(?:должн\w*|надо|нужно|нужна|нужен|следует|бы|помешала? бы|никогда не пошла?|"
         r"можно было)\b"),
        r"\b(?:если|когда) (?:кто[- ]то|кто-нибудь|незнаком\w*|бот|взрослы\w*|люди)\b",
        (r"\b(?:обсуждали|лекция|урок\w*|плакаты|видео|контент|информаци\w*|профилактик\w*|"
         r"телефоны доверия)\s+(?:про|о|об|на|для)\b"),
        r"\b(?:узнала?|это когда|большая проблема|это насилие|ненормально)\b",
    ],
    "story": [
        r"\bот меня требуют\b|\bприсылает мне\b|\bмне присылает\b",

        r"\b(?:он|она|они)\s+(?:все время |постоянно )?(?:умоляет|просит|требует)\b",
        r"\b(?:орет|кричит|наорал\w*|кричал\w*) на меня\b|\bходит за мной\b",
        r"\b(?:на прошлой неделе|с (?:пятого|шестого|седьмого|\w+) класса)\b",
        (r"(?<!если )(?<!когда )\b(?:он|она|они|кто[- ]то|один парень|этот парень|пацан|чел|"
         r"этот чел|мужчина|один мужчина|парень|девочка|папа|мама|отец|мать|отчим|мачеха|брат|"
         r"сестра|дядя|дед|дядька|мужик|незнакомец|тренер|учитель|сосед|одноклассни\w*)\b[^.!?]{0,40}?"
         r"\b(?:сказал\w*|говорит|пишет|пишут|просит|хочет|знает|сделал\w*|дарит|грозится|"
         r"кричал|зовет|называют|есть|спросил\w*|кидает|показал|хватает|предлагает|выкладывают)\b"),
        (r"\b(?:девочки|девчонки|мальчики|пацаны|одноклассники|одноклассницы)\b[^.!?]{0,25}?"
         r"\b(?:выкладывают|пишут|говорят|смеются|называют)\b"),
        r"\bмне (?:приходят|пишут|кидает|показал\w*|присылают)\b",
        r"\b(?:познакомилась|познакомился|отправила?|мы были|встречаемся|встретимся|начала?)\b",
        r"\b(?:вчера|сегодня|завтра|каждый день|опять|снова|теперь|постоянно|все время)\b",
        r"\b(?:мне (?:пишут|пишет|сказал\w*)|меня (?:называют|зовут к себе)|просит меня)\b",
    ],
    "own": {
        "self_harm": [
            r"\b(?:хочу|хочется) (?:просто )?исчезнуть\b",
            r"\b(?:уснуть|заснуть) и (?:больше )?не проснуться\b",
            r"\bникто (?:даже )?не заметит\b", r"\bустала? от всего\b",
            r"\bчтобы (?:это )?(?:все|всё) (?:просто )?закончилось\b",

            r"\bпорезал(?:ась|ся)\b",

            r"\bрасцарапываю себе\b", r"\bдо крови\b",

            r"\bне вижу (?:больше )?смысла\b|\bбольше не вижу смысла\b", r"\bпрощальное письмо\b",
                      r"\bненавижу (?:свое|своё|себя и свое) тело\b", r"\b(?:почти|совсем|вообще) не ем\b"],
        "grooming": [
            r"\bзаходит (?:ночью )?ко мне в комнату\b",
        ],
        "sexual_images": [
            r"\bменя сняли\b|\bменя снимали\b", r"\bв раздевалке\b",
        ],
        "bullying": [
            r"\bпро меня распускают\b|\bраспускают (?:про меня )?слухи\b",
            r"\bсмеются над моим\b", r"\bпередразнивают\b", r"\bигнорируют меня\b",

            r"\bу меня (?:отбирают|забирают)\b", r"\bбьют (?:меня )?по голове\b",

            r"\bсо мной никто не (?:разговаривает|общается)\b", r"\bвыкинули из (?:всех|беседы)\b",
        ],
        "home_violence": [
            r"\bвыгоняют меня\b|\bвыгнали меня\b",
        ],
    },
    "signs": {
        "grooming": [
            r"\b(?:с ним|с ней) (?:одной|одному|одна|один)\b|\bнаедине\b",

            r"\bнамного старше\b|\bгораздо старше\b", r"\bон мой парень\b", r"\bя особенная\b|\bя особенный\b",

            r"\bспросил\w* мой (?:адрес|номер)\b", r"\bприслать подарок\b",
            r"\b(?:ему|ей)\s+(?:уже\s+|где[- ]то\s+|почти\s+|лет\s+)?" + _ADULT_AGE + r"\b",
            r"\bвзрослая для своего возраста\b|\bвзрослый для своего возраста\b",
            (r"\b(?:встрети\w*|встречаемся|увидеться|зовет к себе)\b[^.!?]{0,40}?"
             r"\b(?:вдвоем|одн[аи]|без родителей|в парке|домой|в тц)\b"),
            r"\bзовет к себе\b",
            r"\bникому не (?:говори|рассказывай)\b|\bне говори (?:маме|папе|родителям)\b",
            r"\bникто (?:про|о) нас не знает\b", r"\bв секрете\b|\bнаш секрет\b",
            r"\bудалить (?:нашу )?переписку\b", r"\bдарит мне\b", r"\bего девушка\b|\bмоему парню\b",
            r"\b(?:кидает|переводит|дает|дарит) мне деньги\b", r"\bтолько с ним\b",
            r"\bвозраст это (?:просто|всего лишь) цифра\b",
            r"\bкогда (?:мама|папа|родители) (?:на работе|уйдут|уедут)\b",
        ],
        "sexual_images": [
            r"\bполовых органов\b|\bсвой член\b|\bинтимные места\b",

            r"\bв трусах\b|\bв белье\b",

            r"\b(?:голым|голая|голый|голой)\b", r"\bвидео где я в душе\b|\bв душе\b",
            r"\bснимаю одежду\b|\bснять одежду\b", r"\bраздеться\b|\bраздевайся\b",
            r"\bпоказать тело\b", r"\bв нижнем белье\b", r"\bна камеру\b|\bпо камере\b",
            r"\bбез (?:футболки|одежды|майки|лифчика)\b",
            r"\b(?:по видео|видеозвон\w*)\b[^.!?]{0,30}\b(?:ванн\w*|душ\w*|кровати)\b",
            r"\bесли я его (?:правда |реально )?люблю\b",
        ],
        "sextortion": [
            (r"\b(?:разошлет|выложить|выложит|покажет|отправит|скинет)\b[^.!?]{0,40}?"
             r"\b(?:если|всей|родителям)\b"),
            r"\bскрины\b[^.!?]{0,30}\bмо\w+\b",
            r"\b(?:всем расскажут|всем расскажет|расскажут всем|покажут всем|покажет всем)\b",
            r"\bна карту\b",
        ],
        "bullying": [
            r"\bходит за мной\b", r"\bкричит всякое\b|\bкричат всякое\b",
            r"\bменя называют\b", r"\bнадо мной издеваться\b|\bиздеваются надо мной\b",
            r"\bфейковый аккаунт\b", r"\bсмеются когда я\b", r"\bтолкают\b",
            r"\bсо мной никто не\b", r"\bубей себя\b",
            r"\bвыклад\w* мои (?:фото|видео)\b", r"\b(?:гадкими|злыми|мерзкими) комментари\w*\b",
            r"\bчто я (?:уродина|урод|жирная|жирный|тупая|тупой)\b",
            r"\bлучше бы (?:умерла|умер|сдохла|сдох)\b|\bсдохни\b",
        ],
        "self_harm": [r"\bрезала? себя\b", r"\bпричинять себе боль\b",
                      r"\bненавижу (?:свое|своё) тело\b", r"\b(?:почти )?не ем\b"],
        "home_violence": [
            r"\bударил\w* (?:кулаком )?в стену\b", r"\b(?:орет|кричит) на меня\b",
                      r"\b(?:страшно|боюсь) (?:идти|возвращаться|приходить) домой\b",
                          r"\bхвата\w* меня за (?:шею|горло|волосы)\b|\bдушит меня\b",
                          r"\bкинул\w* в меня\b", r"\bзапирает меня\b", r"\bбез еды\b"],
        "threat": [
            r"\b(?:изобьет|побьет|изобьют|побьют)\b", r"\bподожд\w+ меня после\b",
r"\b(?:зарежет|убьет|сделает мне больно)\b", r"\bзнает где я живу\b",
                   r"\bнож\b|\bпистолет\b", r"\bя следующ(?:ая|ий)\b"],
    },
}

AR: Voice = {
    "talk": [
        r"وش يعني|في الاخبار|قبضوا|بفضل|يعني ايش",
    ],
    "pretend": [
        r"(?:^|\s)[وف]?(?:تخيل|تخيلي|تخيلوا|مثلا|مثلاً|طيب لو|فرضا)(?=\s|$|[،,])",
    ],
    "policy": [
        r"(?:^|\s)[وف]?(?:لازم|يجب|ينبغي|المفروض|بيمنع|عمري ما|ما لازم|مو طبيعي)(?=\s|$)",
        r"(?:^|\s)[وف]?(?:اذا|إذا|لو|لما) (?:احد|أحد|شخص|بوت|غرباء|الكبار|الناس)(?=\s|$)",
        (r"(?:^|\s)[وف]?(?:تكلمنا|محاضرة|فيديوهات|محتوى|معلومات|ارقام المساعدة|موضوع)"
         r"(?=\s|$)"),
        r"(?:^|\s)[وف]?(?:تعلمت|يعني|مشكلة كبيرة|اساءة|برأيي)(?=\s|$)",
    ],
    "story": [
        r"(?:^|\s)[وف]?(?:يصارخ علي|يصارخون علي|يلحقوني|قال لها|قال له|الاسبوع الماضي|من سادس|من خامس)(?=\s|$)",
        (r"(?:^|\s)[وف]?(?:قال|يقول|قالي|تحداني|عنده|يبيني|يشتري|يهددني|يعرف|سوى|سووا|واحد|"
         r"ينادوني|يرسلون|رمى|تعرفت|ارسلت|كنا|كنت|طلع|بنتقابل|نتقابل|جرحت|بديت|قالوا|يحول|ينزلون|"
         r"ينشرون|توصلني|يمسكني|وراني|هالرجال|هالشخص|هالولد|ولد|البنات)(?=\s|$)"),
        r"(?:^|\s)[وف]?(?:امس|الليلة|بكره|بكرة|كل يوم|كل شوي|مرة ثانية|الحين|والحين)(?=\s|$)",
        # Someone at home doing something: "امي تقفل علي", "ابوي يضربني".
        (r"(?:^|\s)[وف]?(?:امي|ابوي|ابي|اخوي|اختي|زوج امي|مرت ابوي|ماما|بابا|عمي|خالي)"
         r"\s+[تيب]\S{2,}"),
    ],
    "own": {
        "self_harm": [
            r"(?:ودي|ابي|ابغى|بدي|اتمنى) اختفي", r"انام وما (?:اصحى|اصحا)",
            r"محد بينتبه|محد بيفقدني|محد بيهتم", r"تعبت من كل شي", r"ابي كل (?:هذا|شي) يوقف",

            r"اخدش (?:يدي|نفسي)", r"لين تنزف",

            r"ما (?:صرت )?اشوف فايدة|ما فيه فايدة من شي", r"رسالة وداع",
                      r"اكره جسمي|اكره نفسي", r"(?:صار لي|لي) (?:ايام|اسابيع) ما اكل"],
        "grooming": [
            r"يدخل غرفتي",
        ],
        "sexual_images": [
            r"صوروني", r"غرفة الملابس",
        ],
        "bullying": [
            r"عني اشاعات|اشاعات عني", r"يتجاهلني|يتجاهلوني", r"يضحكون على (?:لهجتي|شكلي|صوتي)",
            r"يقلدون طريقة كلامي",

            r"محد[^.!?،]{0,12}يكلمني", r"طلعوني من",
        ],
        "home_violence": [
            r"يطردوني",
        ],
    },
    "signs": {
        "grooming": [
            r"اكبر مني (?:بواجد|بكثير|بوايد)", r"انه حبيبي", r"اني مميزة|اني مميز",

            r"طلب عنوان|يبي عنواني", r"هدية", r"(?:لا|ولا) تقول\S* ل(?:احد|امي|ابوي|اهل\S*)",
            r"عمره (?:تقريبا )?" + _ADULT_AGE + r"(?!\d)",
            r"ناضجة بالنسبة لعمري|ناضج بالنسبة لعمري",
            r"(?:نتقابل|يقابلني|اقابله|نلتقي)[^.!?،]{0,40}?(?:لوحدنا|بروحي|لحالي|بدون اهلي|في الحديقة|في المول)",
            r"اجي بيته|اروح بيته",
            r"(?:لا|ولا) (?:اقول|تقولين|تقولون|تقول) (?:لاحد|لامي|لابوي|لاهلي)|محد يدري عنا",
            r"اخليها سر|سرنا|نخليها سر", r"امسحي المحادثات|امسح المحادثات",
            r"يشتري لي", r"حبيبته|حبيبي عمره",
            r"يحول لي|فلوس|بطاقات", r"اكلمه هو بس|بس هو", r"العمر مجرد رقم",
            r"لما (?:امي|ابوي|اهلي) (?:تكون|يكون|يكونون) (?:في الدوام|برا|طالعين)",
        ],
        "sexual_images": [
            r"عريان|عارية|عاري", r"وانا في الدش|في الحمام",
            r"اشيل (?:فيها )?ملابسي|اخلع ملابسي|تخلعين ملابسك", r"اوريه جسمي|اوريه جسمي",
            r"بملابسي الداخلية", r"(?:قدام|على) (?:الكاميرا|الكام)",
            r"بدون (?:بلوزة|ملابس|تيشيرت|قميص)", r"فيديو (?:من|في) (?:الحمام|السرير)",
            r"اذا تحبيني|اذا تحبني",
        ],
        "sextortion": [
            r"(?:بيرسلها|ينشرها|بيوريه|بينشرها|بيرسلهم)[^.!?،]{0,40}?(?:اذا|لكل|اهلي)",
            r"سكرين", r"بيفضحوني|يفضحني|بفضحك|بيفضحني",
        ],
        "bullying": [
            r"يلحقوني", r"يصارخون علي",
            r"ينادوني", r"يتمسخرون علي|يستهزؤون بي", r"حساب وهمي", r"يضحكون علي",
            r"يدفوني", r"محد يجلس معي", r"اقتلي نفسك|اقتل نفسك",
            r"(?:ينزلون|ينشرون) صوري", r"تعليقات", r"اني (?:شينة|شين|سمينة|غبية|قبيحة)",
            r"احسن لي اموت|موتي|موت احسن",
        ],
        "self_harm": [r"جرحت نفسي", r"اذي نفسي|أأذي نفسي|اأذي نفسي", r"اكره جسمي", r"ما اكل",
                      r"(?:ما|مو|ماني) ?(?:ابي|ابغى|ابغا|اريد|بدي) (?:اعيش|احيا)"],
        "home_violence": [
            r"ضرب الجدار", r"يصارخ علي",
                      r"رمى علي", r"تقفل علي|يقفل علي", r"بدون اكل",
                          r"يمسكني من رقبتي|يخنقني|يمسكني من شعري"],
        "threat": [r"بيطعني|بيطعنني|بيقتل|ويأذيني|بيأذيني", r"يعرف وين اسكن", r"سكين|مسدس",
                   r"انتي الجاية|انت الجاي"],
    },
}

# Arabic written in Latin letters and digits ("3omro 25", "ma a2ol la 7ada").
AR_LATIN: Voice = {
    "talk": [],
    "pretend": [],
    "policy": [r"\b(?:lazem|lazim|mafrood)\b"],
    "story": [r"\b(?:wa7ed|wahed|hwa|huwa|2al|qal|bdo|bedo|ybi|yabi)\b"],
    "own": {},
    "signs": {
        "grooming": [r"\b3omro\s+" + _ADULT_AGE + r"\b", r"\b(?:la|l)\s?7ada\b|\blal7al\b"],
    },
}

ZH: Voice = {
    "talk": [
        r"什么是|上了新闻|被抓|因为学校|听说",
    ],
    "pretend": [
        r"想象|比如|例如|假如|要是有人|万一",
    ],
    "policy": [
        r"应该|必须|需要|要知道|就好了|不应该|能阻止|绝对不会|希望|是不对的|担心",
        r"如果(?:有人|别人|陌生人|机器人|大人)",
        r"讨论|讲座|课上|海报|视频|内容|信息|热线|话题",
        r"学到|就是有人|是个大问题|就是虐待",
    ],
    "story": [
        r"冲我(?:吼|喊|叫)|跟着我|上周|从初[一二三]开始|从小学开始|求我",
        (r"(?<!如果)(?<!要是)(?:他|她|他们|有人|那个人|这个人|一个人|男的|男生|女生|叔叔|哥哥|继父|"
         r"我爸|我妈|我哥|跟我玩\S{0,8}的人|认识的人|有个人|有个男的)[^。！？，,]{0,3}?(?:说|让|要|一直|老是|有|截|给|知道|用|建|想|就|喝|天天|不|"
         r"把|发|掐|转|问|盗|露)"),
        r"认识了|我给一个|我们视频|明天|周六|昨晚|今晚|每天|又|天天|一直|老是|有个|私信我",
        r"给我(?:转|看|发)|班上(?:的|一个)|有人发消息",
    ],
    "own": {
        "self_harm": [
            r"我[^。！？，,]{0,3}想消失", r"再也不(?:醒来|醒过来)|不要醒来", r"没人会(?:发现|在乎|想我)",
            r"只想让这一切停下来|一切都结束|活着好累|对什么都好累",

            r"抓到流血|划到流血", r"流血",

            r"看不到(?:任何)?意义|活着没(?:有)?意义", r"遗书",
                      r"我讨厌(?:自己的|我的)身体", r"我[^。！？]{0,12}(?:不吃东西|不吃饭)"],
        "grooming": [
            r"进我(?:的)?房间|上我的床",
        ],
        "sexual_images": [
            r"偷拍我", r"更衣室",
        ],
        "bullying": [
            r"传我的谣言|关于我的谣言", r"无视我", r"笑我的(?:口音|长相|声音)|学我说话",

            r"没人跟我说话", r"把我踢出",
        ],
        "home_violence": [
            r"把我锁在门外|把我赶出",
        ],
    },
    "signs": {
        "grooming": [
            r"比我大很多|比我大好多", r"是我男朋友", r"很特别",

            r"问我家地址|要我的地址", r"寄礼物|送我礼物",
            r"他(?:大概|已经|都)?" + _ADULT_AGE + r"岁", r"比同龄人成熟",
            r"(?:单独|一个人|背着)[^。！？]{0,12}?(?:见面|去他家|出去)|见面[^。！？]{0,20}?别告诉",
            r"去他家", r"别告诉|不要告诉|不让我跟|保密|没人知道我们",
            r"聊天记录删", r"给我买", r"女朋友|男朋友\d", r"约我出去",
            r"给我转钱|转账给我|给我红包", r"只能(?:跟|和)他", r"年龄只是(?:个|一个)?数字",
            r"(?:等|趁)(?:我妈|我爸|爸妈)(?:上班|不在)",
        ],
        "sexual_images": [
            r"内裤",

            r"露出身体|露出|裸",
                      r"脱衣服|衣服脱|脱光", r"看身体", r"内衣的照片|穿内衣",
                          r"镜头前|开摄像头|摄像头", r"不穿(?:上衣|衣服)", r"浴室|洗澡",
                          r"如果我真的爱他"],
        "sextortion": [
            r"私密照片|裸照", r"我不\S{1,6}就(?:把|发)",
                      r"(?:发给|发到)(?:我)?(?:全校|爸妈|网上|所有人|大家)", r"截了",
                       r"不转\d*块|告诉所有人"],
        "bullying": [
            r"跟着我回家", r"冲我喊",
                      r"叫我(?:胖子|丑|猪|\S{1,3})", r"嘲笑我", r"假号", r"他们就笑|笑我",
                     r"推我", r"没人跟我", r"让我去死", r"把我的照片发", r"难听的评论",
                     r"说我(?:丑|胖|笨)", r"不如去死|去死"],
        "self_harm": [r"割自己", r"伤害自己", r"讨厌自己的身体", r"不吃东西"],
        "home_violence": [
            r"冲我吼", r"打在[^。！？]{0,6}墙|砸墙",
                      r"砸我", r"把我关在", r"不给饭", r"掐我"],
        "threat": [r"捅我|杀了我|伤害我", r"知道我住哪", r"一把刀|刀", r"下一个就是我"],
    },
}

VOICES: dict[str, Voice] = {"en": EN, "fr": FR, "es": ES, "ru": RU, "ar": AR, "zh": ZH}
