"""The @interact library: controls, guessing, validation, live updates."""
import json
import math

import pytest

from compute import interact as lib
from compute.interact import (
    InteractValueError, UnknownInteract, checkbox, color_selector, input_box,
    input_grid, interact, range_slider, selector, slider, validate_values,
)


@pytest.fixture
def published():
    """Collect the messages the library publishes; leave the module clean."""
    messages = []
    lib.set_publisher(lambda msg_type, content: messages.append((msg_type, content)))
    yield messages
    lib.set_publisher(None)
    lib.set_call_hook(None)
    lib.registry.clear()


def roundtrip(control):
    """The control rebuilt from its JSON message, as the web process does."""
    return lib.control_from_message(json.loads(json.dumps(control.message())))


# ---------------------------------------------------------------- controls

def test_int_slider_message_and_snapping():
    s = slider(0, 10, default=3, label="n")
    assert s.message() == {"control": "slider", "label": "n", "default": 3, "vmin": 0,
                           "vmax": 10, "step": 1, "display_value": True}
    assert s.constrain(4.4) == 4 and isinstance(s.constrain(4.4), int)
    assert s.constrain(10) == 10
    for bad in (11, -0.5, "3", True, None, float("nan")):
        with pytest.raises(InteractValueError):
            s.constrain(bad)


def test_float_slider_default_step_and_grid():
    s = slider(0.0, 1.0)
    assert s.step == pytest.approx(0.01) and s.default == 0.0
    assert s.constrain(0.123) == 0.12
    stepped = slider(0, 1, 0.3)
    assert stepped.constrain(1) == 0.9  # 1 is in range but past the last step
    assert stepped.constrain(0.31) == 0.3
    with pytest.raises(ValueError):
        slider(5, 1)
    with pytest.raises(ValueError):
        slider(0, 1, -0.1)


def test_values_slider_by_index_and_json_value():
    s = slider([1, 2, 5, 10], default=5)
    msg = s.message()
    assert msg["values"] == [1, 2, 5, 10] and msg["labels"] == ["1", "2", "5", "10"]
    assert msg["default"] == {"index": 2} and (msg["vmin"], msg["vmax"]) == (0, 3)
    assert s.constrain(10) == {"index": 3}
    assert s.constrain(10.0) == {"index": 3}
    assert s.constrain({"index": 1}) == {"index": 1}
    assert s.to_python({"index": 1}) == 2
    with pytest.raises(InteractValueError, match="not one of"):
        s.constrain(3)
    with pytest.raises(InteractValueError):
        s.constrain({"index": 4})


def test_range_slider():
    r = range_slider(0, 100, 5, default=(10, 50))
    assert r.message()["control"] == "range_slider" and r.default == [10, 50]
    assert r.constrain([12, 49]) == [10, 50]
    assert r.to_python([10, 50]) == (10, 50)
    with pytest.raises(InteractValueError, match="above"):
        r.constrain([60, 20])
    with pytest.raises(InteractValueError):
        r.constrain(30)
    over_values = range_slider(["a", "b", "c"])
    assert over_values.default == [{"index": 0}, {"index": 2}]
    assert over_values.to_python(over_values.constrain(["b", "c"])) == ("b", "c")


def test_checkbox():
    c = checkbox(False, label="grid")
    assert c.message() == {"control": "checkbox", "label": "grid", "default": False}
    assert c.constrain(True) is True
    for bad in (1, "true", None):
        with pytest.raises(InteractValueError):
            c.constrain(bad)


def test_selector_pairs_and_non_json_values():
    s = selector([(math.sin, "sine"), (math.cos, "cosine")], default=math.cos, buttons=True)
    msg = s.message()
    assert msg["labels"] == ["sine", "cosine"] and msg["index_only"] == [0, 1]
    assert msg["values"] == [None, None] and msg["buttons"] is True
    assert msg["default"] == {"index": 1}
    assert s.to_python(s.constrain({"index": 0})) is math.sin
    with pytest.raises(InteractValueError):
        s.constrain(None)  # a placeholder, not a value


def test_selector_json_values_and_labels():
    s = selector(["red", 2, [1, 2], None], nrows=2, ncols=2)
    assert s.message()["labels"] == ["red", "2", "[1, 2]", "None"]
    assert s.constrain([1, 2]) == {"index": 2}
    assert s.constrain(None) == {"index": 3}
    assert s.to_python({"index": 2}) == [1, 2]
    with pytest.raises(InteractValueError, match="not one of: red, 2"):
        s.constrain("blue")
    with pytest.raises(ValueError):
        selector(["a", "b"], default="c")
    with pytest.raises(ValueError):
        selector([])


def test_selector_callable_labels_use_names():
    assert selector([math.sin, math.tan]).message()["labels"] == ["sin", "tan"]


def test_color_selector():
    c = color_selector("#1F77B4")
    assert c.default == "#1f77b4"
    assert color_selector((1.0, 0.5, 0.0)).default == "#ff8000"
    assert c.constrain([0, 0, 1]) == "#0000ff"
    for bad in ("red", "#12345", "#gggggg", [1, 2, 3], 7):
        with pytest.raises(InteractValueError):
            c.constrain(bad)


def test_input_box_types():
    assert input_box().message() == {"control": "input_box", "label": None, "default": "",
                                     "type": "str", "width": None}
    number = input_box(5)
    assert number.message()["type"] == "literal" and number.default == "5"
    assert number.to_python(number.constrain("[1, 2.5]")) == [1, 2.5]
    with pytest.raises(InteractValueError, match="literal"):
        number.constrain("__import__('os')")
    integer = input_box(3, type=int)
    assert integer.to_python(integer.constrain(" 42 ")) == 42
    assert integer.constrain(7) == "7"
    with pytest.raises(InteractValueError, match="integer"):
        integer.constrain("4.5")
    real = input_box(type=float)
    assert real.default == "0" and real.to_python(real.constrain("2.5e3")) == 2500.0
    text = input_box("x**2", width=20)
    assert text.to_python(text.constrain("sin(x)")) == "sin(x)"
    with pytest.raises(InteractValueError):
        text.constrain(3)
    with pytest.raises(InteractValueError, match="longer"):
        number.constrain("1" * (lib.MAX_TEXT + 1))
    with pytest.raises(ValueError):
        input_box(type=list)


def test_input_grid():
    g = input_grid(2, 2, default=[[1, 0], [0, 1]], label="A")
    msg = g.message()
    assert msg["default"] == [["1", "0"], ["0", "1"]] and msg["type"] == "literal"
    assert (msg["nrows"], msg["ncols"]) == (2, 2)
    assert g.to_python(g.constrain([["2", 3], ["-1", "0.5"]])) == [[2, 3], [-1, 0.5]]
    assert input_grid(1, 3, default=[1, 2, 3]).default == [["1", "2", "3"]]
    assert input_grid(2, 1).default == [["0"], ["0"]]
    with pytest.raises(InteractValueError, match="2 rows of 2"):
        g.constrain([["1", "2"]])
    with pytest.raises(InteractValueError, match="row 2, column 1"):
        g.constrain([["1", "2"], ["x y", "0"]])
    words = input_grid(1, 2, default=["a", "b"])
    assert words.message()["type"] == "str"


@pytest.mark.parametrize("control", [
    slider(0, 10), slider(-1.5, 2.5, 0.25, default=1), slider(["a", "b", "c"], default="b"),
    range_slider(0, 1), range_slider([1, 2, 3]), checkbox(), selector([1, "two", math.pi]),
    selector([(abs, "abs"), (round, "round")], buttons=True), color_selector((0, 1, 0)),
    input_box(), input_box(2.5), input_box(1, type=int), input_grid(2, 3, default=1),
])
def test_rebuilt_control_agrees_with_live_one(control):
    rebuilt = roundtrip(control)
    assert rebuilt.message() == control.message()
    assert rebuilt.constrain(control.default) == control.constrain(control.default) == control.default


# ------------------------------------------------------------- guessing

def test_guessing_from_plain_defaults():
    guess = lib.automatic_control
    assert guess((0, 10)).message()["control"] == "slider"
    assert guess((0, 1, 0.1)).step == 0.1
    assert guess((1, 2, 3, 4)).message()["values"] == [1, 2, 3, 4]
    assert guess(range(3)).message()["values"] == [0, 1, 2]
    menu = guess(["a", "b"])
    assert menu.message()["control"] == "selector" and menu.buttons
    assert not guess(list(range(6))).buttons
    assert guess(True).message() == {"control": "checkbox", "label": None, "default": True}
    assert guess("hello").message()["type"] == "str"
    assert guess(2.5).message()["type"] == "literal"
    assert guess(None).default == ""
    explicit = checkbox(False)
    assert guess(explicit) is explicit
    labelled = guess(("Degree", (3, (0, 10))))
    assert labelled.label == "Degree" and labelled.default == 3


# ------------------------------------------------------------- validate_values

def test_validate_values_from_json_controls(published):
    @interact
    def f(n=(0, 10), f=[("sin", "sine"), ("cos", "cosine")], show=True, c=color_selector()):
        pass
    controls = json.loads(json.dumps(published[0][1]["content"]["controls"]))
    good = validate_values(controls, {"n": 7.2, "f": "cos", "show": False, "c": "#00FF00"})
    assert good == {"n": 7, "f": {"index": 1}, "show": False, "c": "#00ff00"}
    assert validate_values(controls, {}) == {}
    bad_cases = [({"m": 1}, "'m' is not a control"), ({"n": 11}, "n: 11 is outside"),
                 ({"f": "tan"}, "f: 'tan' is not one of"), ({"show": "yes"}, "show: "),
                 ({"c": "#abc"}, "c: ")]
    for values, message in bad_cases:
        with pytest.raises(InteractValueError, match=message):
            validate_values(controls, values)
    with pytest.raises(InteractValueError):
        validate_values(controls, [1, 2])
    with pytest.raises(InteractValueError, match="bad control"):
        validate_values([{"name": "x", "control": "dial"}], {"x": 1})


# ------------------------------------------------------------- live interacts

def test_prepare_message_then_first_call_with_defaults(published):
    calls = []

    @interact
    def plot(n=(1, 5), label="x", grid=False):
        calls.append((lib.current_output_target(), n, label, grid))

    assert lib.current_output_target() is None
    msg_type, content = published[0]
    assert msg_type == "extension" and content["msg_type"] == "interact_prepare"
    prepare = content["content"]
    assert prepare["interact_id"] == plot.id and len(plot.id) == 32
    assert prepare["function"] == "plot" and prepare["auto_update"] is True
    assert [c["name"] for c in prepare["controls"]] == ["n", "label", "grid"]
    assert [c["control"] for c in prepare["controls"]] == ["slider", "input_box", "checkbox"]
    assert [c["label"] for c in prepare["controls"]] == ["n", "label", "grid"]
    assert prepare["layout"] == {"top": [["n"], ["label"], ["grid"]], "bottom": [],
                                 "left": [], "right": []}
    assert calls == [(plot.id, 1, "x", False)]
    assert lib.registry[plot.id] is plot
    json.dumps(content)  # the whole message is JSON


def test_run_update_partial_values_merge(published):
    seen = []

    @interact
    def f(a=(0, 10), b=["x", "y"], text="hi"):
        seen.append((lib.current_output_target(), a, b, text))

    lib.run_update(f.id, {"a": 4})
    lib.run_update(f.id, {"b": "y"})
    lib.run_update(f.id, {"text": "bye", "a": 9.6})
    assert seen == [(f.id, 0, "x", "hi"), (f.id, 4, "x", "hi"), (f.id, 4, "y", "hi"),
                    (f.id, 10, "y", "bye")]
    with pytest.raises(InteractValueError, match="a: "):
        lib.run_update(f.id, {"a": 20})
    assert len(seen) == 4 and f.values["a"] == 10
    with pytest.raises(UnknownInteract):
        lib.run_update("0" * 32, {})


def test_decorator_options_layout_and_auto_update(published):
    @interact(layout={"top": [["a", "b"]], "bottom": [["c"]]}, auto_update=False)
    def f(a=1, b=2, c=3, d=4):
        pass

    prepare = published[0][1]["content"]
    assert prepare["auto_update"] is False
    assert prepare["layout"] == {"top": [["a", "b"], ["d"]], "bottom": [["c"]],
                                 "left": [], "right": []}

    def g(x=(0, 1), y=True, auto_update=False):
        assert auto_update is False

    live = interact(g, layout=[["y", "x"]])
    prepare = published[1][1]["content"]
    assert prepare["auto_update"] is False and prepare["layout"]["top"] == [["y", "x"]]
    assert [c["name"] for c in prepare["controls"]] == ["x", "y"]
    lib.run_update(live.id, {"y": False})
    with pytest.raises(ValueError, match="not a control"):
        interact(g, layout=[["z"]])
    with pytest.raises(ValueError, match="twice"):
        interact(g, layout={"top": [["x"]], "left": [["x"]]})


def test_several_interacts_in_order_and_independent(published):
    order = []

    @interact
    def first(n=(0, 3)):
        order.append(("first", n))

    @interact
    def second(m=["p", "q"]):
        order.append(("second", m))

    assert [c["content"]["function"] for _, c in published] == ["first", "second"]
    assert first.id != second.id and set(lib.registry) == {first.id, second.id}
    lib.run_update(second.id, {"m": "q"})
    lib.run_update(first.id, {"n": 2})
    assert order == [("first", 0), ("second", "p"), ("second", "q"), ("first", 2)]
    with pytest.raises(InteractValueError):
        lib.run_update(first.id, {"m": "q"})


def test_nested_interact_targets_and_replacement(published):
    targets = []

    @interact
    def outer(n=(1, 3)):
        targets.append(("outer", lib.current_output_target()))

        @interact
        def inner(k=(0, n)):
            targets.append(("inner", lib.current_output_target()))
        targets.append(("outer again", lib.current_output_target()))

    inner_id = published[1][1]["content"]["interact_id"]
    assert targets == [("outer", outer.id), ("inner", inner_id), ("outer again", outer.id)]
    lib.run_update(outer.id, {"n": 2})
    assert inner_id not in lib.registry and len(lib.registry) == 2


def test_user_errors_propagate_and_target_is_restored(published):
    @interact
    def f(x=(0, 2)):
        if x == 1:
            raise ZeroDivisionError("boom")

    with pytest.raises(ZeroDivisionError):
        lib.run_update(f.id, {"x": 1})
    assert lib.current_output_target() is None
    assert f.values["x"] == 1  # the control keeps the value the page shows


def test_call_hook_runs_inside_target(published):
    hooked = []
    lib.set_call_hook(lambda: hooked.append(lib.current_output_target()))

    @interact
    def f(x=True):
        pass

    lib.run_update(f.id, {"x": False})
    assert hooked == [f.id, f.id]


def test_interact_works_without_publisher():
    lib.set_publisher(None)
    try:
        result = interact(lambda x=3: None)
        assert result.values == {"x": "3"} and result(x=1) is None
    finally:
        lib.registry.clear()


def test_all_names_are_the_cell_api():
    assert sorted(lib.__all__) == sorted([
        "interact", "slider", "range_slider", "input_box", "checkbox", "selector",
        "color_selector", "input_grid"])
    namespace = {}
    exec("from compute.interact import *", namespace)
    assert all(callable(namespace[name]) for name in lib.__all__)
