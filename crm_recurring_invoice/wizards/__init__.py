from . import crm_recurring_preview
from . import crm_recurring_preview_line
