#!/usr/bin/env python3
"""Download the course data sets once, for an offline classroom.

Usage::

    python data/download.py --dest DIR [--only mnist|asl] [--force]

MNIST needs only the Python standard library (numpy is used for an extra structure check when
it is installed). The ASL part (Sign Language MNIST from Kaggle) needs ``kagglehub``.
Afterwards ``DIR/SHA256SUMS`` lets every classroom copy be checked with ``sha256sum -c``, and the
notebooks find the files through ``export COURSE_DATA_DIR=DIR``.
"""

import argparse
import csv
import hashlib
import http.client
import shutil
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
MNIST_FILE = "mnist.npz"
MNIST_SHAPES = {
    "x_train": (60000, 28, 28),
    "y_train": (60000,),
    "x_test": (10000, 28, 28),
    "y_test": (10000,),
}

ASL_DATASET = "datamunge/sign-language-mnist"
ASL_PAGE = "https://www.kaggle.com/datasets/datamunge/sign-language-mnist"
ASL_ROWS = {"sign_mnist_train.csv": 27455, "sign_mnist_test.csv": 7172}
ASL_HEADER = ["label"] + [f"pixel{i}" for i in range(1, 785)]
ASL_LABELS = frozenset(str(i) for i in range(25) if i != 9)
PIXEL_VALUES = frozenset(str(i) for i in range(256))

SUMS_FILE = "SHA256SUMS"
PART_SUFFIX = ".part"
CHUNK_SIZE = 1 << 16


class DownloadError(Exception):
    """A failure with a message for the user (Korean, with the English gist)."""


# ---------------------------------------------------------------------------------------------
# Hashing and progress
# ---------------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file, read in chunks."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


class SimpleProgress:
    """A one-line percentage printer on stderr, used when tqdm is not installed."""

    def __init__(self, total: int | None, initial: int, desc: str) -> None:
        self.total = total
        self.done = initial
        self.desc = desc
        self.shown = ""
        self._show()

    def _show(self) -> None:
        if self.total:
            text = f"{self.desc}: {100 * self.done // self.total:3d}% of {self.total / 1e6:.1f} MB"
        else:
            text = f"{self.desc}: {self.done // 1_000_000} MB"
        if text != self.shown:
            self.shown = text
            sys.stderr.write("\r" + text)
            sys.stderr.flush()

    def update(self, n: int) -> None:
        """Record n more bytes."""
        self.done += n
        self._show()

    def close(self) -> None:
        """End the progress line."""
        sys.stderr.write("\n")
        sys.stderr.flush()


def make_progress(total: int | None, initial: int, desc: str) -> Any:
    """Return a progress bar on stderr: tqdm if importable, else SimpleProgress."""
    try:
        from tqdm import tqdm
    except ImportError:
        return SimpleProgress(total, initial, desc)
    return tqdm(
        total=total,
        initial=initial,
        desc=desc,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        file=sys.stderr,
    )


# ---------------------------------------------------------------------------------------------
# Resumable HTTP download
# ---------------------------------------------------------------------------------------------


def fetch_error(url: str, dest: Path, err: Exception) -> DownloadError:
    """Build the user-facing error for a failed network transfer."""
    return DownloadError(
        f"다운로드 실패 (download failed): {url}\n  원인 (cause): {err}\n"
        f"  인터넷 연결을 확인하고 다시 실행하면 이어받습니다 (check the connection and rerun; "
        f"the download resumes). 또는 {url} 에서 직접 받아 {dest} 로 넣으세요 "
        f"(or fetch it by hand and put it at {dest})."
    )


def open_url(url: str, offset: int, timeout: float) -> Any:
    """Open url, asking for the bytes from offset on when offset > 0."""
    request = urllib.request.Request(url, headers={"User-Agent": "course-data-download/1.0"})
    if offset > 0:
        request.add_header("Range", f"bytes={offset}-")
    return urllib.request.urlopen(request, timeout=timeout)


def response_total(response: Any, offset: int) -> int | None:
    """Return the full file size implied by the response headers, if known."""
    length = response.headers.get("Content-Length")
    return int(length) + offset if length is not None else None


def transfer(url: str, part: Path, timeout: float) -> None:
    """Download url into part, resuming from part's size when the server honours Range."""
    offset = part.stat().st_size if part.exists() else 0
    try:
        response = open_url(url, offset, timeout)
    except urllib.error.HTTPError as err:
        if err.code != 416 or offset == 0:
            raise
        # Range not satisfiable: the partial file is unusable, start over.
        part.unlink()
        offset = 0
        response = open_url(url, offset, timeout)
    with response:
        if response.status != 206:
            offset = 0  # the server sent the whole file
        mode = "ab" if offset else "wb"
        desc = part.name.removesuffix(PART_SUFFIX)
        progress = make_progress(response_total(response, offset), offset, desc)
        try:
            with open(part, mode) as f:
                for chunk in iter(lambda: response.read(CHUNK_SIZE), b""):
                    f.write(chunk)
                    progress.update(len(chunk))
        finally:
            progress.close()


def hash_mismatch(url: str, dest: Path, expected: str, actual: str) -> DownloadError:
    """Build the user-facing error for a file whose sha256 is wrong."""
    return DownloadError(
        f"체크섬 불일치 (sha256 mismatch): {dest.name}\n"
        f"  기대값 (expected): {expected}\n  실제값 (actual):   {actual}\n"
        f"  받은 파일을 지웠습니다 (the file was deleted). 다시 실행하거나 {url} 에서 "
        f"직접 받아 {dest} 로 넣으세요 (rerun, or fetch it by hand)."
    )


def download(url: str, dest: Path, sha256: str, force: bool = False, timeout: float = 60.0) -> bool:
    """Download url to dest and check its sha256; return False if a verified copy was kept.

    The data go to ``dest.part`` first; an existing ``.part`` is resumed with an HTTP Range
    request (and restarted if the server answers 200). On a hash mismatch the file is deleted
    and DownloadError is raised.
    """
    dest = Path(dest)
    part = dest.with_name(dest.name + PART_SUFFIX)
    if dest.exists() and not force:
        if sha256_file(dest) == sha256:
            print(f"이미 있음, 건너뜀 (already present and verified): {dest}")
            return False
        print(f"체크섬이 달라 다시 받습니다 (bad checksum, downloading again): {dest}")
    if force:
        part.unlink(missing_ok=True)
    dest.unlink(missing_ok=True)
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        transfer(url, part, timeout)
    except (OSError, http.client.HTTPException) as err:
        raise fetch_error(url, dest, err) from err
    actual = sha256_file(part)
    if actual != sha256:
        part.unlink()
        raise hash_mismatch(url, dest, sha256, actual)
    part.replace(dest)
    print(f"받음, sha256 확인 (downloaded, sha256 OK): {dest}")
    return True


# ---------------------------------------------------------------------------------------------
# MNIST
# ---------------------------------------------------------------------------------------------


def check_mnist_npz(path: Path) -> bool:
    """Check keys, shapes and dtypes of a Keras-layout mnist.npz; False if numpy is missing."""
    try:
        import numpy as np
    except ImportError:
        return False
    with np.load(path, allow_pickle=False) as data:
        found = {key: (data[key].shape, str(data[key].dtype)) for key in data.files}
    wanted = {key: (shape, "uint8") for key, shape in MNIST_SHAPES.items()}
    if found != wanted:
        raise DownloadError(
            f"MNIST 파일 구조가 예상과 다릅니다 (unexpected npz structure): {path}\n"
            f"  기대값 (expected): {wanted}\n  실제값 (found): {found}\n"
            f"  파일을 지우고 --force 로 다시 받으세요 (delete it and rerun with --force)."
        )
    return True


def fetch_mnist(dest_dir: Path, force: bool, url: str, sha256: str) -> Path:
    """Download mnist.npz into dest_dir, verify its hash and, with numpy, its structure."""
    path = Path(dest_dir) / MNIST_FILE
    download(url, path, sha256, force=force)
    if check_mnist_npz(path):
        print("MNIST 구조 확인 (structure OK): 60000 train / 10000 test, 28x28 uint8")
    return path


# ---------------------------------------------------------------------------------------------
# Sign Language MNIST (Kaggle)
# ---------------------------------------------------------------------------------------------


def bad_csv(path: Path, what: str) -> DownloadError:
    """Build the user-facing error for an invalid ASL CSV file."""
    return DownloadError(
        f"ASL CSV 파일이 올바르지 않습니다 (invalid ASL CSV): {path}\n  {what}\n"
        f"  파일을 지우고 --force 로 다시 받거나 {ASL_PAGE} 에서 직접 받아 넣으세요 "
        f"(delete it and rerun with --force, or fetch it by hand)."
    )


def validate_asl_csv(path: Path, expected_rows: int | None) -> int:
    """Check header, labels (0-24, never 9) and pixels (0-255) of an ASL CSV; return row count.

    expected_rows=None skips the row-count check (for samples).
    """
    path = Path(path)
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        if next(reader, None) != ASL_HEADER:
            raise bad_csv(path, "머리행이 다릅니다 (header is not label,pixel1,...,pixel784)")
        rows = 0
        for line, row in enumerate(reader, start=2):
            if len(row) != len(ASL_HEADER):
                raise bad_csv(path, f"{line}행: 열 수 {len(row)} (row has {len(row)} fields)")
            if row[0] not in ASL_LABELS:
                raise bad_csv(path, f"{line}행: 레이블 {row[0]!r} (label not in 0-24 or is 9)")
            if not PIXEL_VALUES.issuperset(row[1:]):
                raise bad_csv(path, f"{line}행: 픽셀값이 0-255 밖 (pixel outside 0-255)")
            rows += 1
    if expected_rows is not None and rows != expected_rows:
        raise bad_csv(path, f"행 수 {rows}, 기대값 {expected_rows} (wrong row count)")
    return rows


def import_kagglehub() -> Any:
    """Import kagglehub, or raise DownloadError telling the user to install it."""
    try:
        import kagglehub
    except ImportError as err:
        raise DownloadError(
            "kagglehub 가 설치되어 있지 않습니다 (kagglehub is not installed).\n"
            "  pip install kagglehub 로 설치한 뒤 다시 실행하세요 "
            "(run `pip install kagglehub`, then rerun)."
        ) from err
    return kagglehub


def find_file(root: Path, name: str) -> Path:
    """Find a file called name anywhere under root."""
    matches = sorted(p for p in Path(root).rglob(name) if p.is_file())
    if not matches:
        raise DownloadError(
            f"{root} 아래에서 {name} 을(를) 찾지 못했습니다 (file not found in the Kaggle "
            f"download). {ASL_PAGE} 에서 직접 받아 넣으세요 (fetch it by hand)."
        )
    return matches[0]


def kaggle_download(dest_dir: Path) -> Path:
    """Download (or reuse kagglehub's cache of) the Sign Language MNIST data set."""
    kagglehub = import_kagglehub()
    try:
        return Path(kagglehub.dataset_download(ASL_DATASET))
    except Exception as err:
        raise DownloadError(
            f"Kaggle 에서 {ASL_DATASET} 을(를) 받지 못했습니다 (Kaggle download failed): {err}\n"
            f"  인터넷 연결을 확인하거나 {ASL_PAGE} 에서 직접 받아 sign_mnist_train.csv, "
            f"sign_mnist_test.csv 를 {dest_dir} 에 넣으세요 (check the connection, or fetch "
            f"the files by hand into {dest_dir})."
        ) from err


def asl_present(dest_dir: Path, expected_rows: dict[str, int | None]) -> bool:
    """Return True if every ASL CSV is already in dest_dir and valid."""
    for name, rows in expected_rows.items():
        path = Path(dest_dir) / name
        if not path.exists():
            return False
        try:
            validate_asl_csv(path, rows)
        except DownloadError as err:
            print(f"다시 받습니다 (downloading again): {err}")
            return False
    return True


def copy_checked(source: Path, dest: Path, expected_rows: int | None) -> None:
    """Copy source to dest via a .part file, keeping it only if it validates."""
    part = dest.with_name(dest.name + PART_SUFFIX)
    shutil.copyfile(source, part)
    try:
        validate_asl_csv(part, expected_rows)
    except DownloadError:
        part.unlink()
        raise
    part.replace(dest)


def fetch_asl(
    dest_dir: Path, force: bool = False, expected_rows: dict[str, int | None] | None = None
) -> list[Path]:
    """Get the Sign Language MNIST CSVs into dest_dir via kagglehub and validate them."""
    expected_rows = ASL_ROWS if expected_rows is None else expected_rows
    dest_dir = Path(dest_dir)
    paths = [dest_dir / name for name in expected_rows]
    if not force and asl_present(dest_dir, expected_rows):
        print(f"이미 있음, 건너뜀 (already present and valid): {', '.join(expected_rows)}")
        return paths
    root = kaggle_download(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    for path, rows in zip(paths, expected_rows.values(), strict=True):
        copy_checked(find_file(root, path.name), path, rows)
        print(f"복사, 검사 통과 (copied, valid): {path}  sha256 {sha256_file(path)}")
    return paths


# ---------------------------------------------------------------------------------------------
# SHA256SUMS and command line
# ---------------------------------------------------------------------------------------------


def data_files(directory: Path) -> list[Path]:
    """List the data files in directory (no hidden, .part or SHA256SUMS files)."""
    return sorted(
        p
        for p in Path(directory).iterdir()
        if p.is_file()
        and p.name != SUMS_FILE
        and not p.name.startswith(".")
        and not p.name.endswith(PART_SUFFIX)
    )


def write_sha256sums(directory: Path, files: Iterable[Path] | None = None) -> Path:
    """Write directory/SHA256SUMS in `sha256sum` format for the given (or all data) files."""
    directory = Path(directory)
    files = data_files(directory) if files is None else files
    lines = [f"{sha256_file(p)}  {Path(p).name}\n" for p in files]
    out = directory / SUMS_FILE
    out.write_text("".join(lines), encoding="utf-8")
    return out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description="Download the course data sets (MNIST, Sign Language MNIST) into DIR."
    )
    parser.add_argument("--dest", required=True, type=Path, help="target directory (DIR)")
    parser.add_argument("--only", choices=["mnist", "asl"], help="fetch only this data set")
    parser.add_argument("--force", action="store_true", help="download again even if present")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the downloads; return the process exit status."""
    args = parse_args(argv)
    dest = args.dest.expanduser().resolve()
    try:
        if args.only in (None, "mnist"):
            fetch_mnist(dest, args.force, MNIST_URL, MNIST_SHA256)
        if args.only in (None, "asl"):
            fetch_asl(dest, args.force)
        sums = write_sha256sums(dest)
    except DownloadError as err:
        print(f"오류 (error): {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "\n중단됨: 다시 실행하면 이어받습니다 (interrupted; rerun to resume).", file=sys.stderr
        )
        return 130
    print(f"\n체크섬 기록 (checksums written): {sums}  ->  cd {dest} && sha256sum -c {SUMS_FILE}")
    print("노트북이 이 폴더를 쓰도록 설정하세요 (point the notebooks at this folder):")
    print(f"  export COURSE_DATA_DIR={dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
