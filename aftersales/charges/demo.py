"""The demo company's price list (FEE-1), created through the service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from aftersales.charges.models import PriceList
from aftersales.charges.services import price_list_create

DEMO_VALID_FROM = dt.date(2020, 1, 1)
D = Decimal

LABOUR = [
    (1, "简单故障（调试、清洁、设置）", D("80.00")),
    (2, "一般故障（更换板卡、部件）", D("150.00")),
    (3, "复杂故障（主板、光路维修）", D("300.00")),
]
TRAVEL = [
    (D("0"), D("15"), D("30.00")),
    (D("15"), D("30"), D("60.00")),
    (D("30"), D("60"), D("100.00")),
    (D("60"), None, D("150.00")),
]


def ensure_demo_price_list() -> PriceList:
    """The demo price list, created once (in force from 2020-01-01, open-ended)."""
    existing = PriceList.objects.filter(valid_from=DEMO_VALID_FROM).first()
    if existing is not None:
        return existing
    return price_list_create(
        name="标准收费价目表",
        valid_from=DEMO_VALID_FROM,
        hourly_rate=D("120.00"),
        labour_rates=LABOUR,
        travel_bands=TRAVEL,
        note="保修期内（无收费情形）免收人工费、上门费和主件费用；损耗件按标价收费。",
    )
