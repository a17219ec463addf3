from . import test_install
from . import test_recurrence
from . import test_generation
from . import test_errors
from . import test_constraints
from . import test_preview
from . import test_reminders
from . import test_tour
