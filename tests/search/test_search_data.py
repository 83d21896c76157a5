"""kbgen's search data in real builds, searched from Python (kbgen.search.query)."""

from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kbgen.mkdocs.build import build_site
from kbgen.search import model
from kbgen.search.bundle import (
    DATA_DIR,
    VECTORS,
    pack_ids,
    pack_signs,
    pagefind_preload,
    unpack_ids,
    unpack_signs,
)
from kbgen.search.query import answer, search
from tests.conftest import article
from tests.mkdocs.test_search_index import fragments

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The repository's demo help centre, built once (from the Linear snapshot)."""
    with pytest.MonkeyPatch.context() as env:
        env.delenv("LINEAR_API_KEY", raising=False)
        yield build_site(REPO / "site_config.yml", tmp_path_factory.mktemp("demo") / "site")


def small_site(root: Path, search_section: str) -> Path:
    """Three articles and a ``search:`` section, built."""
    return build_site(small_project(root, search_section), root / "site")


def small_project(root: Path, search_section: str) -> Path:
    """Three articles and a ``search:`` section; the path of its site_config.yml."""
    (root / "content" / "billing").mkdir(parents=True)
    (root / "site_config.yml").write_text(f"site_name: Help\n{search_section}", "utf-8")
    pages = {
        "billing/refunds.md": article("Issue a refund", body="Refund a card payment.\n"),
        "billing/invoices.md": article("Send an invoice", body="Email an invoice.\n"),
        "billing/cards.md": article("Update your card", body="Change the card we charge.\n"),
    }
    for name, text in pages.items():
        (root / "content" / name).write_text(text, "utf-8")
    return root / "site_config.yml"


def urls(hits: list) -> list[str]:
    return [hit.url for hit in hits]


def test_search_data_is_written_next_to_pagefind(demo: Path) -> None:
    """meta.json, page chunks, word and typo shards and one 256-bit vector per page."""
    meta = json.loads((demo / DATA_DIR / "meta.json").read_text("utf-8"))
    assert meta["semantic"] is True
    ids = unpack_ids(meta["pagefind_ids"])
    assert len(ids) == len(meta["kinds"]) == meta["docs"] > 39
    assert all((demo / "pagefind" / "fragment" / f"{i}.pf_fragment").is_file() for i in ids)
    vectors = json.loads((demo / DATA_DIR / VECTORS).read_text("utf-8"))
    assert len(base64.b64decode(vectors)) == meta["dims"] * ((meta["docs"] + 7) // 8)
    assert set(meta["kinds"]) == {"A", "R", "C"}
    assert meta["client"]["support"]["label"] == "Contact support"


def test_pagefind_start_files_are_named_for_early_fetching(demo: Path) -> None:
    """meta.json names the files Pagefind fetches one after another as it starts (index
    metadata, WebAssembly), so the engine fetches them at once; both exist in the site."""
    meta = json.loads((demo / DATA_DIR / "meta.json").read_text("utf-8"))
    entry = json.loads((demo / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    [language] = entry["languages"].values()
    assert meta["preload"] == [
        f"pagefind/pagefind.{language['hash']}.pf_meta",
        f"pagefind/wasm.{language['wasm']}.pagefind",
    ]
    assert all((demo / path).is_file() for path in meta["preload"])


def test_filter_counts_are_pagefinds(demo: Path) -> None:
    """meta.json's filter values and page counts are those of Pagefind's own filters (read
    from every page's fragment), so the chips need no Pagefind filter file."""
    meta = json.loads((demo / DATA_DIR / "meta.json").read_text("utf-8"))
    counted: dict[str, dict[str, int]] = {}
    for page in fragments(demo):
        for name, values in (page.get("filters") or {}).items():
            for value in values:
                counted.setdefault(name, {}).setdefault(value, 0)
                counted[name][value] += 1
    assert meta["filters"] == counted


@given(
    st.integers(min_value=1, max_value=40).flatmap(
        lambda docs: st.lists(
            st.lists(st.floats(-1, 1, allow_nan=False), min_size=16, max_size=16),
            min_size=docs, max_size=docs,
        )
    )
)  # fmt: skip
def test_signs_pack_dimension_by_dimension_and_back(rows: list[list[float]]) -> None:
    """Property: any pages x dims vectors come back as their signs (+1 above zero, else -1)."""
    vectors = np.array(rows)
    signs = unpack_signs(pack_signs(vectors), len(rows), 16)
    assert (signs == np.where(vectors > 0, 1.0, -1.0)).all()


@pytest.mark.parametrize(
    "entry",
    ["", "not json", '{"languages": {}}', '{"languages": {"en": {"hash": "en_1"}}}',
     '{"languages": {"en": {"hash": "en_1", "wasm": "en"}, "de": {"hash": "de_1", "wasm": "de"}}}',
     '{"languages": {"en": {"hash": "en_missing", "wasm": "en"}}}'],
)  # fmt: skip
def test_no_early_fetch_without_one_whole_language(tmp_path: Path, entry: str) -> None:
    """A missing, unreadable or multi-language entry, or a file it names that is not there:
    nothing is fetched early (Pagefind starts as it would on its own)."""
    (tmp_path / "pagefind-entry.json").write_text(entry, "utf-8")
    (tmp_path / "wasm.en.pagefind").write_bytes(b"")
    assert pagefind_preload(tmp_path) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("how do I give a customer their money back", "/invoices-and-payments/issue-a-refund/"),
     ("what should I do when I forget my password", "/account-and-billing/reset-your-password/"),
     ("client paid only part of what they owe", "/invoices-and-payments/record-partial-payments/"),
     ("emails with my invoices keep bouncing", "/troubleshooting/invoice-emails-not-delivered/")],
)  # fmt: skip
def test_questions_find_the_article_although_not_every_word_matches(
    demo: Path, query: str, expected: str
) -> None:
    """Relaxation: stop words and unmatched words do not empty the results."""
    assert expected in urls(search(demo, query, 3))


@pytest.mark.parametrize(
    ("query", "corrected", "expected"),
    [("passwrod reset", {"passwrod": "password"}, "/account-and-billing/reset-your-password/"),
     ("refnud", {"refnud": "refund"}, "/invoices-and-payments/issue-a-refund/"),
     ("webhok signature", {"webhok": "webhook"}, "/integrations/set-up-webhooks/")],
)  # fmt: skip
def test_misspelt_words_are_corrected_against_the_site(
    demo: Path, query: str, corrected: dict[str, str], expected: str
) -> None:
    """An unknown word is corrected to the site's word, and the answer says so."""
    found = answer(demo, query, 3)
    assert found.corrections == corrected
    assert expected in urls(list(found.hits))


def test_searching_as_typed_makes_no_correction(demo: Path) -> None:
    """correct=False searches the words as typed: nothing for a word the site lacks."""
    found = answer(demo, "passwrod", 3, correct=False)
    assert found.corrections == {}
    assert found.hits == ()


@pytest.mark.parametrize(
    "query",
    ["xyzzy", "qwrtpl zzkx", "asdfghjkl", "how do I bake sourdough bread",
     "how do I knit a scarf", "chocolate cake without eggs", "volcano eruption history",
     "fix a flat bicycle tyre", "cheap flights to lisbon"],
)  # fmt: skip
def test_gibberish_and_out_of_domain_give_no_results(demo: Path, query: str) -> None:
    """Unknown words, short words left uncorrected (knit is not unit) and no confident
    meaning (one known word of three is not the query's meaning): no results at all."""
    assert search(demo, query) == []


def test_excerpt_summaries_hold_no_pilcrow(demo: Path) -> None:
    """Headerlink pilcrows never reach the summaries results show."""
    hits = search(demo, "webhook signature", 10)
    assert hits and all("\u00b6" not in hit.summary for hit in hits)


def test_semantic_false_writes_no_vectors(tmp_path: Path) -> None:
    """search.semantic: false keeps word search only: no vectors anywhere."""
    site = small_site(tmp_path, "search:\n  semantic: false\n")
    meta = json.loads((site / DATA_DIR / "meta.json").read_text("utf-8"))
    assert meta["semantic"] is False
    assert not (site / DATA_DIR / VECTORS).exists()
    shard = json.loads(next((site / DATA_DIR / "words").glob("*.json")).read_text("utf-8"))
    assert all(len(entry) == 2 for entry in shard.values())
    assert "/billing/refunds/" in urls(search(site, "refund"))


def test_synonyms_are_added_to_every_page_holding_a_term(tmp_path: Path) -> None:
    """search.synonyms: Pagefind indexes the group's other terms as the page's hidden terms
    (never shown), so 'reimburse' finds the refund article."""
    site = small_site(tmp_path, "search:\n  synonyms:\n    - [refund, money back, reimburse]\n")
    assert urls(search(site, "reimburse"))[:1] == ["/billing/refunds/"]
    indexed = {page["url"]: page for page in fragments(site)}
    assert indexed["/billing/refunds/"]["content"].rstrip(".").endswith("money back reimburse")
    assert indexed["/billing/refunds/"]["meta"]["terms_words"] == "3"
    assert "reimburse" not in indexed["/billing/invoices/"]["content"]
    assert "reimburse" not in (site / "billing" / "refunds" / "index.html").read_text("utf-8")


def test_a_quiet_build_prints_no_info_line(tmp_path: Path) -> None:
    """``kbgen build -q`` loads the model (wordllama calls logging.basicConfig(level=INFO) on
    import) and still prints no INFO line: the root logger is left as it was."""
    small_project(tmp_path, "")
    environment = {k: v for k, v in os.environ.items() if k != "LINEAR_API_KEY"}
    done = subprocess.run(
        [sys.executable, "-m", "kbgen", "build", "-q", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / DATA_DIR / VECTORS).is_file()
    assert "INFO" not in done.stdout + done.stderr


@pytest.mark.parametrize("handlers", [0, 1, 2])
def test_root_logging_is_kept_across_an_import_that_configures_it(handlers: int) -> None:
    """What an import does to the root logger inside root_logging_kept is undone: the same
    handlers, in the same order, and the same level."""
    root = logging.getLogger()
    before_level = root.level
    added = [logging.NullHandler() for _ in range(handlers)]
    try:
        for handler in added:
            root.addHandler(handler)
        root.setLevel(logging.ERROR)
        kept = list(root.handlers)
        with model.root_logging_kept():
            root.addHandler(logging.StreamHandler())  # what basicConfig(level=INFO) does
            root.setLevel(logging.INFO)
            if added:
                root.removeHandler(added[0])
        assert root.level == logging.ERROR
        assert root.handlers == kept
    finally:
        for handler in added:
            root.removeHandler(handler)
        root.setLevel(before_level)


def test_the_model_loads_with_the_network_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing is fetched from a hub: loading and embedding work with every socket refused."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    model.model.cache_clear()
    try:
        vectors = model.page_vectors(["refund a payment"])
        assert vectors.shape == (1, model.DIMS)
        assert "money" in model.english_words()
    finally:
        model.model.cache_clear()


def test_a_build_with_the_network_blocked_writes_the_vectors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole build (model loaded afresh, hub settings unset) makes no network connection or
    name lookup, and still writes the page vectors and the word vectors."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args))
        raise OSError("network blocked by the test")

    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_ENDPOINT", "LINEAR_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    model.model.cache_clear()
    try:
        site = small_site(tmp_path, "")
    finally:
        model.model.cache_clear()
    assert attempts == []
    meta = json.loads((site / DATA_DIR / "meta.json").read_text("utf-8"))
    assert meta["semantic"] is True and (site / DATA_DIR / VECTORS).is_file()
    assert urls(search(site, "money back for a card payment", 3))[:1] == ["/billing/refunds/"]


def test_the_site_search_data_needs_no_model_at_query_time(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python search reads only the built data: it works with wordllama unimportable."""
    copy = tmp_path / "site"
    shutil.copytree(demo, copy)
    monkeypatch.setitem(os.sys.modules, "wordllama", None)  # type: ignore[attr-defined]
    assert "/invoices-and-payments/issue-a-refund/" in urls(search(copy, "refund", 3))


@given(
    st.lists(
        st.one_of(st.just(""), st.text(alphabet="0123456789abcdef", min_size=7, max_size=7)),
        max_size=50,
    ),
    st.sampled_from(["en_", "de_", "pt-br_"]),
)
def test_pagefind_ids_pack_and_unpack(parts: list[str], prefix: str) -> None:
    """Property: packed ids come back as they were, missing ones included."""
    ids = [prefix + part if part else "" for part in parts]
    assert unpack_ids(pack_ids(ids)) == ids


@pytest.mark.parametrize("ids", [["en_abc", "de_abcd"], ["en_a", "en_abcd", ""], []])
def test_uneven_pagefind_ids_are_kept_as_a_list(ids: list[str]) -> None:
    """Ids of different prefixes or widths round-trip too."""
    assert unpack_ids(pack_ids(ids)) == ids
