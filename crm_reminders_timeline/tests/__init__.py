from . import test_timeline
from . import test_timeline_tour
from . import test_polish_walk
