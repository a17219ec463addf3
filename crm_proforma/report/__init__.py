from . import report_proforma
