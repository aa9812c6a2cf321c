# The moved tables, indexes and constraints take this app's name, rows and all, and
# the models' content types follow them from "articles" to "livefacts": their
# permissions (review_facts among them) are the same rows, so groups and users that
# held them still do.

from django.db import migrations, models

MODELS = ('articlereference', 'factsnapshot', 'factreview')


def move_content_types(apps, from_label, to_label):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    db = ContentType.objects.db
    for model in MODELS:
        if ContentType.objects.using(db).filter(app_label=to_label, model=model).exists():
            continue  # already there (post_migrate made it): keep that one
        ContentType.objects.using(db).filter(app_label=from_label, model=model).update(
            app_label=to_label
        )
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    move_content_types(apps, 'articles', 'livefacts')


def backwards(apps, schema_editor):
    move_content_types(apps, 'livefacts', 'articles')


class Migration(migrations.Migration):

    dependencies = [
        ('livefacts', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(name='articlereference', table=None),
        migrations.AlterModelTable(name='factsnapshot', table=None),
        migrations.AlterModelTable(name='factreview', table=None),
        migrations.RenameIndex(
            model_name='articlereference',
            new_name='livefacts_reference_object',
            old_name='articles_reference_object',
        ),
        migrations.RenameIndex(
            model_name='factsnapshot',
            new_name='livefacts_snapshot_fact',
            old_name='articles_snapshot_fact',
        ),
        migrations.RemoveConstraint(
            model_name='articlereference',
            name='articles_reference_unique',
        ),
        migrations.AddConstraint(
            model_name='articlereference',
            constraint=models.UniqueConstraint(fields=('article', 'content_type', 'object_id', 'via'), name='livefacts_reference_unique'),
        ),
        migrations.RemoveConstraint(
            model_name='factsnapshot',
            name='articles_snapshot_unique_fact',
        ),
        migrations.AddConstraint(
            model_name='factsnapshot',
            constraint=models.UniqueConstraint(fields=('article', 'content_type', 'object_id', 'field'), name='livefacts_snapshot_unique_fact'),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
