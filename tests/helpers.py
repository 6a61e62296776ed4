"""Small assertions shared by the suite."""


def plain(text):
    """Text with CLDR's no-break spaces (U+00A0, U+202F) as plain spaces, for comparisons."""
    return text.replace("\u202f", " ").replace("\xa0", " ")
