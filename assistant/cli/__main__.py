"""`python -m assistant.cli`: the same entry point as the `fazhi` script."""

import sys

from assistant.cli import main

sys.exit(main())
