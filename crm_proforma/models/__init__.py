from . import res_company
from . import account_journal
from . import account_move
from . import account_move_api
from . import account_move_actions
from . import account_move_line
