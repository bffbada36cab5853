"""Offline tests for data/download.py, using a local HTTP server that supports Range."""

import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import threading
import types
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "data" / "download.py"
PAYLOAD = bytes(range(256)) * 400 + b"end"  # ~100 kB, not a multiple of the chunk size
PAYLOAD_SHA256 = hashlib.sha256(PAYLOAD).hexdigest()


def load_script() -> types.ModuleType:
    """Import data/download.py as a module (the repository has no package)."""
    spec = importlib.util.spec_from_file_location("course_download", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


dl = load_script()


def shared_data_dir() -> Path:
    """The offline data: $COURSE_DATA_DIR if set, else <repo>/../shared/data."""
    env = os.environ.get("COURSE_DATA_DIR")
    return Path(env) if env else REPO.parent / "shared" / "data"


ASL_SAMPLE = shared_data_dir() / "asl_sample"


class Handler(BaseHTTPRequestHandler):
    """Serve PAYLOAD at any path, honouring `Range: bytes=N-` unless the server says not to."""

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self.server.requests.append(dict(self.headers))
        start = 0
        header = self.headers.get("Range")
        if header and self.server.honour_range:
            start = int(re.fullmatch(r"bytes=(\d+)-", header).group(1))
            if start >= len(PAYLOAD):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(PAYLOAD)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(PAYLOAD) - 1}/{len(PAYLOAD)}")
        else:
            self.send_response(200)
        body = PAYLOAD[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Keep the test output quiet."""


def start_server(honour_range: bool) -> ThreadingHTTPServer:
    """Start a Range-aware (or Range-ignoring) server on 127.0.0.1 in a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.honour_range = honour_range
    server.requests = []
    threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()
    return server


@pytest.fixture
def server():
    srv = start_server(honour_range=True)
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def plain_server():
    srv = start_server(honour_range=False)
    yield srv
    srv.shutdown()
    srv.server_close()


def url_of(srv: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{srv.server_address[1]}/file.bin"


def range_headers(srv: ThreadingHTTPServer) -> list[str | None]:
    return [r.get("Range") for r in srv.requests]


# --- HTTP download ----------------------------------------------------------------------------


def test_full_download_verifies(server, tmp_path):
    dest = tmp_path / "file.bin"
    assert dl.download(url_of(server), dest, PAYLOAD_SHA256) is True
    assert dest.read_bytes() == PAYLOAD
    assert not (tmp_path / "file.bin.part").exists()
    assert range_headers(server) == [None]


def test_resume_sends_range_and_appends(server, tmp_path):
    dest = tmp_path / "file.bin"
    half = len(PAYLOAD) // 2
    (tmp_path / "file.bin.part").write_bytes(PAYLOAD[:half])
    dl.download(url_of(server), dest, PAYLOAD_SHA256)
    assert range_headers(server) == [f"bytes={half}-"]
    assert dl.sha256_file(dest) == PAYLOAD_SHA256


def test_server_ignoring_range_restarts(plain_server, tmp_path):
    dest = tmp_path / "file.bin"
    (tmp_path / "file.bin.part").write_bytes(b"stale bytes that must be dropped")
    dl.download(url_of(plain_server), dest, PAYLOAD_SHA256)
    assert range_headers(plain_server) == ["bytes=32-"]
    assert dest.read_bytes() == PAYLOAD


def test_unsatisfiable_range_restarts(server, tmp_path):
    dest = tmp_path / "file.bin"
    (tmp_path / "file.bin.part").write_bytes(PAYLOAD + b"too long")
    dl.download(url_of(server), dest, PAYLOAD_SHA256)
    assert range_headers(server) == [f"bytes={len(PAYLOAD) + 8}-", None]
    assert dest.read_bytes() == PAYLOAD


def test_wrong_hash_deletes_and_raises(server, tmp_path):
    dest = tmp_path / "file.bin"
    with pytest.raises(dl.DownloadError, match="체크섬 불일치"):
        dl.download(url_of(server), dest, "0" * 64)
    assert list(tmp_path.iterdir()) == []


def test_wrong_hash_exits_nonzero(server, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(dl, "MNIST_URL", url_of(server))
    monkeypatch.setattr(dl, "MNIST_SHA256", "0" * 64)
    assert dl.main(["--dest", str(tmp_path), "--only", "mnist"]) == 1
    assert "체크섬 불일치" in capsys.readouterr().err
    assert not (tmp_path / "mnist.npz").exists()
    assert not (tmp_path / "mnist.npz.part").exists()


def test_present_verified_file_is_skipped(server, tmp_path):
    dest = tmp_path / "file.bin"
    dest.write_bytes(PAYLOAD)
    assert dl.download(url_of(server), dest, PAYLOAD_SHA256) is False
    assert server.requests == []
    assert dl.download(url_of(server), dest, PAYLOAD_SHA256, force=True) is True
    assert len(server.requests) == 1


def test_present_corrupt_file_is_replaced(server, tmp_path):
    dest = tmp_path / "file.bin"
    dest.write_bytes(b"corrupt")
    assert dl.download(url_of(server), dest, PAYLOAD_SHA256) is True
    assert dest.read_bytes() == PAYLOAD


def test_network_error_is_clear_and_keeps_part(tmp_path):
    srv = start_server(honour_range=True)
    url = url_of(srv)
    srv.shutdown()
    srv.server_close()  # nothing listens on this port any more
    part = tmp_path / "file.bin.part"
    part.write_bytes(b"partial")
    with pytest.raises(dl.DownloadError, match="인터넷 연결을 확인"):
        dl.download(url, tmp_path / "file.bin", PAYLOAD_SHA256, timeout=5)
    assert part.read_bytes() == b"partial"


def test_simple_progress_prints_percentage(capsys):
    bar = dl.SimpleProgress(total=200, initial=50, desc="x")
    bar.update(50)
    bar.close()
    err = capsys.readouterr().err
    assert " 25%" in err and " 50%" in err and err.endswith("\n")


# --- SHA256SUMS -------------------------------------------------------------------------------


def test_sha256sums_format(tmp_path):
    csv_text = b"label\n1\n"
    (tmp_path / "b.csv").write_bytes(csv_text)
    (tmp_path / "a.npz").write_bytes(PAYLOAD)
    (tmp_path / "a.npz.part").write_bytes(b"ignored")
    sums = dl.write_sha256sums(tmp_path)
    lines = sums.read_text().splitlines()
    assert lines == [
        f"{PAYLOAD_SHA256}  a.npz",
        f"{hashlib.sha256(csv_text).hexdigest()}  b.csv",
    ]
    if shutil.which("sha256sum"):
        check = subprocess.run(
            ["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True
        )
        assert check.returncode == 0, check.stdout + check.stderr


# --- MNIST structure --------------------------------------------------------------------------


def test_mnist_structure_rejects_wrong_shapes(tmp_path):
    np = pytest.importorskip("numpy")
    path = tmp_path / "mnist.npz"
    small = np.zeros((10, 28, 28), np.uint8)
    np.savez(path, x_train=small, y_train=small[:, 0, 0], x_test=small, y_test=small[:, 0, 0])
    with pytest.raises(dl.DownloadError, match="구조"):
        dl.check_mnist_npz(path)


def test_mnist_structure_accepts_offline_copy():
    pytest.importorskip("numpy")
    path = shared_data_dir() / "mnist.npz"
    if not path.exists():
        pytest.skip(f"no offline MNIST at {path}")
    assert dl.check_mnist_npz(path) is True


# --- ASL CSV ----------------------------------------------------------------------------------

HEADER = ",".join(dl.ASL_HEADER)


def write_csv(path: Path, header: str, labels: list[int], pixel: int = 0) -> Path:
    rows = [header] + [",".join([str(lab)] + [str(pixel)] * 784) for lab in labels]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_asl_validator_accepts_real_sample():
    sample = ASL_SAMPLE / "sign_mnist_train.csv"
    if not sample.exists():
        pytest.skip(f"no ASL sample at {sample}")
    rows = dl.validate_asl_csv(sample, expected_rows=None)
    assert rows > 0
    assert dl.validate_asl_csv(sample, expected_rows=rows) == rows
    with pytest.raises(dl.DownloadError, match="행 수"):
        dl.validate_asl_csv(sample, expected_rows=27455)


def test_asl_validator_accepts_small_valid_file(tmp_path):
    path = write_csv(tmp_path / "ok.csv", HEADER, [0, 8, 10, 24], pixel=255)
    assert dl.validate_asl_csv(path, expected_rows=4) == 4


def test_asl_validator_rejects_wrong_header(tmp_path):
    path = write_csv(tmp_path / "bad.csv", HEADER.replace("pixel1,", "px1,"), [0])
    with pytest.raises(dl.DownloadError, match="header"):
        dl.validate_asl_csv(path, expected_rows=None)


@pytest.mark.parametrize("label", [9, 25, -1])
def test_asl_validator_rejects_bad_label(tmp_path, label):
    path = write_csv(tmp_path / "bad.csv", HEADER, [0, label])
    with pytest.raises(dl.DownloadError, match="label"):
        dl.validate_asl_csv(path, expected_rows=None)


def test_asl_validator_rejects_bad_pixel(tmp_path):
    path = write_csv(tmp_path / "bad.csv", HEADER, [0], pixel=256)
    with pytest.raises(dl.DownloadError, match="pixel"):
        dl.validate_asl_csv(path, expected_rows=None)


def test_fetch_asl_with_fake_kagglehub(tmp_path, monkeypatch):
    if not (ASL_SAMPLE / "sign_mnist_train.csv").exists():
        pytest.skip(f"no ASL sample at {ASL_SAMPLE}")
    kaggle_dir = tmp_path / "kaggle"
    for name in dl.ASL_ROWS:
        nested = kaggle_dir / name.removesuffix(".csv")
        nested.mkdir(parents=True)
        shutil.copy(ASL_SAMPLE / name, nested / name)
    calls = []

    def dataset_download(handle: str) -> str:
        calls.append(handle)
        return str(kaggle_dir)

    monkeypatch.setitem(
        sys.modules, "kagglehub", types.SimpleNamespace(dataset_download=dataset_download)
    )
    rows = {name: None for name in dl.ASL_ROWS}
    dest = tmp_path / "dest"
    paths = dl.fetch_asl(dest, expected_rows=rows)
    assert calls == ["datamunge/sign-language-mnist"]
    for path in paths:
        assert path.read_bytes() == (ASL_SAMPLE / path.name).read_bytes()
    dl.fetch_asl(dest, expected_rows=rows)  # already present: kagglehub is not asked again
    assert len(calls) == 1


def test_missing_kagglehub_says_pip_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "kagglehub", None)  # makes `import kagglehub` fail
    with pytest.raises(dl.DownloadError, match="pip install kagglehub"):
        dl.fetch_asl(tmp_path)
