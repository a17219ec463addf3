/** Issue 10 items 7 and 8 in the web client: a converted pro forma's form is read-only (no
 * "Add a line", no trash icons, no editable quantities) and its gear menu offers no payment
 * actions. The converted pro forma comes from crm_proforma/tests/test_proforma_tour.py. */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_proforma_converted_form", {
    steps: () => [
        { trigger: ".o_form_view .alert-info:contains(Converted into invoice)" },
        { trigger: ".o_field_widget[name=invoice_line_ids] .o_data_row" },
        {
            content: "no way to add or delete lines",
            trigger:
                ".o_field_widget[name=invoice_line_ids]:not(:has(.o_field_x2many_list_row_add)):not(:has(.o_list_record_remove))",
        },
        {
            content: "quantities are not editable",
            trigger: ".o_field_widget[name=invoice_line_ids] .o_data_row td[name=quantity]",
            run: "click",
        },
        { trigger: ".o_field_widget[name=invoice_line_ids]:not(:has(.o_selected_row)):not(:has(td[name=quantity] input))" },
        { trigger: ".o_form_view .o_field_widget[name=partner_id].o_readonly_modifier" },
        { trigger: ".o_form_view .o_cp_action_menus i.fa-cog", run: "click" },
        { trigger: ".o-dropdown--menu .o_menu_item:contains(Duplicate)" },
        {
            content: "no payment, credit note or payment block in the gear menu",
            trigger:
                ".o-dropdown--menu:not(:has(.o_menu_item:contains(Pay))):not(:has(.o_menu_item:contains(Block Payment))):not(:has(.o_menu_item:contains(credit note)))",
        },
    ],
});
