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
