"""Stop with a clear message unless this Python can make the course's virtual environment.

README's two commands run it first, with the same `python3` that then makes .venv: TensorFlow,
NumPy and pandas at requirements.txt's versions have wheels for Python 3.11 to 3.13 only.
Kept runnable by old Pythons (no f-strings, no annotations).
"""

import sys

OLDEST, NEWEST = (3, 11), (3, 13)  # README's "Python 3.11 to 3.13" (tests/test_readme.py)

HOW_TO_GET = """This is Python {found} ({path}), but the course needs Python {oldest} to {newest}:
TensorFlow, NumPy and pandas at requirements.txt's versions have no wheels for Python {found}
(pip would say "no matching distribution"). Install Python {newest} (Colab's), then run the same
command with it in place of python3 (python{newest}, or python3 once pyenv points there):
  - Ubuntu: sudo add-apt-repository ppa:deadsnakes/ppa (the deadsnakes PPA), then
    sudo apt-get install python{newest} python{newest}-venv
  - macOS: brew install python@{newest} (Homebrew), or the installer from https://www.python.org
  - no root, or another system: pyenv install {newest} && pyenv local {newest}
    (https://github.com/pyenv/pyenv)
  - Windows: the installer from https://www.python.org (README: Windows)"""

NO_VENV = """Python {found} ({path}) has no venv/ensurepip module, so `python3 -m venv` fails.
On Debian/Ubuntu: sudo apt-get install python3-venv (or python{found}-venv)."""


def version(numbers):
    return "{}.{}".format(*numbers)


def main():
    found = tuple(sys.version_info[:2])
    words = {"found": version(found), "path": sys.executable}
    words.update(oldest=version(OLDEST), newest=version(NEWEST))
    if not OLDEST <= found <= NEWEST:
        sys.exit(HOW_TO_GET.format(**words))
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        sys.exit(NO_VENV.format(**words))


if __name__ == "__main__":
    main()
