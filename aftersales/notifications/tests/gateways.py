"""Stand-ins for the outside world only: SMS gateways that record what they were given
(or refuse it during an "outage"), as a real gateway would at the far end."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import ClassVar


class GatewayDown(Exception):
    pass


class RecordingSmsGateway:
    """Keeps every SMS it accepted; refuses while ``outage`` is set."""

    sent: ClassVar[list[dict[str, str]]] = []
    outage: ClassVar[bool] = False

    def send(self, *, phone: str, text: str, delivery_id: str) -> str:
        if type(self).outage:
            raise GatewayDown("503 gateway unavailable")
        type(self).sent.append({"phone": phone, "text": text, "delivery_id": delivery_id})
        return f"rec-{len(type(self).sent)}"


class FileSmsGateway:
    """For the consumer subprocess: appends each SMS to ``$SMS_OUTBOX_FILE`` as a JSON
    line; refuses while the file ``$SMS_OUTAGE_FILE`` exists, and hangs (as a gateway
    that never answers) while ``$SMS_HANG_FILE`` exists."""

    def send(self, *, phone: str, text: str, delivery_id: str) -> str:
        hang = Path(os.environ["SMS_HANG_FILE"])
        for _ in range(400):
            if not hang.exists():
                break
            time.sleep(0.05)
        if Path(os.environ["SMS_OUTAGE_FILE"]).exists():
            raise GatewayDown("503 gateway unavailable")
        line = json.dumps({"phone": phone, "delivery_id": delivery_id}) + "\n"
        with open(os.environ["SMS_OUTBOX_FILE"], "a", encoding="utf-8") as f:
            f.write(line)
        return delivery_id
