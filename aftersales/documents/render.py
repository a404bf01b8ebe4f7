"""HTML templates → PDF with WeasyPrint (UNIT-2, SO-5).

Documents are Chinese, A4, to be printed and signed: they are rendered in
``DOCUMENT_LANGUAGE`` (zh-hans) unless the caller asks for another language of
``LANGUAGES``. The renderer loads nothing from outside the document: only ``data:``
URIs (the QR code) are fetched, never files or network addresses. Chinese needs a CJK
font on the server (Debian ``fonts-wqy-microhei`` or ``fonts-noto-cjk``; the Makefile
and CI install one).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

DOCUMENT_LANGUAGE = "zh-hans"


def document_language(requested: str | None) -> str:
    available = {code for code, _name in settings.LANGUAGES}
    return requested if requested in available else DOCUMENT_LANGUAGE


def render_html(template: str, context: dict[str, Any], *, language: str) -> str:
    with translation.override(language):
        return render_to_string(template, {**context, "LANGUAGE_CODE": language})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML, URLFetcher

    fetcher = URLFetcher(allowed_protocols=("data",))
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf


def render_pdf(template: str, context: dict[str, Any], *, language: str) -> bytes:
    return html_to_pdf(render_html(template, context, language=language))
