/** Issue 15's browser flow, each step as the least-privileged user meant to do it (data and
 * users from crm_mail_archive/tests/test_tour.py):
 * 1. an administrator (internal user + Settings, nothing else) archives a partner's old e-mail
 *    with "Archive Now" on the archive rule for that partner;
 * 2. a plain internal user sees the message's header with the "Archived" mark on the partner,
 *    opens it: the body and the file load from the archive (the file is fetched through its
 *    route and compared); no Restore button for them;
 * 3. the administrator restores it from the chatter. */
import { registry } from "@web/core/registry";

const SUBJECT = "Faktura 12/2022";

registry.category("web_tour.tours").add("crm_mail_archive_archive_tour", {
    steps: () => [
        { trigger: ".o_form_view .o_field_widget[name=name] input:value(Stare e-maile Kowalskiego)" },
        { trigger: ".o_form_view button[name=action_run]", run: "click" },
        { trigger: ".modal-footer .btn-primary", run: "click" },
        { trigger: `.o_notification:contains("1 message(s)")` },
    ],
});

registry.category("web_tour.tours").add("crm_mail_archive_read_tour", {
    steps: () => [
        { trigger: ".o-mail-Message:has(.o_crm_archived_mark) .o-mail-Message-header" },
        { trigger: ".o-mail-Message .o_crm_archived_mark:contains(Archived)" },
        // the emptied file is not offered as an attachment of the message
        {
            trigger:
                ".o-mail-Message:has(.o_crm_archived_mark):not(:has(.o-mail-AttachmentCard, .o-mail-AttachmentImage))",
        },
        { trigger: ".o-mail-Message .o_crm_archived_open", run: "click" },
        { trigger: `.o_crm_archived_body:contains(${SUBJECT})` },
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
        // restoring is for administrators: a plain user has no button for it
        { trigger: ".o-mail-Message:has(.o_crm_archived_panel):not(:has(.o_crm_archived_restore))" },
    ],
});

registry.category("web_tour.tours").add("crm_mail_archive_restore_tour", {
    steps: () => [
        { trigger: ".o-mail-Message .o_crm_archived_mark:contains(Archived)" },
        { trigger: ".o-mail-Message .o_crm_archived_restore", run: "click" },
        { trigger: ".o_notification:contains(restored)" },
        {
            trigger:
                ".o-mail-Message:not(:has(.o_crm_archived_mark)):has(.o-mail-AttachmentCard, .o-mail-AttachmentImage)",
        },
        { trigger: `.o-mail-Message-body:contains(${SUBJECT})` },
    ],
});
