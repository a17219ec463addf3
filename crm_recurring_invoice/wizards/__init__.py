from . import crm_recurring_preview
from . import crm_recurring_preview_line
from . import crm_recurring_suggest
from . import crm_recurring_suggest_line
