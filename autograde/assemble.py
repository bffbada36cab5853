"""Build the grading notebook: source setup/test cells + the student's answer cells."""

import ast
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .runner import lazy_bindings
from .sandbox import LAZY_PACKAGES

BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
DEF_LINE = re.compile(r"^(?:async\s+def|def|class)\s+([A-Za-z_]\w*)", re.MULTILINE)


class InvalidNotebook(ValueError):
    """The student's file is not a usable notebook."""


@dataclass
class AnswerCell:
    grade_id: str
    cell_id: str | None
    names: frozenset[str]


@dataclass
class TestPart:
    source: str
    hidden: bool


@dataclass
class TestCell:
    grade_id: str
    points: float
    answer_id: str | None
    parts: list[TestPart]


@dataclass
class ManualCell:
    """A cell nbgrader grades by hand: a graded answer (`solution` and `grade`) or a task."""

    grade_id: str
    points: float
    cell_id: str | None
    cell_type: str  # code | markdown


@dataclass(frozen=True)
class CallRules:
    """How the checks may use the student's names, from the solution's answer cells.

    graded: the functions and classes the answer cells are graded on (the only student names
    the checks see); writable: {name: (positions, keywords)} of the arguments a function is
    documented to change in place (answer-cell metadata `autograde.modifies`, e.g.
    {"update": ["params"]}); signatures: {name: parameter names}, for hints."""

    graded: frozenset = frozenset()
    writable: dict = field(default_factory=dict)
    signatures: dict = field(default_factory=dict)


@dataclass
class SourceSpec:
    """What the grader needs from the instructor's source notebook."""

    setup: list[str] = field(default_factory=list)
    items: list[AnswerCell | TestCell] = field(default_factory=list)
    preload: list[str] = field(default_factory=list)  # heavy packages the solutions use
    rules: CallRules = field(default_factory=CallRules)
    manual: list[ManualCell] = field(default_factory=list)  # not run; `manual.manual_rows`

    @property
    def answers(self) -> list[AnswerCell]:
        return [i for i in self.items if isinstance(i, AnswerCell)]

    @property
    def tests(self) -> list[TestCell]:
        return [i for i in self.items if isinstance(i, TestCell)]


@dataclass
class Match:
    """The student's cell used for one source answer cell (source None = missing)."""

    source: str | None
    how: str  # grade_id | cell_id | def_names | missing | not_code
    reason: str = ""


@dataclass
class PlanCell:
    """One cell of the grading notebook; `group` cells stop after the first failure."""

    source: str
    group: str
    role: str  # setup | answer | test
    ref: str  # grade_id (or setup index)
    hidden: bool = False


def nbgrader_meta(cell) -> dict:
    meta = cell.get("metadata") or {}
    value = meta.get("nbgrader") if isinstance(meta, dict) else None
    return value if isinstance(value, dict) else {}


def stable_cell_ids(raw_cells: list) -> list[str]:
    """Cell ids of a notebook's raw JSON cells; missing ones become 'cell-<index>'.

    nbformat invents random ids for a 4.5 notebook without ids; the release and
    the grader both use these stable ones instead.
    """
    taken = {c.get("id") for c in raw_cells if isinstance(c, dict)}
    ids = []
    for index, cell in enumerate(raw_cells):
        cell_id = cell.get("id") if isinstance(cell, dict) else None
        if not cell_id:
            cell_id = f"cell-{index}"
            while cell_id in taken:
                cell_id += "-x"
            taken.add(cell_id)
        ids.append(cell_id)
    return ids


def grade_id_of(cell):
    return nbgrader_meta(cell).get("grade_id")


def cell_tags(cell) -> list:
    meta = cell.get("metadata") or {}
    tags = meta.get("tags") if isinstance(meta, dict) else None
    return tags if isinstance(tags, list) else []


def cell_source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def defined_names(source: str) -> frozenset[str]:
    """Top-level def/class names (regex fallback when the code does not parse)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return frozenset(DEF_LINE.findall(source))
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return frozenset(node.name for node in tree.body if isinstance(node, kinds))


def split_hidden(source: str) -> list[TestPart]:
    """Split a test cell at the hidden-test markers (marker lines removed), in order."""
    parts: list[TestPart] = []
    lines: list[str] = []
    hidden = False
    for line in source.splitlines():
        marker = BEGIN_HIDDEN if not hidden else END_HIDDEN
        if line.strip().startswith(marker):
            parts.append(TestPart("\n".join(lines), hidden))
            lines, hidden = [], not hidden
            continue
        lines.append(line)
    parts.append(TestPart("\n".join(lines), hidden))
    parts = [p for p in parts if p.source.strip()]
    if all(compiles(p.source) for p in parts):
        return parts
    # markers inside an indented block: run the whole cell as one hidden part
    return [TestPart(source, any(p.hidden for p in parts))]


def compiles(source: str) -> bool:
    try:
        compile(source, "<test>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def quiet_reads(text: str):
    """nbformat.reads without its warnings (missing ids are handled here)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return nbformat.reads(text, as_version=4)


def read_source(path) -> SourceSpec:
    """Parse the instructor's source notebook into a SourceSpec."""
    text = Path(path).read_text(encoding="utf-8")
    nb = quiet_reads(text)
    ids = stable_cell_ids(json.loads(text).get("cells", []))
    if len(ids) != len(nb.cells):
        ids = [c.get("id") for c in nb.cells]
    spec = SourceSpec()
    current: str | None = None
    solutions: list[str] = []
    modifies: dict[str, list[str]] = {}
    for cell, cell_id in zip(nb.cells, ids, strict=True):
        meta = nbgrader_meta(cell)
        if meta.get("task") or (meta.get("grade") and meta.get("solution")):
            points = float(meta.get("points") or 0)
            spec.manual.append(
                ManualCell(str(meta.get("grade_id", "")), points, cell_id, cell.cell_type)
            )
            continue
        if cell.cell_type != "code":
            continue
        if "setup" in cell_tags(cell):
            spec.setup.append(cell_source(cell))
        elif meta.get("solution"):
            current = str(meta.get("grade_id", ""))
            solutions.append(cell_source(cell))
            modifies |= (cell.metadata.get("autograde") or {}).get("modifies") or {}
            names = defined_names(cell_source(cell))
            spec.items.append(AnswerCell(current, cell_id, names))
        elif meta.get("grade"):
            parts = split_hidden(cell_source(cell))
            points = float(meta.get("points") or 0)
            spec.items.append(TestCell(str(meta.get("grade_id", "")), points, current, parts))
    spec.preload = heavy_packages_used(spec.setup, solutions)
    spec.rules = call_rules(spec, solutions, modifies, path)
    return spec


def call_rules(spec: SourceSpec, solutions: list[str], modifies: dict, path) -> CallRules:
    graded = frozenset(name for answer in spec.answers for name in answer.names)
    signatures: dict[str, list[str]] = {}
    for source in solutions:
        for name, params in signatures_of(parsed(source)):
            signatures.setdefault(name, params)
    writable = {}
    for name, params in modifies.items():
        known = signatures.get(name)
        if known is None or not isinstance(params, list) or not set(params) <= set(known):
            raise ValueError(f"{path}: autograde.modifies {name}: {params} not in {known}")
        positions = frozenset(known.index(p) for p in params)
        writable[name] = (positions, frozenset(params))
    return CallRules(graded, writable, signatures)


def signatures_of(tree: ast.Module):
    """(name, parameter names as called) of every function, method and class (its __init__)."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, parameter_names(node, method=False)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    decorators = [getattr(d, "id", "") for d in item.decorator_list]
                    params = parameter_names(item, method="staticmethod" not in decorators)
                    yield (node.name if item.name == "__init__" else item.name), params


def parameter_names(node, method: bool) -> list[str]:
    names = [a.arg for a in node.args.posonlyargs + node.args.args]
    return names[1:] if method else names


def heavy_packages_used(setup: list[str], answers: list[str]) -> list[str]:
    """The lazy packages (Keras...) whose setup-cell names the solution's answers use.

    A warm fork server imports them once per worker instead of once per submission.
    """
    bound: dict[str, str] = {}
    for node in (n for source in setup for n in parsed(source).body):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for key, module, _ in lazy_bindings(node, LAZY_PACKAGES):
                bound[key] = module
    used = {n.id for s in answers for n in ast.walk(parsed(s)) if isinstance(n, ast.Name)}
    return sorted({bound[name] for name in used if name in bound})


def parsed(source: str) -> ast.Module:
    try:
        return ast.parse(source)
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


def read_student(data: bytes):
    """Parse the student's notebook; raise InvalidNotebook with a Korean reason."""
    if not data.strip():
        raise InvalidNotebook("빈 파일입니다 (empty file)")
    try:
        text = data.decode("utf-8-sig")
        json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidNotebook(f"JSON 형식이 아닙니다 (invalid JSON): {exc}") from exc
    try:
        nb = quiet_reads(text)
    except Exception as exc:  # nbformat raises many kinds of errors
        raise InvalidNotebook(f"노트북 형식 오류 (not a notebook): {exc}") from exc
    if nb.get("nbformat") != 4:
        raise InvalidNotebook(f"nbformat 4 가 아닙니다 (nbformat={nb.get('nbformat')})")
    cells = nb.get("cells")
    if not isinstance(cells, list) or not cells:
        raise InvalidNotebook("셀이 없습니다 (no cells)")
    return nb


def find_by(cells, used: set[int], test) -> int | None:
    for index, cell in enumerate(cells):
        if index not in used and isinstance(cell, dict) and test(cell):
            return index
    return None


def match_answers(spec: SourceSpec, nb) -> dict[str, Match]:
    """Match each source answer cell to a student cell: by grade_id, else cell id, else the
    names it defines (Colab can strip metadata). Each pass runs over all answers before the
    next, weaker one, so a strong match is never taken by a weak one."""
    cells = nb.cells
    source_ids = {a.grade_id for a in spec.answers} | {t.grade_id for t in spec.tests}

    def by_grade_id(cell, answer):
        return grade_id_of(cell) == answer.grade_id

    def by_cell_id(cell, answer):
        return bool(answer.cell_id) and cell.get("id") == answer.cell_id

    def by_names(cell, answer):
        if not answer.names or cell.get("cell_type") != "code":
            return False
        if grade_id_of(cell) in source_ids:
            return False  # another known cell (e.g. a locked test cell)
        return answer.names <= defined_names(cell_source(cell))

    used: set[int] = set()
    found: dict[str, tuple[int, str]] = {}
    for how, test in [("grade_id", by_grade_id), ("cell_id", by_cell_id), ("def_names", by_names)]:
        for answer in spec.answers:
            if answer.grade_id in found:
                continue
            index = find_by(cells, used, lambda c, a=answer, t=test: t(c, a))
            if index is not None:
                found[answer.grade_id] = (index, how)
                used.add(index)
    return {a.grade_id: to_match(a, cells, found.get(a.grade_id)) for a in spec.answers}


def to_match(answer: AnswerCell, cells, hit: tuple[int, str] | None) -> Match:
    if hit is None:
        reason = f"답안 셀을 찾을 수 없습니다 (answer cell '{answer.grade_id}')"
        return Match(None, "missing", reason)
    index, how = hit
    cell = cells[index]
    if cell.get("cell_type") != "code":
        return Match(None, "not_code", f"답안 셀이 코드 셀이 아닙니다 (cell '{answer.grade_id}')")
    return Match(cell_source(cell), how)


def build_plan(spec: SourceSpec, matches: dict[str, Match]) -> list[PlanCell]:
    """Setup cells, then answers (student) and tests (source) in source order."""
    plan = [PlanCell(src, f"setup:{i}", "setup", str(i)) for i, src in enumerate(spec.setup)]
    for item in spec.items:
        if isinstance(item, AnswerCell):
            source = matches[item.grade_id].source
            if source is not None:
                plan.append(PlanCell(source, f"answer:{item.grade_id}", "answer", item.grade_id))
            continue
        if item.answer_id is not None and matches[item.answer_id].source is None:
            continue  # missing answer: its tests are not run
        for part in item.parts:
            plan.append(
                PlanCell(part.source, f"test:{item.grade_id}", "test", item.grade_id, part.hidden)
            )
    return plan
