"""Autograder for the course notebooks.

Pipeline (``python -m autograde ...``)::

    solutions/<aid>/<aid>.ipynb  --release-->  course/<aid>/<aid>.ipynb   (nbgrader)
    submissions  --collect-->  grading notebook  --execute-->  score  -->  report

* ``release``      regenerate the student version with nbgrader generate_assignment
                   (config: ``autograde/nbgrader_config.py``), byte-for-byte reproducible.
* ``grade``        for every submission (``DIR/<id>.ipynb``, ``DIR/<id>/*.ipynb``,
                   ``DIR/<id>.zip`` or ``DIR`` as a zip) take the student's answer cells and
                   the SOURCE notebook's setup and test cells (hidden tests included); run the
                   answers in a bubblewrap sandbox and the tests in the grader's own process,
                   calling the student's functions through plain-data proxies; score each test
                   cell; write ``grades.csv``, ``totals.csv``, ``summary.*``,
                   ``results/<id>.json`` and ``feedback/<id>.html``.
* ``benchmark``    this grader against stock ``nbgrader autograde`` on a generated class.
* ``gradescope``   a Gradescope autograder zip (``setup.sh``, ``run_autograder``) that grades one
                   submission in Gradescope's container into ``results.json``.

Usage::

    python -m autograde release [AID ...] [--out DIR]
    python -m autograde grade --assignment 01_mnist --submissions DIR_OR_ZIP --out OUT \
        [--workers N] [--timeout SECONDS] [--force]
    (``--root DIR`` before or after the command: another course root holding solutions/)

Grading never runs data loading or training cells, only the imports of the cells tagged
"setup", the answer cells and the test cells; a re-run skips submissions whose
``results/<id>.json`` has the same sha256 (``--force`` regrades everything).

Modules: ``submissions`` (collect), ``assemble`` (match answer cells, plan), ``sandbox``
(the bubblewrap command and limits), ``runner`` (runs inside the sandbox), ``wire`` (plain-data
messages), ``remote`` (the grader's side: session, proxies), ``evaluate`` (answers there, tests
here), ``flags`` (what deserves the instructor's look), ``score`` (statuses/points), ``grading``
(per submission + worker pool), ``interrupt`` (Ctrl-C, SIGTERM, SIGHUP), ``report`` and
``summary`` (csv/html/png), ``release`` (nbgrader), ``preflight`` (what release checks),
``benchmark``, ``gradescope``, ``cli`` (argument parsing).
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
