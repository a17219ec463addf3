"""``python -m przypominacz``: the same as the ``przypominacz`` command."""

import sys

from .cli import main

sys.exit(main())
