"""Keep the actor's user name on every audit event, so that deleting a user no longer blanks
who made the changes recorded before."""

from django.db import migrations, models


def copy_usernames(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    User = apps.get_model("auth", "User")
    names = dict(User.objects.values_list("pk", "username"))
    pending = []
    for event in AuditEvent.objects.filter(actor__isnull=False).only("pk", "actor_id").iterator():
        event.actor_label = names.get(event.actor_id, "")
        pending.append(event)
        if len(pending) >= 1000:
            AuditEvent.objects.bulk_update(pending, ["actor_label"])
            pending = []
    AuditEvent.objects.bulk_update(pending, ["actor_label"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_language_preference"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="actor_label",
            field=models.CharField(blank=True, max_length=150, verbose_name="användarnamn"),
        ),
        migrations.RunPython(copy_usernames, migrations.RunPython.noop),
    ]
