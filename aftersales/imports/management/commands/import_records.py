"""``manage.py import_records customers|units <file> [--mode all|good] [--dry-run]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aftersales.accounts.models import User
from aftersales.core.exceptions import ApplicationError
from aftersales.imports.present import report_detail
from aftersales.imports.services import KINDS, MODES, records_import


class Command(BaseCommand):
    help = (
        "Import customers or units from an .xlsx or .csv file (UNIT-3). Every row is checked "
        "as a single create; errors are listed with their line and field. Exits 1 when "
        "nothing was written because of errors."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--mode",
            choices=MODES,
            default="all",
            help="all: any bad row imports nothing (default); good: import the good rows",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--as-user",
            metavar="USERNAME",
            help="import as this user (their permissions and visible customers); "
            "default: the operator, who may reference every customer",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        actor = None
        if options["as_user"]:
            actor = User.objects.filter(username=options["as_user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"no active user {options['as_user']!r}")
        try:
            report = records_import(
                kind=options["kind"],
                content=path.read_bytes(),
                filename=path.name,
                mode=options["mode"],
                dry_run=options["dry_run"],
                actor=actor,
            )
        except ApplicationError as exc:
            details = "; ".join(f"{f}: {', '.join(m)}" for f, m in exc.errors.items())
            raise CommandError(f"{exc.message} {details}".strip()) from exc
        for problem in report.problems:
            column = f" ({problem.column})" if problem.column else ""
            self.stderr.write(f"line {problem.line}: {problem.field}{column}: {problem.message}")
        self.stdout.write(report_detail(report))
        if report.created_ids:
            self.stdout.write(f"ids: {report.created_ids[0]}..{report.created_ids[-1]}")
        if not report.dry_run and not report.committed:
            raise CommandError(report_detail(report), returncode=1)
