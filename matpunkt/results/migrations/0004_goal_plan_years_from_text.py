"""Reads a goal's plan years from the free text it was typed with ("2022", "2022–2024",
"Verksamhetsplan 2025"): the first and the last year found. A text without a year leaves the
goal without plan years; the goal list then asks for them, and the goal is judged on no period."""

import re

from django.db import migrations

YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
# "2022–24": a range whose last year is written with two digits.
SHORT_RANGE = re.compile(r"(?<!\d)(20)(\d\d)\s*[-\u2013\u2014]\s*(\d\d)(?!\d)")


def plan_years(text: str) -> tuple[int, int] | None:
    text = SHORT_RANGE.sub(lambda m: f"{m[1]}{m[2]}\u2013{m[1]}{m[3]}", text or "")
    years = [int(year) for year in YEAR.findall(text)]
    if not years:
        return None
    return min(years), max(years)


def forwards(apps, schema_editor):
    Goal = apps.get_model("results", "Goal")
    for goal in Goal.objects.all():
        years = plan_years(goal.plan_period)
        if years is not None:
            goal.plan_first_year, goal.plan_last_year = years
            goal.save(update_fields=["plan_first_year", "plan_last_year"])


def backwards(apps, schema_editor):
    Goal = apps.get_model("results", "Goal")
    for goal in Goal.objects.exclude(plan_first_year=None):
        first, last = goal.plan_first_year, goal.plan_last_year
        goal.plan_period = str(first) if first == last else f"{first}\u2013{last}"
        goal.save(update_fields=["plan_period"])


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0003_goal_plan_years"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
