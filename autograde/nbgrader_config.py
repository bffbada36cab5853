"""nbgrader configuration for this course.

nbgrader loads this file when it is started with ``autograde/`` as the working
directory (``python -m autograde release`` does exactly that).  Manual use::

    cd autograde && nbgrader generate_assignment 01_mnist --force

Paths: ``solutions/<aid>/`` is the instructor source, ``course/<aid>/`` the
released student version.  The gradebook database lives in the temp directory
so that no ``gradebook.db`` ends up in the repository.
"""

import os
import tempfile

c = get_config()  # noqa: F821  (injected by traitlets when it loads this file)

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_DB_DIR = os.path.join(tempfile.gettempdir(), f"autograde-nbgrader-{os.getuid()}")
os.makedirs(_DB_DIR, exist_ok=True)

c.CourseDirectory.root = _ROOT
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "course"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(_DB_DIR, "gradebook.db")
# Extra (non-notebook) files next to a source notebook are copied to the release;
# never copy editor/OS leftovers.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    ".DS_Store",
    "gradebook.db",
]

c.ClearSolutions.code_stub = {
    "python": "# 여기에 코드를 작성하세요 (YOUR CODE HERE)\nraise NotImplementedError()"
}
c.ClearSolutions.text_stub = "여기에 답을 작성하세요 (YOUR ANSWER HERE)"

# Outputs and execution counts are always cleared (ClearOutput runs in
# generate_assignment).  Also drop per-run cell metadata written by editors so
# the release only changes when the source really changes.
c.ClearOutput.remove_metadata_fields = {"collapsed", "scrolled", "execution", "ExecuteTime"}

# Same file mode on every machine (nbgrader's default depends on groupshared).
c.GenerateAssignment.permissions = 644
