"""README keeps its promises: CI runs its test command, and every notebook has a Colab badge."""

import re
import tomllib

from conftest import REPO, assignment_ids

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_commands():
    """Shell commands in README's ```bash blocks."""
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_ci_runs_the_readme_test_command():
    test_command = next(c for c in readme_commands() if "pytest" in c)
    ci_lines = (REPO / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines, "the last step of .ci/run must be README's test command"


def test_readme_has_a_course_command():
    assert any("jupyter lab course/" in c for c in readme_commands())


def test_every_notebook_has_a_colab_badge_to_the_one_repository():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    repository = config["tool"]["course"]["repository"]
    badges = re.findall(r"https://colab\.research\.google\.com/github/([^)\s]+)", README)
    assert badges, "no Colab badge in README"
    for link in badges:
        assert link.startswith(f"{repository}/blob/main/course/"), link
    for assignment in assignment_ids():
        assert f"{repository}/blob/main/course/{assignment}/{assignment}.ipynb" in badges
        assert (REPO / "course" / assignment / f"{assignment}.ipynb").exists()
