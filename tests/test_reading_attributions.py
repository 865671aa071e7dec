"""Attribution rules on sentences written for these tests (floods, strikes, trials, epidemics, results)."""

from __future__ import annotations

import pytest

from provenance.reading.attributions import attach, find_attributions


def _one(text: str) -> tuple[str, str, str, str | None]:
    found = find_attributions(text)
    assert len(found) == 1, [(a.phrase, a.source) for a in found]
    a = found[0]
    return a.phrase, a.source, a.kind, a.via


@pytest.mark.parametrize(
    ("text", "phrase", "source", "kind", "via"),
    [
        (
            "The death toll rose to 41, the health ministry said on Tuesday.",
            "the health ministry said",
            "the health ministry",
            "official",
            None,
        ),
        (
            "Officials said at least 20 people were killed in the landslide.",
            "Officials said",
            "Officials",
            "unnamed",
            None,
        ),
        (
            "According to the World Health Organization, 1,200 cases have been confirmed.",
            "According to the World Health Organization",
            "the World Health Organization",
            "official",
            None,
        ),
        (
            "Reuters reported that the company would cut 3,000 jobs.",
            "Reuters reported",
            "Reuters",
            "outlet",
            None,
        ),
        (
            "The company said in a statement that revenue fell 12 percent.",
            "The company said in a statement",
            "The company",
            "official",
            None,
        ),
        (
            "Witnesses told the BBC they heard three explosions.",
            "Witnesses told the BBC",
            "Witnesses",
            "unnamed",
            "BBC",
        ),
        (
            "Local media reported that the dam had burst.",
            "Local media reported",
            "Local media",
            "outlet",
            None,
        ),
        (
            "Election officials put turnout at 64 percent.",
            "Election officials put",
            "Election officials",
            "unnamed",
            None,
        ),
        (
            "The prosecutor told the court the defendant had fled.",
            "The prosecutor told the court",
            "The prosecutor",
            "official",
            None,
        ),
        (
            "Rescuers said they had pulled 12 survivors from the rubble.",
            "Rescuers said",
            "Rescuers",
            "unnamed",
            None,
        ),
        (
            "The union, which represents 40,000 workers, said the strike would go on.",
            "The union, which represents 40,000 workers, said",
            "The union",
            "official",
            None,
        ),
        (
            "A poll by Ipsos showed support falling to 31 percent.",
            "A poll by Ipsos showed",
            "A poll by Ipsos",
            "document",
            None,
        ),
    ],
)
def test_subject_and_verb(text: str, phrase: str, source: str, kind: str, via: str | None) -> None:
    assert _one(text) == (phrase, source, kind, via)


def test_named_person_with_a_role_is_official_and_a_bare_surname_resolves() -> None:
    text = (
        "Prime Minister Jane Doe told parliament the army would be deployed. "
        "Doe said the flood defences had failed."
    )
    found = find_attributions(text)
    assert [(a.source, a.kind) for a in found] == [("Jane Doe", "official"), ("Jane Doe", "official")]
    assert found[0].role == "Prime Minister"


def test_expert_is_a_person_and_pronouns_take_the_last_speaker() -> None:
    text = (
        "Ahmed Khan, an epidemiologist at the university, said the outbreak had peaked. "
        "“We are cautiously optimistic,” he added."
    )
    found = find_attributions(text)
    assert [(a.source, a.kind) for a in found] == [("Ahmed Khan", "person"), ("Ahmed Khan", "person")]
    assert found[1].printed == "he"


def test_inverted_with_appositive() -> None:
    text = "“The water came in minutes,” said Ana Silva, a spokeswoman for the civil defence agency."
    (a,) = find_attributions(text)
    assert (a.source, a.kind) == ("Ana Silva", "official")
    assert a.phrase.startswith("said Ana Silva")


def test_role_name_appositive_and_channel() -> None:
    text = "The firm's chief executive, Tom Brown, told Bloomberg Television the plant would reopen."
    (a,) = find_attributions(text)
    assert (a.source, a.kind, a.via) == ("Tom Brown", "official", "Bloomberg Television")


def test_dateline_wire_credit_and_nested_speaker() -> None:
    text = "LONDON (Reuters) - A nurse said a patient later told doctors he had not been vaccinated."
    found = find_attributions(text)
    assert [(a.source, a.kind, a.nested) for a in found] == [
        ("Reuters", "outlet", False),
        ("A nurse", "unnamed", False),
        ("a patient", "unnamed", True),
    ]


def test_two_outlets_in_one_phrase() -> None:
    (a,) = find_attributions("The figure was the highest since 2011, according to Le Monde and AFP.")
    assert (a.source, a.kind) == ("Le Monde; Agence France-Presse", "outlet")


def test_header_lines_credits_and_bylines_are_never_attributions() -> None:
    text = (
        "URL: https://example.org/news/said-the-minister\n"
        "TITLE: Minister said to resign, officials said\n\n"
        "By Jane Roe\n"
        "Photo: John Smith/AFP\n"
        "The minister said she would not resign.\n"
    )
    found = find_attributions(text)
    assert [a.phrase for a in found] == ["The minister said"]


def test_passive_is_not_a_speaker() -> None:
    assert find_attributions("Two climbers were reported missing and one was confirmed dead.") == []


def test_attached_to_the_claim_whose_sentence_carries_it() -> None:
    text = "Forty homes were destroyed, the mayor said. The river peaked on Sunday."
    found = attach(find_attributions(text), text, {"c1": (0, 25), "c2": (44, 70)})
    assert [a.claims for a in found] == [("c1",)]


@pytest.mark.parametrize(
    ("text", "source", "kind"),
    [
        ("“No,” the lawyer said.", "the lawyer", "unnamed"),
        ("Health Minister Olivier Martin announced 1,000 new cases.", "Olivier Martin", "official"),
        ("The Associated Press reported that polls had closed.", "The Associated Press", "outlet"),
        (
            "The survey, published on Monday, found that 40 percent of voters were undecided.",
            "The survey",
            "document",
        ),
        ("The Red Cross said 3,000 people had been displaced.", "The Red Cross", "official"),
        (
            "Data from Johns Hopkins University showed 500 deaths.",
            "Data from Johns Hopkins University",
            "document",
        ),
        (
            "In a post on social media, the governor wrote that schools would close.",
            "the governor",
            "official",
        ),
        ("“The water was at the door,” said a resident, Mohammed Ali, 32.", "Mohammed Ali", "person"),
        ("The agency's director general, Maria Santos, said the risk was high.", "Maria Santos", "official"),
        ("The state news agency reported that the border had reopened.", "The state news agency", "outlet"),
    ],
)
def test_more_forms(text: str, source: str, kind: str) -> None:
    found = find_attributions(text)
    assert [(a.source, a.kind) for a in found] == [(source, kind)]


def test_quoted_as_saying_keeps_the_outlet_as_channel() -> None:
    (a,) = find_attributions("Xinhua quoted a mine official as saying 12 miners were trapped.")
    assert (a.source, a.kind, a.via) == ("a mine official", "unnamed", "Xinhua")


def test_sources_told_an_outlet() -> None:
    (a,) = find_attributions("Two sources familiar with the talks told Reuters the deal had stalled.")
    assert (a.kind, a.via) == ("unnamed", "Reuters")


# A bare capitalised name is a person unless the text shows it is not: a company suffix, a
# descriptor noun ("brewer Harlow"), "X, which …"; and "the company" is the company last named.
@pytest.mark.parametrize(
    ("text", "source", "kind"),
    [
        (
            "Brewer Kestwick Holdings halted shipments. Kestwick said the fault was in one bottling line.",
            "Kestwick Holdings",
            "official",
        ),
        (
            "The toymaker recalled 40,000 kites. Orlan, which makes them in Porto, said no child was hurt.",
            "Orlan",
            "official",
        ),
        (
            "Prices rose 3 percent, the regional weekly Tidewater reported on Friday.",
            "Tidewater",
            "outlet",
        ),
        (
            "Fares will rise by 8 percent, according to the Valley Courier.",
            "the Valley Courier",
            "outlet",
        ),
    ],
)
def test_names_the_text_shows_are_not_people(text: str, source: str, kind: str) -> None:
    found = [a for a in find_attributions(text) if a.source == source]
    assert [a.kind for a in found] == [kind] * len(found) and found, [
        (a.phrase, a.source, a.kind) for a in find_attributions(text)
    ]


def test_the_company_is_the_company_last_named() -> None:
    text = (
        "Chipmaker Larnis Systems closed its plant after the spill. The river agency said fish died. "
        "The company said in a statement that the leak was contained."
    )
    company = [a for a in find_attributions(text) if a.printed == "The company"]
    assert [(a.source, a.kind) for a in company] == [("Larnis Systems", "official")]


def test_a_person_with_a_role_after_the_name_is_an_official() -> None:
    phrase, source, kind, _ = _one("“We counted every ballot twice,” said Ada Brennick, County Clerk.")
    assert (source, kind) == ("Ada Brennick", "official") and phrase.endswith("County Clerk")
    phrase, source, kind, _ = _one("“The line will hold,” said Tom Vesey, the campaign's manager.")
    assert (source, kind) == ("Tom Vesey", "official")
    phrase, source, kind, _ = _one("“I saw it burn,” said Tom Vesey, a neighbour.")
    assert (source, kind) == ("Tom Vesey", "person")


def test_an_acronym_in_brackets_before_the_verb_is_the_name_again() -> None:
    phrase, source, kind, _ = _one("The Harbour Pilots' Association (HPA) said 12 ships were waiting.")
    assert (source, kind) == ("The Harbour Pilots' Association", "official")
    assert phrase == "The Harbour Pilots' Association (HPA) said"


def test_a_title_abbreviation_does_not_cut_the_name() -> None:
    phrase, source, _, _ = _one("“The valve was fine,” said Dr. Ines Holm, an engineer.")
    assert (phrase, source) == ("said Dr. Ines Holm", "Ines Holm")


def test_nobody_is_not_a_source() -> None:
    assert find_attributions("Nobody tells us when the water will be safe again.") == []


def test_a_pronoun_after_a_time_phrase_speaks() -> None:
    phrase, source, _, _ = _one("At the 9:45 briefing they said the road had reopened.")
    assert (phrase, source) == ("they said", "they")


def test_an_institution_of_a_capitalised_name_is_the_institution() -> None:
    _, source, kind, _ = _one("The Ministry of Fisheries reports that 14 boats are missing.")
    assert (source, kind) == ("The Ministry of Fisheries", "official")
