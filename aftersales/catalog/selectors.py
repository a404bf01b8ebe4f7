from __future__ import annotations

from django.db.models import QuerySet

from aftersales.catalog.models import Part, ProductLine, ProductModel


def product_line_list() -> QuerySet[ProductLine]:
    return ProductLine.objects.order_by("code")


def product_model_list(*, product_line: str | None = None) -> QuerySet[ProductModel]:
    qs = ProductModel.objects.select_related("product_line").order_by("code")
    if product_line:
        qs = qs.filter(product_line__code=product_line)
    return qs


def part_list(*, q: str | None = None) -> QuerySet[Part]:
    qs = Part.objects.order_by("sku")
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(sku__icontains=q)
    return qs
