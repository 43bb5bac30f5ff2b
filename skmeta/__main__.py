"""``python -m skmeta`` runs the command line."""

import sys

from skmeta.cli import main

sys.exit(main())
