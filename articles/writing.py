"""Writing aids' rules: how long a piece is to read, and the lengths search engines
show. ``static/js/desk-counters.js`` applies the same rules as the author types;
keep the two in step (tests/browser/test_desk_writing_aids.py compares them)."""

import math
import re

from livefacts.parser import BLOCK_LINE

WORDS_PER_MINUTE = 230
# Recommended lengths, in characters, of what search results and share cards show.
SEO_TITLE_MAX = 60
SEO_DESCRIPTION_MIN = 70
SEO_DESCRIPTION_MAX = 160

_INLINE_FACT = re.compile(r"\{\{[^{}\n]*\}\}")
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def word_count(body: str) -> int:
    """Words a reader reads: a block embed's line counts none, an inline fact one,
    and a link's address none."""
    lines = [line for line in body.splitlines() if not BLOCK_LINE.match(line)]
    text = _INLINE_FACT.sub(" fact ", "\n".join(lines))
    text = _LINK_TARGET.sub("] ", text)
    return len(_WORD.findall(text))


def reading_minutes(words: int) -> int:
    """Minutes to read ``words`` at ``WORDS_PER_MINUTE``, rounded up."""
    return math.ceil(words / WORDS_PER_MINUTE)


def reading_time(body: str) -> str:
    """ "412 words · 2 min read"."""
    words = word_count(body)
    noun = "word" if words == 1 else "words"
    return f"{words} {noun} · {reading_minutes(words)} min read"
