/** Issue 15's browser flow: on a partner whose old e-mail was archived, the chatter shows the
 * message's header with the "Archived" mark; opening it loads the body and the file from the
 * archive (the file is fetched through its route and compared); restoring puts it back. */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_mail_archive_tour", {
    steps: () => [
        { trigger: ".o-mail-Message:has(.o_crm_archived_mark) .o-mail-Message-header" },
        { trigger: ".o-mail-Message .o_crm_archived_mark:contains(Archived)" },
        { trigger: ".o-mail-Message .o_crm_archived_open", run: "click" },
        { trigger: ".o_crm_archived_body:contains(Faktura 12/2022)" },
        {
            trigger: "a.o_crm_archived_attachment:contains(faktura.pdf)",
            async run() {
                const response = await fetch(this.anchor.href);
                const text = await response.text();
                if (!response.ok || !text.startsWith("%PDF-1.4 faktura 12/2022")) {
                    throw new Error(`archived file not served: ${response.status}`);
                }
            },
        },
        { trigger: ".o-mail-Message .o_crm_archived_restore", run: "click" },
        { trigger: ".o_notification:contains(restored)" },
        { trigger: ".o-mail-Message:not(:has(.o_crm_archived_mark)):has(.o-mail-AttachmentCard, .o-mail-AttachmentImage)" },
    ],
});
