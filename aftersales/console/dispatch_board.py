"""The dispatch board (DSP-1..4 in the console): what it shows and the forms it parses.

Presentation only: the queue and its order come from ``dispatch.selectors.dispatch_queue``,
the candidates and their reasons from ``service_order_candidates``, the batch plan from
``dispatch.services.dispatch_batch``; this module words them (badges, countdowns, signed
points) and builds the page's context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aftersales.accounts.access import may
from aftersales.accounts.models import User
from aftersales.console.display import Badge, countdown, sla_badge
from aftersales.console.forms import ServiceForm
from aftersales.dispatch.reasons import duration_text
from aftersales.dispatch.selectors import CandidateList, dispatch_queue, dispatch_regions
from aftersales.dispatch.services import DEFAULT_MAX_OPEN_ORDERS, BatchResult
from aftersales.organisation.models import Region
from aftersales.service_orders.models import ServiceOrder
from aftersales.service_orders.selectors import service_order_sla

QUEUE_CAP = 100  # the most urgent orders shown; the count says how many wait in all
TEMPLATE = "console/dispatch_board.html"


# --- forms ------------------------------------------------------------------------------


def _region_choices(regions: Iterable[Region], blank: Any) -> list[tuple[Any, Any]]:
    return [("", blank)] + [(r.pk, "· " * max(r.path.count("/") - 2, 0) + r.name) for r in regions]


class QueueFilterForm(forms.Form):
    region = forms.TypedChoiceField(
        label=gettext_lazy("Region"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data: Any, *, regions: Iterable[Region]) -> None:
        super().__init__(data)
        field = self.fields["region"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _region_choices(regions, gettext_lazy("all"))

    def region_id(self) -> int | None:
        """The chosen region; an invalid choice is ignored (the whole queue)."""
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("region")


class AssignForm(ServiceForm):
    """``engineer`` as the service takes it (the service says when it is missing)."""

    engineer = forms.IntegerField(label=gettext_lazy("Engineer"), required=False)


class BatchForm(ServiceForm):
    """Batch dispatch: the service checks the region and the limit (422 naming them)."""

    region = forms.IntegerField(label=gettext_lazy("Region"))
    max_open_orders = forms.IntegerField(
        label=gettext_lazy("Most open orders per engineer"),
        required=False,
        widget=forms.NumberInput(attrs={"placeholder": str(DEFAULT_MAX_OPEN_ORDERS)}),
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Plan only (dry run)"), required=False)

    def __init__(
        self, data: Any = None, *, regions: Iterable[Region], initial_region: int | None = None
    ) -> None:
        super().__init__(data, initial={"region": initial_region}, auto_id="id_batch_%s")
        self.fields["region"].widget = forms.Select(
            choices=_region_choices(regions, "—"), attrs={"required": True}
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        limit = data.get("max_open_orders")
        return {
            "region_id": data["region"],
            "dry_run": bool(data.get("dry_run")),
            "max_open_orders": DEFAULT_MAX_OPEN_ORDERS if limit is None else limit,
        }


# --- the queue --------------------------------------------------------------------------


def queue_countdown(due: dt.datetime | None, now: dt.datetime) -> tuple[str, str]:
    """("in 1 h 20 min" | "overdue 35 min" | "no on-site target", css)."""
    if due is None:
        return _("no on-site target"), "muted"
    return countdown(due, now=now), "bad" if due < now else "ok"


@dataclass(frozen=True)
class QueueRow:
    order: ServiceOrder
    sla: Badge
    countdown: str
    countdown_css: str


def queue_rows(orders: Iterable[ServiceOrder], *, now: dt.datetime) -> list[QueueRow]:
    rows = []
    for order in orders:
        sla = service_order_sla(order=order, now=now)
        text, css = queue_countdown(order.on_site_by, now)
        rows.append(QueueRow(order, sla_badge(sla.on_site.state), text, css))
    return rows


def queue_context(user: User, region_id: int | None) -> dict[str, Any]:
    qs = dispatch_queue(user=user, region_id=region_id)
    total = qs.count()
    now = timezone.now()
    return {
        "rows": queue_rows(qs[:QUEUE_CAP], now=now),
        "total": total,
        "capped": total > QUEUE_CAP,
        "cap": QUEUE_CAP,
        "region": region_id,
    }


# --- candidates ---------------------------------------------------------------------------


def signed_points(points: float) -> str:
    """+10 / −3.3 (a real minus sign); "" for a reason that moves nothing."""
    if not points:
        return ""
    text = f"{abs(points):.1f}".removesuffix(".0")
    return f"+{text}" if points > 0 else f"−{text}"


def candidate_rows(found: CandidateList) -> list[dict[str, Any]]:
    rows = []
    for candidate in found.candidates:
        a = candidate.assessment
        rows.append(
            {
                "engineer": a.engineer.id,
                "name": a.engineer.name,
                "region": a.engineer.region_name,
                "score": a.score,
                "distance_km": None if a.distance_km is None else round(a.distance_km, 1),
                "travel": duration_text(a.travel_minutes),
                "open_orders": a.engineer.workload,
                "arrival": a.arrival,
                "late": duration_text(a.late_minutes) if a.late_minutes else "",
                "reasons": [
                    {"code": r.code, "text": r.text, "points": signed_points(r.points)}
                    for r in candidate.reasons
                ],
            }
        )
    return rows


def candidates_context(
    order: ServiceOrder | None,
    found: CandidateList | None,
    *,
    region_id: int | None,
    notice: str = "",
    error: str = "",
) -> dict[str, Any]:
    """The candidates panel: an order's ranked candidates, or only a notice / error."""
    return {
        "picked": order,
        "candidates": candidate_rows(found) if found is not None else None,
        "notice": notice,
        "error": error,
        "region": region_id,
    }


# --- batch dispatch ---------------------------------------------------------------------


def batch_result_context(result: BatchResult) -> dict[str, Any]:
    gap = result.objective - result.bound
    return {
        "dry_run": result.dry_run,
        "at": result.at,
        "orders": result.orders,
        "engineers": result.engineers,
        "assignments": [
            {
                "order": a.order_id,
                "number": a.number,
                "engineer": a.engineer_name,
                "late": a.late_minutes,
                "travel": a.travel_minutes,
                "distance_km": None if a.distance_km is None else round(a.distance_km, 1),
                "arrival": a.estimated_arrival,
            }
            for a in result.assignments
        ],
        "unassigned": result.unassigned,
        "objective": result.objective,
        "greedy_objective": result.greedy_objective,
        "bound": round(result.bound, 1),
        "gap": round(max(gap, 0.0), 1),
        "late_minutes": result.late_minutes,
        "travel_minutes": result.travel_minutes,
        "solve_seconds": round(result.solve_seconds, 3),
    }


def batch_context(
    user: User,
    regions: Iterable[Region],
    *,
    region_id: int | None,
    form: BatchForm | None = None,
    result: BatchResult | None = None,
    error: str = "",
) -> dict[str, Any]:
    if not may(user, "dispatch.batch"):
        return {"batch": None}
    return {
        "batch": {
            "form": form or BatchForm(regions=regions, initial_region=region_id),
            "result": batch_result_context(result) if result is not None else None,
            "error": error,
            "region": region_id,
        }
    }


# --- the page ---------------------------------------------------------------------------


def board_context(
    user: User,
    filters: QueueFilterForm,
    regions: list[Region],
    *,
    candidates: dict[str, Any] | None = None,
    batch: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole board; ``candidates`` and ``batch`` replace those panels' defaults."""
    region_id = filters.region_id()
    return {
        "filters": filters,
        **queue_context(user, region_id),
        "cp": candidates or candidates_context(None, None, region_id=region_id),
        **(batch or batch_context(user, regions, region_id=region_id)),
    }


def board_regions(user: User) -> list[Region]:
    return list(dispatch_regions(user=user))
