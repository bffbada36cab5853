"""Write the committed test submissions: tests/submissions/<aid>/<name>.ipynb.

Each submission is the student version (course/) with the answers a student would write:
the solution, or the solution with one typical mistake. The file name says what it does
(Otter style: fails_normalize_divides_by_256.ipynb); tests/submissions/<aid>/expected.csv
holds the scores the grader must give, and test_grading.py compares the two.

The mistakes are listed in tests/assignments/<aid>.py (MUTANTS). Run after changing a notebook:
python tests/make_submissions.py [AID ...]
"""

import json
import re
import runpy
import shutil
import sys
import zipfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).parent))
import hostile  # noqa: E402
from conftest import REPO, assignment_ids  # noqa: E402
from notebook_tools import (  # noqa: E402
    assignment_spec,
    filled,
    mutated,
    solution_answers,
    student_version,
)

OUT = REPO / "tests" / "submissions"
COLLECTION_ATTACKED = ("01_mnist", "05_optimizers")  # symlinks, NFC/NFD names, long names


def variants(assignment) -> dict:
    """VARIANTS of tests/variants/<aid>.py: {passes_variant_<style>: {grade_id: change}}, each
    change a whole answer source or an (old, new) edit of the solution's, as in MUTANTS."""
    path = REPO / "tests" / "variants" / f"{assignment}.py"
    return runpy.run_path(str(path)).get("VARIANTS", {}) if path.exists() else {}


def without_cell(notebook, grade_id):
    notebook.cells = [
        c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") != grade_id
    ]
    return notebook


def as_colab_saves_it(notebook):
    """Colab-like save: nbgrader metadata gone, new cell ids, cells moved around."""
    for index, cell in enumerate(notebook.cells):
        cell.metadata = {}
        cell.id = f"colab{index:03d}"
    notebook.cells.append(nbformat.v4.new_code_cell("print('my own extra cell')", id="extra"))
    notebook.cells.insert(3, notebook.cells.pop())
    return notebook


def write(notebook, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


def make(assignment):
    folder = OUT / assignment
    for old in folder.glob("*"):  # start clean, but keep expected.csv
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        elif old.suffix in {".ipynb", ".zip"} or old.is_symlink():
            old.unlink()
    write(filled(assignment), folder / "passes_solution.ipynb")
    write(student_version(assignment), folder / "blank_student_version.ipynb")
    for name, changes in assignment_spec(assignment)["MUTANTS"].items():
        write(filled(assignment, **mutated(assignment, changes)), folder / f"{name}.ipynb")
    for name, changes in variants(assignment).items():  # correct, written differently
        write(filled(assignment, **mutated(assignment, changes)), folder / f"{name}.ipynb")
    first_answer = next(iter(solution_answers(assignment)))
    last_answer = list(solution_answers(assignment))[-1]
    write(without_cell(filled(assignment), last_answer), folder / "missing_answer_cell.ipynb")
    write(as_colab_saves_it(filled(assignment)), folder / "passes_metadata_stripped.ipynb")
    write(filled(assignment), folder / "passes_in_folder" / "my_work.ipynb")
    with zipfile.ZipFile(folder / "passes_in_zip.zip", "w") as archive:
        member = zipfile.ZipInfo(f"homework/{assignment}.ipynb", date_time=(2026, 1, 1, 0, 0, 0))
        archive.writestr(member, nbformat.writes(filled(assignment)))
    text = nbformat.writes(filled(assignment, **{first_answer: "# unfinished"}))
    (folder / "invalid_json.ipynb").write_text(text[: len(text) // 2], encoding="utf-8")
    (folder / "empty_file.ipynb").write_text("", encoding="utf-8")
    json.loads(nbformat.writes(filled(assignment)))  # the good ones are valid JSON
    make_hostile(assignment, folder)


def other_assignment(assignment):
    """Another notebook whose answers share no name with this one's (for a mix-up)."""
    mine = set(solution_answers(assignment))
    others = [a for a in assignment_ids() if a != assignment]
    return next((a for a in others if not mine & set(solution_answers(a))), others[0])


def make_hostile(assignment, folder):
    """The corpus of tests/hostile.py: tampering, sandbox attacks, broken and odd files."""
    made = hostile.tampering(filled(assignment), student_version(assignment))
    made |= hostile.leaking(filled(assignment))
    made |= hostile.broken(filled(assignment), filled(other_assignment(assignment)))
    passing = hostile.passing(filled(assignment))
    if "passes_with_warnings_and_prints" in assignment_spec(assignment)["MUTANTS"]:
        del passing["passes_with_warnings_and_prints"]  # the notebook's own version
    made |= passing
    for name, notebook in made.items():
        write(notebook, folder / f"{name}.ipynb")
    for name, text in hostile.raw_files(filled(assignment)).items():
        (folder / f"{name}.ipynb").write_text(text, encoding="utf-8")
    write(filled(assignment), folder / "passes_renamed_notebook" / "과제 최종본 (1).ipynb")
    if assignment in COLLECTION_ATTACKED:
        stub = student_version(assignment)
        hostile.collection_attacks(folder, assignment, filled(assignment), stub)


def main():
    for assignment in sys.argv[1:] or assignment_ids():
        make(assignment)
    for path in sorted(OUT.rglob("*")):
        if path.is_file() and not re.search(r"\.csv$", path.name):
            print(path.relative_to(REPO))


if __name__ == "__main__":
    main()
