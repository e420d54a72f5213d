"""The cache's JSON codec: every bundled snapshot goes through unchanged, and anything
but the exact shape of the model's type hints is refused with `ShapeError`."""

from __future__ import annotations

import json
from datetime import date
from typing import NamedTuple

import pytest

from conftest import DATASET
from redline.cache import snapshot_from_json, snapshot_to_json
from redline.jsoncodec import Codec, ShapeError
from redline.model import Event, Position, Quote, Reported, Snapshot, Source
from redline.repository import load_folder
from redline.settings import Settings


def test_every_bundled_snapshot_round_trips_through_json():
    loaded = load_folder(DATASET)
    assert loaded.snapshots
    for snapshot in loaded.snapshots:
        data = json.loads(json.dumps(snapshot_to_json(snapshot)))
        assert snapshot_from_json(data, snapshot.path) == snapshot


SNAPSHOT = Snapshot(
    date(2022, 1, 10),
    "p.yaml",
    Source("T", "news", published=date(2022, 1, 9)),
    positions=(Position("a", "b", "x", None, "s", (Quote("S", "q", 3),), False, 1, 2, 0),),
    reported=(Reported("b", "impasse", "", None, 4),),
    events=(Event(date(2022, 1, 11), "E", ("a",), 5),),
)


def test_a_hand_built_snapshot_round_trips():
    assert snapshot_from_json(snapshot_to_json(SNAPSHOT), "p.yaml") == SNAPSHOT


@pytest.mark.parametrize(
    ("hint_of", "bad"),
    [
        (Quote, ["S", "q", True]),  # a boolean is not an int
        (Quote, ["S", "q", 1.5]),
        (Quote, ["S", None, 1]),
        (Quote, ["S"]),  # the text has no default
        (Quote, ["S", "q", 1, "stance", "one too many"]),
        (Quote, {"speaker": "S"}),  # a named tuple is a list
        (Position, ["a", "b", "x", None, "s", [["S", "q", 3]], 0, 1, 2, 0]),  # withdrawn: 0
        (Position, ["a", "b", "x", None, "s", "not a list", False, 1, 2, 0]),
        (Event, {"date": "2022-1-11", "title": "E", "parties": [], "line": 5}),
        (Event, {"date": "2022-01-11", "title": "E", "parties": [1], "line": 5}),
        (Event, ["2022-01-11", "E", [], 5]),  # a dataclass is an object
        (Source, {"title": "T", "kind": "news", "published": "20220109"}),
        (Source, {"kind": "news"}),  # the title has no default
    ],
)
def test_a_wrong_shape_is_refused(hint_of, bad):
    with pytest.raises(ShapeError):
        Codec(hint_of).decode(bad)


class _Old(NamedTuple):
    a: str
    b: int = 0


class _New(NamedTuple):
    a: str
    b: int = 0
    c: bool = False  # a field added to the model


class _Holder(NamedTuple):
    items: tuple[_Old, ...]


def test_the_layout_names_every_field_however_deep():
    assert Codec(_Old).layout() != Codec(_New).layout()
    assert "b: <class 'int'>" in Codec(_Holder).layout()
    assert Codec(_New).decode(["x", 1, True]) == _New("x", 1, True)
    assert Codec(Source).layout().startswith("Source{")  # stored as an object, by name
    assert Codec(Quote).layout().startswith("Quote(")  # stored as a list, in order


def test_a_cache_of_another_model_layout_is_rebuilt(demo, monkeypatch, tmp_path):
    from redline import cache

    where = Settings(cache_dir=tmp_path / "c")
    demo.snapshot("2022-01-10", [{"party": "north", "stance": "a"}])
    first = load_folder(demo.path, settings=where)
    assert first.cache.index
    monkeypatch.setattr(cache, "_model_digest", lambda: "another layout")
    again = cache.FolderCache(demo.path, (demo.path / "negotiation.yaml").read_bytes(), where.cache_dir)
    assert again.index == {}


class _Unstorable(NamedTuple):
    table: dict[str, int]


def test_a_type_the_codec_cannot_store_is_named():
    with pytest.raises(TypeError, match="the cache cannot store a value of type dict"):
        Codec(_Unstorable)


def test_a_model_the_codec_cannot_store_turns_the_cache_off(invoke, demo, monkeypatch, tmp_path):
    from redline import cache

    def unstorable() -> str:
        raise TypeError("the cache cannot store a value of type dict[str, int]")

    monkeypatch.setattr(cache, "_model_digest", unstorable)
    monkeypatch.setenv("REDLINE_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.chdir(demo.root.parent)
    demo.snapshot("2022-01-10", [{"party": "north", "stance": "a"}])
    assert invoke("validate", "--root", "positions").stdout == "2 files checked: all valid\n"
    assert not (tmp_path / "c").exists()


def test_the_module_example_runs():
    import doctest

    from redline import jsoncodec

    assert doctest.testmod(jsoncodec).attempted == 3 and doctest.testmod(jsoncodec).failed == 0
