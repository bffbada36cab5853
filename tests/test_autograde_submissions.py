"""Collecting submissions: layouts, notebook choice, zip safety (no kernels)."""

import os
import unicodedata
import zipfile

import pytest

from autograde import submissions
from autograde.submissions import SubmissionError, collect

AID = "00_demo"
NB = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


def put(path, data=NB):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def by_id(subs):
    return {s.student_id: s for s in subs}


def test_layouts(tmp_path):
    put(tmp_path / "alice.ipynb")
    put(tmp_path / "bob" / "deep" / "whatever.ipynb")
    put(tmp_path / "bob" / ".ipynb_checkpoints" / "whatever-checkpoint.ipynb")
    put(tmp_path / "carol" / f"{AID}.ipynb")
    put(tmp_path / "carol" / "scratch.ipynb")
    put(tmp_path / "dave" / "a.ipynb")
    put(tmp_path / "dave" / "b.ipynb")
    put(tmp_path / "erin")  # not a notebook
    (tmp_path / "frank").mkdir()
    with zipfile.ZipFile(tmp_path / "gina.zip", "w") as zf:
        zf.writestr("x/y/z.ipynb", NB)
        zf.writestr("__MACOSX/x/y/._z.ipynb", b"junk")
    put(tmp_path / ".DS_Store", b"")
    subs = by_id(collect(tmp_path, AID, tmp_path / "scratch"))
    assert sorted(subs) == ["alice", "bob", "carol", "dave", "frank", "gina"]
    assert subs["alice"].problem is None and subs["alice"].member is None
    assert subs["bob"].path.endswith("whatever.ipynb")
    assert subs["carol"].path.endswith(f"{AID}.ipynb")
    assert "여러 개" in subs["dave"].problem
    assert "없습니다" in subs["frank"].problem
    assert subs["gina"].member == "x/y/z.ipynb"
    assert subs["gina"].read_bytes() == NB
    assert all(len(s.sha256) == 64 for s in subs.values())


def test_student_ids_are_nfc(tmp_path):
    put(tmp_path / (unicodedata.normalize("NFD", "김철수") + ".ipynb"))
    (sub,) = collect(tmp_path, AID, tmp_path / "scratch")
    assert sub.student_id == "김철수"


def test_unsafe_student_zip_is_invalid(tmp_path):
    with zipfile.ZipFile(tmp_path / "mallory.zip", "w") as zf:
        zf.writestr("../../evil.ipynb", NB)
    (sub,) = collect(tmp_path, AID, tmp_path / "scratch")
    assert "unsafe path" in sub.problem


def test_bad_student_zip_is_invalid(tmp_path):
    put(tmp_path / "oscar.zip", b"not a zip")
    (sub,) = collect(tmp_path, AID, tmp_path / "scratch")
    assert "bad zip" in sub.problem


def test_zip_size_cap(tmp_path, monkeypatch):
    with zipfile.ZipFile(tmp_path / "big.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.ipynb", b" " * 10000)
    monkeypatch.setattr(submissions, "MAX_ZIP_BYTES", 1000)
    (sub,) = collect(tmp_path, AID, tmp_path / "scratch")
    assert "너무 큽니다" in sub.problem


def test_zip_dir_traversal_is_refused(tmp_path):
    archive = tmp_path / "all.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("alice.ipynb", NB)
        zf.writestr("../outside.ipynb", NB)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with pytest.raises(SubmissionError):
        collect(archive, AID, scratch)
    assert not (tmp_path / "outside.ipynb").exists()


def test_zip_dir_layouts(tmp_path):
    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("submissions/alice.ipynb", NB)
        zf.writestr("submissions/bob/hw.ipynb", NB)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    assert sorted(by_id(collect(archive, AID, scratch))) == ["alice", "bob"]


def test_missing_dir(tmp_path):
    with pytest.raises(SubmissionError):
        collect(tmp_path / "nope", AID, tmp_path)


def test_links_are_never_followed(tmp_path):
    secret = tmp_path / "elsewhere" / "solution.ipynb"
    put(secret)
    subs_dir = tmp_path / "subs"
    subs_dir.mkdir()
    (subs_dir / "linked.ipynb").symlink_to(secret)
    (subs_dir / "linked_dir").symlink_to(secret.parent)
    put(subs_dir / "inner" / "mine.ipynb")
    (subs_dir / "inner" / "theirs.ipynb").symlink_to(secret)
    subs = by_id(collect(subs_dir, AID, tmp_path / "scratch"))
    assert submissions.LINK == subs["linked"].problem == subs["linked_dir"].problem
    assert subs["inner"].problem is None and subs["inner"].path.endswith("mine.ipynb")


def test_names_equal_after_normalisation_are_both_kept_and_flagged(tmp_path):
    put(tmp_path / (unicodedata.normalize("NFC", "김철수") + ".ipynb"), NB)
    put(tmp_path / (unicodedata.normalize("NFD", "김철수") + ".ipynb"), NB + b" ")
    put(tmp_path / "lee.ipynb")
    put(tmp_path / "lee" / "work.ipynb")
    subs = by_id(collect(tmp_path, AID, tmp_path / "scratch"))
    assert sorted(subs) == ["lee", "lee (2)", "김철수", "김철수 (2)"]
    assert len({subs["김철수"].sha256, subs["김철수 (2)"].sha256}) == 2
    assert all(submissions.SAME_NAME in s.flags for s in subs.values())


def test_long_and_control_character_names_get_safe_file_stems(tmp_path):
    long_name = "가" * 80  # 240 bytes: <id>.json would pass NAME_MAX
    put(tmp_path / long_name / "work.ipynb")
    put(tmp_path / "evil\x1b[2J\u202e.ipynb")
    subs = by_id(collect(tmp_path, AID, tmp_path / "scratch"))
    assert "evil_[2J_" in subs
    stem = submissions.file_stem(long_name)
    assert len(stem.encode()) <= submissions.MAX_STEM_BYTES + 11 and stem != long_name
    assert submissions.file_stem(long_name + "나") != stem
    assert submissions.file_stem("kim") == "kim"


def test_names_that_are_not_utf8_are_collected_as_text(tmp_path):
    put(tmp_path / os.fsdecode(b"\xb1\xe8.ipynb"), NB)  # CP949 bytes, as an old zip leaves them
    put(tmp_path / os.fsdecode(b"\xb0\xfa") / os.fsdecode(b"\xc1\xa6.ipynb"), NB)
    put(tmp_path / os.fsdecode(b"\xb0\xfa") / "b.ipynb", NB)
    subs = collect(tmp_path, AID, tmp_path / "scratch")
    assert sorted(s.student_id for s in subs) == ["\ufffd\ufffd", "\ufffd\ufffd (2)"]
    for sub in subs:  # every text an output file holds is UTF-8
        (sub.student_id + (sub.problem or "") + "".join(sub.flags)).encode("utf-8")
    assert "b.ipynb" in next(s.problem for s in subs if s.problem)


def test_a_zip_member_on_a_windows_drive_is_unsafe(tmp_path):
    with zipfile.ZipFile(tmp_path / "mallory.zip", "w") as zf:
        zf.writestr("C:evil.ipynb", NB)
    (sub,) = collect(tmp_path, AID, tmp_path / "scratch")
    assert "unsafe path" in sub.problem
