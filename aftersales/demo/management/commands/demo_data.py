"""``manage.py demo_data``: load the demo company once; running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from aftersales.core.exceptions import ApplicationError
from aftersales.demo.build import demo_build, demo_sign_ins


class Command(BaseCommand):
    help = (
        "Create the demo company (regions, staff, customers, units, service orders in "
        "every state) through the services. Idempotent: does nothing when it exists."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            demo = demo_build()
        except ApplicationError as exc:
            raise CommandError(
                f"demo data could not be created (nothing was written): {exc.message} "
                f"{exc.errors or ''}"
            ) from exc
        if demo is None:
            self.stdout.write("Demo data is present already; nothing changed.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data created: {len(demo.customers)} customers, "
                    f"{len(demo.units)} units, {len(demo.orders)} service orders."
                )
            )
        self._print_sign_ins()

    def _print_sign_ins(self) -> None:
        rows = [(s.username, s.roles, s.name, s.password) for s in demo_sign_ins()]
        header = ("username", "role", "name", "password")
        widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]

        def line(cells: tuple[str, ...]) -> str:
            return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))

        self.stdout.write("\nDemo sign-ins (console/admin at /, API token at /api/v1/auth/token):")
        self.stdout.write(line(header))
        self.stdout.write("  ".join("-" * w for w in widths))
        for row in rows:
            self.stdout.write(line(row))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 1 for ch in text)
