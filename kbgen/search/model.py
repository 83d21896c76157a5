"""wordllama's static embeddings, loaded once per process from its own wheel (never a hub).

wordllama 0.4 ships ``l2_supercat_256.safetensors`` and its tokenizer inside the package
(MIT). Its loader looks for the tokenizer in a cache folder, so it is pointed at the package
folder with downloads disabled: nothing is fetched, at build time or ever.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Tokenizer
    from wordllama.inference import WordLlamaInference

DIMS = 256
MAX_TEXT_WORDS = 1500
"""A page's vector is taken from its first words (title and summary come first)."""
EMBED_CHUNK = 128
"""Pages tokenized at a time."""
_LONE_SPACE = "\u2581"
_ENGLISH_TOKEN = re.compile(r"\u2581([a-z]{2,})$")


class ModelError(RuntimeError):
    """The embedding model could not be loaded from the installed package."""


@lru_cache(maxsize=1)
def model() -> WordLlamaInference:
    """The model, loaded once per process from the installed wheel."""
    with root_logging_kept():
        import wordllama
        from wordllama import WordLlama

    folder = Path(wordllama.__file__).parent
    try:
        return WordLlama.load(cache_dir=folder, disable_download=True, dim=DIMS)
    except Exception as error:  # wordllama raises plain errors for missing files
        raise ModelError(f"wordllama's built-in model could not be loaded: {error}") from None


@contextmanager
def root_logging_kept() -> Iterator[None]:
    """Undo what an import does to the root logger: wordllama calls ``logging.basicConfig(
    level=INFO)`` on import, which would print every library's INFO lines (``kbgen build -q``
    printed "INFO:...Documentation built")."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def english_words() -> list[str]:
    """Whole lower-case words of the tokenizer's vocabulary (common English)."""
    vocab = model().tokenizer.get_vocab()
    return sorted({m.group(1) for token in vocab if (m := _ENGLISH_TOKEN.match(token))})


def word_vectors(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each word's mean token embedding and its token count (a query's vector is the
    token-weighted mean of its words', as wordllama pools a text). The tokenizer pads a
    batch: padding is left out by its attention mask."""
    inference = model()
    lone = inference.tokenizer.token_to_id(_LONE_SPACE)
    encoded = inference.tokenizer.encode_batch(words, add_special_tokens=False)
    vectors = np.zeros((len(words), DIMS), dtype=np.float32)
    counts = np.zeros(len(words), dtype=np.int32)
    for row, encoding in enumerate(encoded):
        ids = [
            token
            for token, real in zip(encoding.ids, encoding.attention_mask, strict=True)
            if real and token != lone
        ]
        if ids:
            vectors[row] = inference.embedding[ids].mean(axis=0)
            counts[row] = len(ids)
    return vectors, counts


@lru_cache(maxsize=1)
def _unpadded() -> Tokenizer:
    """The model's tokenizer without padding (wordllama pads every batch to its longest)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(model().tokenizer.to_str())
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def page_vectors(texts: list[str]) -> np.ndarray:
    """Unit vectors of the pages' texts (lower-cased, as queries are): the mean of their
    token embeddings, as wordllama pools a text, computed page by page to keep memory low."""
    embedding = model().embedding
    out = np.zeros((len(texts), DIMS), dtype=np.float32)
    for start in range(0, len(texts), EMBED_CHUNK):
        short = [
            " ".join(text.lower().split()[:MAX_TEXT_WORDS])
            for text in texts[start : start + EMBED_CHUNK]
        ]
        for row, encoding in enumerate(_unpadded().encode_batch(short, add_special_tokens=False)):
            if encoding.ids:
                mean = embedding[encoding.ids].mean(axis=0)
                out[start + row] = mean / (np.linalg.norm(mean) or 1.0)
    return out
