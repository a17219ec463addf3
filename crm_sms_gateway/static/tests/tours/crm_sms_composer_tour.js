/** Issue 13: the SMS composer of a partner counts parts, encoding and cost while the text is
 * typed, then sends through the gateway. Data (gateway priced 0.17 a part, customer with a
 * Polish mobile) comes from crm_sms_gateway/tests/test_composer.py, which also checks the
 * provider's request and posts the delivery report afterwards. */
import { registry } from "@web/core/registry";

const SHORT = "Dzień dobry, przypominamy o płatności.";
const LONG = `${SHORT} Faktura FV/12/2026 na kwotę 1 230,00 zł jest już po terminie.`;
const counter = ".modal .o_crm_sms_counter";

registry.category("web_tour.tours").add("crm_sms_composer", {
    steps: () => [
        // the SMS button of a phone field shows when the field has the focus
        { trigger: ".o_form_view .o_field_widget[name=mobile] input", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=mobile] .o_field_phone_sms", run: "click" },
        { trigger: ".modal .o_field_widget[name=body] textarea", run: `edit ${SHORT}` },
        // Polish letters: UCS-2, one part of 70
        { trigger: `${counter} .o_crm_sms_units:contains(38 characters)` },
        { trigger: `${counter} .o_crm_sms_segments:contains(1 SMS)` },
        { trigger: `${counter} .o_crm_sms_encoding:contains(UCS-2)` },
        { trigger: `${counter} .o_crm_sms_cost:contains(0.17)` },
        // core's own counter (IAP rules and pricing) gives way to ours
        { trigger: ".modal:not(:has(.o_sms_count))" },
        { trigger: ".modal .o_field_widget[name=body] textarea", run: `edit ${LONG}` },
        { trigger: `${counter} .o_crm_sms_units:contains(100 characters)` },
        { trigger: `${counter} .o_crm_sms_segments:contains(2 SMS)` },
        { trigger: `${counter} .o_crm_sms_cost:contains(0.34)` },
        { trigger: ".modal-footer button[name=action_send_sms]:enabled", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        { trigger: ".o-mail-Message:contains(Faktura FV/12/2026)" },
    ],
});
