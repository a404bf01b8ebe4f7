from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction


def call_on_commit(func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
    """Run a side effect (task enqueue, notification) only once the transaction commits."""
    transaction.on_commit(partial(func, *args, **kwargs))
