# Timeline event kinds for spare parts (INV-2, INV-4) and loaner units (LOAN-2).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("service_orders", "0008_sla_clock_fields"),
    ]

    operations = [
        migrations.AlterField(
            model_name="serviceorderevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("created", "created"),
                    ("transition", "status changed"),
                    ("assignment", "engineer assigned"),
                    ("note", "note"),
                    ("exclusion", "warranty exclusion recorded"),
                    ("charges", "quote or charges"),
                    ("settlement", "three-guarantees settlement"),
                    ("sla", "SLA clock"),
                    ("escalation", "escalation"),
                    ("parts", "spare parts"),
                    ("loaner", "loaner unit"),
                ],
                max_length=16,
            ),
        ),
    ]
