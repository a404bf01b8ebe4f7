"""What the warranty panel of the order page shows (WAR-6, TG-6, TG-7, WAR-5): the
warranty on the report date, the three-guarantees entitlement with its banner, the
recorded exclusions with their photos, and the exclusion form for who may record one.

Every decision comes from ``warranty.selectors``; this module only gathers it.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from aftersales.accounts.access import may
from aftersales.accounts.models import User
from aftersales.console.display import warranty_status_badge
from aftersales.console.tg_display import entitlement_view, exclusion_views, settlement_text
from aftersales.console.warranty_forms import ExclusionForm, PhotoForm
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.status import Status
from aftersales.warranty.explain import warranty_reason
from aftersales.warranty.photos import MAX_PHOTOS_PER_EXCLUSION, unit_exclusions
from aftersales.warranty.selectors import (
    unit_entitlement,
    unit_repair_records,
    unit_replacement_id,
    unit_settlement,
    warranty_status,
)

# The service refuses exclusions (and photos) on these orders; the form is not offered.
_CLOSED = frozenset({Status.CLOSED, Status.CANCELLED})
# While an order is open the entitlement may change (TG-3 counts the days it stays
# unfixed), so the panel also shows today's when it differs from the report date's.
_FINISHED = frozenset({Status.RESOLVED, Status.ACCEPTED, Status.FOLLOWED_UP, *_CLOSED})


def warranty_panel(
    user: User,
    order: ServiceOrder,
    *,
    form: ExclusionForm | None = None,
    photo_form: tuple[int, PhotoForm] | None = None,
    error: str = "",
    notice: str = "",
) -> dict[str, Any]:
    """``form``/``photo_form`` are bound forms that failed (shown open with errors)."""
    unit = order.unit
    context: dict[str, Any] = {"unit": unit, "error": error, "notice": notice}
    if unit is None:
        return context
    reported_on = timezone.localdate(order.reported_at)
    today = timezone.localdate()
    recorded = unit_exclusions(unit=unit)
    status = warranty_status(unit=unit, on=reported_on, order_id=order.pk, recorded=recorded)
    repairs = unit_repair_records(unit=unit)
    ent = unit_entitlement(unit=unit, on=reported_on, repairs=repairs)
    today_view = None
    if order.status not in _FINISHED and today > reported_on:
        now = unit_entitlement(unit=unit, on=today, repairs=repairs)
        if (now.rule, now.remedies) != (ent.rule, ent.remedies):
            today_status = warranty_status(
                unit=unit, on=today, order_id=order.pk, recorded=recorded
            )
            today_view = entitlement_view(now, today_status)
    can_exclude = may(user, "order.exclusion") and order.status not in _CLOSED
    exclusions = exclusion_views(unit, recorded, order_id=order.pk)
    photo_forms = {}
    if can_exclude:
        for ex in exclusions:
            if ex.order_id == order.pk and len(ex.photos) < MAX_PHOTOS_PER_EXCLUSION:
                bound = photo_form[1] if photo_form and photo_form[0] == ex.pk else None
                photo_forms[ex.pk] = bound or PhotoForm(auto_id=f"id_photo_{ex.pk}_%s")
    context.update(
        {
            "status": status,
            "badge": warranty_status_badge(status),
            "reason": warranty_reason(status),
            "reported_on": reported_on,
            "entitlement": entitlement_view(ent, status),
            "entitlement_today": today_view,
            "settlement": settlement_text(unit_settlement(unit=unit)),
            "replaced_by": unit_replacement_id(unit=unit),
            "exclusions": [(ex, photo_forms.get(ex.pk)) for ex in exclusions],
            "can_exclude": can_exclude,
            "form": form or (ExclusionForm(auto_id="id_exclusion_%s") if can_exclude else None),
            "form_open": form is not None,
        }
    )
    return context
