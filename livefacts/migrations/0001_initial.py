# The live-facts models move here from the articles app (articles 0007 drops them
# from its state). The tables, their rows, indexes and constraints already exist,
# made by articles 0003, so this only tells Django they are ours now; 0002 renames them.
# The FK target is LIVEFACTS_DOCUMENT_MODEL, fixed before the first migrate, as
# AUTH_USER_MODEL is.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_live_facts_move_to_livefacts'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='FactReview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reviewed_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('reason', models.CharField(choices=[('published', 'published'), ('reviewed', 'marked as reviewed')], max_length=10)),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fact_reviews', to=settings.LIVEFACTS_DOCUMENT_MODEL)),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'articles_factreview',
                        'ordering': ['-reviewed_at', '-pk'],
                        'permissions': [('review_facts', 'Can mark articles as reviewed against the catalog')],
                    },
                ),
                migrations.CreateModel(
                    name='ArticleReference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('via', models.CharField(choices=[('embed', 'embedded'), ('subject', 'subject')], max_length=8)),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='catalog_references', to=settings.LIVEFACTS_DOCUMENT_MODEL)),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                    ],
                    options={
                        'db_table': 'articles_articlereference',
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='articles_reference_object')],
                        'constraints': [models.UniqueConstraint(fields=('article', 'content_type', 'object_id', 'via'), name='articles_reference_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='FactSnapshot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('field', models.CharField(max_length=60)),
                        ('object_repr', models.CharField(max_length=200)),
                        ('value', models.JSONField(blank=True, null=True)),
                        ('display', models.CharField(blank=True, max_length=300)),
                        ('taken_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fact_snapshots', to=settings.LIVEFACTS_DOCUMENT_MODEL)),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                    ],
                    options={
                        'db_table': 'articles_factsnapshot',
                        'indexes': [models.Index(fields=['content_type', 'object_id', 'field'], name='articles_snapshot_fact')],
                        'constraints': [models.UniqueConstraint(fields=('article', 'content_type', 'object_id', 'field'), name='articles_snapshot_unique_fact')],
                    },
                ),
            ],
        ),
    ]
