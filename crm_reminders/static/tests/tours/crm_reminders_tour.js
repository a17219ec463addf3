/** The reminder flow in the browser, in three tours the Python test runs one after the
 * other (it runs the scheduled action in between): a task with a deadline a few minutes
 * ahead is created and shown in the Terminarz; its pop-up arrives and is snoozed; it comes
 * back in the systray and is dismissed. See tests/test_reminder_tour.py. */

import { registry } from "@web/core/registry";

const { DateTime } = luxon;
const TITLE = "Tour call to Kowalski";

registry.category("web_tour.tours").add("crm_reminders_task_tour", {
    steps: () => {
        const deadline = DateTime.local().plus({ minutes: 5 }).toFormat("MM/dd/yyyy HH:mm:ss");
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
            { trigger: `.o_crm_reminder_item:contains("${TITLE}")` },
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
        { trigger: `.o_crm_reminder_popup .o_notification_buttons button:contains("Snooze")`, run: "click" },
        { trigger: "body:not(:has(.o_crm_reminder_popup))" },
        { trigger: ".o_crm_reminder_menu", run: "click" },
        { trigger: ".o_crm_reminder_empty" },
    ],
});

registry.category("web_tour.tours").add("crm_reminders_dismiss_tour", {
    steps: () => [
        { trigger: ".o_crm_reminder_menu .o_crm_reminder_counter:contains(1)" },
        { trigger: ".o_crm_reminder_menu", run: "click" },
        { trigger: `.o_crm_reminder_item:contains("${TITLE}") .o_crm_reminder_dismiss`, run: "click" },
        { trigger: ".o_crm_reminder_empty" },
        { trigger: ".o_crm_reminder_menu:not(:has(.o_crm_reminder_counter))" },
    ],
});
