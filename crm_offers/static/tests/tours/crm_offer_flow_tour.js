/** The main offer path in the web client (issue 4): create an offer, print it with a custom
 * template, send it, accept it, make a pro forma, convert the pro forma into an invoice and
 * follow the chain back to the offer. Data (customer, product, custom template) comes from
 * crm_offers/tests/test_offer_tour.py. */
import { registry } from "@web/core/registry";

const noModal = { trigger: "body:not(:has(.modal))" };

function pickMany2one(fieldSelector, text) {
    return [
        { trigger: `${fieldSelector} input`, run: `edit ${text}` },
        { trigger: `.o-autocomplete--dropdown-menu .dropdown-item:contains("${text}")`, run: "click" },
    ];
}

registry.category("web_tour.tours").add("crm_offer_flow", {
    steps: () => [
        { trigger: ".o_list_button_add", run: "click" },
        ...pickMany2one(".o_form_view .o_field_widget[name=partner_id]", "Tour Customer"),
        { trigger: ".o_field_x2many_list_row_add a", run: "click" },
        ...pickMany2one(".o_data_row .o_field_widget[name=product_template_id]", "Tour Desk"),
        { trigger: ".o_data_row [name=price_subtotal]:contains(500)" },
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_breadcrumb .active:contains(OF/)" },
        { trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Draft)" },

        // print with the custom template
        { trigger: ".o_statusbar_buttons button[name=action_offer_print]", run: "click" },
        ...pickMany2one(".modal .o_field_widget[name=template_id]", "Tour Layout"),
        { trigger: ".modal button[name=action_print]", run: "click" },
        noModal,

        // send: template choice, then the mail composer with the print attached
        { trigger: ".o_statusbar_buttons button[name=action_offer_send]", run: "click" },
        { trigger: ".modal .o_field_widget[name=template_id] input:value(Tour Layout)" },
        { trigger: ".modal button[name=action_send]", run: "click" },
        { trigger: ".modal .o_field_widget[name=attachment_ids]:contains(Offer - OF)" },
        { trigger: ".modal .o_mail_send", run: "click" },
        noModal,
        { trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Sent)" },

        // the customer accepts; make the pro forma
        { trigger: ".o_statusbar_buttons button[name=action_offer_accept]", run: "click" },
        { trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Accepted)" },
        { trigger: ".o_statusbar_buttons button[name=action_offer_create_proforma]", run: "click" },

        // the pro forma shows its offer, and becomes the invoice
        { trigger: ".o-form-buttonbox button[name=action_open_offer]:contains(OF/)" },
        { trigger: ".o_statusbar_buttons button[name=action_convert_to_invoice]", run: "click" },
        { trigger: ".modal-footer .btn-primary", run: "click" },

        // the invoice shows its offer too; back to the offer
        { trigger: ".o-form-buttonbox button[name=action_open_proforma_origin]:contains(PF/)" },
        { trigger: ".o-form-buttonbox button[name=action_open_offer]:contains(OF/)", run: "click" },

        // the offer shows its pro forma and its invoice
        { trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Converted)" },
        { trigger: ".o-form-buttonbox button[name=action_offer_view_proformas]:contains(1)" },
        // converted: no second "Create Invoice", one button for the invoice
        { trigger: ".o_statusbar_buttons:not(:has(button[id=create_invoice]))" },
        { trigger: ".o-form-buttonbox:not(:has(button[name=action_offer_view_invoices]))" },
        { trigger: ".o-form-buttonbox button[name=action_view_invoice]:contains(1)", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=offer_id]:contains(OF/)" },
    ],
});
