def test_order_can_be_created_and_acknowledged_over_the_api(
    api_as, agent, make_customer, make_unit
):
    customer = make_customer()
    unit = make_unit(customer)
    api = api_as(agent)
    created = api.post(
        "/service-orders",
        {
            "kind": "repair",
            "channel": "phone",
            "customer": customer.pk,
            "unit": unit.pk,
            "fault_description": "不开机",
        },
    )
    assert created.status_code == 201, created.content
    order_id = created.json()["id"]
    acked = api.post(f"/service-orders/{order_id}/acknowledge")
    assert acked.status_code == 200
    assert acked.json()["status"] == "acknowledged"
    assert [e["action"] for e in acked.json()["timeline"]] == ["", "acknowledge"]
