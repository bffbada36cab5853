"""Checks compute what they expect from their own copies, never from an argument after the call.

The grader copies back only the in-place changes a function is documented to make
(`autograde.modifies`: 05's `update` changes `params`); a check that computed "expected" from
another argument after the call would still be fooled in a student's own kernel, where every
change lands. So here every check cell runs in this process on the solution, with each graded
function wrapped as the grader calls it (the function gets copies; documented changes are
copied back, identity kept), and then every OTHER argument the check passed is scrambled in
place, as a hostile answer could do. A check that reads such an argument afterwards fails with
a value message. A check's own "you changed the input" asserts are dropped before it runs (the
scrambling trips every one of them, and the cell would stop at the first, leaving the rest
unchecked); a "you changed the input" failure raised some other way is the only one allowed.
"""

import ast
import copy
import re
import types

import numpy as np
import pytest
from conftest import REPO, assignment_ids
from notebook_tools import solution_namespace

from autograde.assemble import read_source

HIDDEN_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
CHANGED_INPUT_HINT = re.compile(r"입력.*(바뀌었|바꾸었|바꾸지)|바꾸지 마세요|제자리에서 바꾸")


def scramble(value) -> None:
    """Change every number reachable from `value` in place."""
    if isinstance(value, np.ndarray) and value.flags.writeable and value.size:
        if value.dtype == bool:
            np.logical_not(value, out=value)
        elif value.dtype.kind in "iufc":
            value += 100
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if type(item) in (int, float):
                value[index] = item + 100
            else:
                scramble(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if type(item) in (int, float):
                value[key] = item + 100
            else:
                scramble(item)


def copy_back(original, changed, originals: dict) -> None:
    """The grader's write-back: contents into the check's own objects, identity kept."""
    if isinstance(original, np.ndarray):
        if changed.shape == original.shape:
            original[...] = changed
    elif isinstance(original, dict):
        items = [(k, originals.get(id(v), v)) for k, v in changed.items()]
        for value in changed.values():
            if id(value) in originals:
                copy_back(originals[id(value)], value, originals)
        original.clear()
        original.update(items)
    elif isinstance(original, list):
        original[:] = [originals.get(id(v), v) for v in changed]


def as_the_grader_calls(function, name: str, writable: dict, method: bool):
    positions, keywords = writable.get(name, (frozenset(), frozenset()))

    def call(*args, **kwargs):
        self, args = (args[:1], args[1:]) if method else ((), args)
        memo: dict = {}
        copies = copy.deepcopy((args, kwargs), memo)
        kept = {id(o): o for o in memo.get(id(memo), [])}  # deepcopy keeps the originals alive
        originals = {id(c): kept[k] for k, c in memo.items() if k in kept}
        result = copy.deepcopy(function(*self, *copies[0], **copies[1]))
        for index, (original, changed) in enumerate(zip(args, copies[0], strict=True)):
            if index in positions:
                copy_back(original, changed, originals)
            else:
                scramble(original)
        for key, original in kwargs.items():
            if key in keywords:
                copy_back(original, copies[1][key], originals)
            else:
                scramble(original)
        return result

    return call


def wrapped_namespace(aid: str) -> dict:
    spec = read_source(REPO / "solutions" / aid / f"{aid}.ipynb")
    solved = solution_namespace(aid)
    namespace = {k: v for k, v in solved.items() if isinstance(v, types.ModuleType)}
    writable = spec.rules.writable
    for name in spec.rules.graded:
        value = solved[name]
        if isinstance(value, type):
            methods = {
                attr: as_the_grader_calls(member, attr, writable, method=True)
                for attr, member in vars(value).items()
                if isinstance(member, types.FunctionType) and not attr.startswith("__")
            }
            namespace[name] = type(name, (value,), methods)
        else:
            namespace[name] = as_the_grader_calls(value, name, writable, method=False)
    return namespace


class WithoutChangedInputAsserts(ast.NodeTransformer):
    """Drops the check's own "you changed the input" asserts: scrambling always trips them, and
    the cell would stop there, leaving every line after the first one unchecked."""

    def visit_Assert(self, node: ast.Assert):
        if node.msg is not None and CHANGED_INPUT_HINT.search(ast.unparse(node.msg)):
            return ast.copy_location(ast.Pass(), node)
        return node


def check_cells(aid: str):
    spec = read_source(REPO / "solutions" / aid / f"{aid}.ipynb")
    for test in spec.tests:
        lines = "\n".join(part.source for part in test.parts).splitlines()
        source = "\n".join(line for line in lines if line.strip() not in HIDDEN_MARKERS)
        tree = WithoutChangedInputAsserts().visit(ast.parse(source))
        yield test.grade_id, ast.fix_missing_locations(tree)


@pytest.mark.parametrize("aid", assignment_ids())
def test_no_check_reads_an_argument_after_the_call(aid, monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "1")
    namespace = wrapped_namespace(aid)
    failures = []
    for grade_id, source in check_cells(aid):
        try:
            exec(compile(source, f"<{grade_id}>", "exec"), dict(namespace))
        except AssertionError as error:
            if not CHANGED_INPUT_HINT.search(str(error)):
                failures.append(f"{grade_id}: {str(error)[:200]}")
        except Exception as error:  # noqa: BLE001
            failures.append(f"{grade_id}: {type(error).__name__}: {str(error)[:200]}")
    assert not failures, "\n".join(failures)
