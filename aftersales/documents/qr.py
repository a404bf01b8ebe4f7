"""QR codes as SVG data URIs: sharp at any print size, no image library needed."""

from __future__ import annotations

import segno


def qr_svg_data_uri(text: str) -> str:
    # Error correction M survives a worn or partly covered card; the quiet zone of 4
    # modules is what phone scanners need around the code.
    code = segno.make(text, error="m", micro=False)
    return str(code.svg_data_uri(scale=4, border=4, dark="#000", light="#fff"))
