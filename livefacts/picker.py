"""The catalog picker ("Insert fact"): catalog objects matching what an editor types,
each with the embeds and inline facts its target allows, all read from the registry.

A target joins the picker by declaring ``search_fields`` (and ``picker_label``);
block kinds and inline fields come from ``KINDS`` and ``TARGETS``, so a new kind or
target shows up here without an edit to this module.
"""

from .parser import SPOILER, SPOILER_DAYS, SPOILER_TARGET, spoiler_syntax
from .registry import KINDS, TARGETS, Target

PICKER_LIMIT = 8  # results per target
MAX_QUERY_LENGTH = 100


def subject_fields(document_model) -> dict[str, str]:
    """The document's many-to-many fields by the model they point at
    ("catalog.season" → "subject_seasons"): where a picked object becomes one of
    the piece's subjects."""
    return {
        field.related_model._meta.label_lower: field.name
        for field in document_model._meta.many_to_many
    }


def _spoiler(ref: str) -> dict:
    """The spoiler wrapper, offered for an episode: its two lines, the passage goes
    between them."""
    return {
        "name": SPOILER,
        "label": "Spoiler",
        "help": f"a passage hidden until {SPOILER_DAYS} days after the episode aired "
        "in the reader's country; write it between the two lines",
        "flags": [],
        "default_flag": "",
        "embeds": [{"flag": "", "syntax": spoiler_syntax(ref)}],
    }


def _kinds(target: Target, ref: str) -> list[dict]:
    wrappers = [_spoiler(ref)] if target.name == SPOILER_TARGET else []
    return wrappers + [
        {
            "name": kind.name,
            "label": kind.label,
            "help": kind.help,
            "flags": list(kind.flags),
            "default_flag": kind.default_flag,
            "embeds": [
                {"flag": flag, "syntax": kind.syntax(target.name, ref, flag)}
                for flag in kind.variants()
            ],
        }
        for kind in KINDS.values()
        if target.name in kind.targets
    ]


def _inline_fields(target: Target, ref: str) -> list[dict]:
    return [
        {"name": name, "help": help, "syntax": target.inline_syntax(ref, name)}
        for name, help in target.inline_fields.items()
    ]


def _subject(target: Target, obj, fields: dict[str, str]) -> dict | None:
    subject = target.subject_of(obj)
    field = fields.get(subject._meta.label_lower) if subject is not None else None
    if field is None:
        return None
    return {"field": field, "id": subject.pk, "label": str(subject)}


def catalog_search(
    text: str, *, document_model, limit: int = PICKER_LIMIT
) -> list[dict]:
    """One group per searchable target with its first ``limit`` matches: one query
    per target, whatever the size of the catalog."""
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    fields = subject_fields(document_model)
    groups = []
    for target in TARGETS.values():
        if not target.searchable:
            continue
        results = []
        for obj in target.search_queryset(text)[:limit]:
            ref = target.reference(obj)
            results.append(
                {
                    "label": target.label(obj),
                    "target": target.name,
                    "ref": ref,
                    "kinds": _kinds(target, ref),
                    "inline_fields": _inline_fields(target, ref),
                    "subject": _subject(target, obj, fields),
                }
            )
        if results:
            groups.append(
                {
                    "target": target.name,
                    "label": target.picker_label,
                    "results": results,
                }
            )
    return groups
