from . import crm_mail_archive_wizard
