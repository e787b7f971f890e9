"""Importing the exchange files: the svarsfil (responses) and the utdelning (distribution counts).

Both imports are atomic: the whole file is checked first, every problem is reported with its row
and column, and only a file without problems is stored. Both are idempotent: a svarsfil whose
content was imported before stores nothing, and utdelning rows are upserts. The command line and
the import page call `import_responses` / `import_distribution` and render the `ImportResult`.

Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from matpunkt.responses.importing.common import (
    CLI_MAX_BYTES,
    DISTRIBUTION_COLUMNS,
    RESPONSE_COLUMNS,
    ImportResult,
    Problem,
)
from matpunkt.responses.importing.distribution import import_distribution
from matpunkt.responses.importing.responses import import_responses

__all__ = [
    "CLI_MAX_BYTES",
    "DISTRIBUTION_COLUMNS",
    "RESPONSE_COLUMNS",
    "ImportResult",
    "Problem",
    "import_distribution",
    "import_responses",
]
