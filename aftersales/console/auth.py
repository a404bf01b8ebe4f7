"""Who may use the console: signed-in, active staff with at least one role.

Customers' sign-ins are refused with 403 (they use the portal); anonymous visitors go
to the sign-in page (htmx requests are told to redirect the whole page).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render, resolve_url
from django_htmx.http import HttpResponseClientRedirect

from aftersales.accounts.models import User

View = Callable[..., HttpResponseBase]


def is_console_user(user: Any) -> bool:
    return (
        isinstance(user, User)
        and user.is_authenticated
        and user.is_active
        and user.customer_id is None
        and bool(user.role_codes)
    )


def staff_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            login_url = resolve_url("console:login")
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(login_url)
            return redirect_to_login(request.get_full_path(), login_url)
        if not is_console_user(user):
            return render(request, "console/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def console_user(request: HttpRequest) -> User:
    """The signed-in staff user of a request that passed ``staff_required``."""
    user = request.user
    assert isinstance(user, User)
    return user
