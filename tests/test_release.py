"""The committed student notebooks (course/<aid>/) match a fresh nbgrader release."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from nbgrader.nbgraderformat import reads as nbgrader_reads

from autograde import REPO_ROOT
from autograde.release import find_assignments, release_assignment

FIXTURES = Path(__file__).parent / "fixtures"
STUB = "# 여기에 코드를 작성하세요 (YOUR CODE HERE)\n    raise NotImplementedError()"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assignment_params():
    aids = find_assignments(REPO_ROOT)
    if not aids:
        reason = "solutions/<aid>/<aid>.ipynb 가 아직 없습니다 (no assignments yet)"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason))]
    return aids


@pytest.mark.parametrize("aid", assignment_params())
def test_committed_release_is_up_to_date(aid, tmp_path):
    committed = REPO_ROOT / "course" / aid
    fresh = release_assignment(aid, root=REPO_ROOT, out=tmp_path)
    hint = f"다시 생성하세요 (regenerate): python -m autograde release {aid}"
    assert committed.is_dir(), f"course/{aid}/ 가 없습니다. {hint}"
    old, new = tree(committed), tree(fresh)
    assert sorted(old) == sorted(new), f"파일 목록이 다릅니다. {hint}"
    changed = [name for name in new if old[name] != new[name]]
    assert not changed, f"내용이 다릅니다 (stale): {changed}. {hint}"


@pytest.fixture(scope="module")
def demo_release(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    return release_assignment("00_demo", root=FIXTURES, out=out)


def test_fixture_release_hides_solutions_and_hidden_tests(demo_release):
    path = demo_release / "00_demo.ipynb"
    text = path.read_text("utf-8")
    for gone in ["BEGIN SOLUTION", "reshape(len(x), -1)", "/ 255.0", "HIDDEN", "np.arange(12, 24)"]:
        assert gone not in text, gone
    nb = nbgrader_reads(text, as_version=4)  # stock nbgrader validates the metadata
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    assert STUB in cells["flatten"].source
    assert STUB in cells["normalize"].source
    assert cells["flatten"].source.startswith("def flatten(x):")
    assert "flatten 결과의 모양은" in cells["test_flatten"].source
    assert cells["test_normalize_hidden"].source == ""
    assert all(c.get("outputs", []) == [] for c in nb.cells)
    assert cells["test_flatten"].metadata["nbgrader"]["checksum"]


def test_release_is_reproducible_with_stable_ids(tmp_path):
    """Two runs (function, then CLI) give identical files, even for a 4.5 notebook
    without cell ids, for which nbformat would invent random ids."""
    nb = json.loads((FIXTURES / "solutions" / "00_demo" / "00_demo.ipynb").read_text("utf-8"))
    for cell in nb["cells"]:
        del cell["id"]
    root = tmp_path / "root"
    source = root / "solutions" / "00_demo" / "00_demo.ipynb"
    source.parent.mkdir(parents=True)
    source.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    first = release_assignment("00_demo", root=root, out=tmp_path / "first")
    cmd = [sys.executable, "-m", "autograde", "--root", str(root), "release"]
    subprocess.run([*cmd, "--out", str(tmp_path / "second")], check=True, cwd=REPO_ROOT)
    assert tree(tmp_path / "second" / "00_demo") == tree(first)
    cells = json.loads((first / "00_demo.ipynb").read_text("utf-8"))["cells"]
    assert [c["id"] for c in cells] == [f"cell-{i}" for i in range(len(cells))]
    assert not [p for p in REPO_ROOT.rglob("gradebook.db") if ".venv" not in p.parts]
