"""The submission moves to fieldwork (see fieldwork 0005): the stored counts point at the moved
model, and results forgets its own. Nothing changes in the database: same table, same rows."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('fieldwork', '0005_submission_moved_from_results'),
        ('results', '0005_goal_remove_plan_text'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='submittedcounts',
                    name='submission',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='counts', to='fieldwork.submission', verbose_name='inlämning'),
                ),
                migrations.DeleteModel(name='Submission'),
            ],
            database_operations=[],
        ),
    ]
