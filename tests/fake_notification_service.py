"""A stand-in for the desktop's notification service, for tests/test_przypominacz.py.

It serves org.freedesktop.Notifications (the service GNOME, KDE, XFCE... run, which Przypominacz
reaches through desktop-notifier) on the D-Bus session bus of DBUS_SESSION_BUS_ADDRESS, appends
every notification asked for as one JSON line to the file named by its argument, and prints
"ready" once it owns the name.
Usage: python fake_notification_service.py LOG_FILE
"""

import asyncio
import json
import sys
from typing import Annotated

from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusSignature
from dbus_fast.service import ServiceInterface, dbus_method

Str = Annotated[str, DBusSignature("s")]
UInt = Annotated[int, DBusSignature("u")]
Int = Annotated[int, DBusSignature("i")]
StrList = Annotated[list, DBusSignature("as")]
Hints = Annotated[dict, DBusSignature("a{sv}")]
ServerInfo = Annotated[list, DBusSignature("ssss")]


class Notifications(ServiceInterface):
    def __init__(self, log_path):
        super().__init__("org.freedesktop.Notifications")
        self.log_path = log_path
        self.last_id = 0

    @dbus_method(name="GetCapabilities")
    def get_capabilities(self) -> StrList:
        return ["body"]

    @dbus_method(name="GetServerInformation")
    def get_server_information(self) -> ServerInfo:
        return ["fake", "tests", "1.0", "1.2"]

    @dbus_method(name="Notify")
    def notify(
        self,
        app_name: Str,
        replaces_id: UInt,
        app_icon: Str,
        summary: Str,
        body: Str,
        actions: StrList,
        hints: Hints,
        expire_timeout: Int,
    ) -> UInt:
        urgency = hints["urgency"].value if "urgency" in hints else None
        record = {"app_name": app_name, "summary": summary, "body": body, "urgency": urgency}
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.last_id += 1
        return self.last_id

    @dbus_method(name="CloseNotification")
    def close_notification(self, notification_id: UInt):
        return None


async def main(log_path):
    bus = await MessageBus().connect()
    bus.export("/org/freedesktop/Notifications", Notifications(log_path))
    await bus.request_name("org.freedesktop.Notifications")
    print("ready", flush=True)
    await bus.wait_for_disconnect()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
