"""Who a source phrase names, and what kind of source it is: outlet, official, person, unnamed, document.

The kind comes from the phrase's head: a news organisation ("the Guardian", "state TV", "Yonhap
news agency"), an institution or a named person in an official role ("the fire brigade",
"Interior Minister Jane Doe"), a named individual ("Lim, a student"), an unnamed person or
group ("officials", "a survivor", "witnesses", "organisers"), or a recorded item ("footage",
"a poll", "posts"). Vocabulary is general news English, not any one story's. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    """A vocabulary written as one string of words."""
    return frozenset(text.split())


WIRES = {
    "ap": "Associated Press",
    "afp": "Agence France-Presse",
    "reuters": "Reuters",
    "upi": "United Press International",
    "dpa": "Deutsche Presse-Agentur",
    "xinhua": "Xinhua",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "pti": "Press Trust of India",
    "ians": "IANS",
    "bernama": "Bernama",
    "tass": "TASS",
    "ria": "RIA Novosti",
    "interfax": "Interfax",
    "bloomberg": "Bloomberg",
    "anadolu": "Anadolu Agency",
    "cna": "CNA",
    "bbc": "BBC",
    "cnn": "CNN",
    "aap": "Australian Associated Press",
    "pa": "PA Media",
}
OUTLET_WORDS = _words(
    "times post news press herald journal guardian telegraph tribune gazette daily radio tv television"
    " broadcasting broadcaster broadcasters channel channels network networks newspaper newspapers paper"
    " magazine station stations media outlet outlets wire website site newswire chronicle observer "
    "independent"
    " mail mirror express standard economist review bulletin weekly reporter reporters correspondent"
    " courier ledger examiner inquirer enquirer sentinel dispatch monitor globe echo register advertiser"
    " mercury messenger spectator statesman courant"
)
# Nouns that make a capitalised phrase an outlet by themselves.
OUTLET_NAME_WORDS = _words(
    "times post news press herald journal guardian telegraph tribune gazette daily radio tv television "
    "broadcasting"
    " channel network newspaper magazine chronicle observer independent mail mirror express standard"
    " economist review bulletin weekly courier ledger examiner inquirer enquirer sentinel dispatch monitor"
    " globe echo register advertiser mercury messenger spectator statesman courant"
)
INSTITUTION_WORDS = _words(
    "government ministry department agency institute office council commission committee court police army "
    "navy"
    " military coastguard guard administration service authority bureau centre center university school "
    "company"
    " firm corporation corp inc ltd group foundation federation union party front association organisation"
    " organization cabinet parliament congress senate presidency palace embassy consulate hospital "
    "observatory"
    " survey board bank fund league alliance coalition movement council municipality prefecture secretariat"
    " command forces force directorate ministries red cross crescent un nations who unicef unhcr nasa usgs"
    " brigade battalion prosecutor's prosecution tribunal legislature assembly commission operator airline"
    " carrier club team campaign network authorities"
)
OFFICIAL_ROLES = _words(
    "official spokesman spokeswoman spokesperson minister officer chief president mayor governor director"
    " secretary commissioner chairman chairwoman chair leader head general commander ambassador lawmaker"
    " senator legislator mp representative prosecutor judge captain premier chancellor king queen prince"
    " superintendent inspector lieutenant colonel major sergeant admiral marshal coordinator administrator"
    " manager executive ceo spokespeople envoy diplomat deputy adviser advisor aide attorney counsel sheriff"
    " vice founder convenor convener clerk registrar treasurer auditor coroner magistrate ombudsman"
    " regulator warden constable agent trustee"
)
PERSON_WORDS = _words(
    "passenger passengers survivor survivors witness witnesses resident residents student students relative "
    "relatives"
    " parent parents victim victims expert experts analyst analysts neighbour neighbours neighbor neighbors "
    "doctor"
    " doctors teacher teachers worker workers protester protesters protestor protestors demonstrator "
    "demonstrators"
    " people man men woman women source sources diplomats activist activists lawyer lawyers father mother son"
    " daughter brother sister husband wife friend friends family families member members volunteer volunteers"
    " rescuer rescuers diver divers fisherman fishermen driver pilot crew marcher marchers participant "
    "participants"
    " organisers organizers organiser organizer officials officers observers observer scientist scientists "
    "researcher"
    " researchers seismologist seismologists professor economist economists engineer engineers nurse nurses"
    " farmer farmers shopkeeper owner owners user users supporters supporter voter voters"
)
DOCUMENT_WORDS = _words(
    "footage pictures picture images image video videos photos photographs photo posts post tweets tweet "
    "tallies"
    " tally poll polls survey surveys data figures statistics records record documents document list census"
    " count estimates estimate map maps recording recordings broadcast filings filing report reports study"
    " studies readings feed cctv message messages statement letter transcript"
)
_COMMON = _words(
    "local state national dramatic several rescued senior other another many some most all his her their "
    "its our"
    " south north east west southern northern eastern western central chinese korean american british police"
    " television radio"
)
DETERMINERS = _words("the a an one another several some many two three four five other both each")
_UNNAMED_MARKERS = _words("a an one another several some many two three four five other most few")
VOCAB = _VOCAB = PERSON_WORDS | DOCUMENT_WORDS | OFFICIAL_ROLES | OUTLET_WORDS | _COMMON
PRONOUNS = {"he": "he", "she": "she", "they": "they", "it": "it", "we": "we", "i": "i"}


def words(np: str) -> list[str]:
    return re.findall(r"[\w’'-]+", np)


def head_part(np: str) -> str:
    """A noun phrase without its trailing prepositional phrase ("official from the school" → "official")."""
    w = words(np)
    for i, token in enumerate(w):
        if (
            token.lower() in ("of", "from", "in", "at", "for", "with", "on", "who", "close", "familiar", "by")
            and i > 0
        ):
            if (
                token.lower() == "of"
                and all(t[:1].isupper() for t in w[:i])
                and w[i + 1 : i + 2]
                and w[i + 1][:1].isupper()
            ):
                continue  # "Ministry of Security": one name
            return " ".join(w[:i])
    return " ".join(w)


def head_noun(np: str) -> str:
    """The head of a noun phrase: the last word before "of/from/in/…" ("official from the school")."""
    w = words(np)
    for i, token in enumerate(w):
        if (
            token.lower() in ("of", "from", "in", "at", "for", "with", "on", "who", "close", "familiar", "by")
            and i > 0
        ):
            w = w[:i]
            break
    return w[-1].lower().strip("’'") if w else ""


def is_name_word(token: str) -> bool:
    return (
        bool(re.match(r"[A-Z][a-z’'-]|[A-Z]{2,}|al-[A-Z]|Mc[A-Z]", token))
        and token.lower() not in DETERMINERS
    )


def personal_name(np: str) -> str | None:
    """A person's name at the end of a phrase: "Coast guard chief Kim Suk-kyoon" → "Kim Suk-kyoon"."""
    w = words(np)
    tail: list[str] = []
    for token in reversed(w):
        low = token.lower()
        if (
            is_name_word(token)
            and low not in _VOCAB
            and low.rstrip("s") not in _VOCAB
            and low not in INSTITUTION_WORDS
            and low not in OUTLET_WORDS
            and low not in OFFICIAL_ROLES
            and low not in DOCUMENT_WORDS
        ) or (
            low in ("bin", "ibn", "abu", "al", "de", "van", "von", "da", "del", "la", "le", "di", "bint")
            and tail
        ):
            tail.insert(0, token)
        else:
            break
    if not tail:
        return None
    if len(tail) == 1 and tail[0].isupper() and len(tail[0]) <= 5:
        return None  # an acronym: "UN", "AP"
    return " ".join(tail)


def classify(np: str, *, role: str | None = None, named: str | None = None) -> str:
    """The kind of source a noun phrase names (see the module doc); ``named`` is a person's name in it."""
    head = head_noun(np)
    lw = [t.lower().strip("’'") for t in words(np)]
    first = lw[0] if lw else ""
    if head in WIRES or np.strip().lower() in WIRES:
        return "outlet"
    if named:
        role_words = set(words((role or "").lower())) | set(lw)
        if role_words & OFFICIAL_ROLES or role_words & INSTITUTION_WORDS - {"school", "university"}:
            return "official"
        return "person"
    if head in DOCUMENT_WORDS:
        return "document"
    if head == "agency" and re.search(r"\b(?:news|press|wire)\s(?:\w+\s)?agency\b", np, re.I):
        return "outlet"  # "the state news agency"; a plain "agency" is an institution
    if head in OUTLET_WORDS or (set(lw) & OUTLET_NAME_WORDS and _capitalised(np)):
        return "outlet"
    plural = (
        head.endswith("s")
        and head not in ("press", "news", "times", "forces", "nations", "police", "authorities")
        or head in ("police", "people", "crew")
    )
    if head in INSTITUTION_WORDS or (_capitalised(np) and set(lw) & INSTITUTION_WORDS):
        if head == "police" and first not in ("the",) and not _capitalised(np):
            return "official"
        return "official" if not (first in _UNNAMED_MARKERS and head not in ("police",)) else "unnamed"
    if head in OFFICIAL_ROLES or (head.rstrip("s") in OFFICIAL_ROLES and plural):
        if plural or first in _UNNAMED_MARKERS:
            return "unnamed"
        return "official" if first in ("the",) or not first else "unnamed"
    if head in PERSON_WORDS or head.rstrip("s") in PERSON_WORDS:
        return "unnamed"
    if _capitalised(np):
        return "official"  # a named organisation we have no noun for ("Amnesty International")
    return "unnamed"


def _capitalised(np: str) -> bool:
    w = [
        t
        for t in words(np)
        if t.lower() not in DETERMINERS and t.lower() not in ("of", "and", "for", "the", "de")
    ]
    return bool(w) and all(t[0].isupper() for t in w)


def source_noun(np: str) -> bool:
    """Whether a noun phrase can be a source: a pronoun, a name, or a source noun as its head."""
    head = head_noun(np)
    if not head:
        return False
    if head in PRONOUNS:
        return True
    if head in WIRES:
        return True
    vocab = OUTLET_WORDS | INSTITUTION_WORDS | OFFICIAL_ROLES | PERSON_WORDS | DOCUMENT_WORDS
    if head in vocab or head.rstrip("s") in vocab or (head.endswith("ies") and head[:-3] + "y" in vocab):
        return True
    return personal_name(np) is not None or personal_name(head_part(np)) is not None or _capitalised(np)


def clean_name(np: str) -> str:
    """The source as named, without a leading conjunction ("and the mayor" → "the mayor")."""
    s = " ".join(np.split()).strip(" ,")
    s = re.sub(r"^(?:and|but|so|then|while|as|that)\s", "", s, flags=re.I)
    return s


def set_institution(np: str) -> bool:
    """A capitalised phrase that names an institution ("The Ministry of Security", "Coast Guard")."""
    return bool(set(t.lower() for t in words(np)) & INSTITUTION_WORDS) and _capitalised(np)


# What a text says about its own names: "German carmaker Velora", "Velora AG", "the daily Kurier",
# "X, which operates the mine". A bare capitalised name is read as a person unless the text says
# otherwise somewhere; these are the general ways news text says so.
_NAME = r"[A-Z][\w’'&-]*(?:\s(?:(?:de|del|la|of|and|&)\s)?[A-Z][\w’'&-]*){0,3}"
_CALENDAR = _words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july"
    " august september october november december"
)
_CORPORATE = (
    r"AG|SE|SA|S\.A\.|NV|N\.V\.|plc|PLC|Inc\.?|Ltd\.?|LLC|GmbH|Corp\.?|Co\.|Group|Holdings|Chemicals|"
    r"Industries|Motors|Airlines|Airways|Energy|Mining|Pharmaceuticals|Petroleum|Steel|Logistics|Shipping|"
    r"Telecom|Technologies|Systems|Foods|Partners|Capital"
)
_COMPANY_NOUNS = (
    r"carmaker|automaker|company|firm|operator|manufacturer|maker|insurer|lender|retailer|airline|miner|"
    r"conglomerate|supplier|developer|contractor|utility|chipmaker|producer|giant|group|charity|"
    r"drugmaker|shipper|owner|builder|brewer|carrier|startup|start-up|subsidiary|employer"
)
_OUTLET_NOUNS = (
    r"newspaper|daily|tabloid|news\s(?:site|website|portal|channel|agency|outlet)|website|broadcaster|"
    r"news\sagency|wire\sservice|channel|station|magazine|outlet|weekly|paper|radio|television|"
    r"blog|portal|publication"
)
_SUFFIXED = re.compile(rf"\b(?P<name>{_NAME}?)\s(?P<suffix>{_CORPORATE})\b")
_DESCRIBED = re.compile(
    rf"\b(?i:{_COMPANY_NOUNS})\s(?P<name>{_NAME})|\b(?P<outlet_noun>(?i:{_OUTLET_NOUNS}))\s(?P<outlet>{_NAME})"
)
_DESCRIPTOR = re.compile(rf"^(?i:{_COMPANY_NOUNS}|{_OUTLET_NOUNS})\s")
_WHICH = re.compile(rf"\b(?P<name>{_NAME}),\s(?:which|whose\s(?:shares|plant|site|factory|mine))\b")


@dataclass(frozen=True)
class NamedBody:
    """A name the text shows to be an organisation (a company when ``company``) or an outlet."""

    kind: str  # "official" (an organisation) or "outlet"
    name: str  # the fullest form the text gives ("Velora AG")
    company: bool = False


def named_bodies(text: str) -> dict[str, NamedBody]:
    """Names the text itself shows not to be people, keyed by each of their folded first words and whole."""
    found: dict[str, NamedBody] = {}

    def note(name: str, body: NamedBody) -> None:
        name = _bare(name)
        if not name or personal_title(name):
            return
        keys = {name.lower(), name.split()[0].lower()}
        for key in keys:
            if key in VOCAB or key in INSTITUTION_WORDS or len(key) < 3:
                continue
            old = found.get(key)
            if old is None or len(body.name) > len(old.name) and old.kind == body.kind:
                found[key] = body

    for m in _SUFFIXED.finditer(text):
        name = m.group("name")
        if name and name.split()[0][0].isupper():
            note(name, NamedBody("official", f"{_bare(name)} {m.group('suffix')}", True))
    for m in _DESCRIBED.finditer(text):
        if m.group("name"):
            note(m.group("name"), NamedBody("official", m.group("name"), True))
        elif m.group("outlet"):
            note(m.group("outlet"), NamedBody("outlet", m.group("outlet")))
    for m in _WHICH.finditer(text):
        name = m.group("name")
        key = name.lower()
        if key not in found and personal_title(name) is None:
            note(name, NamedBody("official", name, True))
    return found


def _bare(name: str) -> str:
    """A name without the words news text puts before it: "Monday", "The", "Brewer" in "Brewer Velora AG"."""
    name = name.strip()
    while name.split() and (name.split()[0].lower() in _CALENDAR | DETERMINERS or _DESCRIPTOR.match(name)):
        name = name.partition(" ")[2]
    return name


def personal_title(name: str) -> str | None:
    """A person's title at the start of a name ("Dr", "Minister"), which makes it a person's."""
    first = name.split()[0].rstrip(".").lower() if name.split() else ""
    if first in ("mr", "mrs", "ms", "dr", "prof", "sir", "dame", "lord", "lady") or first in OFFICIAL_ROLES:
        return first
    return None
