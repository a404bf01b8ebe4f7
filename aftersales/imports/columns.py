"""The columns an import file may have, and the headers users type for them (UNIT-3).

A header is the English field name of the API (``serial_number``) or one of the Chinese
names below (``序列号``). Headers are compared after ``normalise_header``: case, spaces,
full-width letters, a ``*`` that marks a required column and a unit in brackets
(``售价（元）``) do not matter. docs/subsystems/imports.md lists the same table.

The Chinese names are data (what users write in their sheets), not UI strings: they
must match whatever language the importing user has chosen, so they are not translated.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from aftersales.imports.cells import (
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_money,
    parse_text,
)


@dataclass(frozen=True)
class Column:
    name: str  # the field name of the API and of the service
    aliases: tuple[str, ...]
    parse: Callable[[object], object]
    required: bool = False
    headers: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        names = {normalise_header(h) for h in (self.name, *self.aliases)}
        object.__setattr__(self, "headers", frozenset(names))


def normalise_header(header: object) -> str:
    text = unicodedata.normalize("NFKC", str(header or "")).strip().lower()
    text = re.sub(r"\([^)]*\)$", "", text)  # "售价(元)", "purchase date (yyyy-mm-dd)"
    text = text.rstrip("*").strip()
    return re.sub(r"[\s\-_]+", "_", text)


def _text(max_length: int) -> Callable[[object], object]:
    return partial(parse_text, max_length=max_length)


# What users write for a customer kind → the stored code (CUS-1).
CUSTOMER_KINDS = {
    "consumer": "consumer",
    "enterprise": "enterprise",
    "project": "project",
    "\u4e2a\u4eba": "consumer",  # 个人
    "\u4e2a\u4eba\u5ba2\u6237": "consumer",  # 个人客户
    "\u4f01\u4e1a": "enterprise",  # 企业
    "\u4f01\u4e1a\u5ba2\u6237": "enterprise",  # 企业客户
    "\u9879\u76ee": "project",  # 项目
    "\u9879\u76ee\u5ba2\u6237": "project",  # 项目客户
    "\u5de5\u7a0b": "project",  # 工程
    "\u884c\u4e1a\u5de5\u7a0b": "project",  # 行业工程
    "\u884c\u4e1a\u5de5\u7a0b\u91c7\u8d2d\u7528\u6237": "project",  # 行业工程采购用户
}

CUSTOMER_COLUMNS: tuple[Column, ...] = (
    Column("name", ("名称", "客户名称", "客户", "姓名", "单位名称"), _text(150), required=True),
    Column(
        "kind",
        ("类型", "客户类型", "类别", "客户类别"),
        partial(parse_choice, choices=CUSTOMER_KINDS),
    ),
    Column("phone", ("电话", "手机", "手机号", "联系电话", "电话号码"), _text(32), required=True),
    Column("email", ("邮箱", "电子邮件", "电子邮箱", "e_mail"), _text(254)),
    Column("region", ("区域", "地区", "所属区域"), _text(100), required=True),
    Column("address", ("地址", "详细地址", "联系地址"), _text(255)),
    Column(
        "contract_warranty_months",
        ("合同保修月数", "合同整机保修月数", "合同保修期"),
        parse_int,
    ),
    Column(
        "contract_accessory_warranty_months",
        ("合同附件保修月数", "合同附件保修期"),
        parse_int,
    ),
)

UNIT_COLUMNS: tuple[Column, ...] = (
    Column(
        "serial_number",
        ("序列号", "机身号", "机身序列号", "产品序列号", "sn", "s/n"),
        _text(64),
        required=True,
    ),
    Column("warranty_card_number", ("保修卡号", "保修卡", "保修卡编号", "卡号"), _text(64)),
    Column(
        "product_model",
        ("型号", "产品型号", "型号编码", "model"),
        _text(64),
        required=True,
    ),
    Column("customer_id", ("customer", "客户编号", "客户id", "客户号"), parse_int),
    Column("customer_phone", ("客户电话", "客户手机", "用户电话", "联系电话"), _text(32)),
    Column("purchase_date", ("购买日期", "购机日期", "销售日期"), parse_date, required=True),
    Column("invoice_date", ("发票日期", "开票日期"), parse_date),
    Column("acceptance_date", ("验收日期", "安装验收日期"), parse_date),
    Column(
        "sale_price", ("售价", "销售价格", "销售价", "价格", "金额"), parse_money, required=True
    ),
    Column("sales_channel", ("销售渠道", "渠道"), _text(64)),
    Column("clearance_sale", ("降价处理", "降价处理品", "处理品", "清仓"), parse_bool),
)

COLUMNS: dict[str, tuple[Column, ...]] = {"customers": CUSTOMER_COLUMNS, "units": UNIT_COLUMNS}
