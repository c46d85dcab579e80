"""Shared test setup: make tests/ importable (engine.py, workbook_content.py), and keep the suite
from writing into the repository.

- Hypothesis: no example database, and its other files (the Unicode tables it caches) in the
  system's temp folder instead of ``.hypothesis/`` beside the code;
- pytest's own cache is off (``-p no:cacheprovider`` in pyproject.toml: ``-p cacheprovider`` brings
  back ``--lf``); ruff runs with ``--no-cache`` (tests/test_lint.py).

``pytest -m "not slow"`` leaves out the slow tests (the corpus, LibreOffice, fuzzing, big files).
"""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# before Hypothesis first looks for its folder (when a test first draws a value)
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "xxgk-hypothesis"))

from hypothesis import settings

settings.register_profile("xxgk", database=None)
settings.load_profile("xxgk")
