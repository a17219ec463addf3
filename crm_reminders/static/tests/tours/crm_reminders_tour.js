/** The reminder flow in the browser, in three tours the Python test runs one after the
 * other (it runs the scheduled action in between): a task with a deadline a few minutes
 * ahead is created and shown in the Terminarz, and in the bell with its time written
 * without seconds, beside a date-only activity shown with its date alone; the task's pop-up
 * arrives and is snoozed 15 minutes, which the user is told and can see in the bell's
 * snoozed list; it comes back, is snoozed to tomorrow morning from the bell, woken from the
 * snoozed list and dismissed. See tests/test_reminder_tour.py. */

import { registry } from "@web/core/registry";

const { DateTime } = luxon;
const TITLE = "Tour call to Kowalski";
const ACTIVITY = "Tour date-only activity";

registry.category("web_tour.tours").add("crm_reminders_task_tour", {
    steps: () => {
        const moment = DateTime.local().plus({ minutes: 5 });
        const deadline = moment.toFormat("MM/dd/yyyy HH:mm:ss");
        const shown = moment.toFormat("MM/dd/yyyy HH:mm"); // as people write it: no seconds
        return [
            { trigger: ".o_navbar_apps_menu button", run: "click" },
            { trigger: '.o_app[data-menu-xmlid="crm_reminders.menu_root"]', run: "click" },
            { trigger: '[data-menu-xmlid="crm_reminders.menu_crm_tasks"]', run: "click" },
            { trigger: ".o_list_button_add", run: "click" },
            { trigger: ".o_field_widget[name=name] input", run: `edit ${TITLE}` },
            { trigger: ".o_field_widget[name=kind] select", run: 'select "call"' },
            { trigger: ".o_field_widget[name=deadline] input", run: `edit ${deadline}` },
            { trigger: ".o_form_button_save", run: "click" },
            { trigger: `.o_breadcrumb .active:contains("${TITLE}")` },
            { trigger: '[data-menu-xmlid="crm_reminders.menu_terminarz"]', run: "click" },
            { trigger: `.o_calendar_renderer .fc-event:contains("${TITLE}")` },
            { trigger: ".o_crm_reminder_menu", run: "click" },
            {
                trigger: `.o_crm_reminder_item:contains("${TITLE}") .o_crm_reminder_deadline:contains("${shown}"):not(:contains("${shown}:"))`,
            },
            // A deadline without a time (an activity's due date) shows the date alone.
            {
                trigger: `.o_crm_reminder_item:contains("${ACTIVITY}") .o_crm_reminder_deadline:not(:contains(":"))`,
            },
            {
                trigger: `.o_crm_reminder_item:contains("${ACTIVITY}") .o_crm_reminder_dismiss`,
                run: "click",
            },
            { trigger: `.o_crm_reminder_list:not(:has(.o_crm_reminder_item:contains("${ACTIVITY}")))` },
        ];
    },
});

registry.category("web_tour.tours").add("crm_reminders_popup_tour", {
    steps: () => [
        {
            // The test server answers /websocket with 503, so the bus cannot carry the
            // message here: hand the service the payload the scheduled action really sent
            // (read from bus.bus by the Python test), as the bus subscription would.
            trigger: ".o_main_navbar",
            run: () =>
                odoo.__WOWL_DEBUG__.root.env.services["crm_reminders.reminder"].onPopupMessage(
                    window.crmReminderPopupPayload
                ),
        },
        { trigger: `.o_notification.o_crm_reminder_popup:contains("${TITLE}")` },
        { trigger: `.o_crm_reminder_popup .o_notification_buttons button:contains("1 hour")` },
        { trigger: `.o_crm_reminder_popup .o_notification_buttons button:contains("Tomorrow morning")` },
        { trigger: `.o_crm_reminder_popup .o_notification_buttons button:contains("15 min")`, run: "click" },
        { trigger: "body:not(:has(.o_crm_reminder_popup))" },
        { trigger: `.o_crm_reminder_snoozed_notice:contains("${TITLE}: snoozed until")` },
        { trigger: ".o_crm_reminder_menu", run: "click" },
        { trigger: ".o_crm_reminder_empty" },
        // The snoozed reminder has not vanished: the bell lists it with the time it returns.
        { trigger: '.o_crm_reminder_snoozed_toggle:contains("Snoozed") .o_crm_reminder_snoozed_count:contains("1")', run: "click" },
        { trigger: `.o_crm_reminder_snoozed:contains("${TITLE}") .o_crm_reminder_snoozed_until:contains("Snoozed until")` },
    ],
});

registry.category("web_tour.tours").add("crm_reminders_dismiss_tour", {
    steps: () => [
        { trigger: ".o_crm_reminder_menu .o_crm_reminder_counter:contains(1)" },
        { trigger: ".o_crm_reminder_menu", run: "click" },
        // Snooze from the bell to tomorrow morning, then change one's mind: remind now.
        { trigger: `.o_crm_reminder_item:contains("${TITLE}") .o_crm_reminder_snooze`, run: "click" },
        { trigger: '.o_crm_reminder_snooze_choice[data-choice="tomorrow"]:contains("Tomorrow morning")', run: "click" },
        { trigger: `.o_crm_reminder_snoozed_notice:contains("${TITLE}: snoozed until")` },
        { trigger: ".o_crm_reminder_empty" },
        { trigger: ".o_crm_reminder_snoozed_toggle", run: "click" },
        { trigger: `.o_crm_reminder_snoozed:contains("${TITLE}") .o_crm_reminder_wake`, run: "click" },
        { trigger: `.o_crm_reminder_item:contains("${TITLE}") .o_crm_reminder_dismiss`, run: "click" },
        { trigger: ".o_crm_reminder_empty" },
        { trigger: ".o_crm_reminder_menu:not(:has(.o_crm_reminder_counter))" },
    ],
});

registry.category("web_tour.tours").add("crm_reminders_landing_tour", {
    steps: () => [
        // The CRM app tile lands on Contacts and Tasks, not on the address book.
        { trigger: ".o_navbar_apps_menu button", run: "click" },
        { trigger: '.o_app[data-menu-xmlid="crm_reminders.menu_root"]', run: "click" },
        { trigger: '.o_breadcrumb .active:contains("Contacts and Tasks")' },
        { trigger: '.o_data_row:contains("Landing tour call")' },
        // Customers shows the customers, not every partner.
        { trigger: '[data-menu-xmlid="crm_reminders.menu_customers"]', run: "click" },
        { trigger: '.o_breadcrumb .active:contains("Customers")' },
        { trigger: '.o_searchview_facet:contains("Customers")' },
        { trigger: '.o_kanban_record:contains("Landing Customer")' },
        { trigger: '.o_kanban_renderer:not(:has(.o_kanban_record:contains("Landing Vendor")))' },
    ],
});

registry.category("web_tour.tours").add("crm_reminders_polish_tour", {
    steps: () => [
        // A Polish user meets the CRM in Polish: menus, views, filters and the bell.
        { trigger: ".o_navbar_apps_menu button", run: "click" },
        { trigger: '.o_app[data-menu-xmlid="crm_reminders.menu_root"]', run: "click" },
        { trigger: '.o_breadcrumb .active:contains("Kontakty i zadania")' },
        { trigger: '.o_searchview_facet:contains("Niezakończone")' },
        { trigger: 'th[data-name="deadline"]:contains("Termin")' },
        { trigger: '.o_data_row td[name="kind"]:contains("Rozmowa telefoniczna")' },
        { trigger: '[data-menu-xmlid="crm_reminders.menu_customers"]:contains("Kontrahenci")' },
        { trigger: '[data-menu-xmlid="crm_reminders.menu_terminarz"]', run: "click" },
        { trigger: ".o_calendar_renderer" },
        { trigger: ".o_crm_reminder_menu", run: "click" },
        { trigger: '.o_crm_reminder_item .o_crm_reminder_snooze:contains("Przypomnij później")', run: "click" },
        { trigger: '.o_crm_reminder_snooze_choice[data-choice="tomorrow"]:contains("Jutro rano")' },
    ],
});
