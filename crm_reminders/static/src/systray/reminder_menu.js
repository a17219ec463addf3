/** Systray item of the Przypominacz: the number of due reminders and a dropdown listing
 * them, each opening its record, with labelled snooze choices and a dismiss button; below,
 * the snoozed reminders with the time they come back, each of which can be woken now. */
import { Component, useState } from "@odoo/owl";
import { Dropdown } from "@web/core/dropdown/dropdown";
import { useDropdownState } from "@web/core/dropdown/dropdown_hooks";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { snoozeChoices } from "../reminder_service";

export class ReminderMenu extends Component {
    static components = { Dropdown };
    static props = [];
    static template = "crm_reminders.ReminderMenu";

    setup() {
        this.reminders = useService("crm_reminders.reminder");
        this.state = useState(this.reminders.state);
        this.ui = useState({ snoozing: null, showSnoozed: false });
        this.dropdown = useDropdownState();
        this.snoozeChoices = snoozeChoices();
    }

    onBeforeOpen() {
        this.ui.snoozing = null;
        return Promise.all([this.reminders.refresh(), this.reminders.refreshSnoozed()]);
    }

    async onOpen(item) {
        this.dropdown.close();
        await this.reminders.open(item);
    }

    toggleSnoozeChoices(item) {
        this.ui.snoozing = this.ui.snoozing === item.key ? null : item.key;
    }

    async onSnooze(item, choice) {
        this.ui.snoozing = null;
        await this.reminders.snooze(item, choice);
    }

    onDismiss(item) {
        return this.reminders.dismiss(item);
    }

    toggleSnoozed() {
        this.ui.showSnoozed = !this.ui.showSnoozed;
    }

    onWake(item) {
        return this.reminders.wake(item);
    }
}

registry
    .category("systray")
    .add("crm_reminders.reminder_menu", { Component: ReminderMenu }, { sequence: 25 });
