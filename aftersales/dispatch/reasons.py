"""The human-readable reasons of a candidate (DSP-2), in the user's language.

Each reason has a stable ``code`` (skill, certificate, region, distance, workload,
on_site, continuity), a translated ``text`` and the ``points`` it adds to the score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aftersales.dispatch.rules import Assessment, OrderFacts, Reach


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    points: float = 0.0


def duration_text(minutes: int) -> str:
    minutes = abs(minutes)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    if hours and mins:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": mins}
    if hours:
        return _("%(hours)s h") % {"hours": hours}
    return _("%(minutes)s min") % {"minutes": mins}


def moment_text(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _qualification(order: OrderFacts, a: Assessment) -> list[Reason]:
    if order.product_line_id is None:
        return [
            Reason(
                "skill", _("The order has no unit: product skill and certificate are not checked")
            )
        ]
    line = order.product_line_name
    certificate = a.engineer.certificates[order.product_line_id]
    return [
        Reason("skill", _("Skilled in %(line)s") % {"line": line}),
        Reason(
            "certificate",
            _("Certificate %(number)s for %(line)s, valid until %(date)s")
            % {
                "number": certificate.number,
                "line": line,
                "date": certificate.valid_until.isoformat(),
            },
        ),
    ]


def _region(order: OrderFacts, a: Assessment) -> Reason:
    values = {"region": a.engineer.region_name, "order_region": order.region_name}
    if a.reach is Reach.NEAR:
        text = _("Works in %(region)s, next to the order's region %(order_region)s")
    elif a.engineer.region_path == order.region_path:
        text = _("Works in the order's region %(order_region)s")
    else:
        text = _("Works in %(region)s, which covers the order's region %(order_region)s")
    return Reason("region", text % values)


def _distance(a: Assessment) -> Reason:
    points = a.points["distance"]
    values = {
        "travel": duration_text(a.travel_minutes),
        "km": "" if a.distance_km is None else f"{a.distance_km:.1f}",
        "place": a.engineer.location_name,
    }
    if a.distance_km is None:
        text = _("Distance unknown (no coordinates): %(travel)s on the road assumed")
    elif a.engineer.location_source == "base":
        text = _("%(km)s km from their base, about %(travel)s on the road")
    elif a.engineer.location_source == "network_point":
        text = _("%(km)s km from network point %(place)s, about %(travel)s on the road")
    else:
        text = _("%(km)s km from the centre of %(place)s, about %(travel)s on the road")
    return Reason("distance", text % values, points)


def _workload(a: Assessment) -> Reason:
    count = a.engineer.workload
    if count == 0:
        return Reason("workload", _("No open orders: free now"), a.points["workload"])
    return Reason(
        "workload",
        ngettext(
            "%(count)s open order ahead",
            "%(count)s open orders ahead",
            count,
        )
        % {"count": count},
        a.points["workload"],
    )


def _on_site(order: OrderFacts, a: Assessment) -> Reason:
    points = a.points["on_site"]
    if order.on_site_by is None or a.due_in is None:
        return Reason("on_site", _("No on-site target for this order"), points)
    values = {"arrival": moment_text(a.arrival), "due": moment_text(order.on_site_by)}
    if a.late_minutes:
        values["late"] = duration_text(a.late_minutes)
        return Reason(
            "on_site",
            _("On-site target %(due)s; estimated arrival %(arrival)s, %(late)s late") % values,
            points,
        )
    values["left"] = duration_text(a.due_in)
    values["spare"] = duration_text(a.due_in - a.arrival_in)
    return Reason(
        "on_site",
        _(
            "On-site target %(due)s (%(left)s left); estimated arrival %(arrival)s, "
            "%(spare)s to spare"
        )
        % values,
        points,
    )


def _continuity(a: Assessment) -> Reason:
    served = a.engineer.served_before
    if not served:
        return Reason("continuity", _("Has not served this customer before"), 0.0)
    return Reason(
        "continuity",
        ngettext(
            "Served this customer once before",
            "Served this customer %(count)s times before",
            served,
        )
        % {"count": served},
        a.points["continuity"],
    )


def reasons_for(order: OrderFacts, a: Assessment) -> list[Reason]:
    """Why this engineer is a candidate and what moves their score."""
    return [
        *_qualification(order, a),
        _region(order, a),
        _on_site(order, a),
        _distance(a),
        _workload(a),
        _continuity(a),
    ]
