from . import recurrence
from . import crm_recurring_template
from . import crm_recurring_template_generate
from . import crm_recurring_template_values
from . import crm_recurring_template_line
from . import crm_recurring_template_partner
from . import crm_recurring_period
from . import account_move
