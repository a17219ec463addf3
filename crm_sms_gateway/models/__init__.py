from . import crm_sms_gateway
from . import crm_sms_attempt
from . import sms_sms
from . import res_company
from . import res_config_settings
