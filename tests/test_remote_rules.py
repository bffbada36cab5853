"""What crosses between the checks and student code (remote.py, evaluate.py).

Run without bubblewrap (--no-sandbox, a plain runner process): these rules are the grader's,
not the sandbox's. Each test is one of the attacks of issue 13, made minimal.
"""

import time

import numpy as np
import pytest

from autograde.assemble import CallRules, PlanCell
from autograde.evaluate import evaluate
from autograde.remote import NotSendable, Session
from autograde.sandbox import SandboxConfig

PLAIN = SandboxConfig(enabled=False)


@pytest.fixture
def session():
    rules = CallRules(
        graded=frozenset({"update", "touch", "call_it", "echo"}),
        writable={"update": (frozenset({0}), frozenset({"params"}))},
        signatures={"update": ["params", "grads"], "touch": ["x"]},
    )
    started = Session(PLAIN, rules=rules)
    started.start()
    started.deadline = time.monotonic() + 60
    started.value({"op": "prelude", "source": "import numpy as np"})
    yield started
    started.kill()


def define(session, source: str) -> dict:
    reply, _ = session.request({"op": "exec", "source": source})
    assert reply.get("ok"), reply
    names = session.value({"op": "names"})
    for name, value in names.items():
        object.__setattr__(value, "_name", name)
    return names


def test_changes_come_back_only_into_documented_arguments(session):
    names = define(
        session,
        "def update(params, grads):\n    params['w'] -= grads['w']\n    grads['w'][...] = 0\n",
    )
    params, grads = {"w": np.array([1.0, 2.0])}, {"w": np.array([0.5, 0.5])}
    w = params["w"]
    with pytest.raises(AssertionError, match="'grads'.*제자리에서 바꾸었습니다"):
        names["update"](params, grads)
    assert params["w"] is w and np.array_equal(w, [0.5, 1.5])  # documented: written back
    assert np.array_equal(grads["w"], [0.5, 0.5])  # not documented: the grader's copy holds


def test_an_input_changed_and_restored_is_fine(session):
    names = define(
        session, "def touch(x):\n    old = x[0]\n    x[0] = 99\n    x[0] = old\n    return x.sum()"
    )
    x = np.array([1.0, 2.0])
    assert names["touch"](x) == 3.0 and np.array_equal(x, [1.0, 2.0])


def test_a_replaced_list_item_is_a_change(session):
    names = define(session, "def touch(x):\n    x[0] = 5\n")
    with pytest.raises(AssertionError, match="'x'"):
        names["touch"]([1, 2])


def test_only_the_checks_own_functions_are_called_back(session):
    names = define(session, "def call_it(f, *args):\n    return f(*args)\n")

    def square(v):  # a check's own function (compiled from check code in real grading)
        return v * v

    with pytest.raises(NotSendable):
        names["call_it"](np.ndarray, 10**6)  # a type: would hand out uninitialised memory
    for grader_object in (np.zeros, len, np, np.zeros(3).sum):
        with pytest.raises(NotSendable):
            names["call_it"](grader_object)
    square.__code__ = square.__code__.replace(co_filename="<check test_demo>")
    assert names["call_it"](square, 7) == 49


def test_a_callback_hands_back_no_grader_object(session):
    names = define(
        session,
        "def call_it(f):\n"
        "    try:\n"
        "        return ('returned', f())\n"
        "    except Exception as error:\n"
        "        return ('raised', type(error).__name__, str(error))\n",
    )

    def leak():
        return np.ndarray

    leak.__code__ = leak.__code__.replace(co_filename="<check test_demo>")
    outcome = names["call_it"](leak)
    assert outcome[0] == "raised" and "ndarray" not in outcome[2]


def plan(*cells):
    made = [PlanCell("import numpy as np", "setup:0", "setup", "0")]
    for role, ref, source, *hidden in cells:
        group = f"{role}:{ref}" if role == "answer" else f"test:{ref}"
        made.append(PlanCell(source, group, role, ref, bool(hidden)))
    return made


def run(cells, graded):
    return evaluate(plan(*cells), 30, PLAIN, rules=CallRules(graded=frozenset(graded)))


SHADOWS = """
def f(x):
    return None


def range(*args):
    return []


def len(x):
    return 0


def isinstance(obj, kind):
    global stolen
    stolen = kind(10**6)
    return True


def all(*args):
    return True


np = None
__builtins__ = {"range": range}
"""


def test_student_names_never_shadow_builtins_or_setup_names():
    check = (
        "for i in range(3):\n"
        "    assert f(i) == i\n"
        "assert all([isinstance(np.zeros(1), np.ndarray)]) and len([1]) == 1"
    )
    evaluation = run([("answer", "f", SHADOWS), ("test", "test_f", check)], {"f"})
    assert evaluation.results[-1].status == "error"  # f(0) is None: the loop ran


def test_hidden_parts_run_after_every_visible_part():
    """So nothing a student's code saw of a hidden case can reach a visible check's message."""
    answer = (
        "seen = []\ndef f(x):\n    seen.append(x)\n    return x\ndef g():\n    return list(seen)\n"
    )
    cells = [
        ("answer", "f", answer),
        ("test", "test_f", "assert f(1) == 1"),
        ("test", "test_f", "assert f(123456) == 123456", "hidden"),
        ("test", "test_g", "assert 123456 not in g(), 'leaked'"),
    ]
    evaluation = run(cells, {"f", "g"})
    assert [r.status for r in evaluation.results[1:]] == ["ok", "ok", "ok", "ok"]


def test_a_hidden_part_sees_its_own_visible_part_variables():
    cells = [
        ("answer", "f", "def f(x):\n    return x"),
        ("test", "test_a", "value = f(1)"),
        ("test", "test_a", "assert value == 1", "hidden"),
        ("test", "test_b", "value = f(2)"),
        ("test", "test_b", "assert value == 2", "hidden"),
    ]
    assert all(r.status == "ok" for r in run(cells, {"f"}).results)


LEAKY = """
import builtins
import numpy


def f(x):
    setattr(builtins, "LEAK_" + str(int(numpy.sum(x))), 1)
    marked = type("LEAK_" + str(int(numpy.sum(x))), (float,), {})
    return marked(float(numpy.sum(x)))
"""


def test_flags_are_fixed_texts_and_capped():
    cells = [("answer", "f", LEAKY), ("test", "test_f", "assert f(np.arange(4)) == 6")]
    evaluation = run(cells, {"f"})
    assert evaluation.results[-1].status == "ok"
    assert evaluation.flags and not any("LEAK" in flag for flag in evaluation.flags)
    assert len(evaluation.flags) <= 20


def test_lists_of_numpy_scalars_come_back_unchanged(session):
    names = define(session, "def touch(x):\n    return len(x)")
    labels = list(np.array([1, 0, 1]))
    assert names["touch"](labels) == 3
    assert names["touch"]([np.float32(0.5), 2, None, "a", (1, 2)]) == 5
