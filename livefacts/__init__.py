"""Live facts: current catalog values embedded in article bodies.

``parser`` finds embeds and their lines; ``registry`` lists what may be embedded (one
object per target kind, owning its lookup, prefetch, values and templates); ``body``
compiles a body when it is saved and fills it with current values when it is read;
``resolvers`` load catalog rows in batches; ``renderers`` turn them into HTML;
``facts``, ``services`` and ``staleness`` keep and compare snapshots. The stored
placeholders start with ``lf:``, this feature's short marker. Editors' guide:
``docs/embeds.md``.

Dependencies run one way: articles → livefacts → catalog (+ core). The document whose
body embeds facts is ``settings.LIVEFACTS_DOCUMENT_MODEL``; nothing here imports it.
"""
