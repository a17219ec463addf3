from . import crypto
from . import crm_mail_archive_storage
from . import crm_mail_archive_message_type
from . import crm_mail_archive_rule
from . import crm_mail_archive_run
from . import crm_mail_archive_stub
from . import mail_message
from . import mail_message_archive
