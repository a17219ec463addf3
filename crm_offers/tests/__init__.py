from . import test_install
from . import test_offer_flow
from . import test_offer_validity
from . import test_offer_conversion
from . import test_offer_revision
from . import test_offer_expiry_reports
from . import test_offer_template
from . import test_offer_tour
