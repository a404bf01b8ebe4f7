"""The default SLA-5 rule: an in-warranty repair unresolved after 2 days gets a loaner
offered. Editable in the admin."""

from django.db import migrations
from django.utils.translation import gettext_noop


def create(apps, schema_editor):
    LoanerRule = apps.get_model("escalations", "LoanerRule")
    if not LoanerRule.objects.exists():
        LoanerRule.objects.create(
            name=gettext_noop("In-warranty repair open over 2 days"),
            order_kind="repair",
            in_warranty_only=True,
            hours_open=48,
        )


class Migration(migrations.Migration):
    dependencies = [("escalations", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
