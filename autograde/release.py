"""Regenerate the student version (course/<aid>/) with nbgrader generate_assignment."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import REPO_ROOT
from .assemble import stable_cell_ids
from .report import out_folder_problem

CONFIG_DIR = Path(__file__).resolve().parent  # holds nbgrader_config.py
SOURCE_DIR = "solutions"
RELEASE_DIR = "course"


class ReleaseError(RuntimeError):
    """nbgrader failed for an assignment."""


def find_assignments(root: Path = REPO_ROOT) -> list[str]:
    """Assignment ids that have a source notebook solutions/<aid>/<aid>.ipynb."""
    source = Path(root) / SOURCE_DIR
    if not source.is_dir():
        return []
    return sorted(p.name for p in source.iterdir() if (p / f"{p.name}.ipynb").is_file())


def tool_env() -> dict[str, str]:
    """Environment for subprocesses: the venv's bin dir first on PATH."""
    env = dict(os.environ)
    bin_dir = os.path.dirname(sys.executable)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    return env


def run_nbgrader(aid: str, root: Path, release_dir: Path, db_path: Path) -> None:
    """Run `nbgrader generate_assignment` with our config into release_dir."""
    cmd = [
        sys.executable,
        "-m",
        "nbgrader",
        "generate_assignment",
        aid,
        "--force",
        "--log-level=WARN",
        f"--CourseDirectory.root={Path(root).resolve()}",
        f"--CourseDirectory.release_directory={release_dir}",
        f"--CourseDirectory.db_url=sqlite:///{db_path}",
    ]
    # cwd=autograde/ so that nbgrader picks up autograde/nbgrader_config.py
    proc = subprocess.run(
        cmd, cwd=CONFIG_DIR, env=tool_env(), capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise ReleaseError(
            f"nbgrader generate_assignment {aid} 실패 (exit {proc.returncode}):\n"
            + proc.stdout
            + proc.stderr
        )


def normalize_notebook(path: Path, source: Path) -> None:
    """Stable cell ids, then nbformat's canonical JSON layout."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    if source.is_file():
        source_cells = json.loads(source.read_text(encoding="utf-8")).get("cells", [])
        cells = nb.get("cells", [])
        if len(source_cells) == len(cells) and any("id" in c for c in cells):
            for cell, cell_id in zip(cells, stable_cell_ids(source_cells), strict=True):
                cell["id"] = cell_id
    text = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False, separators=(",", ": "))
    path.write_text(text + "\n", encoding="utf-8")


def normalize_tree(folder: Path, source: Path) -> None:
    """Canonical notebooks and file modes so that two runs give identical files."""
    for path in sorted(folder.rglob("*")):
        if path.is_dir():
            path.chmod(0o755)
            continue
        if path.suffix == ".ipynb":
            normalize_notebook(path, source / path.relative_to(folder))
        path.chmod(0o644)


def replace_dir(new: Path, dest: Path) -> None:
    """Put `new` at `dest`, removing what was there (same filesystem move at the end)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        shutil.copytree(new, staging / "new")
        if dest.exists():
            os.replace(dest, staging / "old")
        os.replace(staging / "new", dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def check_source(aid: str, source: Path) -> None:
    """Refuse a source notebook that grading could not use (`preflight`)."""
    from .assemble import read_source
    from .manual import release_notice
    from .preflight import report, source_problems

    try:
        spec = read_source(source)
        problems = source_problems(spec)
    except ValueError as exc:
        raise ReleaseError(f"{aid}: {exc}") from exc
    if problems:
        raise ReleaseError(report(aid, problems))
    if spec.manual:
        print(release_notice(aid, spec))


def release_assignment(aid: str, root: Path = REPO_ROOT, out: Path | None = None) -> Path:
    """Generate <out>/<aid>/ (default course/<aid>/) from <root>/solutions/<aid>/."""
    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / RELEASE_DIR
    if not (root / SOURCE_DIR / aid / f"{aid}.ipynb").is_file():
        missing = f"{SOURCE_DIR}/{aid}/{aid}.ipynb"
        raise ReleaseError(f"원본 노트북이 없습니다 (missing source): {missing}")
    check_source(aid, root / SOURCE_DIR / aid / f"{aid}.ipynb")
    with tempfile.TemporaryDirectory(prefix="autograde-release-") as tmp:
        tmp_path = Path(tmp)
        release_dir = tmp_path / "release"
        run_nbgrader(aid, root, release_dir, tmp_path / "gradebook.db")
        generated = release_dir / aid
        normalize_tree(generated, root / SOURCE_DIR / aid)
        replace_dir(generated, out / aid)
    return out / aid


def release(aids: list[str], root: Path = REPO_ROOT, out: Path | None = None) -> list[Path]:
    """Release the given assignments (all of solutions/ when empty)."""
    known = find_assignments(root)
    aids = aids or known
    if not aids:
        print(f"배포할 과제가 없습니다 (no assignments in {SOURCE_DIR}/).")
    unknown = [aid for aid in aids if aid not in known]
    if unknown:
        raise ReleaseError(
            f"없는 과제입니다 (unknown assignment): {', '.join(unknown)}\n"
            f"  있는 과제 (valid ids in {SOURCE_DIR}/): {', '.join(known) or '없음 (none)'}"
        )
    problem = out_folder_problem(out) if out is not None else ""
    if problem:
        raise ReleaseError(problem)
    done = []
    for aid in aids:
        path = release_assignment(aid, root, out)
        print(f"배포 완료 (released): {aid} -> {path}")
        done.append(path)
    return done
