/** Systray item of the Przypominacz: the number of due reminders and a dropdown listing
 * them, each opening its record, with snooze and dismiss buttons. */
import { Component, useState } from "@odoo/owl";
import { Dropdown } from "@web/core/dropdown/dropdown";
import { useDropdownState } from "@web/core/dropdown/dropdown_hooks";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

export class ReminderMenu extends Component {
    static components = { Dropdown };
    static props = [];
    static template = "crm_reminders.ReminderMenu";

    setup() {
        this.reminders = useService("crm_reminders.reminder");
        this.state = useState(this.reminders.state);
        this.dropdown = useDropdownState();
    }

    onBeforeOpen() {
        return this.reminders.refresh();
    }

    async onOpen(item) {
        this.dropdown.close();
        await this.reminders.open(item);
    }

    onSnooze(item) {
        return this.reminders.snooze(item);
    }

    onDismiss(item) {
        return this.reminders.dismiss(item);
    }
}

registry
    .category("systray")
    .add("crm_reminders.reminder_menu", { Component: ReminderMenu }, { sequence: 25 });
