/** The Przypominacz in the web client: keeps the current user's reminder list (the same
 * `crm.reminder.get_reminder_summary` the external program and the systray use), refreshes
 * it every minute, and turns `crm_reminders/popup` bus messages (sent by the scheduled
 * action) into sticky notifications with Open / Snooze / Dismiss buttons. Snoozing offers
 * labelled choices (15 min, 1 hour, tomorrow morning), says until when, and the snoozed
 * reminders stay listed in the bell until they wake. Times are shown as people write them
 * (no seconds, the user's date format); a deadline without a time shows the date only. */
import { reactive } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatDate, formatDateTime, deserializeDateTime } from "@web/core/l10n/dates";
import { ConnectionLostError } from "@web/core/network/rpc";

const REFRESH_MS = 60000;

/** The snooze choices, in the order shown; keys are those of snooze_reminder_choice(). */
export function snoozeChoices() {
    return [
        { choice: "15min", label: _t("15 min") },
        { choice: "1h", label: _t("1 hour") },
        { choice: "tomorrow", label: _t("Tomorrow morning") },
    ];
}

/** A UTC "YYYY-MM-DD HH:MM:SS" as the user writes it: date and hour:minute, or the date
 * alone for a deadline without a time. */
export function formatMoment(value, dateOnly = false) {
    const moment = deserializeDateTime(value);
    return dateOnly ? formatDate(moment) : formatDateTime(moment, { showSeconds: false });
}

export const reminderService = {
    dependencies: ["action", "bus_service", "notification", "orm"],

    start(env, { action, bus_service, notification, orm }) {
        const state = reactive({ count: 0, more: false, items: [], snoozed: [] });
        const popups = new Map(); // key -> function closing its sticky notification

        function formatDeadline(item) {
            return formatMoment(item.deadline, item.all_day);
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

        async function refreshSnoozed() {
            state.snoozed = await orm.silent.call("crm.reminder", "get_snoozed_reminders", []);
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

        async function snooze(item, choice = "15min") {
            closePopup(item);
            const until = await orm.call("crm.reminder", "snooze_reminder_choice", [
                item.key,
                choice,
            ]);
            notification.add(
                _t("%(title)s: snoozed until %(time)s", {
                    title: item.title,
                    time: formatMoment(until),
                }),
                { type: "info", className: "o_crm_reminder_snoozed_notice" }
            );
            await Promise.all([refresh(), refreshSnoozed()]);
        }

        async function wake(item) {
            await orm.call("crm.reminder", "wake_reminder", [item.key]);
            await Promise.all([refresh(), refreshSnoozed()]);
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
                    { name: _t("Show"), primary: true, onClick: () => open(item) },
                    ...snoozeChoices().map(({ choice, label }) => ({
                        name: label,
                        onClick: () => snooze(item, choice),
                    })),
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

        return {
            state,
            refresh,
            refreshSnoozed,
            open,
            snooze,
            wake,
            dismiss,
            formatDeadline,
            formatMoment,
            onPopupMessage,
        };
    },
};

registry.category("services").add("crm_reminders.reminder", reminderService);
