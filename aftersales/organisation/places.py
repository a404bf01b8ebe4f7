"""Where an order is and where an engineer sets out from, read from the network points
(the places ``organisation.geo`` measures between). One query per ``places_for``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aftersales.organisation.geo import Point, ancestor_paths, centroid
from aftersales.organisation.models import NetworkPoint

if TYPE_CHECKING:
    from aftersales.accounts.models import User


@dataclass(frozen=True)
class Places:
    """Network points with coordinates, by region path."""

    points: tuple[tuple[str, str, Point], ...]  # (region path, name, position)

    def region_location(self, path: str) -> tuple[Point | None, str]:
        """Where an order of the region is: the centroid of the network points in the
        region's subtree, or in the nearest ancestor's that has any; and the path of the
        region it came from."""
        for ancestor in reversed(ancestor_paths(path)):
            found = [p for region, _name, p in self.points if region.startswith(ancestor)]
            if found:
                return centroid(found), ancestor
        return None, ""

    def engineer_origin(self, user: User) -> tuple[Point | None, str, str]:
        """Where the engineer sets out from: their base, else their network point, else
        the centre of their region's network points; with the source and its name.
        Needs ``network_point`` and ``region`` loaded with the user."""
        base = Point.of(user.base_latitude, user.base_longitude)
        if base is not None:
            return base, "base", ""
        point = user.network_point
        if point is not None:
            found = Point.of(point.latitude, point.longitude)
            if found is not None:
                return found, "network_point", point.name
        if user.region is not None:
            location, _path = self.region_location(user.region.path)
            if location is not None:
                return location, "region", user.region.name
        return None, "", ""


def places_for(region_path: str) -> Places:
    """The network points of the region's top-level tree (one query)."""
    root = ancestor_paths(region_path)[0] if region_path else "/"
    rows = NetworkPoint.objects.filter(
        region__path__startswith=root, latitude__isnull=False, longitude__isnull=False
    ).values_list("region__path", "name", "latitude", "longitude")
    return Places(
        tuple(
            (path, name, point)
            for path, name, lat, lon in rows
            if (point := Point.of(lat, lon)) is not None
        )
    )
