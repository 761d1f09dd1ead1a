"""The ``saywho`` spaCy component: ``nlp.add_pipe("saywho")`` puts attributions on the Doc.

Results are kept saveable: content spans in ``doc.spans["saywho_content"]``, speaker
mentions in ``doc.spans["saywho_speaker"]``, cues in ``doc.spans["saywho_cue"]`` (aligned by
index; a missing piece is left out of its group), and the full records as plain dicts in
``doc._.saywho`` (schema ``saywho.article/1`` attributions).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Article
from .attribute import Parsed, attribute_parsed


def register_extensions() -> None:
    """Idempotent: safe to call any number of times."""
    if not Doc.has_extension("saywho"):
        Doc.set_extension("saywho", default=None)


class SaywhoComponent:
    def __init__(self, beliefs: bool = True):
        self.beliefs = beliefs
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        # The same path as ``saywho.extract``: boilerplate found and left out, language checked,
        # one entity model for the text; the Doc is already parsed, so there is one chunk.
        from ..extraction import looks_english
        from ..ingest.boilerplate import detect

        article = Article(text=doc.text, boilerplate=detect(doc.text))
        if looks_english(doc.text):
            article = attribute_parsed(article, [Parsed(doc, 0, (0, len(doc.text)))], beliefs=self.beliefs)
        attributions = article.attributions
        doc._.saywho = [a.to_dict() for a in attributions]
        groups: dict[str, list] = {"saywho_content": [], "saywho_speaker": [], "saywho_cue": []}
        for a in attributions:
            pieces = {"saywho_content": a.content,
                      "saywho_speaker": a.speaker.mention if a.speaker else None,
                      "saywho_cue": a.cue}
            for key, piece in pieces.items():
                span = doc.char_span(piece.start, piece.end, alignment_mode="expand") if piece else None
                if span is not None:
                    groups[key].append(span)
        for key, spans in groups.items():
            doc.spans[key] = spans
        return doc


@Language.factory("saywho", default_config={"beliefs": True})
def make_saywho(nlp: Language, name: str, beliefs: bool) -> SaywhoComponent:
    return SaywhoComponent(beliefs=beliefs)
