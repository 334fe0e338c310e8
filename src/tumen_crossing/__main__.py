import sys

from tumen_crossing.cli import main

sys.exit(main())
