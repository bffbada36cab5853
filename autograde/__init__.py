"""Autograder for the course notebooks.

Pipeline (``python -m autograde ...``)::

    solutions/<aid>/<aid>.ipynb  --release-->  course/<aid>/<aid>.ipynb   (nbgrader)
    submissions  --collect-->  grading notebook  --execute-->  score  -->  report

* ``release``      regenerate the student version with nbgrader generate_assignment
                   (config: ``autograde/nbgrader_config.py``), byte-for-byte reproducible.
* ``grade``        for every submission (``DIR/<id>.ipynb``, ``DIR/<id>/*.ipynb``,
                   ``DIR/<id>.zip`` or ``DIR`` as a zip) build a grading notebook from the
                   SOURCE notebook: setup cells, the student's answer cells, the instructor's
                   test cells (hidden tests included), run it cell by cell in a fresh kernel
                   and score each test cell; write ``grades.csv``, ``totals.csv``,
                   ``results/<id>.json`` and ``feedback/<id>.html``.

Usage::

    python -m autograde release [AID ...] [--out DIR]
    python -m autograde grade --assignment 01_mnist --submissions DIR_OR_ZIP --out OUT \
        [--workers N] [--timeout SECONDS] [--force]
    (``--root DIR`` before the command: another course root holding solutions/)

Grading never runs data loading or training cells, only the cells tagged "setup",
the answer cells and the test cells; a re-run skips submissions whose
``results/<id>.json`` has the same sha256 (``--force`` regrades everything).

Modules: ``submissions`` (collect), ``assemble`` (grading notebook), ``execute``
(nbclient), ``score`` (statuses/points), ``grading`` (per submission + worker pool),
``report`` (csv/html), ``release`` (nbgrader), ``cli`` (argument parsing).
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
