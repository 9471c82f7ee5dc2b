"""Small stop-word lists for theme suggestions, one per UN language.

Written out here rather than downloaded, so suggestions work offline and give
the same output on every machine. Short on purpose: they only need to keep
the commonest function words (and the words every answer to "what should
apps change?" shares) out of a topic's top terms. Words are written without
apostrophes and with at least two letters, as the tokenizer sees them.
"""

from __future__ import annotations

_EN = """
about above after again against all also am an and any are as at be because been before
being below between both but by can cannot could did do does doing don down during each
even ever every few for from further get gets got had has have having he her here hers
herself him himself his how however if in into is isn it its itself just let like lot lots
make many me more most much must my myself need needs no nor not now of off often on once
one only or other our ours ourselves out over own people really same say she should so
some such than that the their theirs them themselves then there these they thing things
think this those through to too under until up us very want was way we were what when
where which while who whom why will with would yes yet you your yours yourself yourselves
app apps ll ve re isn aren doesn didn won wouldn shouldn couldn
"""

_FR = """
au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur
leurs lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu que qui sa
se ses son sur ta te tes toi ton tu un une vos votre vous est sont été être avoir ai as avons
avez ont était étaient fait faire plus moins très trop aussi comme donc car si tout tous
toute toutes rien peu beaucoup quand alors encore déjà ça cela ceci là ici faut peut peuvent
pourrait devrait doit doivent veux veut voudrais chose choses gens application applications
appli applis
"""

_ES = """
al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante
el ella ellas ellos en entre era es esa esas ese eso esos esta estas este esto estos está
están estar fue ha han hay la las le les lo los más me mi mis muy nada ni no nos nosotros
os otra otras otro otros para pero poco por porque que quien se sea ser si sin sobre son su
sus también tan te tengo tiene tienen todo todos tu tus un una unas uno unos ya yo
puede pueden debe deben debería deberían hacer cosas gente aplicación aplicaciones app apps
"""

_RU = """
без более бы был была были было быть вам вас весь во вот все всё всего всех вы где да даже
для до его ее её если есть еще ещё же за здесь из или им их как какой когда кто ли либо мне
может можно мой моя мы на над надо наш не него нее неё нет ни них но ну об однако он она они
оно от очень по под после при про раз с сам свой себе себя со так также такой там те тем то
того тоже только том ты у уже хотя чем что чтобы эта эти это этот я нужно нужны должны
должен слишком очень хочу хотел приложение приложения приложениях
"""

_AR = """
في من على إلى الى عن مع هذا هذه ذلك تلك التي الذي الذين هو هي هم هن أنا انا نحن أنت انت
أنتم كان كانت يكون تكون ليس لا لم لن ما ماذا متى أين كيف لماذا كل بعض أو او ثم أن ان إن
لكن قد كما بين عند حتى إذا اذا يجب يمكن أيضا ايضا جدا أكثر اكثر فقط بعد قبل كثير شيء أشياء
الناس التطبيق التطبيقات تطبيق تطبيقات و ف ب ل
"""

# Chinese has no spaces; suggestions use character pairs and triples, so these
# are the words (and single characters) whose n-grams carry no topic.
_ZH = """
的 了 是 在 我 你 他 她 它 我们 你们 他们 她们 也 和 与 就 都 不 没 没有 有 要 会 很 这 那
这个 那个 一个 个 一 人 上 下 对 说 能 可以 应该 需要 因为 所以 但是 但 还 又 让 被 把 给
从 到 为 为了 吗 呢 吧 啊 着 过 得 地 更 最 太 多 些 一些 自己 什么 怎么 如果 就是 还是
应用 软件
"""


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _words(_EN), "fr": _words(_FR), "es": _words(_ES), "ru": _words(_RU),
    "ar": _words(_AR), "zh": _words(_ZH),
}

# Chinese particles that begin or end no topic word: a character pair or triple
# starting or ending with one of them straddles a word boundary ("全的").
ZH_EDGE = frozenset("的了着过吗呢吧啊地得和与也就都很是在")
