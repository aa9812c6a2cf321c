"""Validators for identifiers editors paste: each message says what a good one is."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

imdb_title_id = RegexValidator(
    r"^tt\d{7,9}$",
    'An IMDb title id is "tt" followed by 7 to 9 digits, e.g. tt10638036 '
    "(copy it from the address of the show's IMDb page).",
    code="invalid_imdb_id",
)
imdb_person_id = RegexValidator(
    r"^nm\d{7,9}$",
    'An IMDb person id is "nm" followed by 7 to 9 digits, e.g. nm6655740 '
    "(copy it from the address of the person's IMDb page).",
    code="invalid_imdb_id",
)
tmdb_id = RegexValidator(
    r"^[1-9]\d{0,9}$",
    "A TMDB id is a number, e.g. 130392 (the digits in the TMDB page's address).",
    code="invalid_tmdb_id",
)
wikidata_id = RegexValidator(
    r"^Q[1-9]\d{0,11}$",
    'A Wikidata id is "Q" followed by digits, e.g. Q106484963.',
    code="invalid_wikidata_id",
)


def normalise_isbn(value: str) -> str:
    """Digits only: editors paste ISBNs with hyphens or spaces."""
    return re.sub(r"[\s-]", "", value or "")


def isbn13_is_valid(digits: str) -> bool:
    """The ISBN-13 checksum: weights 1,3,1,3… make the sum a multiple of ten."""
    if not re.fullmatch(r"97[89]\d{10}", digits):
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return total % 10 == 0


def validate_isbn13(value: str) -> None:
    digits = normalise_isbn(value)
    if not re.fullmatch(r"\d{13}", digits) or not digits.startswith(("978", "979")):
        raise ValidationError(
            "An ISBN-13 has 13 digits starting with 978 or 979 (hyphens are fine).",
            code="invalid_isbn",
        )
    if not isbn13_is_valid(digits):
        raise ValidationError(
            "This ISBN-13's check digit is wrong: check for a mistyped digit.",
            code="invalid_isbn_checksum",
        )
