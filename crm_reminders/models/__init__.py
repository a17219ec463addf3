from . import crm_reminder_source
from . import crm_reminder
from . import crm_reminder_notification
from . import crm_task
from . import mail_activity
from . import calendar_event
from . import res_partner
from . import res_users
