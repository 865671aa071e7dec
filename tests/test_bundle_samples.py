"""Sample bundles for the bundle tests, written into a temporary folder by each test.

`write_small` is a hand-made bundle exercising every part of the format (two texts,
parts of a journal issue, entities with aliases, claims with and without `start`,
citations with locators, assertions, relations). `write_payload` puts the hostile
payload corpus (RELIABILITY T31) into every text field. `write_generated` makes a
bundle of any size. The tests here check that each sample is valid as written.
"""

from __future__ import annotations

from pathlib import Path

ISSUE_TEXT = """CTC Sentinel, February 2019

The Islamic State's Internal Rifts
by Cole Bunzel

Turki al-Bin'ali was killed in an airstrike in May 2017 [1]. The group's leader, Abu Bakr al-Baghdadi, \
also called Caliph Ibrahim, survived an attempted coup in January 2019, according to regional \
intelligence officials. About 80 fighters took part at the start, and more than 200 soon after.

[1] "Turki al-Bin'ali," Asharq al-Awsat, June 2017.

Another Article
by Jane Roe

The Hazimite faction was blamed (Asharq al-Awsat, February 8). The Hazimite faction was blamed again later.
"""

ARTICLE_TEXT = """Alleged Coup Attempt Exposes Hazimite Faction Within Islamic State

Turki al-Bin’ali was reportedly killed in a coalition airstrike in 2015. \
The coup attempt against al-Baghdadi was an IED attack on a convoy (Asharq al-Awsat, February 8). \
The coup attempt was an IED attack on a convoy. 🙂 Several hundred fighters were involved.
"""

SMALL_YAML = """\
format: provenance-bundle/1

outlets:
  - key: ctc-sentinel
    name: CTC Sentinel
    grade: B
    reason: "Peer-reviewed journal of the Combating Terrorism Center; cites primary sources."
  - key: jamestown
    name: The Jamestown Foundation
    grade: C
  - key: asharq-al-awsat
    name: Asharq al-Awsat
    grade: F

entities:
  - key: abu-bakr-al-baghdadi
    name: Abu Bakr al-Baghdadi
    kind: person
    aliases: [al-Baghdadi, al Baghdadi, Caliph Ibrahim]
    description: "Leader of the Islamic State."
  - key: turki-al-binali
    name: Turki al-Bin'ali
    kind: person
    aliases:
      - Turki al-Binali
  - key: islamic-state
    name: Islamic State
    kind: group
    aliases: [IS, ISIS, Daesh]

documents:
  - key: ctc-2019-02
    title: CTC Sentinel, February 2019
    authors: []
    outlet: ctc-sentinel
    published: 2019-02
    url: https://ctc.westpoint.edu/
    text: texts/issue.txt
  - key: ctc-2019-02-bunzel
    title: "The Islamic State's Internal Rifts"
    authors: [Cole Bunzel]
    outlet: ctc-sentinel
    published: "2019-02"
    part_of: ctc-2019-02
    span: [29, 427]
  - key: tm-hazimite-coup
    title: Alleged Coup Attempt Exposes Hazimite Faction Within Islamic State
    authors: [Jane Doe, "Smith, J."]
    outlet: jamestown
    published: 2019-03-08
    language: en
    text: texts/article.txt
  - key: asharq-2019-02-08
    title: Asharq al-Awsat report on the coup attempt against al-Baghdadi
    outlet: asharq-al-awsat
    published: 2019-02-08
  - key: asharq-2017
    title: "Turki al-Bin'ali"
    outlet: asharq-al-awsat
    published: 2017

claims:
  - key: ctc-binali-may-2017
    document: ctc-2019-02
    quote: "killed in an airstrike in May 2017"
    statement: Turki al-Bin'ali was killed in an airstrike in May 2017.
    speaker: author
    verdict: supported
    credibility: 2
    entities: [turki-al-binali]
  - key: ctc-coup-jan-2019
    document: ctc-2019-02
    quote: "survived an attempted coup in January 2019"
    statement: Al-Baghdadi survived a coup attempt in January 2019.
    speaker: regional intelligence officials
    entities: [abu-bakr-al-baghdadi]
  - key: ctc-fighters-80
    document: ctc-2019-02
    quote: About 80 fighters took part at the start
    statement: About 80 fighters took part at first.
    entities: [islamic-state]
  - key: ctc-hazimites-blamed
    document: ctc-2019-02
    quote: "The Hazimite faction was blamed"
    start: 456
    statement: The Hazimite faction was blamed for the coup.
    verdict: unverifiable
  - key: tm-binali-2015
    document: tm-hazimite-coup
    quote: "Turki al-Bin'ali was reportedly killed in a coalition airstrike in 2015"
    statement: Turki al-Bin'ali was killed in a coalition airstrike in 2015.
    hedging: reportedly
    verdict: disputed
    credibility: 3
    entities: [turki-al-binali]
    note: Contradicted by CTC Sentinel.
  - key: tm-coup-ied
    document: tm-hazimite-coup
    quote: "an IED attack on a convoy"
    start: 182
    statement: The coup attempt was an IED attack on a convoy.
    verdict: unreviewed
    entities: [abu-bakr-al-baghdadi]
  - key: tm-fighters-several-hundred
    document: tm-hazimite-coup
    quote: "Several hundred fighters"
    statement: Several hundred fighters were involved.

citations:
  - claim: ctc-binali-may-2017
    kind: cites
    document: asharq-2017
    locator: "[1]"
  - claim: ctc-coup-jan-2019
    kind: according_to
    person: regional intelligence officials
  - claim: tm-coup-ied
    kind: cites
    document: asharq-2019-02-08
    locator: "(Asharq al-Awsat, February 8)"
    locator_start: 208
    note: The marker follows the first telling.
  - claim: ctc-hazimites-blamed
    kind: paraphrases
    entity: islamic-state

assertions:
  - claim: tm-binali-2015
    subject: turki-al-binali
    property: death_date
    type: date
    value: "2015"
  - claim: ctc-binali-may-2017
    subject: turki-al-binali
    property: death_date
    type: date
    value: May 2017
  - claim: ctc-fighters-80
    subject: islamic-state
    property: fighters_count
    type: quantity
    value: about 80
    holds_for: at the start
  - claim: tm-fighters-several-hundred
    subject: islamic-state
    property: fighters_count
    type: quantity
    value: several hundred
  - claim: ctc-coup-jan-2019
    subject: abu-bakr-al-baghdadi
    property: target_of
    type: entity
    value: islamic-state

relations:
  - a: tm-binali-2015
    kind: contradicts
    b: ctc-binali-may-2017
    status: confirmed
    note: "2015 coalition airstrike vs an airstrike in May 2017: both cannot be true."
  - a: ctc-fighters-80
    kind: refines
    b: tm-fighters-several-hundred
    status: suggested
"""

SMALL_COUNTS = {
    "outlets": 3,
    "entities": 3,
    "documents": 5,
    "claims": 7,
    "citations": 4,
    "assertions": 5,
    "relations": 2,
}


def write_small(folder: Path) -> Path:
    """The hand-made bundle in `folder`; returns the folder."""
    (folder / "texts").mkdir(parents=True, exist_ok=True)
    (folder / "texts" / "issue.txt").write_text(ISSUE_TEXT, encoding="utf-8")
    # CRLF and a BOM: the importer canonicalises texts (offsets count the canonical text).
    (folder / "texts" / "article.txt").write_bytes(
        b"\xef\xbb\xbf" + ARTICLE_TEXT.replace("\n", "\r\n").encode()
    )
    (folder / "bundle.yaml").write_text(SMALL_YAML, encoding="utf-8")
    return folder


PAYLOADS = [
    "<script>document.body.dataset.pwned=1</script>",
    '"><img src=x onerror="document.body.dataset.pwned=1">',
    "'onmouseover='document.body.dataset.pwned=1",
    "</script><script>document.body.dataset.pwned=1</script>",
    "<svg><style><img src=x onerror=alert(1)>",
    "</textarea><!--",
    "]]>",
    "{{7*7}}",
    "{% raw %}",
    "javascript:document.body.dataset.pwned=1",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "line\u2028separator\u2029paragraph",
    "\u202egnp.exe",
    "&lt;script&gt;",
    "قال المتحدث \u2067الدولة الإسلامية\u2069 في بيان",
    "zero\u200bwidth\u200djoiner",
    "emoji 🙂🏳️‍🌈 astral 𝔘",
    "yes",
    "null",
    "- leading dash",
    "!bang &amp *star",
    "key: value # not a comment",
    "'single' \"double\" \\back",
    "multi\nline",
]


def _q(s: str) -> str:
    """A YAML double-quoted scalar, ASCII only (written independently of the exporter's emitter)."""
    out = []
    for ch in s:
        if ch in '\\"':
            out.append("\\" + ch)
        elif 0x20 <= ord(ch) < 0x7F:
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def write_payload(folder: Path) -> Path:
    """A bundle with a hostile payload in every text field (keys stay slugs)."""
    (folder / "texts").mkdir(parents=True, exist_ok=True)
    n = len(PAYLOADS)
    body = "\n".join(f"Sentence {i}: {p} ends here." for i, p in enumerate(PAYLOADS)) + "\n"
    (folder / "texts" / "payload.txt").write_text(body, encoding="utf-8")
    (folder / "texts" / "other.txt").write_text("Other text " + PAYLOADS[0] + "\n", encoding="utf-8")
    lines = ["format: provenance-bundle/1", "", "outlets:"]
    for i, p in enumerate(PAYLOADS):
        lines += [
            f"  - key: o{i}",
            f"    name: {_q(f'{p} outlet {i}')}",
            "    grade: E",
            f"    reason: {_q(p)}",
        ]
    lines += ["", "entities:"]
    for i, p in enumerate(PAYLOADS):
        lines += [
            f"  - key: e{i}",
            f"    name: {_q(f'{p} entity {i}')}",
            "    kind: other",
            f"    aliases: [{_q(f'{p} alias {i}')}]",
            f"    description: {_q(p)}",
        ]
    lines += ["", "documents:"]
    lines += [
        "  - key: payload",
        f"    title: {_q(PAYLOADS[0])}",
        f"    authors: [{', '.join(map(_q, PAYLOADS))}]",
        "    outlet: o0",
        f"    url: {_q(PAYLOADS[9])}",
        "    text: texts/payload.txt",
    ]
    for i, p in enumerate(PAYLOADS):
        lines += [
            f"  - key: d{i}",
            f"    title: {_q(p)}",
            f"    authors: [{_q(p)}]",
            f"    outlet: o{i}",
            f"    url: {_q(p)}",
            "    published: '2019'",
        ]
    lines += ["  - key: other", "    title: other", "    text: texts/other.txt"]
    lines += ["", "claims:"]
    for i, p in enumerate(PAYLOADS):
        lines += [
            f"  - key: c{i}",
            "    document: payload",
            f"    quote: {_q(f'Sentence {i}: {p} ends here.')}",
            f"    statement: {_q(p)}",
            f"    speaker: {_q(p)}",
            f"    hedging: {_q(p[:150])}",
            f"    entities: [e{i}]",
            f"    note: {_q(p)}",
        ]
    lines += ["", "citations:"]
    for i, p in enumerate(PAYLOADS):
        lines += [f"  - claim: c{i}", "    kind: according_to", f"    person: {_q(p)}", f"    note: {_q(p)}"]
        lines += [f"  - claim: c{i}", "    kind: cites", f"    document: d{i}", f"    locator: {_q(p)}"]
    lines += ["", "assertions:"]
    for i, p in enumerate(PAYLOADS):
        lines += [
            f"  - claim: c{i}",
            f"    subject: e{i}",
            "    property: said",
            "    type: text",
            f"    value: {_q(p)}",
            f"    holds_for: {_q(p)}",
        ]
    lines += ["", "relations:"]
    for i, p in enumerate(PAYLOADS):
        lines += [f"  - a: c{i}", "    kind: repeats", f"    b: c{(i + 1) % n}", f"    note: {_q(p)}"]
    (folder / "bundle.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def write_generated(folder: Path, claims: int, *, bad: dict[int, str] | None = None) -> Path:
    """A bundle with `claims` claims over one text; `bad` replaces some claims' quotes."""
    (folder / "texts").mkdir(parents=True, exist_ok=True)
    sentences = [f"Report number {i} says that {i * 7} fighters gathered at site {i}." for i in range(claims)]
    (folder / "texts" / "big.txt").write_text("\n".join(sentences) + "\n", encoding="utf-8")
    lines = [
        "format: provenance-bundle/1",
        "",
        "outlets:",
        "  - key: gen",
        "    name: Generated Outlet",
        "    grade: F",
        "",
        "entities:",
        "  - key: site",
        "    name: The Site",
        "    kind: place",
        "",
        "documents:",
        "  - key: big",
        "    title: A generated report",
        "    outlet: gen",
        "    published: 2020-01-02",
        "    text: texts/big.txt",
        "  - key: cited",
        "    title: Cited",
        "",
        "claims:",
    ]
    for i in range(claims):
        quote = (bad or {}).get(i, f"{i * 7} fighters gathered at site {i}.")
        lines += [
            f"  - key: gen-{i}",
            "    document: big",
            f"    quote: {_q(quote)}",
            f"    statement: Claim number {i}.",
            "    entities: [site]",
        ]
    lines += ["", "citations:"]
    for i in range(0, claims, 2):
        lines += [f"  - claim: gen-{i}", "    kind: cites", "    document: cited"]
    lines += ["", "assertions:"]
    for i in range(0, claims, 2):
        lines += [
            f"  - claim: gen-{i}",
            "    subject: site",
            "    property: fighters_count",
            "    type: quantity",
            f"    value: '{i * 7}'",
            # each count holds for its own site: a thousand incompatible values of one property
            # would make detection (run by every import) write 499,500 contradictions
            f"    holds_for: site {i}",
        ]
    lines += ["", "relations:"]
    for i in range(1, claims, 2):
        lines += [f"  - a: gen-{i}", "    kind: corroborates", f"    b: gen-{i - 1}"]
    (folder / "bundle.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def line_of(bundle_yaml: Path, needle: str, *, after: str | None = None) -> int:
    """The 1-based line of the first line containing `needle` (after the line containing `after`)."""
    lines = bundle_yaml.read_text(encoding="utf-8").split("\n")
    begin = 0
    if after is not None:
        begin = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i, line in enumerate(lines) if i >= begin and needle in line) + 1


# --- the samples are valid as written --------------------------------------------------------


def test_small_bundle_is_valid(tmp_path: Path) -> None:
    from provenance.bundle import load_bundle

    bundle = load_bundle(write_small(tmp_path))
    assert bundle.counts() == SMALL_COUNTS
    claims = {c.key: c for c in bundle.claims}
    # Typed with a straight apostrophe; the stored quote is the document's own (curly) span.
    assert (
        claims["tm-binali-2015"].exact
        == "Turki al-Bin’ali was reportedly killed in a coalition airstrike in 2015"
    )
    assert claims["tm-coup-ied"].start == 182
    issue = next(d for d in bundle.documents if d.key == "ctc-2019-02").current
    assert issue[456:].startswith("The Hazimite faction was blamed")
    assert issue[29:].startswith("The Islamic State's Internal Rifts")


def test_payload_bundle_is_valid(tmp_path: Path) -> None:
    from provenance.bundle import load_bundle

    bundle = load_bundle(write_payload(tmp_path))
    assert len(bundle.claims) == len(PAYLOADS)
    assert {o.reason for o in bundle.outlets} == {p.strip() for p in PAYLOADS}


def test_generated_bundle_is_valid(tmp_path: Path) -> None:
    from provenance.bundle import load_bundle

    assert len(load_bundle(write_generated(tmp_path, 50)).claims) == 50
