from . import test_install
from . import test_sms_text
from . import test_gateway
from . import test_sending
from . import test_delivery_reports
from . import test_i18n
from . import test_quiet_hours_stats
from . import test_composer
