"""The import report as the API and the command show it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from aftersales.imports.services import ImportReport


def report_detail(report: ImportReport) -> str:
    counts = {
        "total": report.total_rows,
        "valid": report.valid_rows,
        "invalid": report.invalid_rows,
        "created": len(report.created_ids),
    }
    if report.dry_run:
        return (
            _(
                "Dry run: %(valid)s of %(total)s rows are valid, %(invalid)s have errors; "
                "nothing was written."
            )
            % counts
        )
    if report.committed and report.problems:
        return _("Imported %(created)s rows; %(invalid)s rows with errors were left out.") % counts
    if report.committed:
        return _("Imported %(created)s rows.") % counts
    return _("Nothing was imported: %(invalid)s of %(total)s rows have errors.") % counts


def report_status(report: ImportReport) -> int:
    """200 for a dry run, 201 when rows were written, 422 when errors stopped the import."""
    if report.dry_run:
        return 200
    return 201 if report.committed else 422


def report_resource(report: ImportReport) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    for problem in report.problems:
        errors.setdefault(f"{problem.line}.{problem.field}", []).append(problem.message)
    return {
        "kind": report.kind,
        "mode": report.mode,
        "dry_run": report.dry_run,
        "committed": report.committed,
        "total_rows": report.total_rows,
        "valid_rows": report.valid_rows,
        "invalid_rows": report.invalid_rows,
        "created_ids": report.created_ids,
        "problems": [
            {"line": p.line, "field": p.field, "column": p.column, "message": p.message}
            for p in report.problems
        ],
        "detail": report_detail(report),
        "errors": errors,
        "code": "invalid" if report_status(report) == 422 else None,
    }
