"""Desktop notifications through the ``desktop-notifier`` library, the printed line as fallback.

``desktop-notifier`` talks to each desktop's own notification service: Windows 10/11 toasts
(WinRT), the freedesktop.org service over D-Bus on Linux (GNOME, KDE, XFCE...), the
Notification Center on macOS (from an app bundle). It reports a notification that could not be
shown by logging a warning, never by raising, so this module listens to its logger: the first
failure (no desktop session, no notification service, the library missing) is said once, as
one masked line, and the run goes on printing the reminders only.
"""

from __future__ import annotations

import logging

try:
    from desktop_notifier import DesktopNotifierSync, Urgency
except ImportError:  # installed with --no-deps, or a platform the library does not build on
    DesktopNotifierSync = Urgency = None

APP_NAME = "Przypominacz"
_logger = logging.getLogger("przypominacz")


class _LibraryProblems(logging.Handler):
    """Keeps the warnings ``desktop-notifier`` logs, so a failed notification can be told."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        reason = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            reason = f"{reason}: {type(error).__name__}: {error}".rstrip(": ")
        self.problems.append(reason[:300])


class DesktopNotifications:
    """Shows reminders as desktop notifications until the first failure, then stays quiet.

    :param mask: a function that hides secrets in any text shown or logged.
    """

    def __init__(self, mask=str) -> None:
        self.mask = mask
        self.unavailable: str | None = None if DesktopNotifierSync else "the desktop-notifier library is not installed"
        self._notifier = None
        self._library_log = _LibraryProblems()
        library_logger = logging.getLogger("desktop_notifier")
        library_logger.addHandler(self._library_log)
        library_logger.propagate = False  # its tracebacks would reach stderr through Python's last resort

    def show(self, title: str, message: str, urgency: str = "normal") -> bool:
        """Show one notification; ``urgency`` is "low", "normal" or "critical".

        :return: True when the notification service took it, False when it is unavailable.
        """
        if self.unavailable:
            return False
        self._library_log.problems.clear()
        failure = None
        try:
            if self._notifier is None:
                self._notifier = DesktopNotifierSync(app_name=APP_NAME)
            self._notifier.send(title=title, message=message, urgency=getattr(Urgency, urgency.capitalize()))
        except Exception as exc:  # noqa: BLE001  # any backend error only means: print instead
            failure = f"{type(exc).__name__}: {exc}"
        failure = failure or next(iter(self._library_log.problems), None)
        if failure:
            self.unavailable = failure
            _logger.warning("no desktop notifications (%s); the reminders are printed only", self.mask(failure))
            return False
        return True
