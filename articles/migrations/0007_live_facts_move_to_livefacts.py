# The live-facts models (reference index, snapshots, reviews) move to the livefacts
# app. Only Django's state changes here: the tables and their rows stay, and
# livefacts 0001 takes them over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_lastmod_index_by_modified_time'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ArticleReference'),
                migrations.DeleteModel(name='FactSnapshot'),
                migrations.DeleteModel(name='FactReview'),
            ],
        ),
    ]
