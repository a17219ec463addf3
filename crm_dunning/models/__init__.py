from . import crm_dunning_scheme
from . import crm_dunning_level
from . import crm_dunning_action
from . import crm_dunning_ledger
from . import crm_dunning_run
from . import res_partner
from . import account_move
