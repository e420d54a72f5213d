"""A short, deterministic run of the loader and validator fuzz target (fuzz/fuzz_load.py).

The real campaign runs on demand (`FUZZ_SECONDS=600 python fuzz/fuzz_load.py`, see the
README); this only checks, on a few dozen inputs per property, that the target still
runs and that its properties still hold.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz" / "fuzz_load.py"


def _load():
    spec = importlib.util.spec_from_file_location("fuzz_load", FUZZ)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fuzz = _load()


@pytest.mark.parametrize("name", list(fuzz.PROPERTIES))
def test_property_holds_on_a_few_inputs(name):
    before = fuzz.STATS[f"examples:{name}"]
    fuzz.make_test(name, max_examples=15, derandomize=True, deadline=None)()
    assert fuzz.STATS[f"examples:{name}"] > before


def test_the_limits_check_catches_a_breach():
    # The property is only worth something if it can fail.
    from redline.loading import Limits

    with pytest.raises(AssertionError, match="levels"):
        fuzz.within_limits([[[["x"]]]], Limits(max_depth=3))
    with pytest.raises(AssertionError, match="values"):
        fuzz.within_limits({"a": [1, 2]}, Limits(max_values=4))
    fuzz.within_limits({"a": [1, 2]}, Limits(max_values=5, max_depth=2))


def test_a_message_of_two_lines_is_caught():
    from redline.problems import Problem

    with pytest.raises(AssertionError, match="one printable line"):
        fuzz.check_problem(Problem("f.yaml", 1, 1, "a\nb", "yaml-syntax"), "f.yaml", "x: 1\n")
