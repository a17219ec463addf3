/** A user creates a weekly template for two customers, previews it, generates and sees the
 * invoices. Driven by tests/test_tour.py, which creates the product and the customers. */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

function addCustomer(name) {
    return [
        {
            content: `Add customer ${name}`,
            trigger: 'div[name="partner_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            trigger: 'div[name="partner_ids"] .o_selected_row div[name="partner_id"] input',
            run: `edit ${name}`,
        },
        {
            trigger: `.ui-menu-item a:contains("${name}")`,
            run: "click",
        },
        {
            trigger: `div[name="partner_ids"] .o_selected_row div[name="partner_id"] input:value("${name}")`,
        },
    ];
}

registry.category("web_tour.tours").add("crm_recurring_template_tour", {
    steps: () => [
        {
            content: "New template",
            trigger: ".o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            trigger: 'div[name="name"] input',
            run: "edit Tour cloud backup",
        },
        {
            content: "Add a line",
            trigger: 'div[name="line_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            trigger: 'div[name="line_ids"] .o_selected_row div[name="product_id"] input',
            run: "edit Tour backup service",
        },
        {
            trigger: '.ui-menu-item-wrapper:contains("Tour backup service")',
            run: "click",
        },
        {
            trigger: 'div[name="line_ids"] .o_selected_row div[name="price_unit"] input',
            run: "edit 120",
        },
        {
            content: "Customers tab",
            trigger: '.o_notebook .nav-link:contains("Customers")',
            run: "click",
        },
        ...addCustomer("Tour Customer A"),
        ...addCustomer("Tour Customer B"),
        {
            content: "Recurrence tab",
            trigger: '.o_notebook .nav-link:contains("Recurrence")',
            run: "click",
        },
        {
            content: "Every week, starting today: one invoice each is due now",
            trigger: 'div[name="interval_unit"] select',
            run: 'select "week"',
        },
        ...stepUtils.saveForm(),
        {
            trigger: 'button[name="action_start"]',
            run: "click",
        },
        {
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Running")',
        },
        {
            content: "Preview: nothing is created",
            trigger: 'button[name="action_preview"]',
            run: "click",
        },
        {
            trigger: '.modal div[name="line_ids"] .o_data_row:contains("Tour Customer A")',
        },
        {
            trigger: '.modal div[name="line_ids"] .o_data_row:contains("Tour Customer B")',
        },
        {
            content: "The forecast has its own title",
            trigger: '.modal .modal-title:contains("Recurring Invoices Forecast")',
        },
        {
            content: "Next months: the forecast follows at once, without Refresh",
            trigger: '.modal div[name="scope"] input[data-value="months"]',
            run: "click",
        },
        {
            trigger: '.modal div[name="line_ids"] .o_data_row:nth-child(5)',
        },
        {
            content: "Refresh keeps the title",
            trigger: '.modal button[name="action_refresh"]',
            run: "click",
        },
        {
            trigger: '.modal .modal-title:contains("Recurring Invoices Forecast")',
        },
        {
            trigger: '.modal div[name="line_ids"] .o_data_row:nth-child(5)',
        },
        {
            content: "Generate",
            trigger: '.modal button[name="action_generate"]',
            run: "click",
        },
        {
            content: "The generated invoices are listed",
            trigger: '.o_list_view .o_data_row:contains("Tour Customer A")',
        },
        {
            trigger: '.o_list_view .o_data_row:contains("Tour Customer B")',
        },
        {
            content: "Open one: it links back to its template",
            trigger: '.o_list_view .o_data_row:contains("Tour Customer A") td[name="invoice_partner_display_name"]',
            run: "click",
        },
        {
            trigger: '.o_form_view button[name="action_open_recurring_template"]',
            run: "click",
        },
        {
            trigger: '.o_form_view div[name="name"] input:value("Tour cloud backup")',
        },
    ],
});
