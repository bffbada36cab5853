"""Checked at release: what grading relies on in the source notebook.

Grading runs only the import statements of the cells tagged "setup", the answer cells and the
check cells (`grading`, `evaluate`). A notebook written the usual nbgrader way, with its data
prepared in an ordinary cell, releases fine and then fails every student with a NameError. So
`release` refuses a notebook whose check cells read a name that will not exist when they run:
not imported by a setup cell, not a graded function or class of an answer cell, not bound by
that check cell or an earlier one, not a builtin. The message says what to change.
"""

import ast
import builtins

from .assemble import SourceSpec, parsed

HOW_TO = (
    "setup 태그 셀에서 import 하거나, 답안 셀의 함수/클래스로 만들거나, 검사 셀 안에서 "
    "만드세요 (import it in a cell tagged 'setup', define it as a function or class in an "
    "answer cell, or build it in the check cell itself)"
)


def imported_names(setup: list[str]) -> set[str]:
    """The names the setup cells' import statements bind (all that grading runs of them)."""
    names = set()
    for source in setup:
        for node in parsed(source).body:
            if isinstance(node, ast.Import):
                names |= {a.asname or a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                names |= {a.asname or a.name for a in node.names}
    return names


def bound_names(tree: ast.AST) -> set[str]:
    """Every name a cell binds anywhere (assignments, loops, defs, imports, parameters...)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.MatchAs | ast.MatchStar) and node.name:
            names.add(node.name)
    return names


def read_names(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def source_problems(spec: SourceSpec) -> list[str]:
    """What would break grading, one line per check cell and missing name ([] when none)."""
    problems = []
    if spec.tests and not spec.setup:
        problems.append(
            "'setup' 태그가 붙은 셀이 없습니다: 채점은 그 셀의 import 만 실행합니다 "
            "(no cell is tagged 'setup': grading runs only the imports of such cells)"
        )
    known = imported_names(spec.setup) | set(spec.rules.graded) | set(dir(builtins))
    for test in spec.tests:
        source = "\n".join(part.source for part in test.parts)
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError) as exc:
            problems.append(f"{test.grade_id}: 검사 셀 문법 오류 (syntax error): {exc}")
            continue
        own = bound_names(tree)
        for name in sorted(read_names(tree) - own - known):
            problems.append(
                f"{test.grade_id}: '{name}' 는 채점 때 없습니다 (not defined when graded)"
            )
        known |= own
    return problems


def report(aid: str, problems: list[str]) -> str:
    lines = "\n".join(f"  - {p}" for p in problems)
    return f"{aid}: 채점할 수 없는 원본입니다 (grading would fail):\n{lines}\n  {HOW_TO}"
