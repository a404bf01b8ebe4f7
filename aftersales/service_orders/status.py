"""The service-order state machine of SO-3, declared once.

``TRANSITIONS`` maps each action to the states it may start from and the state it
leads to. Services check it under a row lock; templates and the API use
``allowed_actions`` only to show what is possible.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("new")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    ASSIGNED = "assigned", _("assigned")
    EN_ROUTE = "en_route", _("en route")
    ON_SITE = "on_site", _("on site")
    IN_PROGRESS = "in_progress", _("in progress")
    WAITING = "waiting", _("waiting")
    RESOLVED = "resolved", _("resolved")
    ACCEPTED = "accepted", _("accepted")
    FOLLOWED_UP = "followed_up", _("followed up")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


class Action(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("acknowledge")
    ASSIGN = "assign", _("assign")
    REASSIGN = "reassign", _("reassign")
    DEPART = "depart", _("depart")
    ARRIVE = "arrive", _("arrive")
    START = "start", _("start work")
    WAIT = "wait", _("wait")
    RESUME = "resume", _("resume")
    COMPLETE = "complete", _("complete")
    CONFIRM = "confirm", _("confirm")
    FOLLOW_UP = "follow_up", _("follow up")
    CLOSE = "close", _("close")
    CANCEL = "cancel", _("cancel")


class WaitingReason(models.TextChoices):
    PARTS = "parts", _("waiting for parts")
    CUSTOMER = "customer", _("waiting for the customer")
    QUOTE_APPROVAL = "quote_approval", _("waiting for quote approval")


S = Status
# Open orders: every state before the work is resolved (cancel is allowed from these).
BEFORE_RESOLVED = frozenset(
    {S.NEW, S.ACKNOWLEDGED, S.ASSIGNED, S.EN_ROUTE, S.ON_SITE, S.IN_PROGRESS, S.WAITING}
)

# action -> (states it may start from, state it leads to).
# ``confirm`` leads to ACCEPTED, or back to IN_PROGRESS when the customer is not
# satisfied; ``reassign`` keeps ASSIGNED and only changes the engineer.
TRANSITIONS: dict[Action, tuple[frozenset[Status], Status]] = {
    Action.ACKNOWLEDGE: (frozenset({S.NEW}), S.ACKNOWLEDGED),
    Action.ASSIGN: (frozenset({S.ACKNOWLEDGED}), S.ASSIGNED),
    Action.REASSIGN: (frozenset({S.ASSIGNED}), S.ASSIGNED),
    Action.DEPART: (frozenset({S.ASSIGNED}), S.EN_ROUTE),
    Action.ARRIVE: (frozenset({S.EN_ROUTE}), S.ON_SITE),
    # From ACKNOWLEDGED: a remote fix (support by phone) needs no visit.
    Action.START: (frozenset({S.ON_SITE, S.ACKNOWLEDGED}), S.IN_PROGRESS),
    Action.WAIT: (frozenset({S.IN_PROGRESS}), S.WAITING),
    Action.RESUME: (frozenset({S.WAITING}), S.IN_PROGRESS),
    Action.COMPLETE: (frozenset({S.IN_PROGRESS}), S.RESOLVED),
    Action.CONFIRM: (frozenset({S.RESOLVED}), S.ACCEPTED),
    Action.FOLLOW_UP: (frozenset({S.ACCEPTED}), S.FOLLOWED_UP),
    Action.CLOSE: (frozenset({S.FOLLOWED_UP}), S.CLOSED),
    Action.CANCEL: (BEFORE_RESOLVED, S.CANCELLED),
}
REJECTED_TARGET = S.IN_PROGRESS  # confirm with accepted=false


def can_transition(status: str, action: str) -> bool:
    try:
        sources, _target = TRANSITIONS[Action(action)]
    except ValueError:
        return False
    return status in sources


def target_of(action: Action, *, accepted: bool = True) -> Status:
    if action is Action.CONFIRM and not accepted:
        return REJECTED_TARGET
    return TRANSITIONS[action][1]


def allowed_actions(status: str) -> list[Action]:
    return [action for action, (sources, _t) in TRANSITIONS.items() if status in sources]
