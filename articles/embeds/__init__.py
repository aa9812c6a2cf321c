"""Live catalog facts in article bodies (issue 6).

``parser`` finds embeds and their lines; ``registry`` lists what may be embedded;
``body`` compiles a body when it is saved and fills it with current values when it is
read; ``resolvers`` load catalog rows in batches; ``renderers`` turn them into HTML;
``facts``, ``services`` and ``staleness`` keep and compare snapshots. Editors' guide:
``docs/embeds.md``.
"""
