/** The SMS body of the composer: core's widget, without core's own counter when a gateway of
 * ours sends (its rules and IAP pricing link do not apply then). While the user types, the
 * text is handed to the record (debounced), so the server-computed parts, encoding and cost
 * shown beside it (sms.composer crm_sms_* fields, from sms_text.count_segments) follow the
 * typing instead of waiting for the field to lose focus. */
import { useDebounced } from "@web/core/utils/timing";
import { registry } from "@web/core/registry";
import { SmsWidget, smsWidget } from "@sms/components/sms_widget/fields_sms_widget";
import { useEffect } from "@odoo/owl";

export class CrmSmsWidget extends SmsWidget {
    static template = "crm_sms_gateway.CrmSmsWidget";

    setup() {
        super.setup();
        const commit = useDebounced(() => {
            const el = this.textareaRef.el;
            const record = this.props.record;
            if (el && record.data.crm_sms_has_gateway && el.value !== record.data[this.props.name]) {
                record.update({ [this.props.name]: el.value });
            }
        }, 250);
        useEffect(
            (el) => {
                if (!el) {
                    return;
                }
                el.addEventListener("input", commit);
                return () => el.removeEventListener("input", commit);
            },
            () => [this.textareaRef.el]
        );
    }
}

registry.category("fields").add("crm_sms_widget", { ...smsWidget, component: CrmSmsWidget });
