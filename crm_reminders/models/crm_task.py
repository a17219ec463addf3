from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .input_checks import check_values

OPEN_STATES = ("todo", "in_progress")
CALENDAR_KINDS = ("meeting", "visit")
# Calendar colour index per state (web client palette): overdue ones are red whatever state.
STATE_COLORS = {"todo": 4, "in_progress": 3, "done": 10, "cancel": 0}
OVERDUE_COLOR = 1
# Who works on a task: only its owner and CRM managers change these (participants work on
# the task: state, notes, deadline).
ASSIGNMENT_FIELDS = ("user_id", "participant_ids", "company_id")
# Bounds of what a client may send (see input_checks): a subject is a line, not a document.
INPUT_LIMITS = {"name": 200}
MAX_DURATION = 24 * 31  # hours
CALENDAR_SYNC_FIELDS = frozenset(
    {"name", "kind", "deadline", "duration", "user_id", "participant_ids", "state", "description"}
)


class CrmTask(models.Model):
    """A contact (call, meeting, e-mail, visit, other) or a task on a customer: Optima's
    Kontakty / Zadania.

    Why a model of its own rather than ``mail.activity`` alone: core deletes an activity
    (or archives it without its state) when it is done, while Optima keeps the history of
    every contact with its state, contact person, participants and description. So a task
    is the record of the contact, and it still builds on core:

    * it is a ``mail.thread`` with ``mail.activity.mixin`` (chatter, followers, activities);
    * meetings and visits get a ``calendar.event`` of their own, kept in step with the task
      (and moving the event in Odoo's calendar moves the task), so they appear in everyone's
      Odoo calendar and invitations work as usual;
    * done and cancelled tasks stay, as history on the customer.
    """

    _name = "crm.task"
    _description = "Contact / Task"
    _inherit = ["mail.thread", "mail.activity.mixin"]  # noqa: RUF012
    _order = "deadline desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    kind = fields.Selection(
        [
            ("call", "Phone Call"),
            ("meeting", "Meeting"),
            ("email", "E-mail"),
            ("visit", "Visit"),
            ("other", "Other Contact"),
            ("task", "Task"),
        ],
        required=True,
        default="task",
        tracking=True,
    )
    partner_id = fields.Many2one("res.partner", string="Customer", index=True, tracking=True, check_company=True)
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        check_company=True,
        domain="[('parent_id', '=', partner_id), ('parent_id', '!=', False)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    participant_ids = fields.Many2many(
        "res.users", "crm_task_participant_rel", "task_id", "user_id", string="Participants"
    )
    deadline = fields.Datetime(required=True, index=True, tracking=True, default=fields.Datetime.now)
    duration = fields.Float(default=1.0, help="Length in hours, for the calendar.")
    priority = fields.Selection(
        [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Very High")], default="1", required=True
    )
    state = fields.Selection(
        [("todo", "To Do"), ("in_progress", "In Progress"), ("done", "Done"), ("cancel", "Cancelled")],
        default="todo",
        required=True,
        tracking=True,
        group_expand=True,
    )
    description = fields.Html()
    date_done = fields.Datetime(string="Done On", readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    calendar_event_id = fields.Many2one("calendar.event", readonly=True, copy=False)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    calendar_color = fields.Integer(compute="_compute_calendar_color")
    in_my_team = fields.Boolean(compute="_compute_in_my_team", search="_search_in_my_team")

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for task in self:
            task.is_overdue = bool(task.state in OPEN_STATES and task.deadline and task.deadline < now)

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(_("Unsupported search on the overdue flag."))
        domain = [("state", "in", OPEN_STATES), ("deadline", "<", fields.Datetime.now())]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.depends("is_overdue", "state")
    def _compute_calendar_color(self):
        for task in self:
            task.calendar_color = OVERDUE_COLOR if task.is_overdue else STATE_COLORS[task.state]

    @api.depends_context("uid")
    def _compute_in_my_team(self):
        team = self.env.user.crm_reminder_team_ids | self.env.user
        for task in self:
            task.in_my_team = task.user_id in team

    def _search_in_my_team(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(_("Unsupported search on the team flag."))
        team_ids = (self.env.user.crm_reminder_team_ids | self.env.user).ids
        return [("user_id", "in" if (operator == "=") == value else "not in", team_ids)]

    @api.constrains("duration")
    def _check_duration(self):
        if any(task.duration < 0 for task in self):
            raise ValidationError(_("The duration of a contact or task cannot be negative."))
        if any(task.duration > MAX_DURATION for task in self):
            raise ValidationError(_("A contact or task lasts at most %(hours)s hours (31 days).", hours=MAX_DURATION))

    @api.constrains("contact_id", "partner_id")
    def _check_contact(self):
        for task in self.filtered("contact_id"):
            if task.contact_id.commercial_partner_id != task.partner_id.commercial_partner_id:
                raise ValidationError(
                    _(
                        "%(contact)s is not a contact person of %(partner)s.",
                        contact=task.contact_id.name,
                        partner=task.partner_id.name or "-",
                    )
                )

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.contact_id and self.contact_id.parent_id != self.partner_id:
            self.contact_id = False

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, vals, INPUT_LIMITS)
        if not self.env.su:
            # Whoever registers a task for a colleague stays on it as a participant (as in
            # Optima), and so keeps seeing it.
            vals_list = [self._add_current_user_as_participant(vals) for vals in vals_list]
        tasks = super().create(vals_list)
        tasks._sync_calendar_event()
        return tasks

    def write(self, vals):
        check_values(self, vals, INPUT_LIMITS)
        if vals.get("state") == "done":
            vals = dict(vals, date_done=fields.Datetime.now())
        elif vals.get("state") in OPEN_STATES:
            vals = dict(vals, date_done=False)
        guarded = self._tasks_not_managed_by_user() if set(ASSIGNMENT_FIELDS) & set(vals) else self.browse()
        if vals.get("user_id") and not self.env.su and all(task.user_id == self.env.user for task in self):
            # An owner handing a task over stays on it as a participant.
            vals = self._add_current_user_as_participant(vals)
        before = {task: task._assignment() for task in guarded}
        res = super().write(vals)
        changed = [task for task, assignment in before.items() if task._assignment() != assignment]
        if changed:
            raise UserError(
                _(
                    "Only the owner of %(task)s (%(owner)s) or a CRM manager can reassign it or change its "
                    "participants or company.",
                    task=changed[0].name,
                    owner=before[changed[0]][0].name,
                )
            )
        if set(vals) & CALENDAR_SYNC_FIELDS:
            self._sync_calendar_event()
        return res

    def unlink(self):
        refused = self._tasks_not_managed_by_user()
        if refused:
            raise UserError(
                _(
                    "Only the owner of %(task)s (%(owner)s) or a CRM manager can delete it; you can cancel it.",
                    task=refused[0].name,
                    owner=refused[0].user_id.name,
                )
            )
        events = self.sudo().calendar_event_id
        res = super().unlink()
        events.exists().unlink()  # as superuser: the task's own check was the unlink above
        return res

    def _tasks_not_managed_by_user(self):
        """The tasks of ``self`` the current user may work on but not reassign or delete:
        those owned by someone else, unless the user is a CRM manager."""
        if self.env.su or self.env.user.has_group("crm_reminders.group_crm_manager"):
            return self.browse()
        return self.filtered(lambda task: task.user_id != self.env.user)

    def _assignment(self):
        self.ensure_one()
        return self.user_id, self.participant_ids, self.company_id

    def _add_current_user_as_participant(self, vals):
        """``vals`` plus the current user among the participants when the task's owner is
        someone else."""
        owner_id = vals.get("user_id", self.env.uid)
        if not owner_id or owner_id == self.env.uid or self.env.user.share:
            return vals
        commands = vals.get("participant_ids") or []
        if commands and not isinstance(commands[0], (list, tuple)):
            commands = [fields.Command.set(commands)]  # a plain list of ids
        return dict(vals, participant_ids=[*commands, fields.Command.link(self.env.uid)])

    # ------------------------------------------------------------------ actions
    def action_start(self):
        self.write({"state": "in_progress"})
        return True  # XML-RPC cannot answer None

    def action_done(self):
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        self.write({"state": "cancel"})
        return True

    def action_reset(self):
        self.write({"state": "todo"})
        return True

    # ------------------------------------------------------------------ business
    def _prepare_calendar_event_values(self):
        self.ensure_one()
        partners = (self.user_id | self.participant_ids).partner_id
        return {
            "name": self.name,
            "start": self.deadline,
            "stop": self.deadline + timedelta(hours=self.duration or 1.0),
            "user_id": self.user_id.id,
            "partner_ids": [fields.Command.set(partners.ids)],
            "description": self.description,
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "active": self.state != "cancel",
            # Visible to the owner and participants only; others see the time as busy.
            "privacy": "private",
            "show_as": "busy",
        }

    def _sync_calendar_event(self):
        """Give meetings and visits a calendar event and keep it in step; other kinds have
        none (a call at 10:00 is a deadline, not time blocked in the calendar).

        The event is written as superuser: it is changed only through its task, and the
        task's own access check (the write or create that called this) has passed."""
        Event = self.env["calendar.event"].sudo().with_context(no_mail_to_attendees=True)
        for task in self:
            event = task.sudo().with_context(active_test=False).calendar_event_id.with_env(Event.env)
            if task.kind in CALENDAR_KINDS:
                values = task._prepare_calendar_event_values()
                if event:
                    event.write(values)
                else:
                    task.sudo().calendar_event_id = Event.create(values)
            elif event:
                event.unlink()
