"""The submission (the period lock) moves from results to fieldwork, next to Period.

The table keeps its name (results_submission) and its rows: this migration only tells Django's
state that the model now belongs to fieldwork, adds the state "open" (a choice, no schema
change), and moves the content type and the audit trail's object type to the new label, so that
permissions and the submission's history survive the move.
"""

import django.db.models.deletion
import matpunkt.core.validators
from django.conf import settings
from django.db import migrations, models

OLD_LABEL, NEW_LABEL = "results.submission", "fieldwork.submission"


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("core", "AuditEvent")
    old_app, old_model = old.split(".")
    new_app, new_model = new.split(".")
    if not ContentType.objects.filter(app_label=new_app, model=new_model).exists():
        ContentType.objects.filter(app_label=old_app, model=old_model).update(
            app_label=new_app, model=new_model
        )
    AuditEvent.objects.filter(object_type=old).update(object_type=new)


def forwards(apps, schema_editor):
    _relabel(apps, OLD_LABEL, NEW_LABEL)


def backwards(apps, schema_editor):
    _relabel(apps, NEW_LABEL, OLD_LABEL)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0001_initial'),
        ('fieldwork', '0004_code_used_without_date'),
        ('organisations', '0001_initial'),
        ('results', '0002_submitted_counts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Submission',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('open', 'Ej inlämnad'), ('submitted', 'Inlämnad'), ('reopened', 'Öppnad igen')], default='open', max_length=20, verbose_name='status')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='inlämnad')),
                        ('reopened_at', models.DateTimeField(blank=True, null=True, verbose_name='öppnad igen')),
                        ('reopen_reason', models.TextField(blank=True, validators=[matpunkt.core.validators.reject_personnummer], verbose_name='skäl att öppna igen')),
                        ('forbund', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='submissions', to='organisations.forbund', verbose_name='förbund')),
                        ('period', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='fieldwork.period', verbose_name='mätperiod')),
                        ('reopened_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='öppnad igen av')),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='inlämnad av')),
                    ],
                    options={
                        'verbose_name': 'inlämning',
                        'verbose_name_plural': 'inlämningar',
                        'db_table': 'results_submission',
                        'ordering': ['period', 'forbund'],
                        'constraints': [models.UniqueConstraint(fields=('forbund', 'period'), name='submission_unique')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
