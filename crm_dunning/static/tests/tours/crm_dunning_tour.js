/** Issue 14's closing tour, as a Dunning manager in the web client: define a scheme of three
 * levels, preview the run, run it, see the e-mail, the SMS, the task and the block on the
 * customer, register the payment of the invoice that caused the block and see the block lift.
 * Data (the customer and three overdue invoices) comes from crm_dunning/tests/test_tour.py. */
import { registry } from "@web/core/registry";

const noModal = { trigger: "body:not(:has(.modal))" };

function pickMany2one(fieldSelector, text) {
    return [
        { trigger: `${fieldSelector} input`, run: `edit ${text}` },
        { trigger: `.o-autocomplete--dropdown-menu .dropdown-item:contains("${text}")`, run: "click" },
    ];
}

function addAction(kind, template) {
    const row = ".modal .o_field_widget[name=action_ids] .o_data_row.o_selected_row";
    const steps = [
        { trigger: ".modal .o_field_widget[name=action_ids] .o_field_x2many_list_row_add a", run: "click" },
        { trigger: `${row} .o_field_widget[name=kind] select`, run: `selectByLabel ${kind}` },
    ];
    if (kind === "E-mail") {
        steps.push(...pickMany2one(`${row} .o_field_widget[name=mail_template_id]`, template));
    } else if (kind === "SMS") {
        steps.push(...pickMany2one(`${row} .o_field_widget[name=sms_template_id]`, template));
    }
    return steps;
}

function addLevel(name, days, actions) {
    return [
        { trigger: ".o_field_widget[name=level_ids] .o_field_x2many_list_row_add a", run: "click" },
        { trigger: ".modal .o_field_widget[name=name] input", run: `edit ${name}` },
        { trigger: ".modal .o_field_widget[name=day_offset] input", run: `edit ${days}` },
        ...actions.flatMap(([kind, template]) => addAction(kind, template)),
        { trigger: ".modal-footer .o_form_button_save", run: "click" },
        noModal,
        { trigger: `.o_field_widget[name=level_ids] .o_data_row:contains(${name})` },
    ];
}

registry.category("web_tour.tours").add("crm_dunning_flow", {
    steps: () => [
        // the scheme: 5 days an e-mail, 15 days an SMS, 30 days a task, a payment reminder and a block
        { trigger: ".o_navbar_apps_menu button", run: "click" },
        { trigger: '.o_app[data-menu-xmlid="crm_reminders.menu_root"]', run: "click" },
        { trigger: '[data-menu-xmlid="crm_reminders.menu_receivables"]', run: "click" },
        { trigger: '[data-menu-xmlid="crm_dunning.menu_dunning_scheme"]', run: "click" },
        // the CRM app opens on the task list, which has a "New" button too: wait for the schemes
        { trigger: ".o_breadcrumb .active:contains(Dunning Schemes)" },
        { trigger: ".o_list_button_add", run: "click" },
        { trigger: ".o_field_widget[name=name] input", run: "edit Tour scheme" },
        { trigger: ".o_field_widget[name=code] input", run: "edit TOUR" },
        { trigger: ".o_field_widget[name=is_default] input", run: "click" },
        { trigger: ".o_field_widget[name=threshold] input", run: "edit 500" },
        ...addLevel("Reminder", 5, [["E-mail", "Dunning: overdue invoices"]]),
        ...addLevel("Text message", 15, [["SMS", "Dunning: overdue invoices"]]),
        ...addLevel("Final notice", 30, [["Task"], ["Payment Reminder"], ["Block Sales"]]),
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_breadcrumb .active:contains(Tour scheme)" },

        // preview the run, then run it
        { trigger: '[data-menu-xmlid="crm_reminders.menu_receivables"]', run: "click" },
        { trigger: '[data-menu-xmlid="crm_dunning.menu_dunning_run"]', run: "click" },
        { trigger: ".modal button[name=action_preview]", run: "click" },
        { trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains(Reminder):contains(Tour Customer)" },
        { trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains(Text message)" },
        { trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains(Final notice):contains(Block Sales)" },
        { trigger: ".modal button[name=action_run]", run: "click" },
        { trigger: ".modal .o_field_widget[name=result]:contains(dunned)" },
        { trigger: ".modal-footer button:contains(Close)", run: "click" },
        noModal,

        // the customer: e-mail, SMS and block in the chatter, every action in the history
        { trigger: '[data-menu-xmlid="crm_reminders.menu_customers"]', run: "click" },
        { trigger: ".o_searchview_input", run: "edit Tour Customer" },
        { trigger: ".o_searchview_input", run: "press Enter" },
        { trigger: ".o_kanban_record:contains(Tour Customer)", run: "click" },
        { trigger: ".o-mail-Message:contains(Dunning e-mail sent to tour@example.com)" },
        { trigger: ".o-mail-Message:contains(Please pay)" },
        { trigger: ".o-mail-Message:contains(Sales blocked)" },
        { trigger: ".o_notebook_headers a:contains(Dunning)", run: "click" },
        { trigger: ".o_field_widget[name=dunning_blocked] input:checked" },
        { trigger: ".o_field_widget[name=dunning_ledger_ids] .o_data_row:contains(E-mail)" },
        { trigger: ".o_field_widget[name=dunning_ledger_ids] .o_data_row:contains(SMS)" },
        { trigger: ".o_field_widget[name=dunning_ledger_ids] .o_data_row:contains(Task)" },
        { trigger: ".o_field_widget[name=dunning_ledger_ids] .o_data_row:contains(Block Sales)" },
        { trigger: ".o_field_widget[name=dunning_ledger_ids] .o_data_row:contains(Payment Reminder):contains(e-mailed)" },

        // pay the invoice 30 days late: 300 left overdue, under the 500 threshold
        { trigger: "button[name=action_view_partner_invoices]", run: "click" },
        { trigger: ".o_data_row:contains('40 days ago') td[name=name]", run: "click" },
        { trigger: "button[name=action_register_payment]", run: "click" },
        { trigger: ".modal button[name=action_create_payments]", run: "click" },
        noModal,
        { trigger: ".o_breadcrumb a:contains(Tour Customer)", run: "click" },
        { trigger: ".o-mail-Message:contains(Sales unblocked)" },
        { trigger: ".o_notebook_headers a:contains(Dunning)", run: "click" },
        { trigger: ".o_field_widget[name=dunning_blocked] input:not(:checked)" },
    ],
});
