"""What editors may embed: targets (what a reference names) and block kinds.

Two tables, so the parser, the validator, the loaders, the renderers, the admin's
"available embeds" panel and the docs all read the same lists.

``TARGETS``: each target is one object that owns everything about the catalog model it
names: how its reference reads and finds the row (``lookup``), what a page that shows
it prefetches (``prefetch``), its inline facts' values (``value``), each block kind's
context and template, and what each block kind and inline fact displays (its
``displayed_state``: the data a piece's snapshot keeps, see ``displayed``). A block
kind ``k`` is served by the target's ``k_context`` and ``k_state`` methods; the shared
ones (cast, trailers, ratings, fact box) live on ``Target``. Adding a target is one
entry in ``TARGETS`` plus its templates: see "How to add a kind" in ``docs/embeds.md``.

``KINDS``: each block kind, its label, the targets it accepts and its flags. A kind
with no targets (the pull quote) shows no stored object: it takes its text from quoted
attributes (``[[quote text="…" by="…"]]``) and is rendered once, when the body is saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

from catalog.countries import reader_country
from catalog.models import Credit, ExternalRating, Release, Season, Video, WatchOption
from catalog.models.releases import releases_first, watch_for
from catalog.querysets import CAST_LIST_RELATED, all_terms_match, name_terms
from core.jsonprefetch import DEFAULT_LIMIT, JSONPrefetch

from .displayed import Shown, jsonable, members, scalar, text
from .renderers import (
    CAST_LIMIT,
    TRAILER_LIMIT,
    FactValue,
    release_steps,
    render_embed,
    render_fact,
)

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# Credits loaded per cast list; a list this long may have been cut short there.
CAST_ROWS = DEFAULT_LIMIT
# What the release embed shows of a season (not its finale), and the fact box more.
SEASON_RELEASE = (
    "release_status",
    "premiere",
    "planned_episode_count",
    "release_model",
)
SEASON_FACTS = (*SEASON_RELEASE, "finale")
SHOW_FACTS = ("status", "first_air", "last_air")
# Releases a season's fact box lists: the reader's country first.
FACTBOX_RELEASES = 4

State = list[Shown]


def cast_list(lookup: str, *, show_wide: bool = False, **kwargs) -> JSONPrefetch:
    """Acting credits with person (photo and renditions), character and season,
    billing order first: what a cast list shows."""
    credits = Credit.objects.cast().in_billing_order()
    return JSONPrefetch(
        lookup,
        credits.show_wide() if show_wide else credits,
        related=CAST_LIST_RELATED,
        prefetch=(JSONPrefetch("person__photo__renditions"),),
        limit=CAST_ROWS,
        **kwargs,
    )


def trailers():
    return Video.objects.order_by("-published_on", "id")


def main_credit(character):
    """Who plays the character now: a confirmed or rumoured credit first."""
    credits = [c for c in character.actor_credits if c.kind != "crew"]
    current = [c for c in credits if c.status in ("confirmed", "rumoured")]
    return (current or credits or [None])[0]


class Target:
    """A kind of catalog object a reference can name, and all that embeds do with it.

    Subclasses set the class attributes and override what differs; a page's loaded
    object is read only through prefetched relations, so no method runs a query.
    """

    name: str  # "season"
    model: str  # "catalog.season" (label_lower)
    ref_help: str  # "show-slug/number"
    ref_pattern: str  # regex for the reference, with named groups
    example: str
    inline_fields: dict[str, str] = {}  # name -> help
    # (reference part, model column) pairs that find the row.
    lookup: tuple[tuple[str, str], ...] = (("slug", "slug"),)
    numeric: tuple[str, ...] = ("number",)  # reference parts compared as integers
    related: tuple[str, ...] = ()  # select_related when a page shows the target
    dates: tuple[str, ...] = ()  # inline fields shown as precise dates
    tracked: dict[str, str] = {}  # inline field -> the tracked fact it shows
    factbox_fields: tuple[str, ...] = ()  # fields the fact box shows
    # The catalog picker: a target with ``search_fields`` is offered there, under
    # ``picker_label``; ``subject`` is the relation to what a piece about it is about
    # ("show" for a character), empty for the object itself.
    picker_label: str = ""
    search_fields: tuple[str, ...] = ()
    subject: str = ""

    # --- saving: from a reference to a primary key ------------------------------------

    def key(self, parts: dict[str, str]) -> tuple:
        """The reference's parts as the lookup columns hold them."""
        return tuple(
            int(parts[part]) if part in self.numeric else parts[part]
            for part, _ in self.lookup
        )

    def condition(self, parts: dict[str, str]) -> Q:
        """The filter that finds the row a reference names."""
        return Q(**dict(zip(self.columns, self.key(parts), strict=True)))

    @property
    def columns(self) -> list[str]:
        return [column for _, column in self.lookup]

    def reference(self, obj) -> str:
        """The reference that names ``obj``: its lookup columns, "/"-joined."""
        return "/".join(str(_follow(obj, column)) for column in self.columns)

    # --- the catalog picker -----------------------------------------------------------

    @property
    def searchable(self) -> bool:
        return bool(self.search_fields)

    def search_queryset(self, text: str):
        """Rows whose names hold every word of ``text`` (case and accents ignored),
        with what ``reference``, ``label`` and ``subject_of`` read: one query."""
        terms = name_terms(text)
        model = apps.get_model(self.model)
        if not terms:
            return model._default_manager.none()
        return model._default_manager.filter(
            all_terms_match(self.search_fields, terms)
        ).select_related(*self.picker_related)

    @property
    def picker_related(self) -> list[str]:
        relations = {c.rsplit("__", 1)[0] for c in self.columns if "__" in c}
        return sorted(relations | ({self.subject} if self.subject else set()))

    def label(self, obj) -> str:
        """How the picker names ``obj``."""
        return str(obj)

    def subject_of(self, obj):
        """The object a piece that embeds ``obj`` is about."""
        return _follow(obj, self.subject) if self.subject else obj

    def inline_syntax(self, ref: str, field: str) -> str:
        return f"{{{{{self.name}:{ref}.{field}}}}}"

    # --- reading: one query for every object a page embeds ----------------------------

    def prefetch(self, kinds: frozenset[str]) -> tuple[JSONPrefetch, ...]:
        """The JSON prefetches the shown ``kinds`` need ("fact" for inline facts)."""
        return ()

    def spec(self, kinds: frozenset[str]) -> dict:
        """``related`` and JSON ``prefetch`` for ``load_by_pk``."""
        return {"related": self.related, "prefetch": self.prefetch(kinds)}

    # --- inline facts -----------------------------------------------------------------

    def inline_value(self, obj, field: str) -> FactValue:
        """The current value of an inline fact."""
        if field in self.dates:
            return FactValue(date=getattr(obj, field))
        return self.value(obj, field)

    def value(self, obj, field: str) -> FactValue:
        """An inline fact that is not a date."""
        raise NotImplementedError

    def render_inline(self, obj, field: str) -> str:
        return render_fact(self.inline_value(obj, field))

    def inline_state(self, obj, field: str) -> State:
        """What an inline fact displays: its tracked fact, else its value as shown."""
        if field in self.tracked:
            return [scalar(obj, self.tracked[field])]
        fact = self.inline_value(obj, field)
        value = {
            "text": fact.text,
            "date": jsonable(fact.date),
            "url": fact.url,
            "speculative": fact.speculative,
            "note": fact.note,
        }
        words = fact.text or (fact.date.render_with_confidence() if fact.date else "")
        words += f" ({fact.note})" if fact.note else ""
        label = field.replace("_", " ").capitalize()
        return [Shown(obj, f"fact.{field}", label, value, words[:300])]

    # --- block embeds -----------------------------------------------------------------

    def template(self, kind: str) -> str:
        return f"livefacts/{kind}_{self.name}.html"

    def block_context(self, kind: str, obj, option: str) -> dict:
        """What the kind's template needs, from prefetched relations only."""
        context = {"obj": obj, "target": self.name, "option": option}
        context |= getattr(self, f"{kind}_context")(obj, option)
        context["left_out"] = leaves_out(kind, context)
        return context

    def render_block(self, kind: str, obj, option: str) -> str:
        return render_embed(self.template(kind), self.block_context(kind, obj, option))

    # --- what a block displays: the state a piece's snapshot keeps ------------------

    def displayed_state(self, kind: str, obj, option: str) -> State:
        """What the block shows readers, as data (``displayed.Shown``), from the
        prefetched relations its context reads: a difference here is a difference
        on the page."""
        state = getattr(self, f"{kind}_state")(obj, option)
        lists = [shown for shown in state if shown.is_list]
        if kind in LISTED and lists and not any(shown.value for shown in lists):
            # Left out of the piece (``leaves_out``): readers see no heading or
            # source, only the empty list, whose first member would bring it back.
            return lists
        return state

    def heading_state(self, obj) -> State:
        """The name a block is headed with and the source in its footer."""
        state = [text(obj, "name", "Name", str(obj))]
        if hasattr(obj, "source_id"):
            source = obj.source
            words = f"{source} <{source.url}>" if source and source.url else ""
            state.append(text(obj, "source", "Source", words or str(source or "")))
        return state

    # The kinds several targets share; a target serves those KINDS allows it.

    def factbox_context(self, obj, option: str) -> dict:
        return self.rating_context(obj, option)

    def factbox_state(self, obj, option: str) -> State:
        state = self.heading_state(obj)
        state += [scalar(obj, name) for name in self.factbox_fields]
        return state + self.ratings_state(obj, votes=False)

    def rating_context(self, obj, option: str) -> dict:
        return {"ratings": list(obj.ratings.all())}

    def rating_state(self, obj, option: str) -> State:
        return [text(obj, "name", "Name", str(obj)), *self.ratings_state(obj)]

    def ratings_state(self, obj, *, votes: bool = True) -> State:
        """Which ratings, each with its score, date (and votes)."""
        return [
            members(
                obj,
                "ratings" if votes else "ratings_box",
                "Ratings",
                self.rating_context(obj, "")["ratings"],
                lambda r: r.get_provider_display(),
                lambda r: _rating(r, votes),
                added="New rating",
                removed="Rating removed",
            )
        ]

    def trailers_context(self, obj, option: str) -> dict:
        return {"videos": list(obj.videos.all())[:TRAILER_LIMIT]}

    def trailers_state(self, obj, option: str) -> State:
        return [
            text(obj, "name", "Name", str(obj)),
            members(
                obj,
                "trailers",
                "Trailers",
                self.trailers_context(obj, option)["videos"],
                lambda v: v.title,
                _video,
                added="New trailer",
                removed="Trailer removed",
            ),
        ]

    def cast_sources(self, obj) -> list[list]:
        """The prefetched credit lists a cast embed merges."""
        raise NotImplementedError

    def cast_credits(self, obj, option: str) -> list:
        """The acting credits a cast embed lists, billing order first (prefetched)."""
        sources = self.cast_sources(obj)
        credits = [credit for source in sources for credit in source]
        if len(sources) > 1:  # one list comes sorted by the database
            credits.sort(key=lambda c: (c.billing_order, c.person.name))
        if option != "all":
            credits = [c for c in credits if c.kind == "main"]
        return credits

    def cast_context(self, obj, option: str) -> dict:
        credits = self.cast_credits(obj, option)
        # A list that stopped at its cap (CAST_ROWS) has credits past it, how many
        # is unknown here: say "at least", never less.
        cut_short = any(len(source) >= CAST_ROWS for source in self.cast_sources(obj))
        more = len(credits) - CAST_LIMIT
        return {
            "credits": credits[:CAST_LIMIT],
            "more": max(1 if cut_short else 0, more),
            "more_at_least": cut_short,
        }

    def cast_state(self, obj, option: str) -> State:
        """Who is listed, as whom, in billing order, each with kind and status; how
        many more."""
        context = self.cast_context(obj, option)
        name = "cast_all" if option == "all" else "cast"
        more = context["more"]
        words = f"{'at least ' if context['more_at_least'] else ''}{more}"
        return [
            text(obj, "name", "Name", str(obj)),
            members(
                obj,
                name,
                "Cast",
                context["credits"],
                _role,
                lambda c: {
                    "Role": c.get_kind_display(),
                    "Status": c.get_status_display(),
                },
                added="New in the cast",
                removed="No longer in the cast",
            ),
            text(obj, f"{name}_more", "More in the cast", words if more else ""),
        ]


def _follow(obj, path: str):
    """``obj.show.slug`` for "show__slug"."""
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


def _role(credit) -> str:
    """ "Jane Doe as Tara"."""
    role = f" as {credit.character.name}" if credit.character_id else ""
    return f"{credit.person.name}{role}"


def _platforms(show) -> Shown:
    return members(
        show,
        "platforms",
        "Where",
        show.platforms.all(),
        str,
        added="Now on",
        removed="No longer on",
    )


def _date(value) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def _rating(rating, votes: bool) -> dict:
    details = {"Score": rating.display_value, "As of": _date(rating.as_of)}
    if votes:
        count = rating.vote_count
        details["Votes"] = "" if count is None else f"{count:,}"
    return details


# Block kinds that are a list, and the context key of the list: with nothing in it,
# the block is left out of the piece rather than printed empty ("No trailer yet").
LISTED = {
    "trailers": ("videos",),
    "cast": ("credits",),
    "rating": ("ratings",),
    "watch": ("offers",),
    "volumes": ("adaptations", "volumes"),
}


def leaves_out(kind: str, context: dict) -> bool:
    """Whether a block of ``kind`` with this context has nothing to show."""
    lists = [context[key] for key in LISTED.get(kind, ()) if key in context]
    return bool(lists) and not any(lists)


def _video(video) -> dict:
    return {
        "Kind": video.get_kind_display(),
        "Official": "yes" if video.is_official else "no",
        "Published": _date(video.published_on),
        "YouTube video": video.youtube_id,
    }


def _volume(volume) -> dict:
    return {
        "Title": volume.title,
        "Status": volume.get_status_display(),
        "Publication": volume.publication.render_with_confidence(),
    }


def _volumes(obj, volumes: Iterable, name: str) -> State:
    """Which volumes, each with its title, status and publication."""
    return [
        members(
            obj,
            "volumes",
            "Volumes",
            volumes,
            lambda v: f"{name} vol. {v.number}",
            _volume,
            added="New volume",
            removed="Volume removed",
        )
    ]


def _adaptations(season, adaptations: list, *, volumes: bool = False) -> State:
    """Which volumes a season adapts and how sure that is (with each volume's
    note and facts, in the volumes embed)."""

    def details(a):
        found = {"Certainty": a.get_certainty_display()}
        if volumes:
            found |= {"Note": a.note} | _volume(a.volume)
        return found

    return [
        members(
            season,
            "volumes" if volumes else "adaptations",
            "Adapts",
            adaptations,
            lambda a: f"{a.volume.work} vol. {a.volume.number}",
            details,
            added="Now adapts",
            removed="No longer adapts",
        )
    ]


def _releases(season) -> list:
    """A season's country releases (prefetched), in date order."""
    return list(season.releases.all())


def _release_words(release) -> str:
    return f"{release.country_name} on {release.platform.name}"


def _releases_state(season) -> State:
    """Which releases, each with its date: in date order, whichever country reads."""
    return [
        members(
            season,
            "releases",
            "Releases",
            _releases(season),
            _release_words,
            lambda r: {"Date": r.release.render_with_confidence()},
            added="New release",
            removed="Release removed",
        )
    ]


def _watch_state(obj, options) -> State:
    """Every offer, in every country (what a reader sees depends on theirs)."""
    return [
        text(obj, "name", "Name", str(obj)),
        members(
            obj,
            "watch",
            "Where to watch",
            options,
            lambda o: f"{o.platform.name} in {o.country_name}",
            lambda o: {"Offer": o.get_offer_display()},
            added="Now on",
            removed="No longer on",
        ),
    ]


def _watch_prefetch(lookup: str) -> JSONPrefetch:
    options = WatchOption.objects.filter(season__isnull=True).order_by(
        "country", "offer", "platform__name", "pk"
    )
    return JSONPrefetch(lookup, options, related=("platform",))


class ShowTarget(Target):
    name = "show"
    model = "catalog.show"
    ref_help = "show-slug"
    ref_pattern = rf"(?P<slug>{SLUG})"
    example = "heartstopper"
    picker_label = "Shows"
    search_fields = ("title", "original_title")
    inline_fields = {
        "title": "the show's title",
        "status": "production status (returning, ended…)",
        "first_air": "first air date, with precision and confidence",
        "last_air": "last air date",
        "platform": "where it streams or airs",
    }
    related = ("source",)
    dates = ("first_air", "last_air")
    tracked = {"status": "status", "first_air": "first_air", "last_air": "last_air"}
    factbox_fields = SHOW_FACTS

    def prefetch(self, kinds):
        prefetch: list[JSONPrefetch] = []
        if kinds & {"factbox", "fact"}:
            prefetch += [JSONPrefetch("platforms"), JSONPrefetch("based_on")]
        if "factbox" in kinds:
            prefetch.append(JSONPrefetch("seasons"))
        if "cast" in kinds:
            cast = cast_list("credits", show_wide=True, to_attr="show_credits")
            prefetch.append(cast)
        if "trailers" in kinds:
            videos = trailers().filter(season__isnull=True)
            prefetch.append(JSONPrefetch("videos", videos))
        if kinds & {"rating", "factbox"}:
            ratings = ExternalRating.objects.filter(season__isnull=True)
            prefetch.append(JSONPrefetch("ratings", ratings, related=("source",)))
        if "watch" in kinds:
            prefetch.append(_watch_prefetch("watch_options"))
        return tuple(prefetch)

    def value(self, obj, field):
        if field == "status":
            return FactValue(obj.get_status_display())
        if field == "platform":
            return FactValue(", ".join(p.name for p in obj.platforms.all()) or "—")
        return FactValue(obj.title, url=obj.get_absolute_url())

    def cast_sources(self, obj):
        return [obj.show_credits]

    def watch_context(self, obj, option):
        country = reader_country()
        return {"offers": watch_for(obj.watch_options.all(), country)}

    def watch_state(self, obj, option):
        return _watch_state(obj, obj.watch_options.all())

    def factbox_state(self, obj, option):
        seasons = len(obj.seasons.all())
        return [
            *super().factbox_state(obj, option),
            text(obj, "seasons", "Seasons", str(seasons) if seasons else ""),
            _platforms(obj),
            members(
                obj,
                "based_on",
                "Based on",
                obj.based_on.all(),
                str,
                added="Now based on",
                removed="No longer based on",
            ),
        ]


class SeasonTarget(Target):
    name = "season"
    model = "catalog.season"
    ref_help = "show-slug/number"
    ref_pattern = rf"(?P<show>{SLUG})/(?P<number>\d{{1,4}})"
    example = "heartstopper/2"
    picker_label = "Seasons"
    search_fields = ("show__title", "show__original_title", "title")
    inline_fields = {
        "premiere": "premiere date, with precision and confidence",
        "finale": "finale date",
        "status": "release status (renewed, airing, concluded…)",
        "episode_count": "planned number of episodes",
        "release_model": "all at once, weekly, in parts",
        "title": "the season's title",
    }
    lookup = (("show", "show__slug"), ("number", "number"))
    related = ("show", "source")
    dates = ("premiere", "finale")
    tracked = {
        "premiere": "premiere",
        "finale": "finale",
        "status": "release_status",
        "episode_count": "planned_episode_count",
        "release_model": "release_model",
    }
    factbox_fields = SEASON_FACTS

    def search_queryset(self, text):
        """Seasons as editors type them: "heartstopper 3", "season 3", "3"."""
        return Season.objects.matching(text).select_related(*self.picker_related)

    def label(self, obj):
        season = "specials" if obj.number == 0 else f"season {obj.number}"
        title = f": {obj.title}" if obj.title else ""
        return f"{obj.show} {season}{title}"

    def prefetch(self, kinds):
        prefetch: list[JSONPrefetch] = []
        if kinds & {"factbox", "volumes"}:
            prefetch.append(JSONPrefetch("adaptations", related=("volume__work",)))
        if "factbox" in kinds:
            prefetch.append(JSONPrefetch("show__platforms"))
        if "cast" in kinds:
            prefetch += [
                cast_list("show__credits", show_wide=True, to_attr="show_credits"),
                cast_list("credits", to_attr="season_credits"),
            ]
        if "trailers" in kinds:
            prefetch.append(JSONPrefetch("videos", trailers()))
        if kinds & {"rating", "factbox"}:
            ratings = ExternalRating.objects.all()
            prefetch.append(JSONPrefetch("ratings", ratings, related=("source",)))
        if "factbox" in kinds:
            releases = Release.objects.of_seasons().by_date("release")
            prefetch.append(
                JSONPrefetch("releases", releases, related=("platform", "source"))
            )
        if "watch" in kinds:
            own = WatchOption.objects.order_by("country", "offer", "platform__name")
            prefetch += [
                JSONPrefetch("watch_options", own, related=("platform",)),
                _watch_prefetch("show__watch_options"),
            ]
        return tuple(prefetch)

    def value(self, obj, field):
        if field == "status":
            speculative = obj.release_status in ("rumoured",)
            return FactValue(obj.get_release_status_display(), speculative=speculative)
        if field == "episode_count":
            count = obj.planned_episode_count
            return FactValue(str(count) if count is not None else "not yet announced")
        if field == "release_model":
            return FactValue(obj.get_release_model_display())
        return FactValue(obj.label, url=obj.get_absolute_url())

    def cast_sources(self, obj):
        return [obj.show.show_credits, obj.season_credits]

    def factbox_context(self, obj, option):
        releases = releases_first(_releases(obj), reader_country())
        return (
            super().factbox_context(obj, option)
            | self.volumes_context(obj, option)
            | {"releases": releases[:FACTBOX_RELEASES]}
        )

    def watch_options(self, obj) -> list:
        return [*obj.watch_options.all(), *obj.show.watch_options.all()]

    def watch_context(self, obj, option):
        country = reader_country()
        return {"offers": watch_for(self.watch_options(obj), country)}

    def watch_state(self, obj, option):
        return _watch_state(obj, self.watch_options(obj))

    def release_context(self, obj, option):
        return release_steps(obj.release_status)

    def release_state(self, obj, option):
        """Status and premiere, episodes and release model: never the finale."""
        state = self.heading_state(obj)
        return state + [scalar(obj, name) for name in SEASON_RELEASE]

    def factbox_state(self, obj, option):
        adaptations = self.volumes_context(obj, option)["adaptations"]
        return [
            *super().factbox_state(obj, option),
            _platforms(obj.show),
            *_adaptations(obj, adaptations),
            *_releases_state(obj),
        ]

    def volumes_context(self, obj, option):
        return {"adaptations": list(obj.adaptations.all())}

    def volumes_state(self, obj, option):
        adaptations = self.volumes_context(obj, option)["adaptations"]
        return [
            text(obj, "name", "Name", str(obj)),
            *_adaptations(obj, adaptations, volumes=True),
        ]


class CharacterTarget(Target):
    name = "character"
    model = "catalog.character"
    ref_help = "show-slug/character-slug"
    ref_pattern = rf"(?P<show>{SLUG})/(?P<slug>{SLUG})"
    example = "heartstopper/nick-nelson"
    picker_label = "Characters"
    search_fields = ("name",)
    subject = "show"
    inline_fields = {
        "actor": "who plays the character (rumoured casting is marked)",
        "name": "the character's name",
    }
    lookup = (("show", "show__slug"), ("slug", "slug"))
    related = ("show",)

    def prefetch(self, kinds):
        return (cast_list("credits", to_attr="actor_credits"),)

    def value(self, obj, field):
        if field == "actor":
            credit = main_credit(obj)
            if credit is None:
                return FactValue("not yet cast", speculative=True)
            note = "" if credit.status == "confirmed" else credit.get_status_display()
            return FactValue(
                credit.person.name,
                url=credit.person.get_absolute_url(),
                speculative=credit.status == "rumoured",
                note=note,
            )
        return FactValue(obj.name)


class PersonTarget(Target):
    name = "person"
    model = "catalog.person"
    ref_help = "person-slug"
    ref_pattern = rf"(?P<slug>{SLUG})"
    example = "alice-oseman"
    picker_label = "People"
    search_fields = ("name",)
    inline_fields = {"name": "the person's name"}

    def value(self, obj, field):
        return FactValue(obj.name, url=obj.get_absolute_url())


class WorkTarget(Target):
    name = "work"
    model = "catalog.sourcework"
    ref_help = "work-slug"
    ref_pattern = rf"(?P<slug>{SLUG})"
    example = "heartstopper"
    picker_label = "Books"
    search_fields = ("title",)
    inline_fields = {
        "title": "the book or series title",
        "volumes": "number of volumes",
    }

    def prefetch(self, kinds):
        return (JSONPrefetch("volumes", related=("source",)),)

    def value(self, obj, field):
        if field == "volumes":
            return FactValue(str(len(obj.volumes.all())))
        return FactValue(obj.title, url=obj.get_absolute_url())

    def volumes_context(self, obj, option):
        return {"volumes": list(obj.volumes.all())}

    def volumes_state(self, obj, option):
        name = [text(obj, "name", "Name", str(obj))]
        return name + _volumes(
            obj, self.volumes_context(obj, option)["volumes"], str(obj)
        )


class VolumeTarget(Target):
    name = "volume"
    model = "catalog.sourcevolume"
    ref_help = "work-slug/number"
    ref_pattern = rf"(?P<work>{SLUG})/(?P<number>\d{{1,4}})"
    example = "heartstopper/5"
    picker_label = "Volumes"
    search_fields = ("title", "work__title")
    subject = "work"

    def label(self, obj):
        title = f": {obj.title}" if obj.title else ""
        return f"{obj.work} vol. {obj.number}{title}"

    inline_fields = {
        "publication": "publication date, with precision and confidence",
        "status": "announced or published",
        "title": "the volume's title",
    }
    lookup = (("work", "work__slug"), ("number", "number"))
    related = ("work", "source")
    dates = ("publication",)
    tracked = {"publication": "publication", "status": "status", "title": "title"}

    def value(self, obj, field):
        if field == "status":
            return FactValue(
                obj.get_status_display(), speculative=obj.status == "announced"
            )
        return FactValue(obj.title or str(obj), url=obj.get_absolute_url())


class ImageTarget(Target):
    """A picture from the image library, with its renditions, alt text, caption and
    credit. Not a catalog fact: it tracks nothing."""

    name = "image"
    model = "images.image"
    ref_help = "the image's number (in its library address)"
    ref_pattern = r"(?P<pk>\d{1,10})"
    example = "1"
    lookup = (("pk", "id"),)
    numeric = ("pk",)

    def prefetch(self, kinds):
        return (JSONPrefetch("renditions"),)

    def image_context(self, obj, option):
        return {}

    def image_state(self, obj, option):
        return []  # a library picture, not a catalog fact


class EpisodeTarget(Target):
    """An episode, for inline facts: its air date (with precision and confidence)
    and its title, both tracked in the catalog's fact history."""

    name = "episode"
    model = "catalog.episode"
    ref_help = "show-slug/season/number"
    ref_pattern = rf"(?P<show>{SLUG})/(?P<season>\d{{1,4}})/(?P<number>\d{{1,4}})"
    example = "heartstopper/2/1"
    picker_label = "Episodes"
    search_fields = ("title", "season__show__title")
    subject = "season"
    inline_fields = {"air": "air date", "title": "the episode's title"}
    lookup = (
        ("show", "season__show__slug"),
        ("season", "season__number"),
        ("number", "number"),
    )
    numeric = ("season", "number")
    related = ("season__show",)
    dates = ("air",)
    tracked = {"air": "air", "title": "title"}

    def value(self, obj, field):
        return FactValue(obj.title or str(obj), url=obj.get_absolute_url())


class VideoTarget(Target):
    """A trailer, teaser or clip from the catalog, shown as a link card like the
    trailers list: nothing loads from YouTube until a reader clicks."""

    name = "video"
    model = "catalog.video"
    ref_help = "the video's number (in its catalog address)"
    ref_pattern = r"(?P<pk>\d{1,10})"
    example = "1"
    picker_label = "Videos"
    search_fields = ("title", "show__title")
    subject = "show"
    lookup = (("pk", "id"),)
    numeric = ("pk",)
    related = ("show", "season__show")

    def video_context(self, obj, option):
        return {"video": obj}

    def video_state(self, obj, option):
        season = f", {obj.season.label}" if obj.season_id else ""
        where = text(obj, "shown_with", "From", f"{obj.show.title}{season}")
        details = [
            text(obj, label.lower().replace(" ", "_"), label, value)
            for label, value in _video(obj).items()
        ]
        return [scalar(obj, "title"), *details, where]


# The one place a target is added: its entry here (and its templates).
TARGETS: dict[str, Target] = {
    target.name: target
    for target in [
        ShowTarget(),
        SeasonTarget(),
        CharacterTarget(),
        PersonTarget(),
        WorkTarget(),
        VolumeTarget(),
        EpisodeTarget(),
        ImageTarget(),
        VideoTarget(),
    ]
}


@dataclass(frozen=True)
class EmbedKind:
    """A block embed: what it shows, which targets it accepts, which flags."""

    name: str
    label: str
    targets: tuple[str, ...]
    flags: tuple[str, ...] = ()
    default_flag: str = ""
    help: str = ""
    # A short key for the kind's only target: ``[[image id=42]]`` for ``image=42``.
    ref_key: str = ""
    # Quoted attributes (``text="…"``) of a kind with no targets; the first is
    # required. Such a kind is rendered from ``livefacts/<kind>.html`` when saved.
    attributes: tuple[str, ...] = ()

    @property
    def template(self) -> str:
        return f"livefacts/{self.name}.html"

    def syntax(self, target: str, ref: str, flag: str = "") -> str:
        """The embed as written: ``[[cast show=heartstopper all]]``. The default
        flag is left out, as editors write it."""
        option = f" {flag}" if flag and flag != self.default_flag else ""
        return f"[[{self.name} {target}={ref}{option}]]"

    def variants(self) -> tuple[str, ...]:
        """Each way to write the kind: every flag, or just the kind."""
        return self.flags or ("",)


KINDS: dict[str, EmbedKind] = {
    kind.name: kind
    for kind in [
        EmbedKind(
            "factbox",
            "Fact box",
            ("season", "show"),
            help="status, dates, episodes, platform, source",
        ),
        EmbedKind(
            "release",
            "Release status",
            ("season",),
            help="where the release stands, with the premiere's precision",
        ),
        EmbedKind(
            "watch",
            "Where to watch",
            ("show", "season"),
            help="platforms carrying it in the reader's country: subscription, "
            "free, rent, buy",
        ),
        EmbedKind(
            "cast",
            "Cast list",
            ("show", "season"),
            flags=("main", "all"),
            default_flag="main",
            help="main cast by default; add `all` for recurring and guest roles",
        ),
        EmbedKind(
            "trailers",
            "Trailers",
            ("season", "show"),
            help="click-to-play links to YouTube; nothing loads until clicked",
        ),
        EmbedKind(
            "volumes",
            "Source volumes",
            ("season", "work"),
            help="the books a season adapts (confirmed or speculated), or a series",
        ),
        EmbedKind(
            "rating",
            "Ratings",
            ("show", "season"),
            help="IMDb and other ratings, with their date",
        ),
        EmbedKind(
            "image",
            "Image",
            ("image",),
            ref_key="id",
            help="a library picture with its alt text, caption and credit",
        ),
        EmbedKind(
            "video",
            "Video",
            ("video",),
            ref_key="id",
            help="a catalog video as a link card; nothing loads until clicked",
        ),
        EmbedKind(
            "quote",
            "Pull quote",
            (),
            attributes=("text", "by"),
            help='text="…" and an optional by="…"; write “curly” quotes inside',
        ),
    ]
}
