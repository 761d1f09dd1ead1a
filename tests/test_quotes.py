"""Quote marks, found in raw text without a model."""

from saywho.nlp.quotes import find_quotes


def inner(text: str) -> list[str]:
    return [" | ".join(text[a:b] for a, b in q.parts) for q in find_quotes(text)]


def test_straight_and_typographic_quotes():
    assert inner('"Hello," he said. “Goodbye.”') == ["Hello,", "Goodbye."]


def test_guillemets_and_low_nine_quotes():
    assert inner("«Nous gagnerons», a-t-il dit. „Wir auch“, sagte sie.") == ["Nous gagnerons", "Wir auch"]


def test_apostrophes_are_not_quote_marks():
    text = "“We don’t know,” she said of the ’90s and the players’ union’s offer."
    assert inner(text) == ["We don’t know,"]


def test_single_quotes_nest_inside_double_quotes():
    text = "“He told me ‘no’ twice, and ‘never’ once,” she said."
    assert inner(text) == ["He told me ‘no’ twice, and ‘never’ once,"]


def test_typographic_quotes_nested_in_straight_ones():
    text = '"The form asks: “Do you agree?” Most said yes," he said.'
    assert inner(text) == ["The form asks: “Do you agree?” Most said yes,"]


def test_quote_over_several_sentences():
    assert inner('"One. Two. Three," she said.') == ["One. Two. Three,"]


def test_quote_reopened_in_next_paragraph_is_one_quote():
    text = '“The first part ends the paragraph.\n\n“The second part closes it,” he said.'
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert [text[a:b] for a, b in quotes[0].parts] == ["The first part ends the paragraph.",
                                                        "The second part closes it,"]


def test_unbalanced_mark_costs_only_its_own_quote():
    text = 'He said "this never closes.\n\nLater she said "this one does" and left.'
    assert inner(text) == ["this one does"]


def test_no_quotes_and_empty_text():
    assert find_quotes("") == []
    assert find_quotes("No quotation here, only Trump’s apostrophe.") == []


def test_french_spacing_inside_guillemets():
    assert inner("« Nous gagnerons », a-t-il dit. « Demain aussi. »") == [" Nous gagnerons ", " Demain aussi. "]


def test_typewriter_marks_are_quote_marks_and_cover_both_characters():
    text = "``It is not reform,'' said Lee. ``Don't ``panic'' yet.''\n``Carried on\n``and closed.''"
    assert inner(text) == ["It is not reform,", "Don't ``panic'' yet.", "Carried on | and closed."]
    assert [text[q.start:q.end][:2] + text[q.start:q.end][-2:] for q in find_quotes(text)] == ["``''"] * 3


def test_doubled_apostrophes_alone_are_not_read_as_quotes():
    assert inner("He measured 12'' of snow and said ''maybe'' twice.") == []


def test_each_transcript_turn_is_a_quote_of_its_own_closed_or_not():
    text = ('Partial transcript:\n\n"HOST: Will you be there?\n\n"SEN. OKAFOR: I will. The debate matters.\n\n'
            '"It matters to everyone.\n\n"HOST: Thank you.')
    assert inner(text) == ["HOST: Will you be there?", "SEN. OKAFOR: I will. The debate matters. | It matters to everyone.",
                           "HOST: Thank you."]


def test_a_quote_carried_over_paragraphs_without_labels_still_needs_its_close():
    assert inner('"It was long.\n\n"And it never closed.\n\nThe end.') == []
