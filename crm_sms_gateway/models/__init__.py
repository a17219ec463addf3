from . import crm_sms_gateway
from . import crm_sms_attempt
from . import sms_sms
