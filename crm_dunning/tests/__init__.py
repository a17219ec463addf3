from . import test_install
from . import test_scheme
from . import test_precedence
from . import test_run
from . import test_i18n
from . import test_block
from . import test_block_rpc
from . import test_reports
