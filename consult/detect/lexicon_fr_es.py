"""Disclosure patterns for French and Spanish (see lexicon_en for the scheme).

Accents are folded away on both sides, so "tué" and "tue" match alike.
"""

from __future__ import annotations

from consult.detect.lexicon_en import Lexicon

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
