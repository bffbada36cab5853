"""Entry point for `python -m autograde`."""

import os
import sys

from .cli import main

if __name__ == "__main__":
    code = main()
    if code > 128:  # stopped by a signal: exit now, so that a second one finds its handler
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
