"""sumy's document model and algorithms fed with Arabic-aware pieces (for comparisons and the bench).

sumy (and nltk under it) takes seconds to import, so nothing the CLI loads at start imports
this module: `digest.summarize` reaches it only inside `SumySummarizer` and `NashraSummarizer`.
sumy's own tokenizer drops every word carrying harakat and its pyarabic sentence splitter cuts
at commas, so we hand it our sentences and an `ArabicTokenizer`/`light_stem` pair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.summarizers._summarizer import AbstractSummarizer

from digest.arabic import normalize, tokenize
from digest.lexrank import LexRankSettings, lexrank_scores, select, sentence_matrix
from digest.sentences import split_sentences


class ArabicTokenizer:
    """sumy tokenizer: our sentence splitter, and normalised words (no harakat, folded letters)."""

    language = "arabic"

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return tokenize(normalize(sentence))


def sumy_document(sentences: Sequence[str]) -> ObjectDocumentModel:
    """A sumy document of ready-split sentences, tokenised by `ArabicTokenizer`."""
    tokenizer = ArabicTokenizer()
    return ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])


class NumpyLexRankSummarizer(AbstractSummarizer):
    """`digest.lexrank` as a sumy summarizer: `summarizer(document, count)` returns sumy Sentences."""

    def __init__(
        self,
        stemmer: Callable[[str], str],
        stop_words: Iterable[str] = (),
        settings: LexRankSettings | None = None,
    ) -> None:
        super().__init__(stemmer)
        self._stop_words = frozenset(stop_words)
        self.settings = settings or LexRankSettings()

    def __call__(self, document: ObjectDocumentModel, sentences_count: int) -> tuple[object, ...]:
        sentences = document.sentences
        if not sentences:
            return ()
        words = [[self.stem_word(w) for w in s.words if w not in self._stop_words] for s in sentences]
        vectors = sentence_matrix(words)
        similarity = vectors @ vectors.T
        scores = lexrank_scores(similarity, self.settings)
        return tuple(sentences[i] for i in select(scores, similarity, sentences_count, self.settings.redundancy))
