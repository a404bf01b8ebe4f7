"""Row locks for three-guarantees settlements (conventions B.3.7).

A unit is exchanged or refunded once: the settlement service locks the unit's row
before it checks that no settlement exists, so two agents settling the same unit at
once are serialised and the second gets ``409``. (The one-to-one ``unit`` of the
settlement and ``Unit.replaces`` refuse a second one at the database level too.)
"""

from __future__ import annotations

from django.db.models import QuerySet

from aftersales.units.models import Unit


def unit_lock_qs() -> QuerySet[Unit]:
    return Unit.objects.select_for_update(of=("self",)).order_by("pk")
