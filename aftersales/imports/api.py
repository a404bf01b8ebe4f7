from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from aftersales.api.auth import actor
from aftersales.core.exceptions import ValidationFailed
from aftersales.imports.present import report_resource, report_status
from aftersales.imports.schemas import ImportReportOut
from aftersales.imports.services import records_import

router = Router()

RESPONSES = {200: ImportReportOut, 201: ImportReportOut, 422: ImportReportOut}
DESCRIPTION = (
    "Multipart upload: `file` (.xlsx or .csv, UTF-8, UTF-8 with BOM or GBK; the first line "
    "names the columns), `mode` (`all`: any bad row imports nothing — the default; `good`: "
    "the good rows are imported, the bad ones reported), `dry_run` (check and report, write "
    "nothing). Answers the report: 200 for a dry run, 201 when rows were written, 422 when "
    "errors stopped the import. Each problem names its line (Excel's row number) and field."
)


def _run(
    request: HttpRequest, kind: str, file: UploadedFile | None, mode: str, dry_run: bool
) -> Status[dict[str, Any]]:
    if file is None:  # checked here so that the error names "file", as the others do
        raise ValidationFailed.field("file", _("is required: upload an .xlsx or .csv file"))
    # Larger files are refused before they are read into memory.
    content = file.read(settings.IMPORT_MAX_BYTES + 1)
    report = records_import(
        kind=kind,
        content=content,
        filename=file.name or "",
        mode=mode,
        dry_run=dry_run,
        actor=actor(request),
    )
    return Status(report_status(report), report_resource(report))


@router.post(
    "/customers",
    response=RESPONSES,
    summary="Import customers from Excel/CSV (UNIT-3)",
    description=DESCRIPTION,
)
def import_customers_api(
    request: HttpRequest,
    file: File[UploadedFile | None] = None,
    mode: Form[str] = "all",
    dry_run: Form[bool] = False,
) -> Status[dict[str, Any]]:
    return _run(request, "customers", file, mode, dry_run)


@router.post(
    "/units",
    response=RESPONSES,
    summary="Import units (installed base) from Excel/CSV (UNIT-3)",
    description=DESCRIPTION,
)
def import_units_api(
    request: HttpRequest,
    file: File[UploadedFile | None] = None,
    mode: Form[str] = "all",
    dry_run: Form[bool] = False,
) -> Status[dict[str, Any]]:
    return _run(request, "units", file, mode, dry_run)
