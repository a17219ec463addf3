"""The customer's side of the dunning documents: their list in the portal, each document
opened with its access token (the link in the e-mail), its PDF, and the reply to a balance
confirmation (agree, or disagree with a comment), given once."""

from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class DunningPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dunning_document_count" in counters:
            Document = request.env["crm.dunning.document"]
            values["dunning_document_count"] = (
                Document.search_count([("state", "in", ("issued", "sent"))]) if Document.has_access("read") else 0
            )
        return values

    @http.route(["/my/dunning"], type="http", auth="user", website=True)
    def portal_my_dunning_documents(self, **kw):
        documents = request.env["crm.dunning.document"].search([("state", "in", ("issued", "sent"))])
        values = self._prepare_portal_layout_values()
        values.update({"documents": documents, "page_name": "dunning_documents"})
        return request.render("crm_dunning.portal_my_dunning_documents", values)

    @http.route(["/my/dunning/<int:document_id>"], type="http", auth="public", website=True)
    def portal_dunning_document(self, document_id, access_token=None, report_type=None, download=False, **kw):
        try:
            document_sudo = self._document_check_access("crm.dunning.document", document_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if document_sudo.state not in ("issued", "sent"):
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=document_sudo,
                report_type=report_type,
                report_ref="crm_dunning.action_report_dunning_document",
                download=download,
            )
        values = self._get_page_view_values(
            document_sudo, access_token, {"page_name": "dunning_document"}, "my_dunning_history", False
        )
        values.update({"document": document_sudo, "error": kw.get("error"), "answered": kw.get("answered")})
        return request.render("crm_dunning.portal_dunning_document", values)

    @http.route(["/my/dunning/<int:document_id>/reply"], type="http", auth="public", methods=["POST"], website=True)
    def portal_dunning_reply(self, document_id, access_token=None, answer=None, comment=None, **kw):
        try:
            document_sudo = self._document_check_access("crm.dunning.document", document_id, access_token)
        except (AccessError, MissingError) as error:
            raise Forbidden() from error
        try:
            document_sudo._dunning_reply(answer, comment)
        except UserError as error:
            return self.portal_dunning_document(document_id, access_token=access_token, error=str(error.args[0]))
        return request.redirect(document_sudo.get_portal_url(query_string="&answered=1"))
