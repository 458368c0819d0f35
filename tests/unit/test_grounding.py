import pytest

from rag.grounding import Checker, features

PASSAGE = (
    "Overnight, Russian forces launched a massive drone assault on Ukraine, with 137 drones targeting "
    "infrastructure across the country."
)


@pytest.fixture
def checker():
    return Checker()  # lexical rules only; the embedding rule is exercised in integration tests


@pytest.mark.parametrize(
    "claim",
    [
        "Russian forces launched 137 drones at Ukraine overnight.",
        "Russia launched a massive assault of 137 drones on Ukraine.",
    ],
)
def test_paraphrase_with_same_facts_is_supported(checker, claim):
    assert checker.judge(claim, PASSAGE).verdict == "supported"


def test_changed_number_is_contradicted_and_names_the_differing_words(checker):
    j = checker.judge("Russian forces launched 46 drones at Ukraine overnight.", PASSAGE)
    assert j.verdict == "contradicted"
    assert "46" in j.missing and "137" in j.differing
    assert j.reason == "the article gives 137, not 46"
    # Figures and names as the texts write them, not as they are compared ("8475", "kalla").
    j = checker.judge(
        "Kaja Kalas said 8,745 homes were damaged.", "Kaja Kallas said 8,475 homes were damaged."
    )
    assert j.reason == "the article gives Kaja Kallas, 8,475, not Kaja Kalas, 8,745", j.reason


def test_dates_match_in_any_order_and_form(checker):
    evidence = (
        "During a telephone conversation on 12 February 2025, Trump and Putin agreed to reset relations."
    )
    assert checker.judge(
        "On February 12, 2025 Trump and Putin agreed to reset relations.", evidence
    ).supported
    assert checker.judge(
        "On 12th of February 2025 Trump and Putin agreed to reset relations.", evidence
    ).supported
    assert not checker.judge(
        "On 18 February 2025 Trump and Putin agreed to reset relations.", evidence
    ).supported


def test_number_words_and_name_variants(checker):
    f = features("Zelensky accepted a thirty-day truce from the United States.")
    assert "30" in f.numbers and "usa" in f.names
    # Other forms of one name, by form, with no list of this corpus's names.
    evidence = "Ukrainian officials said Zelenskyy accepted the Russian proposal."
    assert checker.judge("Ukraine said Zelensky accepted Russia's proposal.", evidence).supported
    assert not checker.judge("Austria said Zelensky accepted Russia's proposal.", evidence).supported


def test_a_weekday_is_a_date_not_a_name(checker):
    evidence = "The committee met on Monday in Veldra."
    assert checker.judge("The committee met in Veldra on Monday.", evidence).supported
    assert checker.judge("The committee met in Veldra on Tuesday.", evidence).verdict == "contradicted"


def test_added_name_is_not_supported(checker):
    j = checker.judge("Macron said Russian forces launched 137 drones overnight.", PASSAGE)
    assert not j.supported and "macron" in j.missing


def test_negation_flip_is_not_supported(checker):
    evidence = "President Putin did not agree to the full ceasefire proposed by the US."
    assert checker.judge("Putin did not agree to the full ceasefire proposed by the US.", evidence).supported
    assert (
        checker.judge("Putin agreed to the full ceasefire proposed by the US.", evidence).verdict
        == "contradicted"
    )


def test_quotes_must_be_verbatim(checker):
    evidence = "Witkoff noted, “I don’t regard him as a bad guy; he is super smart,”"
    assert checker.judge('Witkoff said "he is super smart".', evidence).supported
    assert not checker.judge('Witkoff said "he is extremely smart".', evidence).supported


def test_unrelated_claim_is_not_found(checker):
    assert checker.judge("The Eurovision contest was won by Sweden.", PASSAGE).verdict == "not_found"
    assert checker.judge("", PASSAGE).verdict == "not_found"


def test_best_prefers_support(checker):
    i, j = checker.best("Russia launched 137 drones.", ["Nothing here.", PASSAGE])
    assert i == 1 and j.supported


def test_the_embedding_cache_is_safe_across_threads():
    import threading

    import numpy as np

    class Counting:
        def embed(self, texts):
            return np.ones((len(texts), 3), dtype=np.float32)

    checker = Checker(Counting())  # type: ignore[arg-type]
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(400):
                texts = [f"t{n}-{i}-{j}" for j in range(60)]
                assert checker.embed(texts).shape == (60, 3)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_opposites_come_from_wordnet(checker):
    # No antonym list in code: WordNet's, read from Debian's wordnet-base.
    evidence = "The operator lowered the reservoir by 1.1 metres before the storm."
    assert checker.judge(
        "The operator raised the reservoir by 1.1 metres before the storm.", evidence
    ).verdict == ("contradicted")
    assert checker.judge(
        "The operator lowered the reservoir by 1.1 metres before the storm.", evidence
    ).supported
    both = "The operator raised the level by 3.2 metres in February and lowered it by 1.1 metres in March."
    assert checker.judge("The operator raised the level by 3.2 metres in February.", both).supported


def test_missing_wordnet_is_a_clear_error(tmp_path):
    from rag.lexicon import LexiconMissing

    with pytest.raises(LexiconMissing, match="make setup"):
        _ = Checker(wordnet_dir=tmp_path).opposites


# Structure, not bags of words: examples on a subject no gold set is about (a city council).
COUNCIL = "Mayor Ines Albers accused councillor Piet Roos of delaying the tram vote, the council said."


def test_parties_the_other_way_round_are_contradicted_and_stand_as_structural(checker):
    j = checker.judge("Piet Roos accused Ines Albers of delaying the tram vote.", COUNCIL)
    assert j.verdict == "contradicted" and j.flip == "roles"  # the judge may not overrule it
    assert j.reason and "other way round" in j.reason  # said to the reader, not only flagged
    assert checker.judge("Ines Albers accused Piet Roos of delaying the tram vote.", COUNCIL).supported


def test_the_passive_keeps_who_acts(checker):
    passive = "Councillor Piet Roos was accused by Mayor Ines Albers of delaying the tram vote."
    assert checker.judge(passive, COUNCIL).supported
    swapped = "Mayor Ines Albers was accused by Piet Roos of delaying the tram vote."
    assert checker.judge(swapped, COUNCIL).verdict == "contradicted"
    reduced = "A plan by Piet Roos, supported by Ines Albers, passed."
    assert checker.judge("Piet Roos supported Ines Albers's plan.", reduced).verdict == "contradicted"


def test_relations_that_hold_both_ways_are_not_reversed(checker):
    assert checker.judge(
        "Piet Roos met Ines Albers on Monday.", "Ines Albers met Piet Roos on Monday."
    ).supported


def test_a_figures_change_the_other_way_round_is_contradicted(checker):
    evidence = "The council raised the parking fee from 2 to 3 euros an hour."
    j = checker.judge("The council cut the parking fee from 3 to 2 euros an hour.", evidence)
    assert j.verdict == "contradicted" and j.flip == "change" and j.reason and "change" in j.reason
    evidence = "Turnout rose to 61 percent, up from 48 percent in 2022."
    assert checker.judge("Turnout fell from 61 percent to 48 percent.", evidence).verdict == "contradicted"
    assert checker.judge("Turnout went from 48 to 61 percent.", evidence).supported


def test_a_figure_given_only_as_where_a_change_started_is_not_the_current_one(checker):
    evidence = "Valdren Power Networks said 590 households were still cut off, down from 4,710 at the peak."
    j = checker.judge("Valdren Power Networks said 4,710 households were still cut off.", evidence)
    assert not j.supported and j.flip == "change"
    assert checker.judge("Valdren Power Networks said 590 households were still cut off.", evidence).supported
    # A claim that tells the change itself, or a figure that is also where one ended, is no flip.
    told = "Households cut off fell to 590 from 4,710 at the peak, Valdren Power Networks said."
    assert checker.judge(told, evidence).flip == ""
    chain = "The toll rose from 9 to 14 on Sunday, and to 21 by Monday."
    assert checker.judge("The toll rose to 14 on Sunday.", chain).flip == ""


def test_direction_and_order_words_flip_only_about_the_same_thing(checker):
    evidence = "The vote was held two days after the hearing, with turnout above the 2022 level."
    assert checker.judge("The vote was held two days before the hearing.", evidence).verdict == "contradicted"
    assert checker.judge("Turnout was below the 2022 level.", evidence).verdict == "contradicted"
    # "before" about another thing than the evidence's "after" is no flip.
    later = "After the hearing, the council approved the tram budget."
    assert checker.judge("The council approved the tram budget before the summer.", later).verdict != (
        "contradicted"
    )


def test_a_quotation_belongs_to_the_speaker_its_sentence_names(checker):
    evidence = 'Councillor Piet Roos said: "The vote was rushed," after Mayor Ines Albers had left.'
    wrong = checker.judge('Ines Albers said: "The vote was rushed."', evidence)
    assert wrong.verdict == "contradicted" and "alber" in wrong.missing  # stems
    assert checker.judge('"The vote was rushed," Piet Roos said.', evidence).supported
    # "which he called ...": the sentence gives no speaker by name, so none is compared.
    pronoun = 'He criticised the plan, which he called "a waste of money".'
    assert checker.judge(
        'Roos called the plan "a waste of money".', pronoun, context="Piet Roos"
    ).verdict == ("supported")


def test_what_a_sentence_reports_belongs_to_the_speaker_it_names(checker):
    """Unquoted words too: a claim's speaker must be the one the evidence names as saying
    them, not another name in the sentence or its paragraph (seed t019, revisions rq06)."""
    evidence = (
        "As the talks progress, they have entered a difficult phase, according to "
        "Dravenian presidential press secretary Ilse Marek."
    )
    paragraph = f"{evidence} No new call was planned, as noted by presidential aide Tomas Wend."
    wrong = checker.judge(
        "Tomas Wend said the talks had entered a difficult phase.", evidence, context=paragraph
    )
    assert wrong.verdict == "contradicted" and "wend" in wrong.missing
    # The reason names both speakers as the texts write them, not by their stems.
    assert wrong.reason == (
        "the article attributes this to Dravenian presidential press secretary Ilse Marek, not Tomas Wend"
    )
    assert checker.judge(
        "The talks have entered a difficult phase, according to presidential aide Tomas Wend.", evidence
    ).verdict == ("contradicted")
    assert checker.judge("Ilse Marek said the talks had entered a difficult phase.", evidence).supported
    # A nationality is no speaker: "Dravenian" does not make Wend's words Marek's.
    assert not checker.judge(
        "The talks have entered a difficult phase, according to Dravenian aide Tomas Wend.", evidence
    ).supported
    # An organisation is not another one that shares a word of its name.
    trust = "The Brannock Festival Trust said that 768 people have reported symptoms after the market."
    market = "According to the Brannock Lantern Market, 768 people have reported symptoms after the market."
    assert checker.judge(market, trust).verdict == "contradicted"
    assert checker.judge(market, trust).reason == (
        "the article attributes this to Brannock Festival Trust, not Brannock Lantern Market"
    )
    # A company speaks through its spokeswoman; "the council said" names no one to compare.
    varga = "Orsa Hydro spokeswoman Ilse Varga said insurers were not refusing to pay."
    assert checker.judge("Orsa Hydro said insurers were not refusing to pay.", varga).supported
    council = "The council said 315 people were still in shelters."
    assert checker.judge("Valdren County Council said 315 people were in shelters.", council).verdict != (
        "contradicted"
    )


def test_in_a_sentence_of_two_accounts_a_figure_belongs_to_the_part_that_gives_it(checker):
    """Both parties are named in the sentence: whose figure it is, its own part says (fifth
    corpus c5c045: "the NFSA said 40 tonnes" against the company's 40 and the NFSA's 52)."""
    evidence = "Orsa Hydro said 300 homes were flooded, while the Kelmar Fire Service put the number at 450."
    wrong = checker.judge("The Kelmar Fire Service said 300 homes were flooded.", evidence)
    assert wrong.verdict == "contradicted", wrong
    assert wrong.reason == "the article attributes this to Orsa Hydro, not Kelmar Fire Service"
    assert checker.judge("Orsa Hydro said 300 homes were flooded.", evidence).supported
    assert checker.judge("The Kelmar Fire Service said 450 homes were flooded.", evidence).supported
    # One account ("but" joins what one party said): nothing to tell apart.
    one = "Orsa Hydro said 300 homes were flooded, but the Kelmar Fire Service was not called."
    assert checker.judge("Orsa Hydro said 300 homes were flooded.", one).supported


def test_a_capital_at_the_start_is_not_a_name_when_it_is_a_common_word(checker):
    evidence = "Tram services between Nord and Zuid were suspended after a cable failed, operator GVB said."
    j = checker.judge("Trams between Nord and Zuid stopped after a cable failed, GVB said.", evidence)
    assert "tram" not in j.missing
    assert checker.judge("Roughly 40 trams were suspended.", "About 40 trams were suspended.").verdict != (
        "contradicted"
    )
    # A speaker keeps their name, whatever else the word means.
    assert checker.judge("Trump said the vote was rushed.", "Albers said the vote was rushed.").verdict == (
        "contradicted"
    )


def test_spoken_times_and_the_month_may(checker):
    evidence = "The first alert came at 05:10, and the report is due in May."
    assert checker.judge("The first alert came at ten past five.", evidence).supported
    assert checker.judge("The report is due in June.", evidence).verdict == "contradicted"
    assert features("Voters may decide.").months == frozenset()
    assert checker.judge("The first alert came at ten past six.", evidence).verdict == "contradicted"
    assert features("Fees went from 3 to 2 euros.").numbers == {"3", "2"}  # no clock in "3 to 2"


def test_not_until_says_when_and_a_negation_ends_with_its_clause(checker):
    evidence = "The mayor did not order an evacuation until 04:30 on Saturday."
    assert checker.judge("The mayor ordered the evacuation only at 04:30 on Saturday.", evidence).supported
    assert checker.judge("The mayor ordered an evacuation before 04:30 on Saturday.", evidence).verdict == (
        "contradicted"
    )
    # The negation's whole clause: eight words may stand between "not" and "until".
    longer = "The mayor did not order an evacuation of the riverside districts until 04:30 on Saturday."
    assert checker.judge(
        "The mayor ordered the evacuation of the riverside districts at 04:30.", longer
    ).supported
    declined = "The judge declined to say whether the phone records supported the mayor's account."
    assert checker.judge(
        "The judge would not say whether the phone records supported the mayor's account.", declined
    ).supported


def test_a_reporting_noun_or_a_capitalised_common_word_is_no_speaker(checker):
    evidence = 'Ahead of the call, Albers suggested the talks should focus on "housing and trams".'
    claim = 'Before the call, Albers said the talks should focus on "housing and trams".'
    assert checker.judge(claim, evidence).verdict != "contradicted"
    assert checker.judge('Roos said the talks should focus on "housing and trams".', evidence).verdict == (
        "contradicted"
    )


def test_a_fraction_is_the_percentage_a_paraphrase_gives():
    c = Checker()
    assert c.judge(
        "Russia controls around 20 percent of Ukraine.", "Russia controls a fifth of Ukraine."
    ).supported
    assert c.judge("Russia controls one-fifth of Ukraine.", "Russia controls a fifth of Ukraine.").supported
    assert c.judge("Russia controls a third of Ukraine.", "Russia controls a fifth of Ukraine.").verdict == (
        "contradicted"
    )


def test_figures_given_to_each_other_s_things_are_a_contradiction():
    c = Checker()
    evidence = "Divers recovered five bodies from vehicles and four more people were found dead in houses."
    swapped = c.judge(
        "Divers recovered four bodies from vehicles and five more people were found dead.", evidence
    )
    assert swapped.verdict == "contradicted" and swapped.flip == "figures"
    assert c.judge("Divers recovered five bodies from vehicles.", evidence).supported


def test_a_name_in_the_paragraph_does_not_stand_in_for_the_party_the_sentence_names():
    c = Checker()
    context = "Kestria sent 120 rescuers. Malvonia sent six units."
    wrong = c.judge(
        "Kestria sent six water units to Kelmar.", "Malvonia sent six water units to Kelmar.", context
    )
    assert not wrong.supported
    # A pronoun leaves who acts to the paragraph.
    assert c.judge(
        "Kestria sent six water units to Kelmar.", "It sent six water units to Kelmar.", context
    ).supported


def test_a_name_by_its_initials_is_the_same_name():
    c = Checker()
    assert c.judge("The UN voted on the resolution.", "The United Nations voted on the resolution.").supported
    assert c.judge("The United Nations voted on the resolution.", "The UN voted on the resolution.").supported
    assert not c.judge(
        "The EU voted on the resolution.", "The United Nations voted on the resolution."
    ).supported


def test_a_count_is_not_found_in_a_day_of_the_month():
    c = Checker()
    evidence = "Police confirmed on 7 March that nine of the 14 victims had been in vehicles."
    assert c.judge(
        "Police confirmed that seven of the 14 victims had been in vehicles.", evidence
    ).verdict == ("contradicted")
    assert c.judge(
        "On March 7th police confirmed that nine of the 14 victims had been in vehicles.", evidence
    ).supported


def test_the_parties_of_a_participle_are_compared():
    c = Checker()
    evidence = "Zelenskyy voiced concerns about Russia's intentions, accusing Putin of stalling negotiations."
    swapped = c.judge("Putin accused Zelenskyy of stalling negotiations.", evidence)
    assert swapped.verdict == "contradicted" and swapped.flip == "roles"
    assert c.judge("Zelenskyy accused Putin of stalling negotiations.", evidence).supported


def test_lacking_negates_as_without_does(checker):
    evidence = "The union will not sign a deal that is not supported by its members."
    assert checker.judge("The union would not sign a deal lacking its members' support.", evidence).flip == ""
    j = checker.judge("The union would sign a deal that is not supported by its members.", evidence)
    assert not j.supported and j.flip == "negation"


def test_a_place_inside_the_claims_place_states_it_but_not_the_other_way(checker):
    # From WordNet's part-holonyms and GeoNames' capitals, nothing written for these articles.
    kremlin = "The Kremlin has consistently resisted the involvement of NATO-aligned peacekeeping forces."
    claim = "Russia has consistently resisted the involvement of NATO peacekeeping forces."
    assert checker.judge(claim, kremlin).supported
    struck = "Drones struck Kharkiv, in north-eastern Ukraine, overnight."
    assert checker.judge("Drones struck Ukraine overnight.", struck).supported
    # Another city of the same country is still another place, and a country no city.
    assert not checker.judge("Drones struck Kyiv overnight.", struck).supported
    assert not checker.judge("Drones struck Kharkiv overnight.", "Drones struck Ukraine overnight.").supported
    # A region that is also a direction lends no name: "the West" is not Texas.
    assert not checker.judge("The West sent the aid.", "Texas sent the aid.").supported


def test_a_duration_in_another_unit_is_the_same(checker):
    lowered = "In the 48 hours before the storm the company lowered the level by only 1.1 metres."
    claim = "The company lowered the level by only 1.1 metres in the {} days before the storm."
    assert checker.judge(claim.format("two"), lowered).supported
    assert checker.judge(claim.format("three"), lowered).verdict == "contradicted"


def test_a_time_written_with_a_point_is_a_time_only_where_it_stands_as_one(checker):
    said = "Vondel said the warning only reached the centre at 02:15 the next morning."
    claim = "Vondel said the warning only reached the centre at {} the next morning."
    assert checker.judge(claim.format("2.15"), said).supported
    assert checker.judge(claim.format("3.15"), said).verdict == "contradicted"
    assert "2.15" in features("Inflation held at 2.15 percent.").numbers


def test_someone_named_in_full_whom_the_evidence_never_names_is_a_hard_fact(checker):
    # The judge is not asked about such a unit (hard_facts_missing): it read "according to
    # Peskov ... he labelled" as Ushakov's words at P 0.85.
    said = (
        "Talks have entered a difficult phase, according to Russian presidential press secretary "
        "Dmitry Peskov. He labelled Kyiv and certain European countries war hawks."
    )
    j = checker.judge("Yuri Ushakov labelled Kyiv and certain European countries war hawks.", said)
    assert not j.supported and j.unnamed and j.hard_facts_missing
    # Named in the paragraph, or by part of the name, it is the judge's to read again.
    assert not checker.judge(
        "Yuri Ushakov labelled Kyiv and certain European countries war hawks.", said, "Yuri Ushakov, an aide"
    ).unnamed
    peskov = "Dmitry Peskov labelled Kyiv and European countries war hawks."
    assert not checker.judge(peskov, said).hard_facts_missing
    # Two names joined by "and" are two names, each of which may have other forms.
    assert not checker.judge("Moscow and Washington agreed.", "Russia and the United States agreed.").unnamed


def test_irregular_forms_are_opposite_as_their_verbs_are(checker):
    fell = "The number of people listed as missing fell to 11."
    assert checker.judge("The number of people listed as missing rose to 11.", fell).flip == "opposite"
    assert checker.judge("The number of people listed as missing dropped to 11.", fell).supported


def test_an_irregular_verb_in_another_tense_is_the_same_word(checker):
    rose = "The toll rose to 11 on Friday."
    assert checker.judge("The toll has risen to 11.", rose).supported
    # So a figure in that tense is compared as a figure: another count contradicts it.
    assert checker.judge("The toll has risen to 12.", rose).verdict == "contradicted"


def test_a_verb_that_fails_or_refuses_negates_what_follows(checker):
    failed = "The summit in Geneva failed to produce a trade agreement, both delegations said."
    assert checker.judge("The summit in Geneva produced a trade agreement.", failed).flip == "negation"
    assert checker.judge("The summit in Geneva did not produce a trade agreement.", failed).supported
    assert checker.judge("The summit in Geneva was unable to produce a trade agreement.", failed).supported
    stopped = "The minister has stopped short of ordering an evacuation of the valley."
    assert checker.judge("The minister has ordered an evacuation of the valley.", stopped).flip == "negation"
    # Two negations cancel: "not refusing to pay" says they pay.
    paying = "The bank said lenders were not refusing to pay the growers."
    assert checker.judge("The bank said lenders were refusing to pay the growers.", paying).flip == "negation"
    assert checker.judge("The bank said lenders would pay the growers.", paying).supported
    # A figure after "declined to" is a fall, not a refusal.
    assert checker.judge("Exports declined to 4 percent.", "Exports declined to 4 percent in May.").supported
    # "denied getting" negates what follows as "had received no" does (dev8 c8c089); the
    # denial is still a reporting verb, and "admitted receiving" is its opposite.
    denied = "The pharmacist told the inquiry he had received no such letter from the regulator."
    verdict = checker.judge("The pharmacist denied getting the letter from the regulator.", denied)
    assert verdict.flip != "negation" and verdict.verdict != "contradicted"
    refused = "The treasurer denied receiving payments from the developer."
    admitted = "The treasurer admitted receiving payments from the developer."
    assert checker.judge(admitted, refused).flip == "negation"
    assert (
        checker.judge("The treasurer said he had not received payments from the developer.", refused).flip
        == ""
    )


def test_two_events_the_other_way_round_are_contradicted(checker):
    said = "The union insisted that wage talks should only begin after the strike has ended."
    flipped = "The union insisted that the strike should only end after wage talks have begun."
    assert checker.judge(flipped, said).flip == "order"
    assert checker.judge("The union said wage talks would begin after the strike ended.", said).supported
    # "prior to" is "before": "after" against it is the opposite word.
    prior = "Prior to the vote, the mayor resigned."
    assert checker.judge("After the vote, the mayor resigned.", prior).flip == "opposite"
    assert checker.judge("Before the vote, the mayor resigned.", prior).supported


def test_a_capital_that_acts_stands_for_its_country_but_a_capital_as_a_place_does_not(checker):
    said = "Officials in Canberra said the talks had brought Japan and Australia closer on trade."
    assert checker.judge("The talks brought Tokyo and Canberra closer on trade.", said).supported
    accused = "Australia accused Japan of breaking the fishing agreement."
    assert checker.judge("Canberra accused Japan of breaking the fishing agreement.", accused).supported
    # A capital that is struck, or where something happens, is a place.
    assert not checker.judge(
        "Storms struck Canberra overnight.", "Storms struck Australia overnight."
    ).supported
    held = "The two delegations met in Japan last week to discuss fishing quotas."
    assert not checker.judge(
        "The two delegations met in Tokyo last week to discuss fishing quotas.", held
    ).supported


def test_not_only_negates_nothing(checker):
    said = "The deal covers not only wheat but also maize and barley."
    assert checker.judge("The deal covers wheat, maize and barley.", said).supported
    assert checker.judge("The deal does not cover wheat.", said).flip == "negation"


def test_once_a_thing_happens_is_after_it(checker):
    before = "The ministry said it would respond in writing before the final report is published."
    once = "The ministry said it would respond in writing once the final report has been published."
    assert checker.judge(once, before).flip == "opposite"
    assert checker.judge(once, before.replace("before", "after")).supported
    # "once" as "formerly" orders nothing.
    assert checker.judge(
        "Kelmar, once the largest town, flooded.", "Kelmar, the largest town, flooded."
    ).supported


def test_another_period_of_the_same_unit_is_another_time(checker):
    said = "The committee would question the director at a hearing next week, its chair said."
    j = checker.judge("The committee would question the director at a hearing later this week.", said)
    assert j.verdict == "contradicted" and j.hard_facts_missing and j.differing == ("next week",)
    assert checker.judge(
        "The committee would question the director at a hearing in the coming week.", said
    ).supported
    # A period the evidence does not give is a detail it lacks, not a contradiction.
    assert (
        checker.judge(
            "The committee would question the director at a hearing next month.",
            "The committee would question the director at a hearing.",
        ).verdict
        != "contradicted"
    )


def test_at_the_same_time_is_not_before_or_after(checker):
    until = "The mayor urged residents not to return home until engineers had checked the embankments."
    j = checker.judge(
        "The mayor told residents they could return home while engineers checked the embankments.", until
    )
    assert j.flip == "opposite", j
    during = "Two bridges collapsed during the storm on Friday."
    assert checker.judge("Two bridges collapsed after the storm on Friday.", during).flip == "opposite"
    assert checker.judge("Two bridges collapsed during the storm on Friday.", during).supported


def test_a_count_is_not_a_rank(checker):
    said = "The US voted with Russia in two votes marking the third anniversary of the invasion."
    j = checker.judge(
        "The US voted with Russia in three votes marking the third anniversary of the invasion.", said
    )
    assert j.verdict == "contradicted" and j.missing == ("3",) and j.differing == ("2",)
    assert checker.judge(
        "The US voted with Russia twice, marking the invasion's third anniversary.", said
    ).verdict != ("contradicted")
    assert checker.judge(
        "In two votes marking the third anniversary, the US voted with Russia.", said
    ).supported


def test_another_point_of_the_compass_is_another_place(checker):
    said = "The plant in southern Ukraine has been under Russian control since the early days of the war."
    j = checker.judge(
        "The plant in eastern Ukraine has been under Russian control since early in the war.", said
    )
    assert j.verdict == "contradicted" and j.hard_facts_missing and j.differing == ("south",)
    assert checker.judge(
        "The plant in the south of Ukraine has been under Russian control since early in the war.", said
    ).supported
    # A direction the evidence does not give is a detail it lacks, not a contradiction.
    assert (
        checker.judge(
            "The plant in eastern Ukraine is under Russian control.",
            "The plant in Ukraine is under Russian control.",
        ).verdict
        != "contradicted"
    )


def test_the_paragraphs_weekday_does_not_stand_in_for_the_sentences_own(checker):
    said = "The first round of talks began at 18:00 on Tuesday at the Labour Ministry."
    around = "Lind on Monday appointed a mediator. " + said
    j = checker.judge(
        "The first round of talks began at 18:00 on Monday at the Labour Ministry.", said, around
    )
    assert j.verdict == "contradicted" and j.differing == ("tuesday",)
    # With no weekday of its own, the sentence's day is the paragraph's ("then").
    then = "The first round of talks began at 18:00 then at the Labour Ministry."
    assert checker.judge(
        "The first round of talks began at 18:00 on Monday at the Labour Ministry.", then, around
    ).supported


def test_parties_named_by_initials_are_the_same_parties(checker):
    said = "A judge ruled for Saltmere Container Terminals, which sued the Estravan Dock Workers Union."
    j = checker.judge("A judge ruled for the EDWU, which sued Saltmere Container Terminals.", said)
    assert j.flip == "roles"
    assert checker.judge("A judge ruled for SCT, which sued the EDWU.", said).supported


def test_hours_alone_and_percent_signs_read_as_their_figures(checker):
    said = "Dockers stopped work at 06:00 on Friday; the share in favour was unchanged at 82%."
    assert checker.judge(
        "Dockers stopped work at 6 a.m. on Friday, and 82 percent were in favour.", said
    ).supported
    assert checker.judge(
        "Dockers stopped work at 6 p.m. on Friday, and 82 per cent were in favour.", said
    ).verdict == ("contradicted")


def test_both_is_two(checker):
    said = "Lind urged both sides to return to the table."
    assert checker.judge("Lind urged the two sides to return to the table.", said).supported
    assert not checker.judge("Lind urged the three sides to return to the table.", said).supported


def test_a_single_one_is_one(checker):
    """ "The cases had one source" against "these cases share a single source" (dev5 c5c015, a
    right paraphrase) was rejected: "one" was a figure the evidence lacked."""
    said = '"The genetic match is very close, which tells us these cases share a single source," Okafor said.'
    assert checker.judge(
        "Okafor said the close genetic match showed the cases had one source.", said
    ).supported
    assert not checker.judge(
        "Okafor said the genetic match showed the cases had two sources.", said
    ).supported


def test_a_negation_ends_with_its_sentence(checker):
    said = "The talks ended without an agreement. SCT raised its offer to 4.5% during the session."
    assert checker.judge("The talks ended with an agreement.", said).flip == "negation"
    assert checker.judge("SCT raised its offer to 4.5% during the session.", said).supported


def test_the_headline_does_not_place_what_the_sentence_places_elsewhere(checker):
    headline = "Court suspends Saltmere port strike"
    said = (
        'Koslin said the union would appeal to the Court of Appeal in Veyra. "We respect the law," she said.'
    )
    j = checker.judge(
        "Koslin said the union would appeal to the Court of Appeal in Saltmere.", said, headline
    )
    assert not j.supported and "saltmer" in j.missing
    # A name the sentence leaves to its surroundings still may come from them.
    unplaced = said.replace(" in Veyra", "")
    assert checker.judge(
        "Koslin said the union would appeal to the Court of Appeal in Saltmere.", unplaced, headline
    ).supported


def test_a_claim_about_something_the_evidence_does_not_name_is_not_supported(checker):
    said = "The last full strike at Saltmere, in 2011, lasted 12 days and ended with a 5% pay rise."
    claim = "The tentative agreement ended the Saltmere strike with a 5% pay rise."
    assert not checker.judge(claim, said).supported
    # Named in the sentence's paragraph, or by a pronoun, it is there.
    paragraph = "The tentative agreement was reached on Wednesday. It ended the strike with a 5% pay rise."
    assert checker.judge(claim, "It ended the Saltmere strike with a 5% pay rise.", paragraph).supported
    assert checker.judge(
        claim, "The tentative agreement ended the Saltmere strike with a 5% pay rise."
    ).supported


def test_a_name_apposed_as_a_possessor_is_not_the_one_who_acts(checker):
    """ "Malvonia, Dravenia's southern neighbour, sent…" says Malvonia sent, not Dravenia: a
    bag of words holds both names. The model wrote "Dravenia sent…" and the judge read it
    at P 0.89; the rules now read the apposition and settle it."""
    evidence = (
        "Malvonia, Dravenia’s southern neighbour, sent six mobile water purification units and 60 "
        "engineers, who began supplying drinking water to Kelmar on Wednesday."
    )
    wrong = checker.judge("Dravenia sent six mobile water purification units and 60 engineers.", evidence)
    assert wrong.verdict == "not_found" and wrong.flip == "subject"
    for right in (
        "Malvonia sent six mobile water purification units and 60 engineers.",
        "Dravenia’s southern neighbour sent six mobile water purification units and 60 engineers.",
        "Malvonia, Dravenia's neighbour, sent six water purification units and 60 engineers.",
    ):
        assert checker.judge(right, evidence).supported, right
    # The other order of an apposition, and a possessive that is no apposition.
    other = "Dravenia's southern neighbour Malvonia sent six water purification units."
    assert not checker.judge("Dravenia sent six water purification units.", other).supported
    invasion = "Russia's invasion of Ukraine began in February 2022."
    assert checker.judge("Russia began its invasion of Ukraine in February 2022.", invasion).supported


def test_the_party_a_claim_is_against_the_other_way_round_is_contradicted(checker):
    # Common nouns, not names: the roles come from "against", not from capitals.
    evidence = "The developer said it had withdrawn the lawsuit it filed against the council in March."
    flawed = checker.judge(
        "The council withdrew the lawsuit it had filed against the developer in March.", evidence
    )
    assert flawed.verdict == "contradicted" and flawed.flip == "roles"
    right = checker.judge(
        "The developer dropped the lawsuit it filed against the council in March.", evidence
    )
    assert right.flip == "" and right.verdict != "contradicted"
    # Another "against" that the evidence does not have is no swap.
    other = checker.judge("The council, which had campaigned against the plan, was sued in March.", evidence)
    assert other.flip != "roles"


def test_a_surname_alone_and_a_title_abbreviation_name_no_one_else(checker):
    """ "Quint said the network had not paid" was contradicted as "the article gives harold,
    not brennick": the first name of the person the claim calls by surname, and "Dr." before
    a name, were read as other people, and so the headline could not name the network."""
    headline = "Tarnwick Water Board fined over spill"
    evidence = "Chief engineer Tomas Reyka said the board had not paid the fine."
    context = f"{headline}\n{evidence}"
    assert checker.judge("Reyka said Tarnwick had not paid the fine.", evidence, context).supported
    doctor = "The fine was not paid, said Dr. Ines Falk, the board's chair."
    assert checker.judge("Ines Falk said the fine was not paid.", doctor).supported
    chair = "Tarnwick's chair, Ines Falk, said the fine was not paid."
    assert checker.judge(chair, doctor, headline).supported
    # Another first name for the same surname is another person; so is another surname.
    for wrong in (
        "Anton Reyka said the board had not paid the fine.",
        "Falk said the board had not paid the fine.",
    ):
        assert not checker.judge(wrong, evidence, context).supported, wrong
    assert not checker.judge("Dr. Anna Falk said the fine was not paid.", doctor).supported


def test_a_short_name_ending_a_sentence_is_no_title():
    """ "… in the Black Sea. Talks …" had lost "Sea", and "… in Kyiv. The …" "Kyiv": a short
    capitalised word before a full stop and a capital was read as a title like "Dr."
    (found on held-out k11: a quote naming the Black Sea was held as not naming it)."""
    assert {"sea", "kyiv"} <= features("A ceasefire in the Black Sea. Talks in Kyiv. The end.").content
    assert "dr" not in features("said Dr. Ines Falk").content


def test_a_claim_about_the_whole_of_what_the_evidence_has_a_part_of_is_not_stated(checker):
    """ "The hackers published the data" passed against "published part of the data": every
    word was there. The dropped partitive is read, and the judge does not overrule it."""
    evidence = "The union said the council had released part of the inspection reports on Friday."
    for wrong in (
        "The council released the inspection reports on Friday.",
        "The council released all of the inspection reports on Friday.",
    ):
        j = checker.judge(wrong, evidence)
        assert not j.supported and j.flip == "part", wrong
    for right in (
        "The council released part of the inspection reports on Friday.",
        "On Friday the council released some of the inspection reports, the union said.",
    ):
        assert checker.judge(right, evidence).supported, right
    # A part named is no vague share: "the part of the ban that covers the depot" (test3's
    # c3c002, a right paraphrase, was rejected so before this was read).
    named = "The court upheld the part of the ban that covers the Lorne depot."
    assert checker.judge("The court upheld the ban for the Lorne depot.", named).flip != "part"
    # Membership is no part: "is part of the alliance" states "belongs to the alliance".
    member = "Tarnwick is part of the regional water alliance, the board said."
    assert checker.judge("Tarnwick is part of the regional water alliance.", member).supported


def test_another_party_doing_the_act_is_a_flip_of_roles(checker):
    """ "Brennick demanded $4.5 million" where the article's "demanded" has only the hacker
    group before it: the headline names Brennick, so a bag of words read it as stated."""
    evidence = "In a post on its site, the group (Voltmark) demanded a payment and later published the files."
    flawed = checker.judge("Tarnwick demanded a payment.", evidence, "Voltmark attacks Tarnwick")
    assert not flawed.supported and flawed.flip == "roles"
    assert checker.judge("Voltmark demanded a payment.", evidence).supported
    # Another subject of another act is no swap; nor is a passive.
    assert checker.judge("Voltmark had published the files.", evidence).flip != "roles"
    passive = "The payment was demanded by Voltmark, the council said."
    assert checker.judge("Voltmark demanded the payment.", passive).flip != "roles"
    # A place before a passive's participle is not who acted (test3's c3c003, a right
    # paraphrase, was rejected so before this was read).
    chaired = "The deal came after a 12-hour session in Lorne chaired by mediator Ida Brask."
    assert checker.judge("Mediator Ida Brask chaired the 12-hour session in Lorne.", chaired).supported


def test_another_party_doing_what_a_modal_verb_says_is_a_flip_of_roles(checker):
    """ "Aurvik Air will take over 12 aircraft" where the article's buyer will: the verb after
    "will" has no past-tense form to read, so only the past tense was compared before."""
    evidence = (
        "Under the deal, Brightwing will also take over 9 ferries from Kessel Lines, "
        "after two banks refused to transfer their loans."
    )
    flawed = checker.judge("Kessel Lines will take over 9 ferries.", evidence)
    assert not flawed.supported and flawed.flip == "roles", flawed
    assert checker.judge("Brightwing will take over 9 ferries from Kessel Lines.", evidence).supported
    # The party may stand before "would not" too; another verb of another party is no swap.
    refused = "Kessel Lines would not sell its port, but Brightwing could buy the ferries."
    assert checker.judge("Brightwing could buy the ferries.", refused).flip != "roles"
    assert checker.judge("Kessel Lines could buy the ferries.", refused).flip == "roles"


def test_a_negation_of_an_irregular_verbs_other_form_is_a_flip(checker):
    """ "did not keep operating" against "kept operating": the stemmer leaves "kept" as it is,
    so the negated words were not found stated and the claim read as supported."""
    evidence = "Two ferries were cancelled; the night service to Orrin kept running, the operator said."
    flawed = checker.judge("The night service to Orrin did not keep running, the operator said.", evidence)
    assert not flawed.supported and flawed.flip == "negation", flawed
    assert checker.judge("The night service to Orrin kept running, the operator said.", evidence).supported
    sold = "The council has not yet sold the depot, officials said."
    assert checker.judge("The council sold the depot.", sold).flip == "negation"
    # Not yet done is still going on, in an irregular verb's forms too.
    selling = "The agent was still selling the villa on Friday."
    assert checker.judge("The villa had not yet been sold on Friday.", selling).flip != "negation"


def test_a_negation_ends_before_who_said_it_and_cancels_against_without(checker):
    # dev5 c5c009: "were not exported, the authority said" negated "exported" and "authority",
    # a pair the article never states, so "were exported …, the authority said" was no flip.
    evidence = (
        "The boats are sold across the region and were exported to two neighbouring states, the agency said."
    )
    flawed = checker.judge("The boats were not exported, the agency said.", evidence)
    assert not flawed.supported and flawed.flip == "negation", flawed
    # "cannot be settled without pressure" denies neither the settling nor the pressure.
    needed = 'The row cannot be settled without pressure, he wrote. "Pressure on Verlan is needed."'
    assert checker.judge("Pressure on Verlan is needed, he wrote.", needed).flip != "negation"


def test_not_yet_done_is_what_is_still_going_on(checker):
    # dev9 c9c064: "charges had not yet been decided" against "her office was still deciding
    # what charges to bring" was read as a dropped negation.
    evidence = "Election officials in Marrow were still counting the postal ballots on Sunday evening."
    claim = "The postal ballots in Marrow had not yet been counted on Sunday evening, officials said."
    assert checker.judge(claim, evidence).flip != "negation"
    done = "The postal ballots in Marrow had been counted on Sunday evening, officials said."
    assert checker.judge(claim, done).flip == "negation"


def test_parties_named_by_common_nouns_the_other_way_round_are_a_flip_of_roles(checker):
    # dev9 c9c006: "Galleries ... urged the police to watch" where police urged the galleries.
    evidence = (
        "Firefighters urged residents of the valley, including in Ardmoor, to leave their homes at once."
    )
    flawed = checker.judge(
        "Residents of the valley, including in Ardmoor, urged firefighters to leave at once.", evidence
    )
    assert not flawed.supported and flawed.flip == "roles", flawed
    right = "Residents of the valley, including in Ardmoor, were urged by firefighters to leave their homes."
    assert checker.judge(right, evidence).supported
    assert checker.judge(
        "Firefighters urged valley residents to leave their homes at once.", evidence
    ).supported


@pytest.mark.parametrize(
    "claim,wrong,evidence",
    [
        (
            "The last train left at twenty to midnight.",
            "The last train left at ten past midnight.",
            "The last train left at 11:40 p.m.",
        ),
        (
            "Bids must be in by 12 noon on Friday.",
            "Bids must be in by 12 on Friday.",
            "Bids are due by noon on Friday.",
        ),
    ],
)
def test_spoken_times_of_midnight_and_noon_are_the_clock_time(checker, claim, wrong, evidence):
    # dev6 c6c051, c6c053: right paraphrases had been judged not found or contradicted.
    assert checker.judge(claim, evidence).verdict == "supported"
    assert checker.judge(wrong, evidence).verdict != "supported"


def test_a_speaker_named_before_an_apposition_is_the_one_who_said_it(checker):
    """dev6 c6c087: the quote is the spokeswoman's; the director, named in the same span, did
    not comment. The claim reports the quote in its own words as the director's."""
    evidence = (
        '"The rules do not oblige us to warn a club that can no longer pay its players," said Mira '
        "Ostrow, a spokeswoman for the league. Jan Pellet, the league's chief executive, did not comment."
    )
    wrong = (
        "Jan Pellet, the league's chief executive, said the rules did not oblige the league to warn a "
        "club that could no longer pay its players."
    )
    judged = checker.judge(wrong, evidence)
    assert judged.verdict == "contradicted" and "pellet" in judged.missing
    right = wrong.replace("Jan Pellet, the league's chief executive,", "Mira Ostrow, a league spokeswoman,")
    assert checker.judge(right, evidence).verdict == "supported"
    # Past two appositions, the speaker is still the one named first (test6 c6c056 had read
    # "Strand & Hegg" of "an analyst with Strand & Hegg, a brokerage," as the speaker).
    right = wrong.replace(
        "Jan Pellet, the league's chief executive,",
        "Mira Ostrow, a spokeswoman who answers to Jan Pellet, the league's chief executive,",
    )
    assert checker.judge(right, evidence).verdict == "supported"


def test_the_same_thing_in_another_place_is_contradicted(checker):
    """dev6 c6c065: the evidence names both towns, but the depot is in the other one."""
    evidence = "The deal covers its ticket office at Harwick Station and its training ground in Dunmore."
    judged = checker.judge("The deal covers the club's training ground in Harwick.", evidence)
    assert judged.verdict == "contradicted" and "dunmor" in judged.differing
    assert (
        checker.judge("The deal covers the club's training ground in Dunmore.", evidence).verdict
        == "supported"
    )


def test_the_party_sued_the_other_way_round_across_a_long_phrase_is_a_flip(checker):
    # dev6 c6c093: "filed a lawsuit at the X Court against Y" against Y's suit against X.
    evidence = (
        "Mira Ostrow, who left the league in May, filed a lawsuit against Harwick United at the High Court."
    )
    wrong = "Harwick United filed a lawsuit at the Dunmore High Court against Mira Ostrow."
    assert checker.judge(wrong, evidence).flip == "roles"


def test_an_ordinal_in_other_words_is_the_same_rank(checker):
    # dev7 c7c053: "an initial police estimate" states "the police's first estimate" (WordNet's
    # similar adjectives of "first"); another rank still differs.
    evidence = "The council's initial estimate put the repair bill at 3.2 million pounds."
    assert checker.judge("The council's first estimate put the repair bill at £3.2m.", evidence).supported
    wrong = checker.judge("The council's second estimate put the bill at 3.2 million pounds.", evidence)
    assert not wrong.supported and "2" in wrong.missing


@pytest.mark.parametrize(
    "written,figure",
    [("£3.2m", "3.2 million pounds"), ("$5bn", "5 billion dollars"), ("€40k", "40 thousand euros")],
)
def test_money_abbreviated_as_newsrooms_write_it_is_the_figure(checker, written, figure):
    evidence = f"The council said the repairs would cost {figure}."
    assert checker.judge(f"The council said the repairs would cost {written}.", evidence).supported
    assert not checker.judge("The council said the repairs would cost £3.9m.", evidence).supported


def test_a_bare_m_after_a_figure_may_be_metres(checker):
    evidence = "The council said the new tower would be 48 metres tall."
    judged = checker.judge("The council said the new tower would be 48m tall.", evidence)
    assert judged.verdict != "contradicted"


def test_a_speaker_the_evidence_names_only_as_the_one_called_did_not_say_it(checker):
    # dev7 c7c077 (search): "Kvell said he … made a call to Odlander" was read as support for
    # "Odlander confirmed that Kvell had telephoned him": Odlander, named there, was taken as
    # a party of the sentence's account. Named after "to", he is the one called.
    evidence = "Ms Harte said she had written to Councillor Bryce about the leak on 4 May."
    wrong = checker.judge("Bryce confirmed that Ms Harte had written to him about the leak.", evidence)
    assert wrong.verdict == "contradicted" and "bryce" in wrong.missing, wrong
    assert checker.judge("Harte said she had written to Bryce about the leak on 4 May.", evidence).supported
    said = "The leak was reported on 4 May, according to Councillor Bryce."
    assert checker.judge("Bryce said the leak was reported on 4 May.", said).supported
    # A place the claim also names after a preposition ("Harte of Dunmore said") is no speaker.
    local = "Jo Harte, a retired nurse from Dunmore, said she had written to the council twice."
    assert checker.judge(
        "A retired nurse, Jo Harte of Dunmore, said she wrote to the council twice.", local
    ).supported


def test_a_participle_clause_before_the_speaker_names_the_topic_not_who_speaks(checker):
    # dev8 c8c040: "Asked about the Northgate box, he said: ..." was read as Northgate saying it.
    said = (
        'Mayor Ruth Calloway said the budget "balanced every account". Asked about the Harbour '
        'Road closure, she said: "It was the right call, and we would make it again."'
    )
    claim = "Calloway said the Harbour Road closure was the right call and that she would make it again."
    assert checker.judge(claim, said).verdict != "contradicted"
    # Someone else saying it is still misattributed.
    other = 'Asked about the Harbour Road closure, Councillor Ben Ashdown said: "It was the right call."'
    verdict = checker.judge("Calloway said the Harbour Road closure was the right call.", other)
    assert verdict.verdict == "contradicted"


def test_what_went_to_one_and_came_from_another_the_other_way_round_is_contradicted(checker):
    # dev8 c8c050: "florins paid by the campaign to seven companies" against donations to it
    # from them.
    said = (
        "The regulator said its inquiry into gifts to the Blue Party now covers 40,000 pounds from six firms."
    )
    flipped = "The regulator said its inquiry covers 40,000 pounds paid by the Blue Party to six firms."
    assert checker.judge(flipped, said).flip == "roles"
    assert checker.judge(flipped, said).verdict == "contradicted"
    right = "The regulator said its inquiry covers 40,000 pounds given to the Blue Party by six firms."
    assert checker.judge(right, said).verdict != "contradicted"


def test_no_more_than_a_figure_is_a_cap_not_a_negation(checker):
    # dev8 c8c047: "no single company may give more than 20,000 florins" against "caps donations
    # from any single company at 20,000 florins" was read as a dropped negation.
    capped = "The scheme caps payments to each household at 300 euros a month."
    bound = "No household may receive more than 300 euros a month under the scheme."
    assert checker.judge(bound, capped).flip == ""
    assert checker.judge(bound, capped).verdict != "contradicted"
    assert checker.judge(bound.replace("300", "500"), capped).verdict == "contradicted"


def test_an_organisation_called_by_its_first_word_is_the_name_the_article_gives_in_full(checker):
    """ "Sorrel Airways will take over 12 aircraft" against "Sorrel will take over 12 aircraft
    from Aurvik Air", the article having named "Sorrel Airways" once: the evidence's other
    name made "Airways" read as a name it contradicts, so the right draft was refused."""
    evidence = "Under the deal, Brightwing will take over 9 ferries from Kessel Lines."
    context = f"Ferry sale approved\n{evidence}\nKessel Lines\nBrightwing Maritime"
    assert checker.judge("Brightwing Maritime will take over 9 ferries.", evidence, context).supported
    # Only the name the article gives: another company of that first word is another company.
    other = checker.judge("Brightwing Holdings will take over 9 ferries.", evidence, context)
    assert not other.supported and "hold" in other.missing, other
    wrong = checker.judge("Kessel Maritime will take over 9 ferries.", evidence, context)
    assert not wrong.supported, wrong
    # Nor where the evidence's word is part of another name of its own.
    held = "Under the deal, Brightwing Holdings will take over 9 ferries from Kessel Lines."
    assert not checker.judge("Brightwing Maritime will take over 9 ferries.", held, context).supported
    # Nor where the surroundings begin other names with it too: "Russian" in "Russian forces
    # launched 137 drones" is no short form of "the Russian Defense Ministry" (seed u02).
    both = f"{context}\nBrightwing Holdings"
    assert not checker.judge("Brightwing Maritime will take over 9 ferries.", evidence, both).supported


def test_names_on_separate_lines_are_separate_names():
    """The surroundings list the full names one a line; read as one run of words, "Kessel
    Lines" and "Brightwing Maritime" were one name of four words."""
    runs = [sorted(keys) for _i, keys in features("Kessel Lines\nBrightwing Maritime").full_names]
    assert [len(keys) for keys in runs] == [2, 2] and ["kessel", "line"] in runs, runs


def test_a_word_spelt_the_british_or_the_american_way_is_one_word(checker):
    """Seed held-out h038 and h054 (test pairs, read after the fact): "Defence Ministry" was
    a different name from "Defense Ministry", and the right paraphrase was contradicted."""
    evidence = "The Harbour Defense Agency said the new centre would organize 40 patrols a month."
    same = "The Harbour Defence Agency said the new center would organise 40 patrols a month."
    assert checker.judge(same, evidence).verdict == "supported"
    # A different name stays different.
    other = checker.judge("The Harbour Offence Agency said the centre would organise 40 patrols.", evidence)
    assert not other.supported, other


def test_a_passive_without_its_agent_names_no_one_who_acted(checker):
    """'Drones were intercepted, according to the ministry' says who reported it, not who
    intercepted; the parties are not reversed against 'the ministry reported intercepting'."""
    evidence = "The Kessel Navy Ministry reported intercepting 12 Dorran drones."
    claim = "Twelve Dorran drones were intercepted, according to the Kessel Navy Ministry."
    assert checker.judge(claim, evidence).verdict == "supported"
    # An agent after "by" still names who acted, and reversed parties are still read.
    reversed_ = checker.judge("Twelve Kessel drones were intercepted by Dorran forces.", evidence)
    assert reversed_.verdict == "contradicted", reversed_


@pytest.mark.parametrize(
    ("evidence", "flawed", "flip", "right"),
    [
        # dev4 c4c019: "resumed at 7 a.m. and stopped at 9:40 p.m." against "stopped at 7 a.m.
        # and resumed at 9:40 p.m." holds every word and figure of the article.
        (
            "The Lerwen ferry terminal closed its gates at 6 a.m. and reopened at 2:15 p.m. on Friday.",
            "The Lerwen ferry terminal reopened its gates at 6 a.m. and closed at 2:15 p.m. on Friday.",
            "figures",
            "On Friday the Lerwen ferry terminal reopened at 2:15 p.m., having closed its gates at 6 a.m.",
        ),
        # dev c2c042: "above the 7.9 metres of 1998" against "close to the 7.9 metres".
        (
            "Turnout reached 61 percent on Sunday, close to the 64 percent of the last election.",
            "Turnout reached 61 percent on Sunday, above the 64 percent of the last election.",
            "opposite",
            "On Sunday turnout reached 61 percent, close to the 64 percent of the last election.",
        ),
    ],
    ids=["figures-swapped-between-verbs", "beyond-a-mark-only-neared"],
)
def test_a_flip_that_keeps_every_word_and_figure_is_contradicted(checker, evidence, flawed, flip, right):
    j = checker.judge(flawed, evidence)
    assert j.verdict == "contradicted" and j.flip == flip, j
    assert checker.judge(right, evidence).verdict == "supported"
