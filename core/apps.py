from django.apps import AppConfig
from django.core.signals import setting_changed
from django.utils.autoreload import file_changed

from . import cacheguard, codeversion


class CoreConfig(AppConfig):
    """Infrastructure every app may use: pagination, page versions and the page cache,
    roles, database code.

    It imports no other app of ours; apps import it.
    """

    name = "core"
    verbose_name = "Showsite core"

    def ready(self):
        from . import pageversions  # imports models: only once apps are ready

        pageversions.connect_signals()
        setting_changed.connect(pageversions.on_setting_changed)
        setting_changed.connect(cacheguard.on_setting_changed)
        # The development server's reloader sends it when a template is edited.
        file_changed.connect(codeversion.forget)
