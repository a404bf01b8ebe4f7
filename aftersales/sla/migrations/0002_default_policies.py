"""The default SLA policies of SLA-1 (from the manuals). Editable in the admin."""

from django.db import migrations
from django.utils.translation import gettext_noop

H = 60
WORKING_DAY = 9 * 60  # 09:00–18:00

POLICIES = [
    # rank, name, matchers, respond, on site (+clock), resolve
    (10, gettext_noop("Urgent"), {"match_priority": "urgent"}, 1 * H, (4 * H, "24x7"), 48 * H),
    (
        20,
        gettext_noop("Project customer"),
        {"match_customer_kind": "project"},
        1 * H,
        (4 * H, "24x7"),
        48 * H,
    ),
    (30, gettext_noop("In warranty"), {"match_warranty": "in"}, 2 * H, (24 * H, "24x7"), 48 * H),
    (
        40,
        gettext_noop("Out of warranty"),
        {"match_warranty": "out"},
        24 * H,
        (2 * WORKING_DAY, "working"),
        None,
    ),
]


def create(apps, schema_editor):
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    for rank, name, matchers, respond, (on_site, on_site_clock), resolve in POLICIES:
        SlaPolicy.objects.get_or_create(
            rank=rank,
            defaults=dict(
                name=name,
                respond_minutes=respond,
                on_site_minutes=on_site,
                on_site_clock=on_site_clock,
                resolve_minutes=resolve,
                **matchers,
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
