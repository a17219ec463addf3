from . import test_install
from . import test_reminder_api
from . import test_reminder_source
from . import test_crm_task
from . import test_reminder_cron
from . import test_reminder_tour
from . import test_i18n
from . import test_task_event_privacy
