from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's app, for its ``generate_scale`` command.

    Installed by the bench and test settings only: production never imports it.
    """

    name = "bench"
    verbose_name = "Benchmark"
