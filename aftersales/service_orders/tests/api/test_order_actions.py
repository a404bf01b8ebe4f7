"""POST /api/v1/service-orders/{id}/{action}: answers, refusals and who may act (SEC-2)."""

from __future__ import annotations

import pytest

from aftersales.service_orders.tests.helpers import ACTIONS, STATUSES, order_state, payload_for

# The status each action is tried from, so that only the actor decides the answer.
SETUP = {
    "acknowledge": "new",
    "assign": "acknowledged",
    "reassign": "assigned",
    "depart": "assigned",
    "arrive": "en_route",
    "start": "on_site",
    "wait": "in_progress",
    "resume": "waiting",
    "complete": "in_progress",
    "confirm": "resolved",
    "follow_up": "accepted",
    "close": "followed_up",
    "cancel": "acknowledged",
}
TARGET = {
    "acknowledge": "acknowledged",
    "assign": "assigned",
    "reassign": "assigned",
    "depart": "en_route",
    "arrive": "on_site",
    "start": "in_progress",
    "wait": "waiting",
    "resume": "in_progress",
    "complete": "resolved",
    "confirm": "accepted",
    "follow_up": "followed_up",
    "close": "closed",
    "cancel": "cancelled",
}
# Who may take which action on an order they can see (accounts/roles.py ACTIONS, with
# the field steps limited to the assigned engineer), written out here.
EVERYTHING = frozenset(ACTIONS)
ALLOWED = {
    "agent": {
        "acknowledge",
        "start",
        "wait",
        "resume",
        "complete",
        "confirm",
        "follow_up",
        "close",
        "cancel",
    },
    "dispatcher": {"acknowledge", "assign", "reassign", "cancel"},
    "engineer_assigned": {"depart", "arrive", "start", "wait", "resume", "complete", "confirm"},
    "engineer_not_assigned": set(),
    "manager": EVERYTHING,
    "director": EVERYTHING,
    "admin": EVERYTHING,
    "warehouse": set(),
    "quality": {"follow_up"},
    "customer_owner": {"confirm", "cancel"},
}
MATRIX = [(role, action) for role in ALLOWED for action in ACTIONS]


@pytest.fixture
def people(agent, admin, engineer, other_engineer, make_staff, regions, customer, customer_user):
    shanghai = regions["shanghai"]
    return {
        "agent": agent,
        "dispatcher": make_staff("dispatcher", region=shanghai),
        "engineer_assigned": engineer,
        "engineer_not_assigned": other_engineer,
        "manager": make_staff("manager", region=shanghai),
        "director": make_staff("director"),
        "admin": admin,
        "warehouse": make_staff("warehouse", region=shanghai),
        "quality": make_staff("quality"),
        "customer_owner": customer_user(customer),
    }


@pytest.fixture
def outsiders(make_staff, regions, make_customer, customer_user):
    """People who may not see an order of a 上海 customer: they get 404."""
    return {
        "engineer_of_beijing": make_staff("engineer", region=regions["beijing"]),
        "manager_of_hangzhou": make_staff("manager", region=regions["hangzhou"]),
        "manager_of_north": make_staff("manager", region=regions["north"]),
        "dispatcher_of_beijing": make_staff("dispatcher", region=regions["beijing"]),
        "customer_user_of_another": customer_user(make_customer()),
    }


def _body(action, engineer, other_engineer):
    return payload_for(
        action, engineer_id=(other_engineer if action == "reassign" else engineer).pk
    )


def _post(api, order, action, body=None):
    return api.post(f"/service-orders/{order.pk}/{action}", body)


@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_answers_with_the_order_as_read(
    api_as, admin, order_in, engineer, other_engineer, action
):
    order = order_in(SETUP[action])
    api = api_as(admin)
    response = _post(api, order, action, _body(action, engineer, other_engineer))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == TARGET[action]
    assert data == api.get(f"/service-orders/{order.pk}").json()
    assert data["timeline"][-1]["action"] == action
    assert len(data["timeline"]) == len(order_state(order.pk)["events"])


@pytest.mark.parametrize(("role", "action"), MATRIX)
def test_role_matrix(api_as, people, order_in, engineer, other_engineer, role, action):
    order = order_in(SETUP[action])
    before = order_state(order.pk)
    response = _post(api_as(people[role]), order, action, _body(action, engineer, other_engineer))
    if action in ALLOWED[role]:
        assert response.status_code == 200, response.content
        assert response.json()["status"] == TARGET[action]
        assert len(order_state(order.pk)["events"]) == len(before["events"]) + 1
    else:
        assert response.status_code == 403, response.content
        assert response.json()["code"] == "forbidden"
        assert order_state(order.pk) == before


OUTSIDERS = [
    "engineer_of_beijing",
    "manager_of_hangzhou",
    "manager_of_north",
    "dispatcher_of_beijing",
    "customer_user_of_another",
]


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("action", ACTIONS)
def test_people_who_cannot_see_the_order_get_404(
    api_as, outsiders, order_in, engineer, other_engineer, who, action
):
    order = order_in(SETUP[action])
    before = order_state(order.pk)
    api = api_as(outsiders[who])
    response = _post(api, order, action, _body(action, engineer, other_engineer))
    assert response.status_code == 404, response.content
    assert response.json()["code"] == "not_found"
    assert api.get(f"/service-orders/{order.pk}").status_code == 404
    assert order_state(order.pk) == before


@pytest.mark.parametrize("status", STATUSES)
def test_customer_may_cancel_only_before_assignment(
    api_as, customer_user, customer, order_in, status
):
    order = order_in(status)
    before = order_state(order.pk)
    response = _post(api_as(customer_user(customer)), order, "cancel", {"reason": "不需要了"})
    if status in ("new", "acknowledged"):
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "cancelled"
    else:
        assert response.status_code in (403, 409), response.content
        if status in ("assigned", "en_route", "on_site", "in_progress", "waiting"):
            assert response.json()["code"] == "forbidden"
        assert order_state(order.pk) == before


def test_assigned_engineer_of_another_region_sees_and_works_the_order(
    api_as, make_staff, regions, order_in
):
    travelling = make_staff("engineer", region=regions["beijing"])
    order = order_in("assigned", assignee=travelling)
    response = _post(api_as(travelling), order, "depart")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "en_route"


def test_manager_of_the_parent_region_may_act(api_as, make_staff, regions, order_in):
    manager = make_staff("manager", region=regions["east"])
    order = order_in("new")
    assert _post(api_as(manager), order, "acknowledge").status_code == 200


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("new", "depart"),
        ("new", "complete"),
        ("acknowledged", "resume"),
        ("waiting", "complete"),
        ("resolved", "cancel"),
        ("accepted", "close"),
        ("closed", "cancel"),
        ("cancelled", "acknowledge"),
    ],
)
def test_disallowed_transition_is_409_and_changes_nothing(
    api_as, admin, order_in, engineer, other_engineer, status, action
):
    order = order_in(status)
    before = order_state(order.pk)
    response = _post(api_as(admin), order, action, _body(action, engineer, other_engineer))
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "invalid_transition"
    assert order_state(order.pk) == before


def test_assign_when_already_assigned_is_409_already_assigned(
    api_as, admin, order_in, other_engineer
):
    order = order_in("assigned")
    before = order_state(order.pk)
    response = _post(api_as(admin), order, "assign", {"engineer": other_engineer.pk})
    assert response.status_code == 409
    assert response.json()["code"] == "already_assigned"
    assert order_state(order.pk) == before


@pytest.mark.parametrize("who", ["agent", "unknown", "customer_user", "inactive_engineer"])
@pytest.mark.parametrize(
    ("action", "status"), [("assign", "acknowledged"), ("reassign", "assigned")]
)
def test_assigning_someone_who_is_not_an_active_engineer_is_422(
    api_as, admin, agent, order_in, make_staff, customer, customer_user, who, action, status
):
    inactive = make_staff("engineer")
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    ids = {
        "agent": agent.pk,
        "unknown": 999_999,
        "customer_user": customer_user(customer).pk,
        "inactive_engineer": inactive.pk,
    }
    order = order_in(status)
    before = order_state(order.pk)
    body = {"engineer": ids[who]} | ({"reason": "换人"} if action == "reassign" else {})
    response = _post(api_as(admin), order, action, body)
    assert response.status_code == 422, response.content
    assert "engineer" in response.json()["errors"]
    assert order_state(order.pk) == before


@pytest.mark.parametrize(
    ("action", "status", "body", "field"),
    [
        ("assign", "acknowledged", {"engineer": "张三"}, "engineer"),
        ("assign", "acknowledged", {}, "engineer"),
        ("wait", "in_progress", {"reason": "weather"}, "reason"),
        ("wait", "in_progress", {}, "reason"),
        ("complete", "in_progress", {"fault_cause": "老化"}, "actions_taken"),
        ("confirm", "resolved", {"customer_opinion": "好"}, "accepted"),
        ("follow_up", "accepted", {"overall": 6}, "overall"),
        ("follow_up", "accepted", {"overall": 0}, "overall"),
        ("follow_up", "accepted", {}, "overall"),
        ("cancel", "new", {"reason": "  "}, "reason"),
        ("cancel", "new", {}, "reason"),
        ("reassign", "assigned", {"reason": "换人"}, "engineer"),
    ],
)
def test_bad_body_is_422_naming_the_field(api_as, admin, order_in, action, status, body, field):
    order = order_in(status)
    before = order_state(order.pk)
    response = _post(api_as(admin), order, action, body)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"]
    assert order_state(order.pk) == before


def test_unknown_action_is_404_and_changes_nothing(api_as, admin, order_in):
    order = order_in("new")
    before = order_state(order.pk)
    response = _post(api_as(admin), order, "teleport")
    assert response.status_code == 404
    assert order_state(order.pk) == before


def test_action_on_unknown_order_is_404(api_as, admin):
    response = api_as(admin).post("/service-orders/999999/acknowledge")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_anonymous_action_is_401_and_changes_nothing(api_as, order_in):
    order = order_in("new")
    before = order_state(order.pk)
    assert _post(api_as(None), order, "acknowledge").status_code == 401
    assert order_state(order.pk) == before


def test_optional_note_of_a_step_goes_on_the_timeline(api_as, admin, order_in):
    # NoBodyIn documents ``note`` as "optional note for the timeline".
    order = order_in("assigned")
    response = _post(api_as(admin), order, "depart", {"note": "高架堵车，预计晚到20分钟"})
    assert response.status_code == 200, response.content
    assert response.json()["timeline"][-1]["note"] == "高架堵车，预计晚到20分钟"


def test_allowed_actions_in_the_answer_follow_the_new_status(api_as, admin, order_in):
    order = order_in("in_progress")
    data = _post(api_as(admin), order, "wait", {"reason": "customer"}).json()
    assert (data["status"], data["waiting_reason"]) == ("waiting", "customer")
    assert set(data["allowed_actions"]) == {"resume", "cancel"}
