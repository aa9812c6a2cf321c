"""Bidirectional-text controls in what readers send.

An override (U+202D/U+202E) or an unclosed embedding or isolate in a reader's name or
comment reorders the text shown after it, so "gnp.exe" can read as "exe.png" and a
name can make the words around it read backwards. They are removed from everything
readers send. The marks U+200E/U+200F and U+061C stay: they reorder nothing beyond
themselves and right-to-left writers use them. Names are shown in ``<bdi>`` as well,
so a right-to-left name does not reorder the text around it.
"""

import re

# LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)
