/** The Przypominacz in the web client: keeps the current user's reminder list (the same
 * `crm.reminder.get_reminder_summary` the external program and the systray use), refreshes
 * it every minute, and turns `crm_reminders/popup` bus messages (sent by the scheduled
 * action) into sticky notifications with Open / Snooze / Dismiss buttons. */
import { reactive } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatDateTime, deserializeDateTime } from "@web/core/l10n/dates";
import { ConnectionLostError } from "@web/core/network/rpc";

const REFRESH_MS = 60000;
export const SNOOZE_MINUTES = 15;

export const reminderService = {
    dependencies: ["action", "bus_service", "notification", "orm"],

    start(env, { action, bus_service, notification, orm }) {
        const state = reactive({ count: 0, more: false, items: [] });
        const popups = new Map(); // key -> function closing its sticky notification

        function formatDeadline(item) {
            return formatDateTime(deserializeDateTime(item.deadline));
        }

        async function refresh() {
            let summary;
            try {
                summary = await orm.silent.call("crm.reminder", "get_reminder_summary", [], {
                    limit: 20,
                });
            } catch (error) {
                if (error instanceof ConnectionLostError) {
                    return; // server unreachable for a moment: the next refresh will tell
                }
                throw error;
            }
            Object.assign(state, summary);
        }

        function closePopup(item) {
            const close = popups.get(item.key);
            if (close) {
                popups.delete(item.key);
                close();
            }
        }

        async function open(item) {
            closePopup(item);
            await action.doAction({
                type: "ir.actions.act_window",
                res_model: item.model,
                res_id: item.res_id,
                views: [[false, "form"]],
            });
        }

        async function snooze(item, minutes = SNOOZE_MINUTES) {
            closePopup(item);
            await orm.call("crm.reminder", "snooze_reminder", [item.key, minutes]);
            await refresh();
        }

        async function dismiss(item) {
            closePopup(item);
            await orm.call("crm.reminder", "dismiss_reminder", [item.key]);
            await refresh();
        }

        function showPopup(item) {
            closePopup(item);
            const message = `${item.title} (${formatDeadline(item)})`;
            const close = notification.add(message, {
                title: item.overdue ? _t("Overdue reminder") : _t("Reminder"),
                type: item.overdue ? "danger" : "warning",
                sticky: true,
                className: "o_crm_reminder_popup",
                onClose: () => popups.delete(item.key),
                buttons: [
                    { name: _t("Open"), primary: true, onClick: () => open(item) },
                    { name: _t("Snooze"), onClick: () => snooze(item) },
                    { name: _t("Dismiss"), onClick: () => dismiss(item) },
                ],
            });
            popups.set(item.key, close);
        }

        function onPopupMessage(payload) {
            for (const item of payload.items) {
                showPopup(item);
            }
            if (payload.count > payload.items.length) {
                notification.add(
                    _t("%(count)s more reminders are due, see the reminder menu.", {
                        count: payload.count - payload.items.length,
                    }),
                    { type: "warning" }
                );
            }
            refresh();
        }

        bus_service.subscribe("crm_reminders/popup", onPopupMessage);
        bus_service.start();
        refresh();
        browser.setInterval(refresh, REFRESH_MS);

        return { state, refresh, open, snooze, dismiss, formatDeadline, onPopupMessage };
    },
};

registry.category("services").add("crm_reminders.reminder", reminderService);
