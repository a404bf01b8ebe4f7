"""The demo's service orders, as histories to replay through the real services.

Each scenario is a report and the steps taken on it, with times relative to the
report. Together they leave at least one order in every SO-3 state, some SLA targets
met and some breached, remote fixes, a reassignment, a rejected acceptance and
recorded exclusions (WAR-5). ``when`` is either ``(days ago, "HH:MM")`` in Asia/Shanghai
or a ``timedelta`` before the moment the demo is built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
D = dt.timedelta(days=1)


@dataclass(frozen=True)
class Step:
    after: dt.timedelta  # after the report
    action: str  # an SO-3 action, or "exclusion"
    actor: str  # username
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    key: str
    customer: str
    serial: str | None
    kind: str
    channel: str
    priority: str
    fault: str
    when: tuple[int, str] | dt.timedelta
    taken_by: str  # who creates the order
    steps: tuple[Step, ...] = ()
    taken_after: dt.timedelta = dt.timedelta(0)  # e.g. an e-mail read later
    contact_phone: str = ""
    address: str = ""


def _s(after: dt.timedelta, action: str, actor: str, **payload: Any) -> Step:
    return Step(after, action, actor, payload)


def _field_visit(
    engineer: str, dispatcher: str, agent: str, ack: dt.timedelta, assign: dt.timedelta,
    depart: dt.timedelta, arrive: dt.timedelta,
) -> list[Step]:  # fmt: skip
    return [
        _s(ack, "acknowledge", agent),
        _s(assign, "assign", dispatcher, engineer=engineer),
        _s(depart, "depart", engineer),
        _s(arrive, "arrive", engineer),
        _s(arrive + 5 * M, "start", engineer),
    ]


def _done(engineer: str, at: dt.timedelta, cause: str, actions: str, code: str = "") -> Step:
    return _s(at, "complete", engineer, fault_cause=cause, actions_taken=actions, fault_code=code)


SCENARIOS: tuple[Scenario, ...] = (
    # --- closed --------------------------------------------------------------------------
    Scenario(
        "closed-all-met", "zhang", "PJE320-24A00101", "repair", "phone", "normal",
        "投影画面偏暗，开机约十分钟后自动关机", (21, "09:40"), "agent_east",
        (
            *_field_visit("engineer_sh", "dispatcher_east", "agent_east",
                          15 * M, 35 * M, 2 * H, 3 * H + 10 * M),
            _done("engineer_sh", 4 * H + 20 * M, "灯泡老化，防尘滤网积灰导致过热保护",
                  "更换灯泡，清洁防尘滤网，试机两小时正常", "E-LAMP-03"),
            _s(4 * H + 30 * M, "confirm", "engineer_sh", accepted=True,
               customer_opinion="维修及时，工程师很专业"),
            _s(2 * D, "follow_up", "agent_east", overall=5, speed=5, attitude=5, quality=5,
               comment="非常满意"),
            _s(2 * D + 10 * M, "close", "agent_east"),
        ),
    ),
    Scenario(
        "closed-breached-waited-for-parts", "school", "PJE320-23A02001", "repair", "hotline",
        "urgent", "多媒体教室投影机无信号输入，明早有公开课", (14, "16:20"), "agent_east",
        (
            *_field_visit("engineer_sh2", "dispatcher_east", "agent_east",
                          20 * M, 50 * M, 3 * H, 5 * H + 30 * M),
            _s(6 * H + 30 * M, "wait", "engineer_sh2", reason="parts"),
            _s(3 * D, "resume", "engineer_sh2"),
            _done("engineer_sh2", 3 * D + 2 * H, "主板 HDMI 接口芯片损坏",
                  "更换主板（备件由中心仓调拨），恢复中控联动，各信号源测试正常", "E-BOARD-11"),
            _s(3 * D + 2 * H + 10 * M, "confirm", "engineer_sh2", accepted=True,
               customer_opinion="问题已解决，但等配件时间较长"),
            _s(4 * D, "follow_up", "quality", overall=3, speed=2, attitude=4, quality=4,
               comment="希望常用配件本地备货"),
            _s(4 * D + 1 * H, "close", "agent_east"),
        ),
    ),
    Scenario(
        "closed-reassigned-rejected-once", "huaxin", "PJE320-24B00640", "repair", "email",
        "high", "投影画面有明显色斑，左上角偏黄", (10, "11:05"), "agent_north",
        (
            _s(40 * M, "acknowledge", "agent_north"),
            _s(1 * H, "assign", "dispatcher_north", engineer="engineer_tj"),
            _s(2 * H, "reassign", "dispatcher_north", engineer="engineer_bj",
               reason="天津工程师支援滨海项目，改派北京本地工程师"),
            _s(3 * H, "depart", "engineer_bj"),
            _s(4 * H, "arrive", "engineer_bj"),
            _s(4 * H + 5 * M, "start", "engineer_bj"),
            _done("engineer_bj", 5 * H, "色轮同步偏移", "校准色轮同步参数，清洁光路",
                  "E-COLOR-02"),
            _s(5 * H + 10 * M, "confirm", "engineer_bj", accepted=False,
               customer_opinion="色斑仍然可见"),
            _done("engineer_bj", 1 * D + 3 * H, "DMD 显示芯片坏点",
                  "更换 DMD 显示芯片并重新校准", "E-DMD-01"),
            _s(1 * D + 3 * H + 15 * M, "confirm", "engineer_bj", accepted=True,
               customer_opinion="画面正常，满意"),
            _s(3 * D, "follow_up", "agent_north", overall=4, speed=3, attitude=5, quality=4),
            _s(3 * D + 5 * M, "close", "agent_north"),
        ),
        contact_phone="13810235566",
    ),
    Scenario(
        "closed-annual-maintenance", "tianjin", "PJL880-24A00020", "maintenance", "phone",
        "low", "年度保养（年保养）", (30, "10:00"), "agent_north",
        (
            *_field_visit("engineer_tj", "dispatcher_north", "agent_north",
                          30 * M, 45 * M, 1 * H + 30 * M, 3 * H),
            _done("engineer_tj", 5 * H, "例行保养",
                  "清洁光路与散热风道，激光光源亮度衰减 3%，固件升级至 v2.1"),
            _s(5 * H + 10 * M, "confirm", "engineer_tj", accepted=True,
               customer_opinion="保养细致"),
            _s(1 * D, "follow_up", "agent_north", overall=5),
            _s(1 * D + 5 * M, "close", "agent_north"),
        ),
        contact_phone="13702035566",
    ),
    # --- followed up (waiting to be closed) ----------------------------------------------
    Scenario(
        "followed-up-low-score", "qianhai", "PJB560-25B00101", "repair", "wechat", "normal",
        "遥控器按键失灵，无法切换信号源", (6, "14:30"), "agent_south",
        (
            *_field_visit("engineer_sz", "agent_south", "agent_south",
                          10 * M, 30 * M, 18 * H + 30 * M, 19 * H + 30 * M),
            _done("engineer_sz", 20 * H, "遥控器电路板受潮",
                  "更换遥控器（附件，在保修期内免费）", "A-RC-01"),
            _s(20 * H + 5 * M, "confirm", "engineer_sz", accepted=True),
            _s(3 * D, "follow_up", "agent_south", overall=2, speed=2, attitude=3, quality=4,
               comment="上门时间比约定晚了一小时"),
        ),
    ),
    # --- accepted (waiting for the follow-up visit) ---------------------------------------
    Scenario(
        "accepted-by-customer", "pujiang", "PJB560-24D00920", "repair", "web", "normal",
        "投影机风扇噪音很大，伴有异响", (4, "10:00"), "customer",
        (
            *_field_visit("engineer_sh", "dispatcher_east", "agent_east",
                          25 * M, 1 * H, 5 * H, 6 * H),
            _done("engineer_sh", 7 * H, "散热风扇轴承磨损", "更换散热风扇并清灰", "E-FAN-02"),
            _s(1 * D, "confirm", "customer", accepted=True, customer_opinion="噪音消失，谢谢"),
        ),
        contact_phone="13764128890",
    ),
    Scenario(
        "accepted-remote-fix", "liu", "PJB560-24A00512", "support", "hotline", "normal",
        "画面呈梯形，不知道如何设置梯形校正", 2 * D + 3 * H, "agent_east",
        (
            _s(5 * M, "acknowledge", "agent_east"),
            _s(10 * M, "start", "agent_east"),  # remote fix: no visit
            _done("agent_east", 25 * M, "用户不熟悉操作", "电话指导开启自动梯形校正并微调",
                  "S-OPS-01"),
            _s(30 * M, "confirm", "agent_east", accepted=True, customer_opinion="电话里就解决了"),
        ),
    ),
    # --- resolved (waiting for the customer's acceptance) ---------------------------------
    Scenario(
        "resolved-furniture", "pujiang", "OFC66-24A03301", "repair", "web", "normal",
        "办公椅升降失灵，坐下后自动下沉", 26 * H, "customer",
        (
            *_field_visit("engineer_sh", "dispatcher_east", "agent_east",
                          30 * M, 50 * M, 17 * H + 30 * M, 18 * H + 20 * M),
            _done("engineer_sh", 19 * H, "气压棒漏气", "更换气压棒，检查底盘与脚轮", "F-GAS-01"),
        ),
        contact_phone="18621550117",
    ),
    Scenario(
        "resolved-force-majeure", "xixi", "PJB560-25A00031", "repair", "phone", "high",
        "投影机无法开机，电源指示灯不亮", 30 * H, "agent_east",
        (
            *_field_visit("engineer_hz", "dispatcher_east", "agent_east",
                          20 * M, 40 * M, 3 * H, 4 * H),
            _s(5 * H, "exclusion", "engineer_hz", reason="force_majeure",
               note="雷击浪涌烧毁电源板保险管，属不可抗力，按收费维修处理（照片已存档）"),
            _done("engineer_hz", 6 * H, "雷击导致电源板保险管熔断",
                  "更换电源板保险管，建议加装稳压电源", "E-PWR-01"),
        ),
        contact_phone="13588012345",
    ),
    # --- waiting ------------------------------------------------------------------------
    Scenario(
        "waiting-customer-out-of-warranty", "wang", "PJB560-23B00388", "repair", "phone",
        "normal", "开机后画面闪烁，有时黑屏", (3, "10:30"), "agent_north",
        (
            *_field_visit("engineer_bj", "dispatcher_north", "agent_north",
                          3 * H, 4 * H, 1 * D, 1 * D + 1 * H),
            _s(1 * D + 1 * H + 20 * M, "exclusion", "engineer_bj",
               reason="model_mismatch_or_altered", note="保修卡序列号有涂改痕迹，与机身铭牌不符"),
            _s(1 * D + 2 * H, "wait", "engineer_bj", reason="customer"),
        ),
    ),
    Scenario(
        "waiting-parts-breached", "baiyun", "PJL880-24B00031", "repair", "hotline", "urgent",
        "激光投影机亮度骤降，画面发暗发紫", 50 * H, "agent_south",
        (
            *_field_visit("engineer_gz", "agent_south", "agent_south",
                          15 * M, 30 * M, 1 * H, 2 * H + 40 * M),
            _s(4 * H, "wait", "engineer_gz", reason="parts"),
        ),
        contact_phone="13802778899",
    ),
    Scenario(
        "waiting-quote-misuse", "li", "PJE320-24C00733", "repair", "walk_in", "normal",
        "投影机进水后无法开机", 28 * H, "agent_south",
        (
            *_field_visit("engineer_gz", "agent_south", "agent_south",
                          5 * M, 20 * M, 1 * H, 1 * H + 20 * M),
            _s(2 * H, "exclusion", "engineer_gz", reason="misuse",
               note="机内有明显水渍和腐蚀痕迹，属使用不当造成的损坏（照片已存档）"),
            # chargeable (misuse): the quote sends the order to waiting(quote_approval)
            _s(2 * H + 10 * M, "quote", "engineer_gz", fault_level=3, distance_km="12"),
        ),
    ),
    # --- in progress ----------------------------------------------------------------------
    Scenario(
        "in-progress-clearance-unit", "sun", "PJE320-24C00801", "repair", "phone", "normal",
        "投影画面出现竖线", 7 * H, "agent_east",
        tuple(_field_visit("engineer_nj", "dispatcher_east", "agent_east",
                           30 * M, 1 * H, 2 * H, 3 * H)),
    ),
    Scenario(
        "in-progress-remote", "tianjin", "PJB560-22A00777", "support", "hotline", "normal",
        "投屏软件升级后无法识别投影机", 40 * M, "agent_north",
        (_s(10 * M, "acknowledge", "agent_north"), _s(20 * M, "start", "agent_north")),
    ),
    # --- on site, en route, assigned ------------------------------------------------------
    Scenario(
        "on-site-furniture", "xixi", "OFD180-23A01210", "repair", "phone", "low",
        "办公桌抽屉滑轨脱落，锁具无法锁上", 5 * H, "agent_east",
        (
            _s(20 * M, "acknowledge", "agent_east"),
            _s(40 * M, "assign", "dispatcher_east", engineer="engineer_hz"),
            _s(2 * H, "depart", "engineer_hz"),
            _s(4 * H + 30 * M, "arrive", "engineer_hz"),
        ),
    ),
    Scenario(
        "en-route-project", "school", "PJE320-23A02002", "repair", "phone", "high",
        "教室投影机遥控和中控都无法开机", 3 * H, "agent_east",
        (
            _s(10 * M, "acknowledge", "agent_east"),
            _s(30 * M, "assign", "dispatcher_east", engineer="engineer_sh2"),
            _s(2 * H + 15 * M, "depart", "engineer_sh2"),
        ),
        contact_phone="13916570088",
        address="上海市闵行区浦锦路150号（东校区）",
    ),
    Scenario(
        "assigned-out-of-warranty", "pujiang", "PJL880-22A00015", "repair", "phone", "normal",
        "激光投影机开机报错 E-07，风扇不转", 20 * H, "agent_east",
        (
            _s(2 * H, "acknowledge", "agent_east"),
            _s(3 * H, "assign", "dispatcher_east", engineer="engineer_sh"),
        ),
        contact_phone="18621550117",
    ),
    Scenario(
        "assigned-after-reassign", "li", "PJE320-25A01001", "return", "phone", "normal",
        "购买第五天无法开机，要求退货", 22 * H, "agent_south",
        (
            _s(15 * M, "acknowledge", "agent_south"),
            _s(30 * M, "assign", "agent_south", engineer="engineer_sz"),
            _s(2 * H, "reassign", "agent_south", engineer="engineer_gz",
               reason="深圳工程师排期已满，改派广州本地工程师"),
        ),
    ),
    # --- acknowledged ---------------------------------------------------------------------
    Scenario(
        "acknowledged-on-site-breached", "huaxin", "OFF90-20A00456", "repair", "phone", "low",
        "文件柜柜门变形无法关闭", (5, "10:00"), "agent_north",
        (_s(6 * H, "acknowledge", "agent_north"),),
    ),
    Scenario(
        "acknowledged-fresh", "zhang", "PJE320-24A00101", "repair", "wechat", "normal",
        "HDMI 连接线接触不良，画面时有时无", 50 * M, "agent_east",
        (_s(10 * M, "acknowledge", "agent_east"),),
    ),
    # --- new ------------------------------------------------------------------------------
    Scenario(
        "new-from-portal", "pujiang", "PJB560-24D00920", "repair", "web", "normal",
        "会议室投影机偶尔自动关机", 12 * M, "customer", contact_phone="13764128890",
    ),
    Scenario(
        "new-at-risk", "school", "PJE320-23A02003", "repair", "phone", "normal",
        "投影机灯泡指示灯闪烁红灯", 52 * M, "agent_east",
    ),
    Scenario(
        "new-breached-email", "liu", "PJB560-24A00512", "repair", "email", "normal",
        "投影机开机后无法对焦，画面模糊", 5 * H, "agent_east", taken_after=4 * H,
    ),
    Scenario(
        "new-training-no-unit", "wang", None, "training", "phone", "low",
        "希望安排一次投影机日常维护培训", 3 * H, "agent_north",
    ),
    # --- cancelled ------------------------------------------------------------------------
    Scenario(
        "cancelled-by-customer", "pujiang", "PJB560-24D00920", "support", "web", "normal",
        "投影机无法连接无线投屏", (2, "09:00"), "customer",
        (
            _s(30 * M, "acknowledge", "agent_east"),
            _s(1 * H, "cancel", "customer", reason="已自行重启路由器解决"),
        ),
    ),
    Scenario(
        "cancelled-duplicate", "xixi", "PJB560-25A00031", "repair", "hotline", "high",
        "投影机开不了机", 30 * H - 5 * M, "agent_east",
        (_s(15 * M, "cancel", "agent_east", reason="重复报修，与同一设备的另一工单合并处理"),),
    ),
)  # fmt: skip
