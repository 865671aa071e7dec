"""Who a source phrase names, and what kind of source it is: outlet, official, person, unnamed, document.

The kind comes from the phrase's head: a news organisation ("the Guardian", "state TV", "Yonhap
news agency"), an institution or a named person in an official role ("the fire brigade",
"Interior Minister Jane Doe"), a named individual ("Lim, a student"), an unnamed person or
group ("officials", "a survivor", "witnesses", "organisers"), or a recorded item ("footage",
"a poll", "posts"). Vocabulary is general news English, not any one story's. Pure.
"""

from __future__ import annotations

import re


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
)
# Nouns that make a capitalised phrase an outlet by themselves.
OUTLET_NAME_WORDS = _words(
    "times post news press herald journal guardian telegraph tribune gazette daily radio tv television "
    "broadcasting"
    " channel network newspaper magazine chronicle observer independent mail mirror express standard"
    " economist review bulletin weekly"
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
    " vice founder convenor convener"
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
