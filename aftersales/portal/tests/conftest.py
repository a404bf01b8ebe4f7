import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit_counters():
    """The counters live in the cache, which outlives a test's database rollback."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def owner(make_customer, regions):
    return make_customer(
        name="张三丰",
        phone="13912345678",
        address="上海市黄浦区中山东一路1号",
        region=regions["shanghai"],
    )


@pytest.fixture
def unit(owner, make_unit):
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    today = timezone.localdate()
    return make_unit(
        owner,
        serial_number="PJ100-A0001",
        warranty_card_number="WC-778899",
        purchase_date=today - dt.timedelta(days=40),
        acceptance_date=today - dt.timedelta(days=30),
        sale_price=Decimal("3599.00"),
        sales_channel="京东旗舰店",
    )
