import { Attachment } from "@mail/core/common/attachment_model";
import { Record } from "@mail/core/common/record";
import { patch } from "@web/core/utils/patch";

patch(Attachment.prototype, {
    setup() {
        super.setup();
        /** true when the file's content is in the mail archive (it opens from there) */
        this.crm_archived = Record.attr(false);
    },
});
