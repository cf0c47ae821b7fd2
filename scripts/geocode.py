#!/usr/bin/env python3
"""Fill or check office coordinates from GeoNames ids, offline (see officedata.geocode).

    python scripts/geocode.py           # check; exit 1 if a coordinate rule fails
    python scripts/geocode.py --write   # fill latitude/longitude from geonames_id, then check

A thin wrapper: the work, with the validator's own gazetteer lookup and rules, and the
canonical CSV writer, is in the package. Reads only this repository's package (or the one
given as an argument).
"""

import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent

try:
    from officedata.geocode import main
except ImportError:  # run from a checkout without installing officedata
    sys.path.insert(0, str(REPOSITORY / "src"))
    from officedata.geocode import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], default=REPOSITORY))
