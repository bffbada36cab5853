"""Run a notebook's code cells the way a student would in Colab: top to bottom, one namespace.

Standard library only: it runs in a bare virtual environment that holds just what Colab ships
(tensorflow, numpy, pandas, matplotlib), without Jupyter. Every cell runs even when an earlier
one failed, like pressing Shift+Enter through the whole notebook. Writes one JSON object to
RESULT.json: {"cells": [{"id", "status": "ok"|"error", "error", "message"}]}.

Usage: python colab_like.py NOTEBOOK.ipynb RESULT.json
"""

import json
import linecache
import sys
import traceback


def run_cell(source, cell_id, namespace):
    """Execute one cell; return its outcome as a dict."""
    filename = f"<cell {cell_id}>"
    # Register the source so inspect.getsource works on functions defined in the cell,
    # as it does in IPython.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        exec(compile(source, filename, "exec"), namespace)
    except BaseException as error:  # noqa: BLE001 - a student's cell may raise anything
        if isinstance(error, KeyboardInterrupt):
            raise
        traceback.print_exc()
        return {
            "id": cell_id,
            "status": "error",
            "error": type(error).__name__,
            "message": str(error),
        }
    return {"id": cell_id, "status": "ok", "error": None, "message": ""}


def main(path, result_path):
    with open(path, encoding="utf-8") as file:
        notebook = json.load(file)
    namespace = {"__name__": "__main__"}
    results = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        results.append(run_cell(source, cell.get("id", "?"), namespace))
    with open(result_path, "w", encoding="utf-8") as file:
        json.dump({"cells": results}, file, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
