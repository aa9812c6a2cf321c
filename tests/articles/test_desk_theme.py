"""The desk preview's forced light and dark themes use exactly site.css's tokens."""

import re
from pathlib import Path

from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "css"
TOKEN = re.compile(r"(--[\w-]+):\s*([^;]+);")


def tokens(text: str) -> dict[str, str]:
    return dict(TOKEN.findall(text))


def test_forced_themes_match_the_sites_own_tokens():
    site = (CSS / "site.css").read_text()
    desk = (CSS / "desk-preview.css").read_text()
    site_dark = re.search(
        r"@media \(prefers-color-scheme: dark\) \{(.*?)\n\}", site, re.S
    )
    site_light = re.search(r":root \{(.*?)\n\}", site, re.S)
    desk_light = re.search(r':root\[data-theme="light"\] \{(.*?)\}', desk, re.S)
    desk_dark = re.search(r':root\[data-theme="dark"\] \{(.*?)\}', desk, re.S)
    dark = tokens(site_dark.group(1))
    assert tokens(desk_dark.group(1)) == dark
    light = {k: v for k, v in tokens(site_light.group(1)).items() if k in dark}
    assert tokens(desk_light.group(1)) == light
