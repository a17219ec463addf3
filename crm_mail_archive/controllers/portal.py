from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.mail import PortalChatter


class ArchivePortalChatter(PortalChatter):
    @http.route()
    def portal_message_fetch(self, thread_model, thread_id, limit=10, after=None, before=None, **kw):
        """The portal chatter lists only messages with a body or files: an archived message
        has neither in the database, yet stays listed (its body is loaded from the storage,
        see ``mail.message.portal_message_format``)."""
        request.update_context(crm_archive_portal_fetch=True)
        return super().portal_message_fetch(thread_model, thread_id, limit=limit, after=after, before=before, **kw)
