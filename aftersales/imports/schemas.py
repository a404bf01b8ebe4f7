from ninja import Schema


class ImportProblemOut(Schema):
    line: int  # the row number Excel shows; the header is line 1
    field: str  # the field name (as in the API), or "__all__" for the row as a whole
    column: str  # the header as written in the file
    message: str


class ImportReportOut(Schema):
    kind: str
    mode: str
    dry_run: bool
    committed: bool
    total_rows: int
    valid_rows: int
    invalid_rows: int
    created_ids: list[int]
    problems: list[ImportProblemOut]
    detail: str
    errors: dict[str, list[str]]  # "<line>.<field>" → messages, as in the error body
    code: str | None = None
