"""The demo company's reference data: one plausible Chinese after-sales organisation.

Plain values only; ``build`` turns them into records through the services. Dates are
offsets in days before the day the demo is built, so that "in warranty" stays true
whenever the demo is loaded. Names, phones and addresses are invented.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

DEMO_PASSWORD = "aftersales-demo"
# The demo is present when this sign-in exists (the command then changes nothing).
MARKER_USERNAME = "director"
CUSTOMER_USERNAME = "customer"

# (code, name, parent code)
REGIONS: list[tuple[str, str, str | None]] = [
    ("east", "华东", None),
    ("shanghai", "上海", "east"),
    ("hangzhou", "杭州", "east"),
    ("nanjing", "南京", "east"),
    ("north", "华北", None),
    ("beijing", "北京", "north"),
    ("tianjin", "天津", "north"),
    ("south", "华南", None),
    ("guangzhou", "广州", "south"),
    ("shenzhen", "深圳", "south"),
]

# (code, name, region, address, phone, latitude, longitude)
NETWORK_POINTS: list[tuple[str, str, str, str, str, str, str]] = [
    ("sh-xuhui", "上海徐汇服务网点", "shanghai", "上海市徐汇区漕溪北路333号5楼",
     "021-64871230", "31.187300", "121.436500"),
    ("sh-pudong", "上海浦东服务网点", "shanghai", "上海市浦东新区张江路368号",
     "021-58953316", "31.203800", "121.590200"),
    ("hz-xihu", "杭州西湖服务网点", "hangzhou", "浙江省杭州市西湖区文三路259号",
     "0571-88216675", "30.277900", "120.132500"),
    ("nj-gulou", "南京鼓楼服务网点", "nanjing", "江苏省南京市鼓楼区中山北路105号",
     "025-83317720", "32.066500", "118.776900"),
    ("bj-haidian", "北京海淀服务网点", "beijing", "北京市海淀区中关村大街27号",
     "010-62536618", "39.983400", "116.316000"),
    ("tj-nankai", "天津南开服务网点", "tianjin", "天津市南开区鞍山西道320号",
     "022-27408815", "39.125200", "117.158300"),
    ("gz-tianhe", "广州天河服务网点", "guangzhou", "广东省广州市天河区天河路385号",
     "020-38861542", "23.134100", "113.326800"),
    ("sz-nanshan", "深圳南山服务网点", "shenzhen", "广东省深圳市南山区高新南一道9号",
     "0755-26718890", "22.540300", "113.951200"),
]  # fmt: skip

PRODUCT_LINES: list[dict[str, Any]] = [
    # The manuals' projector terms: whole unit 1 year, accessories half a year.
    {"code": "projector", "name": "投影机", "warranty_months": 12,
     "accessory_warranty_months": 6, "three_guarantees_months": 12,
     "depreciation_rate_per_day": Decimal("0.001")},
    # The furniture maker's terms: 三包 3 years, free repair 5 years.
    {"code": "furniture", "name": "办公家具", "warranty_months": 60,
     "accessory_warranty_months": 12, "three_guarantees_months": 36,
     "depreciation_rate_per_day": Decimal("0.0003")},
]  # fmt: skip

# (code, name, line, list price, model's own whole-unit months or None)
PRODUCT_MODELS: list[tuple[str, str, str, str, int | None]] = [
    ("PJ-E320", "教育投影机 E320", "projector", "3999.00", None),
    ("PJ-B560", "商务投影机 B560", "projector", "6999.00", None),
    ("PJ-L880", "激光工程投影机 L880", "projector", "29800.00", 24),
    ("OF-D180", "经理办公桌 D180", "furniture", "4580.00", None),
    ("OF-C66", "人体工学办公椅 C66", "furniture", "1680.00", None),
    ("OF-F90", "钢制文件柜 F90", "furniture", "1280.00", None),
    ("OF-M240", "会议桌 M240", "furniture", "8600.00", None),
]

_PJ = ["PJ-E320", "PJ-B560", "PJ-L880"]
# (sku, name, warranty class, price, fits models)
PARTS: list[tuple[str, str, str, str, list[str]]] = [
    ("PJ-LAMP-230W", "投影灯泡 230W", "main", "480.00", ["PJ-E320", "PJ-B560"]),
    ("PJ-BOARD-MAIN", "投影机主板", "main", "1200.00", ["PJ-E320", "PJ-B560"]),
    ("PJ-DMD", "DMD 显示芯片", "main", "2600.00", _PJ),
    ("PJ-PSU", "电源板", "main", "560.00", _PJ),
    ("PJ-FAN", "散热风扇", "main", "180.00", _PJ),
    ("PJ-LASER-L880", "激光光机模组 L880", "main", "9800.00", ["PJ-L880"]),
    ("PJ-RC", "遥控器", "accessory", "85.00", _PJ),
    ("PJ-HDMI-5M", "HDMI 连接线 5 米", "accessory", "60.00", _PJ),
    ("PJ-PEN", "交互白板笔", "accessory", "120.00", ["PJ-E320"]),
    ("PJ-CTRL", "中控面板", "accessory", "1500.00", ["PJ-L880"]),
    ("PJ-FILTER", "防尘滤网", "consumable", "35.00", _PJ),
    ("OF-GASLIFT", "气压棒", "main", "150.00", ["OF-C66"]),
    ("OF-TOP-D180", "桌面板 D180", "main", "900.00", ["OF-D180"]),
    ("OF-HINGE", "五金铰链", "main", "25.00", ["OF-D180", "OF-F90"]),
    ("OF-LOCK", "抽屉锁具", "accessory", "45.00", ["OF-D180", "OF-F90"]),
    ("OF-KBTRAY", "键盘托", "accessory", "120.00", ["OF-D180"]),
    ("OF-ARMPAD", "扶手垫", "accessory", "60.00", ["OF-C66"]),
    ("OF-CASTER", "椅脚轮", "consumable", "15.00", ["OF-C66"]),
    ("OF-FELT", "桌脚垫", "consumable", "8.00", ["OF-D180", "OF-M240"]),
]

# (username, name, roles, region, phone, skills, network point)
STAFF: list[tuple[str, str, list[str], str | None, str, list[str], str | None]] = [
    ("admin", "周敏", ["admin"], None, "13801762245", [], None),
    ("director", "王学阳", ["director"], None, "13901887766", [], None),
    ("manager_east", "李建国", ["manager"], "east", "13761234580", [], None),
    ("manager_north", "赵海涛", ["manager"], "north", "13611029876", [], None),
    ("dispatcher_east", "陈静", ["dispatcher"], "east", "13817650032", [], None),
    ("dispatcher_north", "孙悦", ["dispatcher"], "north", "13520118845", [], None),
    ("agent_east", "吴婷", ["agent"], "east", "13671880021", [], None),
    ("agent_north", "郑磊", ["agent"], "north", "13552236617", [], None),
    # 华南 has no separate dispatcher: its agent dispatches too (domain.md roles).
    ("agent_south", "何丽", ["agent", "dispatcher"], "south", "13922415567", [], None),
    ("engineer_sh", "刘洋", ["engineer"], "shanghai", "13917702231",
     ["projector", "furniture"], "sh-xuhui"),
    ("engineer_sh2", "马骏", ["engineer"], "shanghai", "18616025548", ["projector"], "sh-pudong"),
    ("engineer_hz", "钱伟", ["engineer"], "hangzhou", "13805718862",
     ["projector", "furniture"], "hz-xihu"),
    ("engineer_nj", "冯涛", ["engineer"], "nanjing", "13951682274",
     ["projector", "furniture"], "nj-gulou"),
    ("engineer_bj", "杨帆", ["engineer"], "beijing", "13701155690",
     ["projector", "furniture"], "bj-haidian"),
    ("engineer_tj", "许强", ["engineer"], "tianjin", "13820087713", ["projector"], "tj-nankai"),
    ("engineer_gz", "林志明", ["engineer"], "guangzhou", "13903016652",
     ["projector", "furniture"], "gz-tianhe"),
    ("engineer_sz", "邓凯", ["engineer"], "shenzhen", "13715268840", ["projector"], "sz-nanshan"),
    ("warehouse", "徐立", ["warehouse"], None, "13601958823", [], None),
    ("quality", "韩梅", ["quality"], None, "13816093317", [], None),
]  # fmt: skip

# key -> customer fields (region by code) plus contacts and further addresses.
CUSTOMERS: dict[str, dict[str, Any]] = {
    "zhang": {"name": "张伟", "kind": "consumer", "phone": "13816620318",
              "region": "shanghai", "address": "上海市闵行区七莘路1888弄12号801室"},
    "liu": {"name": "刘芳", "kind": "consumer", "phone": "13957112345",
            "region": "hangzhou", "address": "浙江省杭州市拱墅区莫干山路100号3幢502室"},
    "wang": {"name": "王磊", "kind": "consumer", "phone": "13911082233",
             "region": "beijing", "address": "北京市朝阳区望京西园三区312号楼1101"},
    "li": {"name": "李娜", "kind": "consumer", "phone": "13602451188",
           "region": "guangzhou", "address": "广东省广州市海珠区新港中路397号"},
    "sun": {"name": "孙丽", "kind": "consumer", "phone": "15850661234",
            "region": "nanjing", "address": "江苏省南京市建邺区江东中路222号"},
    "pujiang": {"name": "上海浦江文化传媒有限公司", "kind": "enterprise",
                "phone": "021-62345678", "email": "service@pujiang-media.example.cn",
                "region": "shanghai", "address": "上海市静安区南京西路1266号28楼",
                "contacts": [("周涛（行政主管）", "13764128890", "zhoutao@pujiang.example.cn"),
                             ("沈磊（IT 工程师）", "18621550117", "")]},
    "xixi": {"name": "杭州西溪科技有限公司", "kind": "enterprise", "phone": "0571-87651234",
             "region": "hangzhou", "address": "浙江省杭州市余杭区文一西路969号",
             "contacts": [("方敏（项目经理）", "13588012345", "")]},
    "huaxin": {"name": "北京华信咨询有限公司", "kind": "enterprise", "phone": "010-65881234",
               "region": "beijing", "address": "北京市朝阳区建国门外大街1号国贸大厦A座16层",
               "contacts": [("高洁（办公室主任）", "13810235566", "")]},
    "qianhai": {"name": "深圳前海云帆电子商务有限公司", "kind": "enterprise",
                "phone": "0755-86543210", "region": "shenzhen",
                "address": "广东省深圳市南山区前海大道3040号"},
    # Project customers (行业工程采购用户): the contract's periods apply (WAR-3).
    "school": {"name": "上海市第一实验中学", "kind": "project", "phone": "021-54231100",
               "region": "shanghai", "address": "上海市徐汇区天钥桥路600号",
               "contract_warranty_months": 36, "contract_accessory_warranty_months": 12,
               "contacts": [("蒋老师（信息中心）", "13916570088", "")],
               "addresses": [("东校区", "shanghai", "上海市闵行区浦锦路150号")]},
    "tianjin": {"name": "天津市滨海新区政务服务中心", "kind": "project",
                "phone": "022-65305000", "region": "tianjin",
                "address": "天津市滨海新区中央大道2626号",
                "contract_warranty_months": 24, "contract_accessory_warranty_months": 12,
                "contacts": [("刘主任（后勤科）", "13702035566", "")]},
    # A project customer whose contract leaves the periods to the project defaults.
    "baiyun": {"name": "广州白云国际会议中心", "kind": "project", "phone": "020-36661888",
               "region": "guangzhou", "address": "广东省广州市白云区白云大道南1039号",
               "contacts": [("陈工（设备部）", "13802778899", "")]},
}  # fmt: skip

# The customer whose sign-in the demo prints.
CUSTOMER_SIGN_IN = "pujiang"

# (serial, model, customer, purchase days ago, acceptance days ago or None, sale price,
#  sales channel, clearance sale, warranty card number)
UNITS: list[tuple[str, str, str, int, int | None, str, str, bool, str | None]] = [
    # in warranty, bought two months ago
    ("PJE320-24A00101", "PJ-E320", "zhang", 60, None, "3799.00", "京东自营", False, "WC2400101"),
    # out of warranty (12 months passed)
    ("PJB560-23B00388", "PJ-B560", "wang", 420, None, "6699.00", "天猫旗舰店", False, "WC2300388"),
    # in warranty only because it counts from the acceptance date (WAR-1)
    ("PJB560-24A00512", "PJ-B560", "liu", 380, 345, "6899.00", "经销商", False, None),
    # whole unit in warranty, accessories (6 months) out
    ("PJE320-24C00733", "PJ-E320", "li", 200, None, "3899.00", "苏宁易购", False, None),
    # clearance sale (降价处理): chargeable although in the period (WAR-5)
    ("PJE320-24C00801", "PJ-E320", "sun", 25, None, "2599.00", "门店清仓", True, None),
    # bought five days ago: early-failure rules (TG-4)
    ("PJE320-25A01001", "PJ-E320", "li", 5, None, "3999.00", "京东自营", False, None),
    ("PJB560-24D00920", "PJ-B560", "pujiang", 150, 148, "6599.00", "企业采购", False, None),
    ("OFC66-24A03301", "OF-C66", "pujiang", 500, 495, "1580.00", "企业采购", False, None),
    # the model's own 24 months are over
    ("PJL880-22A00015", "PJ-L880", "pujiang", 800, 790, "28800.00", "企业采购", False, None),
    ("PJB560-25A00031", "PJ-B560", "xixi", 90, 88, "6799.00", "经销商", False, None),
    # furniture past 三包 (36 months) but inside free repair (60 months)
    ("OFD180-23A01210", "OF-D180", "xixi", 1200, 1195, "4380.00", "经销商", False, None),
    # furniture past free repair too
    ("OFF90-20A00456", "OF-F90", "huaxin", 2000, 1995, "1180.00", "经销商", False, None),
    ("PJE320-24B00640", "PJ-E320", "huaxin", 300, 290, "3899.00", "企业采购", False, None),
    ("PJB560-25B00101", "PJ-B560", "qianhai", 40, 38, "6999.00", "企业采购", False, None),
    # project contract: 36 months from acceptance
    ("PJE320-23A02001", "PJ-E320", "school", 800, 780, "3500.00", "政府采购", False, None),
    ("PJE320-23A02002", "PJ-E320", "school", 800, 780, "3500.00", "政府采购", False, None),
    ("PJE320-23A02003", "PJ-E320", "school", 800, 780, "3500.00", "政府采购", False, None),
    ("OFM240-23A00077", "OF-M240", "school", 800, 780, "8200.00", "政府采购", False, None),
    # project contract: 24 months
    ("PJL880-24A00020", "PJ-L880", "tianjin", 500, 480, "27800.00", "政府采购", False, None),
    ("PJB560-22A00777", "PJ-B560", "tianjin", 900, 880, "6500.00", "政府采购", False, None),
    # project without contract periods: the model's 24 months
    ("PJL880-24B00031", "PJ-L880", "baiyun", 400, 390, "28500.00", "工程招标", False, None),
]  # fmt: skip

# --- spare parts (INV-1, INV-2) ----------------------------------------------------------
# (code, name, kind, region, network point, keeper)
WAREHOUSES: list[tuple[str, str, str, str | None, str | None, str | None]] = [
    ("central", "总仓（昆山）", "central", None, None, None),
    ("east", "华东区域仓", "regional", "east", None, None),
    ("north", "华北区域仓", "regional", "north", None, None),
    ("south", "华南区域仓", "regional", "south", None, None),
    ("sh-xuhui", "上海徐汇网点仓", "network_point", "shanghai", "sh-xuhui", None),
    ("bj-haidian", "北京海淀网点仓", "network_point", "beijing", "bj-haidian", None),
    ("van-engineer_sh", "刘洋随车库", "van", "shanghai", None, "engineer_sh"),
    ("van-engineer_bj", "杨帆随车库", "van", "beijing", None, "engineer_bj"),
]  # fmt: skip

# Receipts into each warehouse: (warehouse, sku, quantity)
STOCK: list[tuple[str, str, int]] = [
    ("central", "PJ-LAMP-230W", 120), ("central", "PJ-BOARD-MAIN", 40),
    ("central", "PJ-DMD", 25), ("central", "PJ-PSU", 60), ("central", "PJ-FAN", 80),
    ("central", "PJ-LASER-L880", 6), ("central", "PJ-RC", 150), ("central", "PJ-FILTER", 300),
    ("central", "OF-GASLIFT", 90), ("central", "OF-HINGE", 400), ("central", "OF-CASTER", 500),
    ("east", "PJ-LAMP-230W", 30), ("east", "PJ-PSU", 12), ("east", "PJ-FAN", 15),
    ("east", "PJ-RC", 20), ("east", "OF-GASLIFT", 10), ("east", "OF-HINGE", 60),
    ("north", "PJ-LAMP-230W", 18), ("north", "PJ-PSU", 6), ("north", "PJ-RC", 10),
    ("south", "PJ-LAMP-230W", 12), ("south", "PJ-FAN", 8),
    ("sh-xuhui", "PJ-LAMP-230W", 6), ("sh-xuhui", "PJ-FILTER", 20),
    ("bj-haidian", "PJ-LAMP-230W", 4),
    ("van-engineer_sh", "PJ-LAMP-230W", 2), ("van-engineer_sh", "PJ-FAN", 1),
    ("van-engineer_sh", "PJ-FILTER", 5), ("van-engineer_bj", "PJ-LAMP-230W", 1),
]  # fmt: skip

# --- loaner units (LOAN-1): (serial number, product model, warehouse) --------------------
LOANERS: list[tuple[str, str, str]] = [
    ("LOAN-PJE320-001", "PJ-E320", "east"),
    ("LOAN-PJE320-002", "PJ-E320", "sh-xuhui"),
    ("LOAN-PJB560-001", "PJ-B560", "east"),
    ("LOAN-PJB560-002", "PJ-B560", "north"),
    ("LOAN-PJE320-003", "PJ-E320", "south"),
]

# Min/max levels (INV-5): (warehouse, sku, minimum, maximum); 华南's fans and 华北's power
# boards are below their minimum, so the reorder report has something to suggest.
LEVELS: list[tuple[str, str, int, int]] = [
    ("east", "PJ-LAMP-230W", 20, 40),
    ("east", "PJ-PSU", 8, 16),
    ("north", "PJ-LAMP-230W", 10, 25),
    ("north", "PJ-PSU", 8, 12),
    ("south", "PJ-FAN", 10, 20),
    ("van-engineer_sh", "PJ-LAMP-230W", 2, 3),
]
