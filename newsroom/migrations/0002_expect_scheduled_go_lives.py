"""Pieces already scheduled when the newsroom app arrives will be announced too."""

from django.db import migrations
from django.db.models.functions import Now


def expect_scheduled(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ScheduledGoLive = apps.get_model("newsroom", "ScheduledGoLive")
    scheduled = Article.objects.filter(state="published", published_at__gt=Now())
    ScheduledGoLive.objects.bulk_create(
        [
            ScheduledGoLive(article_id=pk, due_at=due)
            for pk, due in scheduled.values_list("pk", "published_at")
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_notes_notifications")]

    operations = [migrations.RunPython(expect_scheduled, migrations.RunPython.noop)]
