from lxml import etree
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.base.models.ir_qweb import QWebException

ARCH_MAX_SIZE = 200_000


class CrmOfferTemplate(models.Model):
    """A print layout for offers.

    ``classic`` and ``modern`` are QWeb report templates shipped with the addon; ``custom``
    holds a QWeb body written by an administrator in the web client. The body is rendered
    through ``mail.render.mixin`` exactly like ``mail.template.body_html``: only members of
    ``mail.group_mail_template_editor`` may save a body with dynamic code
    (``_unrestricted_rendering``), so what a salesman prints is always what a template
    editor wrote.
    """

    _name = "crm.offer.template"
    _inherit = "mail.render.mixin"
    _description = "Offer Print Template"
    _order = "sequence, id"
    _unrestricted_rendering = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    layout = fields.Selection(
        [("classic", "Classic"), ("modern", "Modern"), ("custom", "Custom (QWeb)")],
        required=True,
        default="classic",
    )
    arch = fields.Text(
        string="Body",
        render_engine="qweb",
        help="QWeb body of a custom template. The offer is `object`, e.g. "
        '<t t-out="object.offer_number"/>, <t t-foreach="object.order_line" t-as="line">...</t>.',
    )
    is_default = fields.Boolean(string="Default", help="Used when the user does not pick a template.")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    def _compute_render_model(self):
        self.render_model = "sale.order"

    @api.constrains("layout", "arch")
    def _check_arch(self):
        """Refuse a custom body that QWeb cannot compile, saying where and why.

        The body is parsed as XML (what QWeb templates are) so that the error has a line,
        then compiled by ``ir.qweb`` without being rendered, which catches bad Python
        expressions and misplaced directives.
        """
        for template in self.filtered(lambda t: t.layout == "custom"):
            if len(template.arch or "") > ARCH_MAX_SIZE:
                raise ValidationError(
                    _(
                        "The body of template %(name)s is too long: %(size)s characters, at most %(limit)s.",
                        name=template.name,
                        size=len(template.arch),
                        limit=ARCH_MAX_SIZE,
                    )
                )
            if not (template.arch or "").strip():
                raise ValidationError(_("The custom template %(name)s has no body.", name=template.name))
            template._compile_arch()

    def _compile_arch(self):
        self.ensure_one()
        try:
            root = etree.fromstring(f"<div>{self.arch}</div>")
        except etree.XMLSyntaxError as error:
            raise ValidationError(
                _(
                    "The body of template %(name)s is not valid: line %(line)s: %(reason)s",
                    name=self.name,
                    line=error.lineno,
                    reason=error.msg,
                )
            ) from error
        try:
            self.env["ir.qweb"]._generate_code(root)
        except QWebException as error:
            line = "?"
            if error.path:
                nodes = root.getroottree().xpath(error.path)
                if nodes:
                    line = nodes[0].sourceline
            reason = str(error.__cause__ or error.title)
            raise ValidationError(
                _(
                    "The body of template %(name)s is not valid: line %(line)s: %(reason)s",
                    name=self.name,
                    line=line,
                    reason=reason,
                )
            ) from error

    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        templates.filtered("is_default")._unset_other_defaults()
        return templates

    def write(self, vals):
        res = super().write(vals)
        if vals.get("is_default"):
            self._unset_other_defaults()
        return res

    def _unset_other_defaults(self):
        """One default per company: the last one marked wins."""
        for template in self:
            others = self.search(
                [
                    ("id", "!=", template.id),
                    ("is_default", "=", True),
                    ("company_id", "in", [template.company_id.id, False]),
                ]
            )
            others.write({"is_default": False})

    def _get_layout_view(self):
        """The QWeb template that prints this layout: ``<addon>.offer_layout_<layout>``.

        A new layout is one QWeb template named ``offer_layout_<key>`` (in any addon) and a
        ``selection_add`` of ``<key>`` on ``layout``; nothing here needs editing.
        """
        self.ensure_one()
        view = (
            self.env["ir.ui.view"]
            .sudo()
            .search([("type", "=", "qweb"), ("key", "=like", f"%.offer_layout_{self.layout}")], order="id")
            .filtered(lambda v: v.key.split(".", 1)[-1] == f"offer_layout_{self.layout}")[:1]
        )
        if not view:
            raise UserError(
                _("The layout %(layout)s of template %(name)s has no print view.", layout=self.layout, name=self.name)
            )
        return view.key

    @api.model
    def _get_default_template(self, company=None):
        company = company or self.env.company
        domain = [("company_id", "in", [company.id, False])]
        return self.search([("is_default", "=", True), *domain], limit=1) or self.search(domain, limit=1)

    def _render_offer_bodies(self, orders):
        """Render the custom body for each order: {order id: Markup}.

        A template that fails to render raises a UserError naming the template; other
        templates are not affected because each print renders only its own template.
        """
        self.ensure_one()
        if self.layout != "custom" or not orders:
            return {}
        bodies = {}
        for order in orders:
            try:
                rendered = self._render_field("arch", order.ids, engine="qweb", set_lang=order.partner_id.lang)
            except AccessError:
                raise
            except UserError as error:
                # mail.render.mixin's message holds the body and a Python traceback; the
                # salesperson needs the template, the offer and the reason only.
                cause = error
                while cause.__cause__ is not None:
                    cause = cause.__cause__
                raise UserError(
                    _(
                        'The offer print template "%(template)s" could not print %(offer)s: %(reason)s. '
                        "Print with another template, or ask a template editor to correct this one.",
                        template=self.name,
                        offer=order.display_name,
                        reason=str(cause) or type(cause).__name__,
                    )
                ) from error
            bodies[order.id] = Markup(rendered[order.id])
        return bodies
