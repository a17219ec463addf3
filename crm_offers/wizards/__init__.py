from . import crm_offer_print_wizard
from . import crm_offer_reject_wizard
