"""kbgen.search without a build: words, shards, typo correction, synonyms, ranking, config."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.config import load_config
from kbgen.errors import ConfigError
from kbgen.search import ranking
from kbgen.search.synonyms import synonyms_for
from kbgen.search.text import STOP_WORDS, content_words, shard_of, words
from kbgen.search.typos import best_correction, deletes, distance, max_edits, typo_keys

LETTERS = st.text(alphabet=string.ascii_lowercase, min_size=6, max_size=12)
VOCABULARY = ("invoice", "password", "refund", "webhook", "quickbooks", "subscription")


def correct(word: str, vocabulary: tuple[str, ...] = VOCABULARY) -> str | None:
    """Correction as the engines do it: candidates met under the word's delete keys."""
    keys = typo_keys(vocabulary)
    candidates = {found for key in deletes(word) for found in keys.get(key, [])}
    return best_correction(word, candidates, dict.fromkeys(vocabulary, 1))


def edits(word: str) -> list[str]:
    """Every string one deletion, insertion, substitution or adjacent swap from ``word``."""
    out = set()
    for at in range(len(word) + 1):
        for letter in string.ascii_lowercase:
            out.add(word[:at] + letter + word[at:])
            if at < len(word):
                out.add(word[:at] + letter + word[at + 1 :])
        if at < len(word):
            out.add(word[:at] + word[at + 1 :])
        if at < len(word) - 1:
            out.add(word[:at] + word[at + 1] + word[at] + word[at + 2 :])
    out.discard(word)
    return sorted(out)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("passwrod", "password"), ("invocie", "invoice"), ("refnud", "refund"),
     ("webhok", "webhook"), ("quickbook", "quickbooks"), ("subscripton", "subscription"),
     ("pasword", "password"), ("invoicee", "invoice")],
)  # fmt: skip
def test_misspellings_are_corrected_to_the_site_word(typed: str, meant: str) -> None:
    """A missing, extra, changed or swapped letter is corrected to the site's word."""
    assert correct(typed) == meant


@given(st.sampled_from(VOCABULARY), st.data())
def test_every_single_edit_of_a_site_word_comes_back(word: str, data: st.DataObject) -> None:
    """Property: any one edit of a site word is corrected to a site word one edit away."""
    typed = data.draw(st.sampled_from(edits(word)))
    if typed in VOCABULARY:
        return
    fixed = correct(typed)
    assert fixed is not None and distance(typed, fixed) == 1


@given(LETTERS)
@settings(max_examples=200)
def test_a_correction_is_never_further_than_allowed(typed: str) -> None:
    """Property: a correction is within max_edits of what was typed, or there is none."""
    fixed = correct(typed)
    assert fixed is None or (fixed in VOCABULARY and distance(typed, fixed) <= max_edits(typed))


@pytest.mark.parametrize("gibberish", ["xyzzy", "qwrtpl", "zzkx", "asdfghjkl", "vxqj"])
def test_gibberish_is_not_corrected(gibberish: str) -> None:
    """A word close to nothing on the site stays unknown."""
    assert correct(gibberish) is None


@pytest.mark.parametrize(
    ("typed", "vocabulary"),
    [("knit", ("unit",)), ("bake", ("take",)), ("tyre", ("type",)), ("peru", ("per",)),
     ("cake", ("take", "care"))],
)  # fmt: skip
def test_words_under_five_letters_are_never_corrected(
    typed: str, vocabulary: tuple[str, ...]
) -> None:
    """One edit from a short word is usually another real word: below 5 letters, none."""
    assert correct(typed, vocabulary) is None


@given(st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=12))
def test_edits_allowed_grow_with_the_word(typed: str) -> None:
    """Property: no edit below 5 letters, one up to 8, two from 9 (Meilisearch's defaults)."""
    expected = 0 if len(typed) < 5 else 1 if len(typed) < 9 else 2
    assert max_edits(typed) == expected


@given(LETTERS, LETTERS)
def test_distance_is_a_symmetric_measure(a: str, b: str) -> None:
    """Property: distance is symmetric, zero only for equal words, at most the longer length."""
    assert distance(a, b) == distance(b, a)
    assert (distance(a, b) == 0) == (a == b)
    assert distance(a, b) <= max(len(a), len(b))


@given(st.text(min_size=0, max_size=20), st.integers(min_value=1, max_value=4096))
def test_shards_are_in_range(key: str, shards: int) -> None:
    """Property: every key has one shard in range."""
    assert 0 <= shard_of(key, shards) < shards


def test_shard_of_matches_the_browser_fnv1a() -> None:
    """FNV-1a 32-bit of the UTF-8 bytes (the values search-engine.js computes)."""
    assert shard_of("", 2**32) == 0x811C9DC5
    assert shard_of("a", 2**32) == 0xE40C292C
    assert shard_of("foobar", 2**32) == 0xBF9CF968


@pytest.mark.parametrize(
    ("query", "expected"),
    [("How do I give a customer their money back?", ["give", "customer", "money", "back"]),
     ("where is my invoice", ["invoice"]), ("how to", ["how", "to"]),
     ("Reset PASSWORD password", ["reset", "password"])],
)  # fmt: skip
def test_content_words_drop_question_and_stop_words(query: str, expected: list[str]) -> None:
    """Question and stop words need not match; a query of only those keeps them."""
    assert content_words(query) == expected


def test_words_are_letters_and_digits_lower_cased() -> None:
    """Punctuation separates words; accents and digits are kept."""
    assert words("Café-Zahlung: 2FA, invoice.paid") == ["café", "zahlung", "2fa", "invoice", "paid"]


@pytest.mark.parametrize(
    ("text", "added"),
    [("How to issue a refund", ["money back", "reimburse"]),
     ("Get your MONEY BACK fast", ["refund", "reimburse"]),
     ("Refunds and credit notes", []), ("nothing relevant", [])],
)  # fmt: skip
def test_synonyms_are_added_for_whole_terms_only(text: str, added: list[str]) -> None:
    """A page holding one term of a group gets the group's other terms, whole words only."""
    assert synonyms_for(text, [("refund", "money back", "reimburse")]) == added


def test_fusion_ranks_articles_first_at_equal_relevance() -> None:
    """Same word and meaning scores: the article comes before the roadmap and changelog."""
    kinds = ["Changelog", "Roadmap", "Article"]
    fused = ranking.fuse({0: 1.0, 1: 1.0, 2: 1.0}, [0.5, 0.5, 0.5], kinds)
    assert [page for page, _ in fused] == [2, 1, 0]


def test_nothing_confident_gives_no_results() -> None:
    """Weak word coverage and weak meaning: no results, not the least bad ones."""
    weak = ranking.MIN_COVERAGE / 2
    assert ranking.fuse({0: weak}, [ranking.MIN_SEMANTIC / 2], ["Article"]) == []


def test_partial_coverage_ranks_by_idf_weight() -> None:
    """A page holding the rare word ranks above one holding only the common word."""
    weights = {"refund": ranking.idf(2, 100), "customer": ranking.idf(60, 100)}
    scores = ranking.coverage_scores({"refund": {0: 1.0}, "customer": {1: 1.0, 0: 0.2}}, weights)
    assert scores[0] > scores[1]
    assert scores[1] < ranking.MIN_COVERAGE < scores[0] + 1e-9


@given(
    st.floats(min_value=0.1, max_value=10), st.floats(min_value=0.1, max_value=10),
    st.floats(min_value=0.01, max_value=1),
)  # fmt: skip
def test_a_corrected_word_covers_less_than_the_word_as_typed(
    rare: float, common: float, score: float
) -> None:
    """Property: the same match counts CORRECTED_SHARE as much when the word was a correction,
    and a query of one corrected word still reaches MIN_COVERAGE on its best page."""
    weights = {"refund": rare, "customer": common}
    matches = {"refund": {0: score}, "customer": {1: score}}
    typed = ranking.coverage_scores(matches, weights)
    fixed = ranking.coverage_scores(matches, weights, {"refund"})
    assert fixed[0] == pytest.approx(typed[0] * ranking.CORRECTED_SHARE)
    assert fixed[1] == pytest.approx(typed[1])
    alone = ranking.coverage_scores({"refund": {0: score}}, {"refund": rare}, {"refund"})
    assert alone[0] >= ranking.MIN_COVERAGE


@pytest.mark.parametrize("share", [0.0, 0.2, ranking.MIN_COVERAGE - 0.01])
def test_meaning_from_a_small_part_of_the_query_is_not_confident(share: float) -> None:
    """A close meaning built from a few of the query's words (the rest unknown) gives no
    results alone; from most of the query it does."""
    close = [ranking.MIN_SEMANTIC + 0.1, 0.0]
    assert ranking.fuse({}, close, ["Article", "Article"], meaning_share=share) == []
    assert ranking.fuse({}, close, ["Article", "Article"], meaning_share=1.0)[0][0] == 0


@pytest.mark.parametrize(
    ("section", "line", "message"),
    [("search:\n  semantic: maybe\n", 3, "'search.semantic' must be true or false"),
     ("search:\n  synonyms: [refund]\n", 3, "'search.synonyms[0]' must be a list of terms"),
     ("search:\n  synonyms:\n    - [refund]\n", 4, "'search.synonyms[0]' must list at least two"),
     ("search:\n  synonyms:\n    - [a, '']\n", 4, "'search.synonyms[0][1]' must be a non-empty"),
     ("search:\n  fuzzy: true\n", 3, "unknown key 'search.fuzzy'"),
     ("search: [semantic]\n", 2, "'search' must be a mapping")],
)  # fmt: skip
def test_bad_search_settings_name_the_key_and_line(
    tmp_path: Path, section: str, line: int, message: str
) -> None:
    """Each bad value is a site_config.yml:line error naming the key."""
    config = tmp_path / "site_config.yml"
    config.write_text("site_name: Help\n" + section, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    assert f"{config}:{line}: {message}" in str(raised.value)


def test_search_settings_default_and_parse(tmp_path: Path) -> None:
    """semantic defaults to true; synonym groups are read lower-cased, duplicates dropped."""
    config = tmp_path / "site_config.yml"
    config.write_text("site_name: Help\n", encoding="utf-8")
    assert load_config(config).search.semantic is True
    config.write_text(
        "site_name: Help\nsearch:\n  semantic: false\n  synonyms:\n"
        "    - [Refund, money  back, refund]\n",
        encoding="utf-8",
    )
    search = load_config(config).search
    assert search.semantic is False
    assert search.synonyms == (("refund", "money back"),)


def test_stop_words_are_lower_case_words() -> None:
    """The stop list is what words() produces (else it could never match)."""
    assert all(words(word) == [word] or "'" in word for word in STOP_WORDS)
