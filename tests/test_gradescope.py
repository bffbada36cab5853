"""The Gradescope autograder: the zip, and `run_autograder` in Gradescope's folder layout
(laid out in a temporary folder, `AUTOGRADER_ROOT`) on a correct, a wrong and a hostile
submission, with bubblewrap and in container mode."""

import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograde.cli import main
from autograde.gradescope import SCRIPTS, VISIBILITIES, build, results_json
from autograde.report import HIDDEN_FAILED
from autograde.sandbox import container_prefix, next_uid

REPO = Path(__file__).resolve().parent.parent
AID = "00_perceptron"
SUBMISSIONS = REPO / "tests" / "submissions" / AID
POINTS = {
    "test_perceptron": 2,
    "test_gate_weights": 2,
    "test_xor": 2,
    "test_train_perceptron": 3,
    "test_dense_forward": 3,
    "test_softmax": 2,
}


def expected(student: str) -> dict[str, float]:
    """grade_id -> score of `student` in the corpus's reviewed expected.csv."""
    lines = (SUBMISSIONS / "expected.csv").read_text("utf-8").splitlines()[1:]
    rows = [line.split(",") for line in lines]
    return {r[1]: float(r[2]) for r in rows if r[0] == student}


def test_the_zip_holds_the_scripts_the_grader_and_one_solution(tmp_path):
    out = tmp_path / "autograder.zip"
    assert main(["gradescope", "--assignment", AID, "--out", str(out), "--timeout", "30"]) == 0
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        for script in SCRIPTS:  # at the root of the archive, executable
            assert archive.getinfo(script).external_attr >> 16 & stat.S_IXUSR
        config = json.loads(archive.read("gradescope.json"))
        requirements = archive.read("requirements.txt").decode()
    assert {
        "autograde/gradescope.py",
        "autograde/runner.py",
        f"solutions/{AID}/{AID}.ipynb",
    } < names
    assert not [n for n in names if n.startswith("solutions/") and AID not in n]
    assert config == {"assignment": AID, "timeout": 30.0, "visibility": "visible"}
    assert "tensorflow" in requirements and "nbformat" in requirements


def test_unknown_assignment_is_refused(tmp_path, capsys):
    assert main(["gradescope", "--assignment", "99_nope", "--out", str(tmp_path / "a.zip")]) == 2
    assert "00_perceptron" in capsys.readouterr().err
    assert not (tmp_path / "a.zip").exists()


def test_results_json_never_shows_a_hidden_reason():
    hidden = {"grade_id": "test_xor", "score": 0.0, "max_score": 2.0, "status": "failed",
              "reason": "(hidden) AssertionError: xor([1, 1]) shape (5,)", "part": "hidden",
              "ename": "AssertionError", "message": "xor([1, 1]) shape (5,)"}  # fmt: skip
    passed = dict(hidden, grade_id="test_perceptron", score=2.0, status="ok", part="", reason="")
    result = {"score": 2.0, "max_score": 4.0, "status": "failed", "rows": [passed, hidden]}
    payload = results_json(AID, result, "after_published", "bubblewrap", 3.2)
    assert payload["stdout_visibility"] == "hidden" and payload["score"] == 2.0
    assert [t["output"] for t in payload["tests"]] == ["통과", HIDDEN_FAILED]
    assert {t["visibility"] for t in payload["tests"]} == {"after_published"}
    assert "(5,)" not in json.dumps(payload, ensure_ascii=False)
    assert "after_published" in VISIBILITIES


@pytest.fixture(scope="module")
def zip_file(tmp_path_factory):
    return build(AID, tmp_path_factory.mktemp("gradescope") / "autograder.zip", timeout=60)


@pytest.fixture
def autograder(zip_file):
    """Gradescope's /autograder, in a folder any uid may enter (as /autograder is)."""
    with tempfile.TemporaryDirectory(prefix="gradescope-test-") as folder:
        root = Path(folder) / "autograder"
        for name in ("source", "submission", "results"):
            (root / name).mkdir(parents=True)
        with zipfile.ZipFile(zip_file) as archive:
            archive.extractall(root / "source")
        for script in SCRIPTS:
            (root / "source" / script).chmod(0o755)
        (root / "submission_metadata.json").write_text('{"users": [{"name": "학생"}]}')
        for path in (Path(folder), root):
            path.chmod(0o755)
        yield root


def run_autograder(root: Path, python: str, prefix=(), **env) -> tuple[dict, str]:
    """run_autograder as Gradescope runs it (cwd /autograder); its results.json and stdout."""
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), AUTOGRADER_PYTHON=python, **env)
    argv = [*prefix, str(root / "source" / "run_autograder")]
    done = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((root / "results" / "results.json").read_text("utf-8")), done.stdout


def scores(payload: dict) -> dict[str, float]:
    return {t["name"]: t["score"] for t in payload["tests"]}


@pytest.mark.sandbox
def test_correct_and_wrong_submissions_with_bubblewrap(autograder):
    shutil.copy(SUBMISSIONS / "passes_solution.ipynb", autograder / "submission" / f"{AID}.ipynb")
    payload, stdout = run_autograder(autograder, sys.executable)
    assert payload["extra_data"]["sandbox"] == "bubblewrap"
    assert scores(payload) == {name: float(p) for name, p in POINTS.items()}
    assert payload["score"] == 14.0 and {t["output"] for t in payload["tests"]} == {"통과"}
    assert {t["max_score"] for t in payload["tests"]} == {2.0, 3.0}

    student = "fails_softmax_not_stabilised"
    (autograder / "submission" / f"{AID}.ipynb").unlink()
    shutil.copy(SUBMISSIONS / f"{student}.ipynb", autograder / "submission" / "mine.ipynb")
    payload, stdout = run_autograder(autograder, sys.executable)
    assert scores(payload) == expected(student) and payload["score"] == 12.0
    softmax = next(t for t in payload["tests"] if t["name"] == "test_softmax")
    assert softmax["status"] == "failed" and softmax["output"] not in ("", "통과")
    assert "test_softmax: 0/2 failed" in stdout  # the instructors' stdout has the reason


@pytest.mark.sandbox
def test_a_submission_without_a_notebook_gets_zero_with_a_reason(autograder):
    for extra in [None, "answers.py"]:  # an empty upload, then one without a notebook
        if extra:
            (autograder / "submission" / extra).write_text("print('hi')\n")
        payload, _ = run_autograder(autograder, sys.executable)
        assert payload["score"] == 0.0 and len(payload["tests"]) == len(POINTS)
        assert all("노트북(.ipynb)" in t["output"] for t in payload["tests"]), payload
        assert sum(t["max_score"] for t in payload["tests"]) == sum(POINTS.values())


def container_python(folder: Path) -> str | None:
    """An interpreter with this one's packages that a sandbox uid can start: this one, or (when
    it lies under a folder only root may enter, as pyenv's in /root) the system's Python of the
    same version in a venv that adds this one's site-packages."""
    if starts_as_sandbox_uid(sys.executable):
        return sys.executable
    system = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if not system.exists():
        return None
    venv = folder / "venv"
    subprocess.run([str(system), "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv)}))
    (site / "course.pth").write_text(sysconfig.get_path("purelib") + "\n")
    python = str(venv / "bin" / "python")
    return python if starts_as_sandbox_uid(python) else None


def starts_as_sandbox_uid(python: str) -> bool:
    prefix = [python if arg == sys.executable else arg for arg in container_prefix(next_uid())]
    argv = prefix + [python, "-s", "-c", "import numpy, IPython"]
    return subprocess.run(argv, capture_output=True).returncode == 0


HOSTILE = """
_stolen = []
for _path in [{solution!r}, {metadata!r}]:
    try:
        _stolen.append(open(_path).read())
    except OSError:
        pass
for _path in [{results!r}, {solution!r}]:
    try:
        open(_path, "w").write('{{"score": 999}}')
    except OSError:
        pass
import socket
try:
    socket.socket(socket.AF_INET).close()
    _stolen.append("network")
except OSError:
    pass
if not _stolen:  # nothing read, no network: no points for this answer
    def perceptron(x, w, b):
        raise NotImplementedError()
import os, time
if os.fork() == 0:  # a process that outlives the runner's process group
    os.setsid()
    if os.fork() == 0:
        open(os.path.join({drop!r}, str(os.getpid())), "w").close()
        time.sleep(600)
    os._exit(0)
"""


def hostile_notebook(root: Path) -> nbformat.NotebookNode:
    """The solution, whose first answer keeps its points only if it reads the hidden tests or
    Gradescope's metadata or opens a network socket; it also writes into the results folder and
    the hidden tests, and leaves a process behind that notes its pid in `drop/`."""
    nb = nbformat.read(SUBMISSIONS / "passes_solution.ipynb", as_version=4)
    cell = next(
        c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "perceptron"
    )
    paths = {
        "solution": str(root / "source" / "solutions" / AID / f"{AID}.ipynb"),
        "metadata": str(root / "submission_metadata.json"),
        "results": str(root / "results" / "pwned.json"),
        "drop": str(root.parent / "drop"),
    }
    cell.source += "\n" + HOSTILE.format(**paths)
    return nb


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root")
def test_container_mode_when_bubblewrap_cannot_start(autograder):
    """Docker's default profile gives root no CAP_SYS_ADMIN: so does this run, and bubblewrap
    fails as in Gradescope's container. The hostile answer runs as a uid of its own."""
    python = container_python(autograder.parent)
    if python is None:
        pytest.skip("no Python here that an unprivileged uid can start")
    solution = autograder / "source" / "solutions" / AID / f"{AID}.ipynb"
    before = solution.read_bytes()
    nbformat.write(hostile_notebook(autograder), autograder / "submission" / f"{AID}.ipynb")
    drop = autograder.parent / "drop"
    drop.mkdir()
    drop.chmod(0o1777)
    no_sys_admin = ["setpriv", "--bounding-set=-sys_admin", "--inh-caps=-sys_admin"]
    payload, stdout = run_autograder(autograder, python, no_sys_admin)
    assert payload["extra_data"]["sandbox"] == "container", stdout
    assert "container mode" in stdout
    assert scores(payload) == dict(POINTS, test_perceptron=0.0)  # read nothing, no network
    assert not (autograder / "results" / "pwned.json").exists()
    assert solution.read_bytes() == before
    perceptron = next(t for t in payload["tests"] if t["name"] == "test_perceptron")
    assert "NotImplementedError" in perceptron["output"]
    left = [int(p.name) for p in drop.iterdir()]
    assert left and not [pid for pid in left if running(pid)]


def running(pid: int) -> bool:
    """Alive and not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.sandbox
def test_a_file_name_that_is_not_utf8_still_gets_results(autograder):
    # a zip made on an old Windows leaves file names in CP949 bytes: not UTF-8 at all
    for name in (os.fsdecode(b"\xb0\xfa\xc1\xa6.ipynb"), "b.ipynb"):
        (autograder / "submission" / name).write_text("{}")
    payload, stdout = run_autograder(autograder, sys.executable)
    assert payload["score"] == 0.0 and len(payload["tests"]) == len(POINTS)
    assert all("b.ipynb" in t["output"] for t in payload["tests"]), payload
