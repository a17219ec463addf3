from . import test_install
from . import test_proforma_api
from . import test_proforma_documents
from . import test_proforma_accounting
from . import test_proforma_pdf
