import { Message } from "@mail/core/common/message";
import { Message as MessageModel } from "@mail/core/common/message_model";
import { Record } from "@mail/core/common/record";
import { Component, markup, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";
import { patch } from "@web/core/utils/patch";
import { humanNumber } from "@web/core/utils/numbers";

patch(MessageModel.prototype, {
    setup() {
        super.setup();
        /** true when the body and files of the message are in the mail archive */
        this.crm_archived = Record.attr(false);
    },
});

/**
 * The "archived" mark under an archived message, with the body and files loaded from the
 * archive on demand (the server checks that the user may read the message) and, for
 * administrators, a restore button.
 */
export class ArchivedMessage extends Component {
    static template = "crm_mail_archive.ArchivedMessage";
    static props = ["message"];

    setup() {
        this.orm = useService("orm");
        this.store = useService("mail.store");
        this.notification = useService("notification");
        this.isSystem = user.isSystem;
        this.state = useState({ open: false, loading: false, body: "", attachments: [] });
    }

    formatSize(size) {
        return `${humanNumber(size, { decimals: 1 })}B`;
    }

    async onClickOpen() {
        if (this.state.open) {
            this.state.open = false;
            return;
        }
        this.state.loading = true;
        try {
            const result = await this.orm.call("mail.message", "crm_archive_read", [[this.props.message.id]]);
            this.state.body = markup(result.body);
            this.state.attachments = result.attachments;
            this.state.open = true;
        } finally {
            this.state.loading = false;
        }
    }

    async onClickRestore() {
        const data = await this.orm.call("mail.message", "crm_archive_restore_to_store", [
            [this.props.message.id],
        ]);
        this.state.open = false;
        this.store.insert(data, { html: true });
        this.notification.add(_t("The message was restored from the archive."), { type: "success" });
    }
}

patch(Message, { components: { ...Message.components, ArchivedMessage } });
