"""Command line: `python -m autograde release ...` and `python -m autograde grade ...`."""

import argparse
import math
import shlex
import sys
from pathlib import Path

from . import REPO_ROOT

ROOT_HELP = "코스 루트: solutions/ 가 있는 폴더 (course root, default: repository)"


GRADE_EPILOG = """\
제출물 형식 (accepted layouts in --submissions, a folder or a .zip of one):
  DIR/<학번>.ipynb
  DIR/<학번>/<아무 이름>.ipynb     (하위 폴더 어디든; 여러 개면 <AID>.ipynb)
  DIR/<학번>.zip                   (zip 안 어디든; 여러 개면 <AID>.ipynb)
  DIR/<학번>/<AID>/*.ipynb          (nbgrader 의 submitted/; 원본은 source/<AID>/ 도 됩니다)
  숨김 파일, .ipynb_checkpoints/, __MACOSX/ 는 무시하고, 심볼릭 링크는 따라가지 않습니다.

--out 에 쓰는 것 (what is written where):
  grades.csv           문항별 점수 (one row per student and question)
  totals.csv           학생별 총점, 상태, 플래그 (one row per student)
  summary.html, summary.csv, summary/*.png   문항별 반 전체 요약 (per-question summary)
  feedback/<학번>.html 학생에게 줄 피드백 (숨긴 테스트의 코드는 없음; safe to hand out)
  overrides.csv        강사 점수 (student,grade_id,score,comment): 매번 적용, 덮어쓰지 않음
                       (instructor's scores, applied on every run, never overwritten)
  --gradebook PATH     nbgrader gradebook.db 와 PATH 옆 autograded/ (formgrader, nbgrader export)
  results/<학번>.json  채점 기록; 다시 실행하면 제출물, 원본 노트북, --timeout, 제한,
                       채점기 버전이 같은 것은 건너뜁니다 (re-runs skip these; --force regrades)
  지금 폴더에 없는 학생의 results/, feedback/ 파일은 지웁니다 (files of students no longer
  submitted are removed at the end of a run)

예 (example):
  python -m autograde grade --assignment 01_mnist --submissions ~/hw1.zip --out ~/hw1-grades
Ctrl-C 한 번: 몇 초 안에 멈추고 채점된 결과는 남깁니다; 같은 명령을 다시 실행하면 이어서 채점합니다
(one Ctrl-C stops within seconds and keeps finished results; run the same command to resume).
"""


def seconds(text: str) -> float:
    """argparse type of --timeout: a finite number of seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(
            f"0 보다 큰 초 단위 숫자여야 합니다 (must be a number of seconds > 0): {text!r}"
        )
    return value


def worker_count(text: str) -> int:
    """argparse type of --workers: a whole number, at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"1 이상의 정수여야 합니다 (must be a whole number >= 1): {text!r}"
        )
    return value


def root_option() -> argparse.ArgumentParser:
    """--root, also accepted after the subcommand (`grade --root DIR ...`)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=ROOT_HELP)
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograde", description="과제 배포와 자동 채점 (release and autograde)."
    )
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help=ROOT_HELP)
    sub = parser.add_subparsers(dest="command", required=True)
    common = [root_option()]

    rel = sub.add_parser("release", parents=common, help="solutions/<aid>/ 로 course/<aid>/ 재생성")
    rel.add_argument("aids", nargs="*", metavar="AID", help="과제 id (없으면 전부)")
    rel.add_argument("--out", type=Path, help="course/ 대신 쓸 폴더 (output folder)")

    grd = sub.add_parser(
        "grade",
        parents=common,
        help="제출물 채점 (grade submissions)",
        description="제출물을 채점합니다 (grade every submission of one assignment).",
        epilog=GRADE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    grd.add_argument("--assignment", required=True, metavar="AID", help="과제 id, 예: 01_mnist")
    grd.add_argument(
        "--submissions", required=True, type=Path, help="제출물 폴더 또는 zip (folder or zip)"
    )
    grd.add_argument("--out", required=True, type=Path, help="결과 폴더 (output folder)")
    grd.add_argument(
        "--workers", type=worker_count, default=None, help="동시 채점 수 (default: CPU 수)"
    )
    grd.add_argument("--timeout", type=seconds, default=120, help="셀당 시간 제한 초 (default 120)")
    grd.add_argument("--force", action="store_true", help="이미 채점된 제출물도 다시 채점")
    grd.add_argument(
        "--gradebook",
        type=Path,
        help="nbgrader gradebook.db 에도 기록 (also write nbgrader's gradebook)",
    )
    grd.add_argument(
        "--no-sandbox",
        action="store_true",
        help="bubblewrap 없이 채점 (unsafe: no isolation; every report says so)",
    )
    grd.add_argument(
        "--cold",
        action="store_true",
        help="fork server 없이 제출물마다 새 샌드박스 (slower; every sandbox starts cold)",
    )

    from .benchmark import add_parser as add_benchmark_parser

    add_benchmark_parser(sub, common)
    from .export import add_parser as add_export_parser

    add_export_parser(sub, common)
    from .gradescope import add_parser as add_gradescope_parser

    add_gradescope_parser(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .interrupt import Interrupted, requested
    from .release import ReleaseError
    from .sandbox import SandboxUnavailable
    from .submissions import SubmissionError

    try:
        if args.command == "release":
            from .release import release

            release(args.aids, root=args.root, out=args.out)
        elif args.command == "benchmark":
            from .benchmark import run_from_args

            return run_from_args(args)
        elif args.command == "export":
            from .export import run_from_args as export_from_args

            return export_from_args(args)
        elif args.command == "gradescope":
            from .gradescope import build_from_args

            return build_from_args(args)
        else:
            from .grading import grade
            from .sandbox import SandboxConfig

            grade(
                args.assignment,
                args.submissions,
                args.out,
                root=args.root,
                workers=args.workers,
                timeout=args.timeout,
                force=args.force,
                gradebook=args.gradebook,
                sandbox=SandboxConfig(enabled=not args.no_sandbox, warm=not args.cold),
            )
    except Interrupted as stop:
        again = shlex.join(["python", "-m", "autograde", *(sys.argv[1:] if argv is None else argv)])
        print(f"다시 실행 (resume with): {again}", file=sys.stderr)
        return stop.exit_code
    except (ReleaseError, SubmissionError, SandboxUnavailable) as exc:
        if requested() is not None:  # the signal made it fail (a killed sandbox probe)
            return 128 + requested()
        print(f"오류 (error): {exc}", file=sys.stderr)
        return 2
    return 0
