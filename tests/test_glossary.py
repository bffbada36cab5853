"""One Korean term per concept: the notebooks' prose (markdown cells) uses the README glossary's
words, never the variants below, and avoids two habits ("곧" for "즉", "배열을 들고 있다")."""

import re

import nbformat
import pytest
from conftest import REPO, SOLUTIONS, assignment_ids

# rejected variant (a regular expression) -> the glossary's term (README.md)
REJECTED = {
    r"그래디언트|그레이디언트|경사도": "기울기",
    r"경사하강법": "경사 하강법",
    r"보폭|걸음": "스텝",
    r"(?:\d|한|몇|첫|두|세|매)\s?단계": "스텝",
    r"배치\s?사이즈|배치크기": "배치 크기",
    r"미니 배치": "미니배치",
    r"조기종료|조기 멈춤|얼리 스토핑": "조기 종료",
    r"(?<![가-힣])피처|특징량": "특성",
    r"브로드캐스트": "브로드캐스팅",
    r"곡율": "곡률",
    r"적률": "모멘트",
    r"중앙 차분": "중심 차분",
    r"전방 차분": "전진 차분",
}
# habits of style -> what to write instead
HABITS = {
    r"(?<![가-힣])곧 ": "'곧'을 '즉'의 뜻으로 쓰지 말고 '즉'이라고 쓰세요",
    r"들고 있": "'배열을 들고 있다' 대신 '담는다', '가리킨다'라고 쓰세요",
}


def prose_lines(assignment):
    notebook = nbformat.read(SOLUTIONS / assignment / f"{assignment}.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                yield cell.id, line


@pytest.mark.parametrize("assignment", assignment_ids())
def test_prose_uses_the_glossary_terms(assignment):
    found = [
        f"{cell_id}: {match.group(0)!r} -> {term}  ({line.strip()[:60]})"
        for cell_id, line in prose_lines(assignment)
        for pattern, term in (REJECTED | HABITS).items()
        for match in re.finditer(pattern, line)
    ]
    assert not found, "용어집(README)과 다른 말:\n" + "\n".join(found)


def test_glossary_has_every_chosen_term():
    glossary = (REPO / "README.md").read_text("utf-8").split("### 용어 (glossary)")[1]
    missing = {term for term in REJECTED.values() if term not in glossary}
    assert not missing, f"README의 용어집에 없는 용어: {missing}"


def test_the_check_finds_a_rejected_variant():
    line = "학습률만큼의 보폭으로 그래디언트의 반대 방향, 곧 내리막으로 한 단계 갑니다."
    hits = [pattern for pattern in REJECTED | HABITS if re.search(pattern, line)]
    assert len(hits) == 4
    assert not any(re.search(p, "교차 엔트로피처럼 곧게 세 가지 단계") for p in REJECTED | HABITS)
