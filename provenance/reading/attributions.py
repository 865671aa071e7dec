"""Every explicit attribution in a news or analysis text: who is cited, where, of what kind, through what.

Forms read, sentence by sentence:

* subject + speech verb: "X said / says / told Y / reported / confirmed / added / announced /
  estimated / quoted / cited / wrote", with adverbs and times between ("the government on
  Wednesday said", "had earlier said", "had been saying"), an appositive on either side of a
  name ("Jane Doe, the mayor, said"; "one official, John Roe, told"), "told Y" keeping Y as the
  channel when it is an outlet (``via``), "said in a statement";
* inverted: "…, said X" and "…, X said";
* "according to X";
* recorded items: "footage showed", "pictures showed", "stations broadcast";
* wire credits and datelines: "(AP)", "(Reuters, May 3)", "SEOUL (AP) —", "— Reuters";
* pronouns ("they added", "It later called") resolved to the last top-level source that fits,
  and a surname alone ("Okafor said") to the earlier full mention, with its kind.

Never proposed: a file's header lines, photo or video credits ("Photo: …"), bylines ("By …",
"Reporting by …"). Pure: text in, attributions out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from . import sources as src
from .document import split_header
from .sentences import Sentences


def _words(text: str) -> frozenset[str]:
    """A vocabulary written as one string of words."""
    return frozenset(text.split())


_VERBS = (
    "said|says|say|saying|told|tells|telling|reported|reports|reporting|quoted|quoting|cited|citing|"
    "confirmed|confirms"
    "|added|adds|announced|announces|estimated|estimates|stated|states|noted|notes|explained|warned|"
    "insisted|claimed"
    "|claims|described|wrote|writes|tweeted|posted|acknowledged|admitted|denied|revealed|disclosed|showed|"
    "shows|showing"
    "|broadcast|aired|recalled|recounted|testified|declared|predicted|argued|asserted|put|puts|pegged|placed"
    "|provided|gave|offered|released|published|counted|found|finds|updated|raised|revised|lowered|believe|"
    "believes"
    "|pleaded|begged|shouted|cried|asked|replied|added|continued|explained|adding"
)
# Verbs that attribute only with a figure after them: "put the turnout at", "gave a 15,000 estimate".
_SPEAKING = _words(
    "said says told tells added adds stated wrote writes explained insisted recalled recounted testified "
    "warned"
)
_NOT_SUBJECT = _words(
    "it this that there which what who whom whose here these those one some many all none each such so as "
    "if when"
    " also then now thus yet not only"
)
# No one in particular: "Nobody told us", "Everyone says" attribute nothing.
_NOBODY = frozenset({"nobody", "no one", "no-one", "everybody", "everyone", "anyone", "anybody", "nothing"})
_TITLE = r"(?:Dr|Mr|Mrs|Ms|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Insp|Supt|Cllr|Rev|Fr|St)\.\s"


def _noun_phrase(np: str) -> bool:
    """A determiner or adjective phrase ending in a noun: "a patient", "the farmer", "Several villagers"."""
    w = src.words(np)
    if not w or len(w) > 6:
        return False
    head = w[-1].lower()
    if head in _NOT_SUBJECT or not head.isalpha() or head.endswith("ly"):
        return False
    return (
        w[0].lower() in src.DETERMINERS
        or w[0].lower() in ("the", "a", "an", "his", "her", "their", "its")
        or len(w) == 1
    )


_FIGURE_VERBS = frozenset(
    {
        "put",
        "puts",
        "pegged",
        "placed",
        "provided",
        "gave",
        "offered",
        "released",
        "published",
        "counted",
        "updated",
        "raised",
        "revised",
        "lowered",
    }
)
# Said only after a quotation or as an inverted verb: "…,” pleaded Isaac".
_INVERTED_ONLY = frozenset({"pleaded", "begged", "shouted", "cried", "asked", "replied", "continued"})
_FIGURE_OBJECT = re.compile(
    r"^\s(?:the\s|a\s|an\s|its\s|their\s)?(?:[\w,.-]+\s){0,3}?(?:turnout|number|crowd|figure|figures|toll|"
    r"total|count|attendance"
    r"|estimate|estimates|tally)\b(?:\s(?:of\s[\w\s]{1,30}?)?\s?at\b)?",
    re.I,
)
_FIGURE_LABEL = re.compile(
    r"(?P<who>\b[A-Z][\w-]*(?:\s[A-Za-z][\w-]*){0,3}?)(?:’s|'s|’|')\s(?:own\s)?(?P<what>figure|estimate|"
    r"count|tally|numbers?|data)s?\s?:"
)
_AGENT = re.compile(
    r"\b(?P<verb>estimated|reported|announced|confirmed|counted|given|provided|released|published|stated|"
    r"issued|compiled)\sby\s"
    r"(?P<np>(?:the\s)?(?:[A-Z][\w’'-]*\s?){1,5}|(?:the\s)?(?:police|authorities|officials|organisers|"
    r"organizers|government|ministry|army|military))",
)
_ANAPHORIC = _words(
    "group front organisation organization company firm agency body party union coalition alliance movement "
    "ministry department institute campaign"
)
_ADVERBS = (
    r"(?:also|later|earlier|then|further|previously|first|initially|repeatedly|again|separately|falsely|"
    r"subsequently|just"
    r"|already|had|has|have|was|were|is|are|been|would|will|had\searlier|only|publicly|privately|officially|"
    r"told\sreporters"
    r"|on\s(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday"
    r"|Sunday|yesterday|today|last\snight|late\s\w+|in\sa\sstatement)"
)
_VERB_RE = re.compile(rf"\b(?P<verb>{_VERBS})\b")
_NOT_ALONE = frozenset(
    {
        "showed",
        "shows",
        "showing",
        "broadcast",
        "aired",
        "described",
        "posted",
        "noted",
        "notes",
        "found",
        "finds",
    }
)
_QUOTED = re.compile(
    r"^\s(?P<obj>(?:an?\s|the\s|one\s)?[\w’'.-]+(?:\s[\w’'.-]+){0,6}?)\s+as\s(?:saying|telling|stating|"
    r"describing)\b"
)
_TIME_AFTER = re.compile(
    r"^(?:\s(?:on\s)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s(?:night|morning|"
    r"afternoon|evening))?"
    r"|\syesterday|\slast\s(?:night|week)|\searlier|\slater|\sin\sa\s(?:written\s)?statement|"
    r"\sin\san\sinterview)+"
)
_OBJECT = re.compile(
    r"^\s(?P<obj>(?:the\s)?(?:[A-Z][\w.&’'-]*\s){0,4}(?:[A-Z][\w.&’'-]*|(?:(?:state|local|national|public|"
    r"private|news|"
    r"television|TV|radio)\s){0,2}(?:broadcaster|television|TV|radio|channel|newspaper|news\sagency|agency|"
    r"daily|reporters|"
    r"journalists|officials|authorities|police|investigators|lawmakers|parliament|the\scourt|a\scourt|"
    r"the\spress|media))"
    r"(?:\s(?:[A-Z][\w.&’'-]*))?(?:\s(?:television|TV|radio|news\schannel|channel|newspaper|news\sagency))?)"
)
_SOURCE_LINE = re.compile(r"^(?P<all>Sources?:\s*(?P<names>[^\n]{2,80}?))\s*$", re.M)
_SOCIAL = re.compile(
    r"\b(?:Twitter|Facebook|Instagram|YouTube|TikTok|Weibo|Telegram|X\.com|Flickr|Getty|Shutterstock)\b", re.I
)
_CREDIT_LINE = re.compile(
    r"^\s*(?:\(?(?:Photo|Photos|Photograph|Image|Images|Video|Picture|Pictures|Source|Credit|Graphic|Map|"
    r"Caption|File\sphoto)s?\s*[:|]"
    r"|By\s|Reporting\sby|Writing\sby|Editing\sby|Additional\sreporting|Compiled\sby|Written\sby)",
    re.I,
)
_PHOTO_INLINE = re.compile(
    r"\((?:Photo|Photograph|Image|Video|Picture|File)(?:\s\w+)?\s*[:/][^)]*\)|(?:Photo|Image|"
    r"Video)\s*:\s*[^\n.]{0,60}",
    re.I,
)
_WIRE = "|".join(
    sorted(
        (re.escape(k.upper() if len(k) <= 4 else k.capitalize()) for k in src.WIRES), key=len, reverse=True
    )
)
_WIRE_PAREN = re.compile(
    rf"\((?P<w>{_WIRE}|Reuters|Xinhua|Yonhap|Kyodo|Bloomberg)(?:[,/]\s*[^()\n]{{1,40}})?\)"
)
_WIRE_DASH = re.compile(
    rf"(?:^|\n)\s*[-—–]\s*(?P<w>{_WIRE}|Reuters)\s*$|[.”]\s[-—–]\s(?P<w2>{_WIRE}|Reuters)\s*$", re.M
)
_ACCORDING = re.compile(
    r"\b[Aa]ccording\sto\s(?P<x>[^,.;:()“”\"\n]{2,90}?)(?=[,.;:()“”\"\n]|\s(?:that|which|who|whom|was|were|"
    r"is|are|has|had|as|on|in)\b|$)"
)
_BOUNDARY = re.compile(
    rf"[,;:(—–“”\"«»‹›]|(?<=\s)-\s|\)\s|\s(?:but|that|as|while|because|after|before|when|if|so|than|which|"
    rf"who|whom|with|{_VERBS})\s"
    r"|\sand\s|^\s*"
)
_PASSIVE = re.compile(r"\b(?:was|were|is|are|be|been|being|am)\s+(?:\w+ly\s+)?$", re.I)


@dataclass(frozen=True)
class Attribution:
    """One attribution phrase: its span in the document, the source as named, its kind and channel."""

    start: int
    end: int
    phrase: str
    source: str  # as named, resolved for pronouns and surnames ("Okafor" → "Grace Okafor")
    kind: str  # outlet, official, person, unnamed, document
    via: str | None = None  # the channel: "Radio Nacional" in "told Radio Nacional"
    role: str | None = None  # "fire brigade spokeswoman"
    printed: str | None = None  # the subject as printed, when resolution changed it ("he")
    nested: bool = False  # inside another source's statement
    claims: tuple[str, ...] = ()


@dataclass
class _State:
    last: list[Attribution] = field(default_factory=list)  # top-level, in order
    names: dict[str, Attribution] = field(default_factory=dict)  # full names seen, by folded token
    bodies: dict[str, src.NamedBody] = field(default_factory=dict)  # names the text shows are not people

    def body(self, name: str) -> src.NamedBody | None:
        key = name.lower().strip()
        return self.bodies.get(key) or (self.bodies.get(key.split()[0]) if key.split() else None)


def _excluded_spans(text: str, start: int) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]*", text[start:]):
        line = m.group()
        if line and _CREDIT_LINE.match(line):
            spans.append((start + m.start(), start + m.end()))
    for m in _PHOTO_INLINE.finditer(text, start):
        spans.append((m.start(), m.end()))
    return spans


def _subject_before(sentence: str, v: int) -> tuple[int, str, str | None] | None:
    """The subject before a verb at ``v``: (start in sentence, noun phrase, role or None)."""
    pre = sentence[:v]
    # Adverbs and times between subject and verb.
    while True:
        m = re.search(rf"(?:\s|^){_ADVERBS}\s*$", pre)
        if m is None or m.start() == 0 and not pre[: m.start()].strip():
            break
        pre = pre[: m.start()]
    pre_stripped = pre.rstrip()
    # "the Dock Workers' Union (DWU) said": the acronym in brackets is the name again
    pre_stripped = re.sub(r"\s\([A-Z][A-Za-z&.]{1,7}\)$", "", pre_stripped)
    if not pre_stripped:
        return None
    end = len(pre_stripped)
    # NAME, APPOSITIVE, verb  /  ROLE, NAME, verb  /  NP, PLACE, verb
    piece = r"(?:[^,;:“”\"()—]|(?<=\d),(?=\d{3}))"
    m = re.search(rf"(?P<a>{piece}{{2,90}}?),\s(?P<b>{piece}{{2,120}}?),?$", pre_stripped)
    if m is not None and pre_stripped.endswith(","):
        a, b = m.group("a").strip(), m.group("b").strip()
        a_start = m.start("a") + (len(m.group("a")) - len(m.group("a").lstrip()))
        a_np = _trim_np(a)
        a_start += len(a) - len(a_np)
        name_a, name_b = src.personal_name(a_np), src.personal_name(b)
        if name_a and name_a == a_np.strip() and not name_b:
            return a_start, name_a, b  # "Jane Doe, the mayor, said"
        if re.match(r"(?:which|who|whose|that)\s", b) and src.source_noun(a_np):
            return (
                a_start,
                name_a if name_a == a_np.strip() else a_np,
                None,
            )  # "The union, which represents …, said"
        if name_b and name_b == b.strip() and src.source_noun(a_np):
            return a_start, name_b, a_np  # "one official, John Roe, told"
        b_is_source = (
            src.personal_name(b) == b.strip()
            or src.head_noun(b) in src.VOCAB
            or src.head_noun(b).rstrip("s") in src.VOCAB
        )
        if src.source_noun(a_np) and not b_is_source:
            return a_start, a_np, None  # "An official from the school in Ansan, a suburb, said"
        if (
            src.source_noun(a_np)
            and re.match(r"(?:a|an|the)\s", b)
            and src.head_noun(b) not in src.OFFICIAL_ROLES
        ):
            return a_start, a_np, None
    if pre_stripped.endswith(","):
        return None  # "…, said X" is handled as inverted
    m = re.search(
        r"(?P<name>[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+){1,3}),\s(?P<role>(?:from|of|at|"
        r"with)\s[^,;:“”\"()]{2,80})$",
        pre_stripped,
    )
    if m is not None and src.personal_name(m.group("name")) == m.group("name"):
        return m.start("name"), m.group("name"), m.group("role")  # "Jane Doe, from the institute said"
    # A plain noun phrase back to the clause boundary.
    cut = 0
    for b in _BOUNDARY.finditer(pre_stripped):
        if (
            b.group() == " and "
            and re.search(r"[A-Z][\w’'-]*$", pre_stripped[: b.start()])
            and pre_stripped[b.end() : b.end() + 1].isupper()
        ):
            continue  # "Ministry of Security and Public Administration": one name
        if b.end() < end:
            cut = b.end()
    np = _trim_np(pre_stripped[cut:])
    last = np.rsplit(None, 1)
    if (
        len(last) == 2
        and last[1].lower() in src.PRONOUNS
        and not last[0].endswith(",")
        and last[0].split()[-1].lower() not in ("what", "which", "who", "whom", "that", "as")
    ):
        np = last[1]  # "In our 11:30 update we said", "By noon they said": the pronoun speaks
    if not np or len(src.words(np)) > 9:
        return None
    start = end - len(np)
    return start, np, None


def _trim_np(np: str) -> str:
    """Drop words that cannot begin a source phrase: "Then the coast guard" → "the coast guard"."""
    w = np.strip()
    w = re.sub(
        r"^(?:and|but|so|then|now|yet|also|meanwhile|however|earlier|later|with|by|as|in|on|while)\s+",
        "",
        w,
        flags=re.I,
    )
    # Keep from the last determiner or capitalised word that starts a plausible noun phrase.
    return w


def _inverted(sentence: str, v_end: int) -> tuple[int, int, str, str | None] | None:
    """ "…, said X" / "…,” said X": the subject after the verb."""
    m = re.match(
        rf"\s(?P<np>(?:the\s|a\s|an\s|one\s)?(?:{_TITLE})?(?:[\w’'.-]+\s){{0,5}}?[\w’'.-]+?)(?:,\s(?P<app>(?:a|an|"
        r"the)\s[^,.;]{2,80}))?(?=[,.;(]|\s(?:in|on|at|to|who|adding|citing|as)\b|\s\(|$)",
        sentence[v_end:],
    )
    if m is None:
        return None
    np = m.group("np")
    if not src.source_noun(np):
        return None
    rest = sentence[v_end + m.end("np") :]
    named = re.match(r"^,\s(?P<name>[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+){1,3})(?=,|\.|$)", rest)
    if named and src.personal_name(np) == np.strip() and _role_words(named.group("name")):
        # "said Janet Doe, County Clerk": the name came first, the capitalised role after it
        return v_end + m.start("np"), v_end + m.end("np") + named.end(), np, named.group("name")
    role = re.match(r"^,\s(?P<role>(?:[\w’'-]+\s){0,5}[\w’'-]+)(?=[,.;]|$)", rest)
    if role and m.group("app") is None and src.personal_name(np) == np.strip() and _role_words(role["role"]):
        # "said Helen Doe, Site Director" / "said Kim Doe, the campaign's manager"
        return v_end + m.start("np"), v_end + m.end("np") + role.end(), np, role.group("role")
    if named and src.personal_name(named.group("name")) == named.group("name"):
        return (
            v_end + m.start("np"),
            v_end + m.end("np") + named.end(),
            named.group("name"),
            np,
        )  # "said a resident, Mohammed Ali"
    return v_end + m.start("np"), v_end + m.end("np"), np, m.group("app")


def _role_words(phrase: str) -> bool:
    """Whether a phrase names an office ("County Clerk", "campaign manager", "head of the union")."""
    return bool({w.lower().strip("’'s") for w in src.words(phrase)} & src.OFFICIAL_ROLES)


def _kind_and_name(np: str, role: str | None, state: _State) -> tuple[str, str, str | None, str | None]:
    """(kind, source, role, printed) for a subject, resolving pronouns, surnames and wire names."""
    lw = np.strip().lower()
    if lw in src.PRONOUNS:
        return _pronoun(lw, state, np)
    if lw in src.WIRES:
        return "outlet", src.WIRES[lw], role, np
    name = src.personal_name(src.head_part(np))
    if name and re.search(rf"\bof\s(?:the\s)?{re.escape(name)}$", np) and src.set_institution(np):
        return src.classify(np), src.clean_name(np), role, None  # "The Ministry of Mining", not "Mining"
    if (
        name
        and (body := state.body(name)) is not None
        and not (set(src.words((role or "").lower())) & src.OFFICIAL_ROLES)
    ):
        return body.kind, body.name, None, np if np.strip() != body.name else None
    if name:
        name = re.sub(r"^(?:Mr|Mrs|Ms|Dr|Sir|Dame|Prof|Mr\.|Mrs\.|Ms\.|Dr\.|Prof\.)\s+", "", name) or name
    if name and len(src.words(name)) == 1:
        earlier = _surname(name, state)
        if earlier is not None:
            return earlier.kind, earlier.source, earlier.role, np
    if name and (role or len(src.words(np)) > len(src.words(name))):
        role = role or " ".join(np.replace(name, " ").split()).strip(" ,") or None
        kind = src.classify(np, role=role, named=name)
        return kind, name, role, None
    if name and not role:
        earlier = _surname(name.split()[-1], state) or _surname(name.split()[0], state)
        if earlier is not None and set(name.split()) <= set(earlier.source.split()):
            return earlier.kind, earlier.source, earlier.role, np
        kind = (
            src.classify(np, named=name)
            if not src._capitalised(np) or len(src.words(np)) <= 3
            else src.classify(np)
        )
        if src.set_institution(np):
            kind = src.classify(np)
        return kind, name, None, None
    words = src.words(np)
    if len(words) == 2 and words[0].lower() == "the" and words[1].lower() in _ANAPHORIC:
        for a in reversed(state.last):
            if (
                a.kind == "official"
                and not src.personal_name(a.source)
                and src.head_noun(a.source) != "police"
            ):
                return a.kind, a.source, a.role, np  # "the union added": the organisation last named
    return src.classify(np), src.clean_name(np), role, None


def _clause_subject(sentence: str, state: _State) -> tuple[str, str, str | None] | None:
    """The subject of a sentence's main clause ("The Chief Executive Carrie Lam sounded …, saying")."""
    body = re.sub(r"^(?:Meanwhile|However|Earlier|Later|Separately|Also|But|And),?\s+", "", sentence.strip())
    m = re.match(
        r"(?P<np>(?:(?:The|A|An)\s)?(?:[A-Z][\w’'.-]*\s){0,5}[A-Z][\w’'.-]*|[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\s",
        body,
    )
    if m is None or not src.source_noun(m.group("np")):
        return None
    kind, name, role, _ = _kind_and_name(m.group("np"), None, state)
    return kind, name, role


def _surname(token: str, state: _State) -> Attribution | None:
    return state.names.get(token.lower())


def _pronoun(p: str, state: _State, printed: str) -> tuple[str, str, str | None, str | None]:
    for a in reversed(state.last):
        head = src.head_part(a.source)
        named = src.personal_name(head) == head
        singular_person = (
            a.kind in ("person", "official", "unnamed") and not src.head_noun(a.source).endswith("s") or named
        )
        institution = a.kind in ("official", "outlet", "document") and (
            not named or state.body(a.source) is not None
        )
        if p in ("he", "she", "i") and singular_person and not institution:
            return a.kind, a.source, a.role, printed
        if p == "it" and institution:
            return a.kind, a.source, a.role, printed
        if p in ("they", "we") and (institution or src.head_noun(a.source).endswith("s")):
            return a.kind, a.source, a.role, printed
    return "unnamed", printed, None, printed


def _register(a: Attribution, state: _State, nested: bool) -> None:
    if not nested:
        state.last.append(a)
    if src.personal_name(a.source) and len(a.source.split()) >= 2:
        for token in re.split(r"[\s-]+", a.source):
            if len(token) > 1:
                state.names[token.lower()] = a


def _via(sentence: str, verb: str, v_end: int) -> tuple[str | None, int]:
    """For "told Y": Y when it is a channel (an outlet), and where the phrase ends."""
    if verb not in ("told", "tells", "telling"):
        return None, v_end
    m = _OBJECT.match(sentence[v_end:])
    if m is None:
        return None, v_end
    obj = re.sub(r"^the\s", "", m.group("obj").strip())
    end = v_end + m.end("obj")
    low = obj.lower()
    if re.search(
        r"\b(?:reporters|journalists|officials|authorities|police|investigators|lawmakers|parliament|"
        r"court)\b",
        low,
    ):
        return None, end
    if (
        src.classify(obj) == "outlet"
        or src.personal_name(obj) is None
        and obj[:1].isupper()
        or re.search(r"\b(?:tv|television|radio|channel|broadcaster|newspaper|agency)\b", low)
    ):
        return obj, end
    return None, end


def find_attributions(text: str, *, start: int | None = None) -> list[Attribution]:
    """Every attribution phrase in ``text`` (after its header lines), in order."""
    body = split_header(text).start if start is None else start
    excluded = _excluded_spans(text, body)
    sentences = Sentences(text, body)
    state = _State(bodies=src.named_bodies(text[body:]))
    found: list[Attribution] = []

    def keep(a: Attribution, nested: bool) -> None:
        if any(s <= a.start < e or s < a.end <= e for s, e in excluded):
            return
        if any(a.start < b.end and b.start < a.end for b in found):
            return
        a = replace(a, nested=nested)
        found.append(a)
        _register(a, state, nested)

    seen_paragraphs: dict[str, int] = {}
    for line in re.finditer(r"[^\n]+", text[body:]):
        key = " ".join(line.group().split())[:80]
        if len(key) >= 60:
            seen_paragraphs[key] = seen_paragraphs.get(key, 0) + 1
    for line in re.finditer(r"[^\n]+", text[body:]):
        full = " ".join(line.group().split())
        if seen_paragraphs.get(full[:80], 0) > 1:
            excluded.append(
                (body + line.start(), body + line.end())
            )  # a standfirst the page repeats as a caption
        elif len(full) < 100 and re.search(r"\w\s*$", full):
            excluded.append((body + line.start(), body + line.end()))  # a heading or a menu item
    for s0, s1 in sentences.spans:
        sentence = text[s0:s1]
        in_sentence: list[Attribution] = []
        for m in _WIRE_PAREN.finditer(sentence):
            w = m.group("w")
            a = Attribution(s0 + m.start(), s0 + m.end(), m.group(), src.WIRES.get(w.lower(), w), "outlet")
            keep(a, False)
        for m in _FIGURE_LABEL.finditer(sentence):
            who = m.group("who")
            kind, name, role, printed = _kind_and_name(who, None, state)
            a0, a1 = s0 + m.start(), s0 + m.end()
            keep(Attribution(a0, a1, text[a0:a1], name, kind, None, role, printed), False)
        for m in _AGENT.finditer(sentence):
            np = m.group("np").strip()
            if not src.source_noun(np):
                continue
            kind, name, role, printed = _kind_and_name(np, None, state)
            a0, a1 = s0 + m.start(), s0 + m.start("np") + len(np)
            keep(Attribution(a0, a1, text[a0:a1], name, kind, None, role, printed), False)
        for m in _ACCORDING.finditer(sentence):
            x = m.group("x").strip()
            if not src.source_noun(x):
                continue
            parts = [p.strip() for p in re.split(r",\s|\sand\s", x) if p.strip()]
            outletish = [src.classify(p) == "outlet" or p.lower() in src.WIRES for p in parts]
            if (
                len(parts) > 1
                and any(outletish)
                and all(o or src._capitalised(p) for o, p in zip(outletish, parts, strict=True))
            ):
                names = [src.WIRES.get(p.lower(), p) for p in parts]
                a = Attribution(
                    s0 + m.start(),
                    s0 + m.start("x") + len(m.group("x").rstrip()),
                    m.group().rstrip(),
                    "; ".join(names),
                    "outlet",
                )
                keep(a, False)
                continue
            kind, name, role, printed = _kind_and_name(x, None, state)
            a = Attribution(
                s0 + m.start(),
                s0 + m.start("x") + len(m.group("x").rstrip()),
                m.group().rstrip(),
                name,
                kind,
                None,
                role,
                printed,
            )
            keep(a, False)
        for m in _VERB_RE.finditer(sentence):
            verb = m.group("verb")
            if not verb.endswith("ing") and _PASSIVE.search(sentence[: m.start()]):
                continue  # "were confirmed dead", "was reported missing": no one speaks
            if verb == "declared" and not re.match(r"\s(?:that|on|in)\b", sentence[m.end() :]):
                continue  # "declared a state of emergency" is an act, not a statement
            if verb in ("saying", "adding") and re.search(r",\s*$", sentence[: m.start()]):
                speaker = (
                    (in_sentence[-1].kind, in_sentence[-1].source, in_sentence[-1].role)
                    if in_sentence
                    else _clause_subject(sentence, state)
                )
                if speaker is not None:
                    a0, a1 = (
                        s0 + m.start(),
                        s0 + m.end() + (1 if sentence[m.end() : m.end() + 1] == ":" else 0),
                    )
                    kind, name, role2 = speaker
                    keep(Attribution(a0, a1, text[a0:a1], name, kind, None, role2, "saying"), False)
                continue
            subject = _subject_before(sentence, m.start())
            inverted = False
            if verb in _INVERTED_ONLY:
                subject = None
            coordinated = re.search(r"\band\s(?:then\s|also\s)?$", sentence[: m.start()])
            if coordinated and in_sentence and verb not in _NOT_ALONE | _FIGURE_VERBS:
                prev = in_sentence[-1]  # "X confirmed A … and confirmed B": the same speaker
                a0, a1 = s0 + m.start(), s0 + m.end()
                keep(
                    Attribution(a0, a1, text[a0:a1], prev.source, prev.kind, None, prev.role, "and"),
                    prev.nested,
                )
                continue
            if subject is not None and verb in _SPEAKING and _noun_phrase(subject[1]):
                pass  # "a patient told", "the farmer said": whoever says or tells is a source
            elif subject is None or not src.source_noun(subject[1]):
                before = sentence[: m.start()].rstrip()
                if before.endswith((",", "”", '"', ",”", ',"', "«", "»", "“")):
                    found_inv = _inverted(sentence, m.end())
                    inverted = found_inv is not None
                    inv_end = found_inv[1] if found_inv else 0
                    subject = (found_inv[0], found_inv[2], found_inv[3]) if found_inv else None
                else:
                    subject = None
            if subject is None or subject[1].strip().lower() in _NOBODY:
                continue
            sub_start, np, role = subject
            if verb in _NOT_ALONE:
                head = src.head_noun(np)
                if (
                    verb in ("showed", "shows", "showing", "broadcast", "aired", "posted", "found", "finds")
                    and head not in src.DOCUMENT_WORDS
                    and src.classify(np) != "outlet"
                ):
                    continue
                if (
                    verb in ("described", "noted", "notes")
                    and head not in src.PRONOUNS
                    and not src.source_noun(np)
                ):
                    continue
            if verb in _FIGURE_VERBS:
                fig = _FIGURE_OBJECT.match(sentence[m.end() :])
                if fig is None or inverted:
                    continue
            if (
                verb in ("saying", "telling", "reporting", "citing", "quoting")
                and not inverted
                and not re.search(r"\b(?:been|was|were|is|are)\s+$", sentence[: m.start()])
            ):
                continue  # "…, saying that": the clause's own subject speaks, already found
            kind, name, role2, printed = _kind_and_name(np, role, state)
            via, v_end = _via(sentence, verb, m.end())
            if verb == "tweeted":
                via = "Twitter"
            quoted = (
                _QUOTED.match(sentence[m.end() :])
                if verb in ("quoted", "cited", "quoting", "citing") and not inverted
                else None
            )
            if quoted is not None and src.source_noun(quoted.group("obj")):
                via = name  # "Xinhua quoted a mine official as saying": the official speaks through Xinhua
                kind, name, role2, printed = _kind_and_name(quoted.group("obj"), None, state)
                v_end = m.end() + quoted.end()
            if not inverted:
                t = _TIME_AFTER.match(sentence[v_end:])
                if t and "statement" in t.group():
                    v_end += t.end()
                a0, a1 = s0 + sub_start, s0 + v_end
            else:
                a0, a1 = s0 + m.start(), s0 + inv_end
            nested = bool(in_sentence) and not inverted and any(b.end <= a0 for b in in_sentence)
            if nested and verb in ("believe", "believes"):
                continue  # "said they believe": the speaker's own belief, not another source
            a = Attribution(a0, a1, text[a0:a1], name, kind, via, role2, printed)
            before_count = len(found)
            keep(a, nested)
            if len(found) > before_count:
                in_sentence.append(found[-1])
    for m in _SOURCE_LINE.finditer(text, body):
        names = [n.strip() for n in re.split(r"\s/\s|;|,", m.group("names")) if n.strip()]
        after = text[m.end() : m.end() + 200].strip()
        if not names or _SOCIAL.search(m.group("names")) or after.startswith(("[", "<")) or len(names) > 4:
            continue  # a picture's credit: "Source: X Twitter" above the embedded video
        if not all(n[:1].isupper() for n in names):
            continue
        phrase_start = m.start("all")
        found.append(
            Attribution(
                phrase_start,
                m.end("names"),
                text[phrase_start : m.end("names")],
                "; ".join(src.WIRES.get(n.lower(), n) for n in names),
                "outlet",
            )
        )
    for m in _WIRE_DASH.finditer(text, body):
        w = m.group("w") or m.group("w2")
        s = m.start("w") if m.group("w") else m.start("w2")
        keep(Attribution(s, s + len(w), w, src.WIRES.get(w.lower(), w), "outlet"), False)
    found.sort(key=lambda a: a.start)
    return _bodies(_full_names(found, text[body:], state), text, body, state)


_COMPANY_REFERENCE = re.compile(
    r"(?:the|its)\s(?:company|firm|carmaker|automaker|manufacturer|maker|operator|miner|group|airline|"
    r"insurer|retailer|lender|supplier|contractor|employer)$",
    re.I,
)


def _bodies(found: list[Attribution], text: str, body: int, state: _State) -> list[Attribution]:
    """ "The company said" is the company the text last named before it ("carmaker Velora")."""
    companies = {b.name: b for b in state.bodies.values() if b.company}
    if not companies:
        return found
    out = []
    for a in found:
        if _COMPANY_REFERENCE.match((a.printed or a.source).strip()):
            before = text[body : a.start]
            named = max(companies.values(), key=lambda b: before.rfind(b.name.split()[0]))
            if before.rfind(named.name.split()[0]) >= 0:
                a = replace(a, source=named.name, kind="official", printed=a.printed or a.source)
        out.append(a)
    return out


def _full_names(found: list[Attribution], text: str, state: _State) -> list[Attribution]:
    """A surname alone ("Okafor said", "President Okafor") as the full name the text gives elsewhere."""
    full: dict[str, Attribution | str] = {}
    for a in found:
        if src.personal_name(a.source) == a.source and len(a.source.split()) >= 2:
            for token in (a.source.split()[0], a.source.split()[-1]):
                full.setdefault(token.lower(), a)
    for m in re.finditer(r"\b([A-Z][a-z’'-]+)\s([A-Z][a-z’'-]+(?:-[A-Z]?[a-z]+)?)\b", text):
        name = m.group()
        if src.personal_name(name) == name and m.group(1).lower() not in src.VOCAB | {
            "the",
            "mr",
            "mrs",
            "ms",
            "dr",
        }:
            full.setdefault(m.group(2).lower(), name)
    out = []
    for a in found:
        if (
            src.personal_name(a.source) == a.source
            and len(a.source.split()) == 1
            and a.source.lower() in full
            and state.body(a.source) is None
        ):
            hit = full[a.source.lower()]
            if isinstance(hit, Attribution):
                kind = hit.kind if a.kind in ("person", "unnamed") else a.kind
                a = replace(
                    a, source=hit.source, kind=kind, role=a.role or hit.role, printed=a.printed or a.source
                )
            else:
                a = replace(a, source=hit, printed=a.printed or a.source)
        out.append(a)
    return out


def attach(
    attributions: list[Attribution],
    text: str,
    claims: dict[str, tuple[int, int]],
    *,
    start: int = 0,
    sentences: Sentences | None = None,
) -> list[Attribution]:
    """Each attribution with the claims whose sentence carries it (or whose quote contains it).

    ``sentences``: the text already split from ``start`` (``DocumentText.sentences``), not split again."""
    sentences = sentences if sentences is not None else Sentences(text, start)
    out = []
    for a in attributions:
        s0, s1 = sentences.around(a.start, a.end)
        keys = tuple(
            sorted(
                k
                for k, (c0, c1) in claims.items()
                if (c0 < s1 and c1 > s0) or (c0 <= a.start and a.end <= c1)
            )
        )
        out.append(replace(a, claims=keys))
    return out
