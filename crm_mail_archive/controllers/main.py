from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request

# types a browser shows without running anything (no HTML, no SVG)
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"}


class MailArchiveController(http.Controller):
    @http.route("/crm_mail_archive/attachment/<int:stub_id>", type="http", auth="user", methods=["GET"])
    def archived_attachment(self, stub_id, download=False):
        """Serve one archived file to a user who may read its message; storage stays hidden.

        Missing or forbidden both answer 404, so the route does not tell which stubs exist.
        """
        # sudo: the stub is admin-only; the caller's right on the message is checked right below
        stub = request.env["crm.mail.archive.stub"].sudo().browse(stub_id).exists()
        if not stub or stub.kind != "attachment":
            raise NotFound()
        try:
            stub.message_id.with_user(request.env.user)._crm_archive_check_reader()
        except AccessError as exc:
            raise NotFound() from exc
        data = stub._load()
        attachment = stub.attachment_id
        headers = [
            ("Content-Type", attachment.mimetype or "application/octet-stream"),
            ("Content-Length", str(len(data))),
            ("X-Content-Type-Options", "nosniff"),
        ]
        if download or attachment.mimetype not in INLINE_TYPES:
            headers.append(("Content-Disposition", content_disposition(attachment.name or "attachment")))
        return request.make_response(data, headers)
