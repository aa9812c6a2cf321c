"""Deterministic text for ``generate_scale``: names, titles and article paragraphs.

Everything comes from a ``random.Random`` the caller seeds, so the same seed gives the
same words. Paragraph lengths follow the demo's pieces (40 to 120 words), so bodies,
cards and search work on text of realistic size.
"""

import random

ADJECTIVES = (
    "Silent Broken Golden Hidden Last Northern Crimson Quiet Wild Bright Hollow "
    "Distant Frozen Restless Secret Burning Gentle Lost Midnight Paper Iron Velvet "
    "Salt Glass Summer Winter Electric Little Savage Lonely Hungry Crooked Marble"
).split()
NOUNS = (
    "Harbour Kingdom Letters Orchard Signal Empire Tides Station Archive Crown Garden "
    "Lighthouse Academy Frontier Circus Republic Bureau Estate Carnival Valley Mirror "
    "Engine Parish Island Street Hotel Hospital Precinct Colony Society Theory Desert"
).split()
FIRST_NAMES = (
    "Ava Ben Chloe Dev Elena Finn Grace Hugo Isla Jonah Kiran Lena Marco Nia Omar "
    "Priya Quinn Rosa Sami Tara Uma Victor Wren Xavier Yara Zane Alice Tao Imogen "
    "Joe Kit Yasmin William Olivia Rhea Theo Mina Leo Sofia Arjun Bea Callum Dina"
).split()
LAST_NAMES = (
    "Adeyemi Brennan Castillo Dubois Eriksen Fontaine Gallagher Hartley Ibarra "
    "Jovanovic Kowalski Lindqvist Moreau Nakamura Okafor Petrov Quintero Rahman "
    "Silva Tanaka Ueda Varga Whitfield Xu Yilmaz Zhou Connor Locke Oseman Ahmed "
    "Bhatt Carvalho Dlamini Engel Fischer Greco Haddad Iyer Jensen Kaur"
).split()
WORDS = (
    "the season renewal premiere cast crew filming streaming platform episode trailer "
    "finale release date window production schedule writers room showrunner director "
    "story novel adaptation volume chapter fans audience critics ratings viewers "
    "announcement confirmed reported rumoured expected spring summer autumn winter "
    "studio location set script character relationship arc ending cliffhanger reveal "
    "network deal budget contract return first second third new old long short "
    "about after before during since while when where which who what why how "
    "and but or so yet because although though if then than as with without into "
    "from over under between among across through toward behind beyond near "
    "is was were will would could should might must can has have had "
    "said told shared posted revealed teased hinted added explained noted "
    "it they we our their its this that these those there here also still "
    "more most less least very quite really almost already again soon later"
).split()
TAGS = (
    "Release dates",
    "Renewals",
    "Casting",
    "Trailers",
    "Reviews",
    "Streaming",
    "Book adaptations",
    "Finales",
    "Box sets",
    "Interviews",
    "Ratings",
    "Behind the scenes",
)
PLATFORMS = (
    ("Netflix", "streaming"),
    ("Prime Video", "streaming"),
    ("Disney+", "streaming"),
    ("Apple TV+", "streaming"),
    ("Max", "streaming"),
    ("Hulu", "streaming"),
    ("BBC One", "broadcast"),
    ("Channel 4", "broadcast"),
    ("ITV", "broadcast"),
    ("HBO", "cable"),
    ("FX", "cable"),
    ("AMC", "cable"),
)
GENRES = (
    "Drama",
    "Comedy",
    "Romance",
    "Thriller",
    "Crime",
    "Fantasy",
    "Science fiction",
    "Mystery",
    "Horror",
    "Documentary",
    "Animation",
    "Coming of age",
)
TITLE_TEMPLATES = (
    "{show} season {n}: when will it be released?",
    "{show} season {n} release date, cast and everything we know",
    "{show} renewed for season {n}",
    "{person} joins {show} for season {n}",
    "{show} season {n} trailer: first look at the new episodes",
    "Review: {show} season {n} is its best yet",
    "{show} season {n} finale explained",
    "Is {show} coming back for season {n}?",
    "{show}: which books will season {n} adapt?",
    "{show} season {n} has started filming",
)


def show_title(rng: random.Random) -> str:
    return f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def sentence(rng: random.Random, low: int = 8, high: int = 22) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
