import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """The import reports' messages are compared in English (the UI default is zh-hans;
    the command and API answer in the active language)."""
    with translation.override("en"):
        yield
