"""``python -m wfu.deploy``: see ``wfu/deploy/cli.py``."""

import sys

from .cli import main

sys.exit(main())
