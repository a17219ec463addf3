from . import crm_dunning_run_wizard
from . import crm_dunning_set_scheme
from . import crm_dunning_block_override
from . import crm_dunning_report_wizard
from . import crm_dunning_run_wizard_export
from . import crm_dunning_document_send
