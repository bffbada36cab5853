"""Flags for the instructor: what in a submission looks like tampering or a mix-up.

Flags never change a score (the sandbox and the grader-side tests decide that); they point the
instructor at submissions worth a look. Static flags come from the answer cells' text; the
sandbox adds its own (process died, time or memory limit, changed builtins or hooks).
"""

import re
from functools import cache
from pathlib import Path

from .assemble import grade_id_of, read_source

PATTERNS = [
    (r"\bglobals\s*\(\s*\)", "전역 이름 바꿔치기 (globals())"),
    (r"set_custom_exc", "IPython 예외 처리기 교체 (set_custom_exc)"),
    (r"input_transformers|ast_transformers", "IPython 입력 변환기 (input transformer)"),
    (r"events\s*\.\s*register|pre_run_cell|post_run_cell", "IPython 이벤트 훅 (event hook)"),
    (r"sys\s*\.\s*modules", "모듈 바꿔치기 (sys.modules)"),
    (r"\bbuiltins\b|__builtins__", "내장 함수 변경 (builtins)"),
    (r"testing\s*\.\s*\w+\s*=|setattr\(\s*(np|numpy)", "검사 함수 무력화 (patched np.testing)"),
    (r"def\s+__eq__|__eq__\s*=", "__eq__ 재정의 (custom __eq__)"),
    (r"os\s*\.\s*_exit|os\s*\.\s*kill|sys\s*\.\s*exit", "프로세스 종료 시도 (os._exit / exit)"),
    (r"\bsocket\b|urllib|http\.client|\brequests\b", "네트워크 접근 시도 (network access)"),
    (
        r"os\s*\.\s*fork|subprocess|multiprocessing|os\s*\.\s*system|os\s*\.\s*popen",
        "프로세스 생성 (fork / subprocess)",
    ),
    (
        r"open\(\s*[\"']/|\.\./|solutions/|[\"']/(work|root|home|opt|srv|submission)\b|glob\(|os\.walk",
        "밖의 파일 접근 (outside files)",
    ),
]


def static_flags(answers: dict[str, str | None]) -> list[str]:
    """Flags for suspicious code in the answer cells, each with the cells it appears in."""
    flags = []
    for pattern, label in PATTERNS:
        where = [gid for gid, src in answers.items() if src and re.search(pattern, src)]
        if where:
            flags.append(f"의심 코드 (suspicious code) {label}: {', '.join(where)}")
    return flags


@cache
def answer_ids(source: Path) -> frozenset[str]:
    return frozenset(a.grade_id for a in read_source(source).answers)


def another_assignment(nb, aid: str, root: Path) -> list[str]:
    """A flag when the notebook's graded cells belong to another assignment's notebook."""
    found = {grade_id_of(c) for c in nb.cells if isinstance(c, dict)} - {None}
    if not found:
        return []
    sources = sorted(Path(root).glob("solutions/*/*.ipynb"))
    scores = {p.parent.name: len(found & answer_ids(p)) for p in sources if p.stem == p.parent.name}
    mine = scores.pop(aid, 0)
    best = max(scores, key=scores.get, default=None)
    if best is None or scores[best] <= mine:
        return []
    return [f"다른 과제의 노트북 (another assignment's notebook): {best}"]
