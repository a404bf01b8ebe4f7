"""The repair report's charges section (SO-5, FEE-3) and its one hook into charges."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales.documents.charges import ReportCharges, ReportLine, report_charges
from aftersales.documents.render import document_language, html_to_pdf, render_html, render_pdf
from aftersales.documents.selectors import repair_report_context
from aftersales.documents.tests.helpers import pdf_text

pytestmark = pytest.mark.django_db

D = Decimal
LINES = (
    ReportLine(
        "part",
        "电源板 PSU-200",
        "PSU-200",
        D("1"),
        D("280.00"),
        D("280.00"),
        D("0.00"),
        "in warranty",
    ),
    ReportLine("part", "遥控器", "RC-1", D("2"), D("35.50"), D("71.00"), D("71.00"), "misuse"),
    ReportLine("labour", "二级故障维修", "L2", D("1.5"), D("120.00"), D("180.00"), D("0.00"), ""),
    ReportLine("travel", "上门费 0-20 km", "", D("1"), D("50.00"), D("50.00"), D("50.00"), ""),
)
CHARGES = ReportCharges(
    lines=LINES,
    list_total=D("581.00"),
    covered_total=D("460.00"),
    charge_total=D("121.00"),
    reason="部分收费：遥控器人为损坏",
    final=True,
)


def test_without_charges_the_report_reads_no_charges(accepted_order):
    charges = report_charges(order=accepted_order)

    assert charges.lines == ()
    assert charges.charge_total == D("0.00")
    html = render_html(
        "documents/repair_report.html", repair_report_context(order=accepted_order), language="en"
    )
    assert "No charges." in html
    assert "No parts used." in html
    assert "No labour recorded." in html


def test_charge_lines_fill_parts_labour_and_charges(accepted_order):
    context = {**repair_report_context(order=accepted_order), "charges": CHARGES}

    text = pdf_text(render_pdf("documents/repair_report.html", context, language="en"))

    for expected in (
        "电源板 PSU-200",
        "PSU-200",
        "遥控器",
        "二级故障维修",
        "上门费",
        "581.00",
        "121.00",
        "35.50",
        "部分收费",
    ):
        assert expected in text
    assert "No charges." not in text
    assert "No parts used." not in text
    assert CHARGES.parts == LINES[:2]
    assert CHARGES.labour == LINES[2:]


def test_estimated_charges_are_marked_as_such(open_order):
    context = {
        **repair_report_context(order=open_order),
        "charges": ReportCharges(lines=LINES[:1], final=False),
    }

    html = render_html("documents/repair_report.html", context, language="en")

    assert "these charges may still change" in html


@pytest.mark.parametrize(
    ("requested", "language"),
    [(None, "zh-hans"), ("", "zh-hans"), ("en", "en"), ("zh-hans", "zh-hans"), ("fr", "zh-hans")],
)
def test_documents_language(requested, language):
    assert document_language(requested) == language


def test_the_renderer_fetches_nothing_but_data_uris(tmp_path):
    stylesheet = tmp_path / "leak.css"
    stylesheet.write_text('p::after { content: "LEAKED" }')
    inline = 'data:text/css,p::before { content: "INLINE" }'

    text = pdf_text(
        html_to_pdf(
            f'<link rel="stylesheet" href="file://{stylesheet}">'
            f"<link rel=\"stylesheet\" href='{inline}'><p>body</p>"
        )
    )

    assert "INLINE" in text
    assert "body" in text
    assert "LEAKED" not in text
