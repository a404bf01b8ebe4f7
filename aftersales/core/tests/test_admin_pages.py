import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from aftersales.accounts.models import User
from aftersales.customers.models import Customer
from aftersales.organisation.models import Region
from aftersales.service_orders.models import ServiceOrder, ServiceOrderEvent
from aftersales.service_orders.services import (
    service_order_record_exclusion,
    service_order_transition,
)


@pytest.fixture
def records(make_customer, make_unit, make_order, make_staff, agent, regions, product_line):
    """One record of every kind, so that every change page has something to show."""
    customer = make_customer(kind="enterprise")
    unit = make_unit(customer)
    order = make_order(customer, unit)
    service_order_transition(actor=agent, order_id=order.pk, action="acknowledge")
    service_order_record_exclusion(actor=agent, order_id=order.pk, reason="misuse", note="进水")
    make_staff("engineer", region=regions["shanghai"], skills=[product_line])
    return {"order": order, "customer": customer}


def _url(model_admin, view, *args):
    opts = model_admin.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _models():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_every_changelist_add_and_change_page_answers(admin_client, admin_user, records):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    for model, model_admin in _models():
        label = model._meta.label
        response = admin_client.get(_url(model_admin, "changelist"))
        assert response.status_code == 200, label
        expected = 200 if model_admin.has_add_permission(request) else 403
        assert admin_client.get(_url(model_admin, "add")).status_code == expected, label
        first = model._default_manager.first()
        if first is not None:
            response = admin_client.get(_url(model_admin, "change", first.pk))
            assert response.status_code == 200, label


def test_the_admin_index_and_a_search_by_phone_answer(admin_client, records):
    assert admin_client.get("/admin/").status_code == 200
    order = records["order"]
    response = admin_client.get("/admin/service_orders/serviceorder/", {"q": order.contact_phone})
    assert response.status_code == 200
    assert order.number in response.content.decode()


def test_orders_and_their_timeline_cannot_be_deleted_or_changed(admin_client, records):
    order = records["order"]
    event = order.events.first()
    delete = f"/admin/service_orders/serviceorder/{order.pk}/delete/"
    assert admin_client.get(delete).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    change = f"/admin/service_orders/serviceorder/{order.pk}/change/"
    assert admin_client.post(change, {"status": "closed"}).status_code == 403
    event_delete = f"/admin/service_orders/serviceorderevent/{event.pk}/delete/"
    assert admin_client.post(event_delete, {"post": "yes"}).status_code == 403
    bulk = admin_client.post(
        "/admin/service_orders/serviceorder/",
        {"action": "delete_selected", "_selected_action": [order.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    order.refresh_from_db()
    assert order.status == "acknowledged"
    assert ServiceOrder.objects.filter(pk=order.pk).exists()
    assert ServiceOrderEvent.objects.filter(pk=event.pk).exists()


def test_adding_a_region_goes_through_the_service(admin_client, regions):
    response = admin_client.post(
        "/admin/organisation/region/add/",
        {
            "code": "suzhou",
            "name": "苏州",
            "parent": regions["east"].pk,
            **_empty_inline("network_points"),
        },
    )
    assert response.status_code == 302, response.content.decode()
    suzhou = Region.objects.get(code="suzhou")
    assert suzhou.path == f"{regions['east'].path}{suzhou.pk}/"


def test_the_customer_rules_of_the_service_show_as_form_errors(admin_client, regions):
    fields = {
        "name": "杭州某某公司",
        "kind": "consumer",
        "phone": "0571-87650000",
        "email": "",
        "region": regions["hangzhou"].pk,
        "address": "杭州市西湖区",
        "contract_warranty_months": "36",
        "contract_accessory_warranty_months": "",
        **_empty_inline("contacts"),
        **_empty_inline("addresses"),
    }
    response = admin_client.post("/admin/customers/customer/add/", fields)
    assert response.status_code == 200
    assert "contract_warranty_months" in response.context["adminform"].form.errors
    assert not Customer.objects.filter(name="杭州某某公司").exists()

    response = admin_client.post("/admin/customers/customer/add/", {**fields, "kind": "project"})
    assert response.status_code == 302
    assert Customer.objects.get(name="杭州某某公司").contract_warranty_months == 36


def test_adding_staff_goes_through_the_service(admin_client, regions, product_line):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "eng_new",
            "name": "新工程师",
            "phone": "13900001111",
            "password1": "Str0ng-pass-word",
            "password2": "Str0ng-pass-word",
            "roles": ["engineer"],
            "region": regions["shanghai"].pk,
            "skills": [product_line.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(username="eng_new")
    assert user.role_codes == {"engineer"}
    assert user.is_staff
    assert user.check_password("Str0ng-pass-word")
    assert list(user.skills.all()) == [product_line]


def test_the_admin_role_manages_and_other_roles_do_not(make_staff, records):
    admin_role = Client()
    admin_role.force_login(make_staff("admin"))
    assert admin_role.get("/admin/").status_code == 200
    assert admin_role.get("/admin/sla/slapolicy/").status_code == 200
    assert admin_role.get("/admin/sla/slapolicy/add/").status_code == 200
    assert admin_role.get("/admin/service_orders/serviceorder/add/").status_code == 403

    dispatcher = Client()
    dispatcher.force_login(make_staff("dispatcher"))
    assert dispatcher.get("/admin/sla/slapolicy/").status_code == 403


def _empty_inline(prefix: str) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
