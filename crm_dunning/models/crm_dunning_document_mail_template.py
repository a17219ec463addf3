from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .crm_dunning_document import DOCUMENT_KINDS


class MailTemplate(models.Model):
    """Several templates per dunning document kind, one of them the default (Optima's
    "Szablony wiadomości"): a default per language, and one for every other language."""

    _inherit = "mail.template"

    dunning_kind = fields.Selection(DOCUMENT_KINDS, string="Dunning Document Kind")
    dunning_default = fields.Boolean(
        string="Default for the Kind", help="Used when a document of this kind is sent without picking a template."
    )
    dunning_lang = fields.Char(
        string="Default for Language",
        help="Language code (e.g. pl_PL) of the customers this default is for; empty: every other language.",
    )

    @api.constrains("dunning_kind", "dunning_default", "dunning_lang", "model")
    def _check_dunning_default(self):
        for template in self.filtered("dunning_kind"):
            if template.model != "crm.dunning.document":
                raise ValidationError(_("A template of a dunning document kind must be made for dunning documents."))
            if not template.dunning_default:
                continue
            others = self.search_count(
                [
                    ("id", "!=", template.id),
                    ("dunning_kind", "=", template.dunning_kind),
                    ("dunning_default", "=", True),
                    ("dunning_lang", "=", template.dunning_lang or False),
                ]
            )
            if others:
                raise ValidationError(
                    _(
                        "Template %(template)s: there is already a default template of this kind for this language.",
                        template=template.name,
                    )
                )

    @api.model
    def _dunning_default_template(self, kind, lang):
        """The default template of dunning document ``kind`` for a customer speaking ``lang``:
        the default for that language, else the default for other languages, else any of the kind."""
        templates = self.search([("model", "=", "crm.dunning.document"), ("dunning_kind", "=", kind)])
        defaults = templates.filtered("dunning_default")
        return (
            defaults.filtered(lambda t: t.dunning_lang == lang)[:1]
            or defaults.filtered(lambda t: not t.dunning_lang)[:1]
            or defaults[:1]
            or templates[:1]
        )
