"""The ``@interact`` library that every cell sees without an import.

Modelled on SageMathCell's ``interact_sagecell.py``: each control is a class
with ``message()`` (its JSON description for the page) and ``constrain(value)``
(turn a value received as JSON into the control's *canonical* JSON value, or
raise :class:`InteractValueError`).  A control can be rebuilt from its
message alone (:func:`control_from_message`), so the web process validates
values with exactly the code the live session uses (:func:`validate_values`).

Canonical values (what ``constrain`` returns, what the page sends back):

* slider: a number snapped to the step; range_slider: ``[lo, hi]``;
* a slider over a values list, a selector: ``{"index": i}``.  The JSON form of
  the value (``values[i]`` in the message) is accepted too; values that have no
  JSON form (functions, sympy objects...) are listed in ``index_only`` and
  must be sent by index;
* checkbox: ``true``/``false``; color_selector: ``"#rrggbb"`` (``[r, g, b]``
  floats in 0..1 accepted);
* input_box: the text typed; input_grid: rows of texts.  The function gets
  them converted by ``type``: ``str``, ``int``, ``float`` or ``literal``
  (``ast.literal_eval``: numbers, strings, lists, tuples, dicts...).

Contract with the runner: ``set_publisher(fn)`` receives ``fn(msg_type,
content)`` for each interact_prepare; ``current_output_target()`` names the
interact whose function is running (tag its output with it);
``set_call_hook(fn)`` runs ``fn()`` at the end of every interact call while the
target is still set (e.g. to flush matplotlib figures); ``run_update(id,
values)`` re-runs one interact with new values.
"""
from __future__ import annotations

import ast
import contextvars
import inspect
import json
import math
import numbers
import re
import uuid
from typing import Any, Callable, Iterable

__all__ = [
    "interact", "slider", "range_slider", "input_box", "checkbox", "selector",
    "color_selector", "input_grid",
]

MAX_TEXT = 10_000  # longest text an input box parses (literal_eval is recursive)


class InteractError(Exception):
    """Base of the errors this module raises at the runner or web process."""


class UnknownInteract(InteractError, KeyError):
    """``run_update`` named an interact that is not in the registry."""

    def __str__(self) -> str:
        return f"unknown interact {self.args[0]!r}"


class InteractValueError(InteractError, ValueError):
    """A value cannot be given to a control; the message says which and why."""


# ---------------------------------------------------------------- JSON helpers

def _to_json(value: Any) -> Any:
    """The JSON form of a Python value, or TypeError if it has none."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isfinite(number):
            return number
    elif isinstance(value, (list, tuple)):
        return [_to_json(item) for item in value]
    elif isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _to_json(v) for k, v in value.items()}
    raise TypeError(f"{value!r} has no JSON form")


def _json_key(value: Any) -> str:
    """A string equal for JSON-equal values (2 == 2.0, but true != 1)."""
    def normal(v: Any) -> Any:
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if isinstance(v, (list, tuple)):
            return [normal(x) for x in v]
        if isinstance(v, dict):
            return {k: normal(x) for k, x in v.items()}
        return v
    return json.dumps(normal(value), sort_keys=True)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _number(value: Any) -> int | float:
    """A plain int or float from any real number (numpy, sympy...)."""
    if not _is_number(value):
        raise InteractValueError(f"{value!r} is not a number")
    if isinstance(value, numbers.Integral):
        return int(value)
    number = float(value)
    if not math.isfinite(number):
        raise InteractValueError(f"{value!r} is not a finite number")
    return number


def _describe(items: list[str]) -> str:
    shown = ", ".join(items[:10])
    return shown + (", ..." if len(items) > 10 else "")


# ------------------------------------------------------------------- controls

class Control:
    """One control: its JSON description, and the values it accepts."""

    kind = ""

    def __init__(self, default: Any, label: str | None):
        self.label = label
        self.default = default  # canonical JSON value

    def message(self) -> dict:
        """The JSON description of the control (without its name)."""
        return {"control": self.kind, "label": self.label, "default": self.default,
                **self._params()}

    def _params(self) -> dict:
        return {}

    def constrain(self, value: Any) -> Any:
        """The canonical JSON value for ``value``, or InteractValueError."""
        raise NotImplementedError

    def to_python(self, value: Any) -> Any:
        """What the interact function receives for a canonical value."""
        return value

    @classmethod
    def from_message(cls, msg: dict) -> "Control":
        """Rebuild a control able to constrain values from its message."""
        raise NotImplementedError


class _Choices:
    """A finite list of values, each identified by index or JSON form."""

    def __init__(self, values: Iterable[Any], pairs: bool):
        values = list(values)
        if not values:
            raise ValueError("the list of values is empty")
        if pairs and all(isinstance(v, tuple) and len(v) == 2 for v in values):
            self.values = [v for v, _ in values]
            self.labels = [str(label) for _, label in values]
        else:
            self.values = values
            self.labels = [getattr(v, "__name__", None) if callable(v) else None
                           for v in values]
            self.labels = [lab if isinstance(lab, str) else str(v)
                           for lab, v in zip(self.labels, values)]
        self.json_values: list[Any] = []
        self.index_only: list[int] = []
        for i, value in enumerate(self.values):
            try:
                self.json_values.append(_to_json(value))
            except TypeError:
                self.json_values.append(None)
                self.index_only.append(i)
        self._index_by_key: dict[str, int] = {}
        for i, value in enumerate(self.json_values):
            if i not in self.index_only:
                self._index_by_key.setdefault(_json_key(value), i)

    @classmethod
    def from_message(cls, msg: dict) -> "_Choices":
        choices = cls.__new__(cls)
        choices.values = choices.json_values = list(msg["values"])
        choices.labels = list(msg["labels"])
        choices.index_only = list(msg["index_only"])
        choices._index_by_key = {}
        for i, value in enumerate(choices.json_values):
            if i not in choices.index_only:
                choices._index_by_key.setdefault(_json_key(value), i)
        return choices

    def params(self) -> dict:
        return {"values": self.json_values, "labels": self.labels,
                "index_only": self.index_only}

    def index(self, value: Any) -> int:
        """The index a JSON value (or ``{"index": i}``) designates."""
        if isinstance(value, dict) and set(value) == {"index"}:
            i = value["index"]
            if isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(self.values):
                return i
            raise InteractValueError(f"index {i!r} is not in 0..{len(self.values) - 1}")
        try:
            return self._index_by_key[_json_key(value)]
        except (TypeError, ValueError, KeyError):
            raise InteractValueError(
                f"{value!r} is not one of: {_describe(self.labels)}") from None

    def index_of_python(self, value: Any) -> int:
        """The index of a Python default value."""
        for i, candidate in enumerate(self.values):
            if candidate is value:
                return i
        try:
            return self.index(_to_json(value))
        except (TypeError, InteractValueError):
            raise ValueError(f"default {value!r} is not among the values") from None


class Slider(Control):
    """A slider over ``[vmin, vmax]`` by ``step_size``, or over a values list.

    With int bounds and no step the slider moves by 1; otherwise the default
    step is a hundredth of the range.  Values outside the range are refused;
    values inside are snapped to the nearest step.
    """

    kind = "slider"

    def __init__(self, vmin: Any, vmax: Any = None, step_size: Any = None,
                 default: Any = None, label: str | None = None,
                 display_value: bool = True):
        self.display_value = bool(display_value)
        self.choices: _Choices | None = None
        if vmax is None:
            if not isinstance(vmin, (list, tuple, range)):
                raise ValueError("slider needs vmin and vmax, or a list of values")
            self.choices = _Choices(vmin, pairs=False)
            self.vmin, self.vmax, self.step = 0, len(self.choices.values) - 1, 1
        else:
            self.vmin, self.vmax = _number(vmin), _number(vmax)
            if not self.vmin < self.vmax:
                raise ValueError(f"slider needs vmin < vmax, got {vmin!r}, {vmax!r}")
            if step_size is None:
                integral = isinstance(self.vmin, int) and isinstance(self.vmax, int)
                step_size = 1 if integral else (self.vmax - self.vmin) / 100
            self.step = _number(step_size)
            if self.step <= 0:
                raise ValueError(f"slider step must be positive, got {step_size!r}")
        super().__init__(self._default(default), label)

    def _default(self, default: Any) -> Any:
        if self.choices is not None:
            i = 0 if default is None else self.choices.index_of_python(default)
            return {"index": i}
        return self.vmin if default is None else self._one(default)

    def _params(self) -> dict:
        params = {"vmin": self.vmin, "vmax": self.vmax, "step": self.step,
                  "display_value": self.display_value}
        if self.choices is not None:
            params.update(self.choices.params())
        return params

    @classmethod
    def from_message(cls, msg: dict) -> "Slider":
        control = cls.__new__(cls)
        control.display_value = msg["display_value"]
        control.vmin, control.vmax, control.step = msg["vmin"], msg["vmax"], msg["step"]
        control.choices = _Choices.from_message(msg) if "values" in msg else None
        Control.__init__(control, msg["default"], msg["label"])
        return control

    def _one(self, value: Any) -> Any:
        """Canonical form of one slider position."""
        if self.choices is not None:
            return {"index": self.choices.index(value)}
        number = _number(value)
        tolerance = self.step * 1e-9
        if not self.vmin - tolerance <= number <= self.vmax + tolerance:
            raise InteractValueError(f"{value!r} is outside [{self.vmin}, {self.vmax}]")
        steps = round((number - self.vmin) / self.step)
        if self.vmin + steps * self.step > self.vmax + tolerance:
            steps -= 1
        if all(isinstance(x, int) for x in (self.vmin, self.step)):
            return self.vmin + steps * self.step
        return float(f"{self.vmin + steps * self.step:.12g}")

    def _one_python(self, value: Any) -> Any:
        return self.choices.values[value["index"]] if self.choices else value

    def constrain(self, value: Any) -> Any:
        return self._one(value)

    def to_python(self, value: Any) -> Any:
        return self._one_python(value)


class RangeSlider(Slider):
    """A slider with two handles; its value is ``[lo, hi]`` with lo <= hi."""

    kind = "range_slider"

    def _default(self, default: Any) -> Any:
        if self.choices is None:
            return self.constrain([self.vmin, self.vmax] if default is None else default)
        if default is None:
            return [{"index": 0}, {"index": len(self.choices.values) - 1}]
        return self.constrain([{"index": self.choices.index_of_python(v)} for v in default])

    def constrain(self, value: Any) -> Any:
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise InteractValueError(f"{value!r} is not a pair [low, high]")
        low, high = (self._one(v) for v in value)
        if self.choices is not None:
            order = (low["index"], high["index"])
        else:
            order = (low, high)
        if order[0] > order[1]:
            raise InteractValueError(f"low end {value[0]!r} is above high end {value[1]!r}")
        return [low, high]

    def to_python(self, value: Any) -> tuple:
        return tuple(self._one_python(v) for v in value)


class Checkbox(Control):
    """A checkbox; its value is True or False."""

    kind = "checkbox"

    def __init__(self, default: bool = True, label: str | None = None):
        super().__init__(bool(default), label)

    @classmethod
    def from_message(cls, msg: dict) -> "Checkbox":
        return cls(msg["default"], msg["label"])

    def constrain(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise InteractValueError(f"{value!r} is not true or false")
        return value


class Selector(Control):
    """A drop-down menu, or a group of buttons with ``buttons=True``.

    ``values`` is a list of values, or of ``(value, label)`` pairs.
    """

    kind = "selector"

    def __init__(self, values: Iterable[Any], label: str | None = None,
                 default: Any = None, buttons: bool = False,
                 nrows: int | None = None, ncols: int | None = None):
        self.choices = _Choices(values, pairs=True)
        self.buttons = bool(buttons)
        self.nrows = None if nrows is None else int(nrows)
        self.ncols = None if ncols is None else int(ncols)
        i = 0 if default is None else self.choices.index_of_python(default)
        super().__init__({"index": i}, label)

    def _params(self) -> dict:
        return {**self.choices.params(), "buttons": self.buttons,
                "nrows": self.nrows, "ncols": self.ncols}

    @classmethod
    def from_message(cls, msg: dict) -> "Selector":
        control = cls.__new__(cls)
        control.choices = _Choices.from_message(msg)
        control.buttons, control.nrows, control.ncols = msg["buttons"], msg["nrows"], msg["ncols"]
        Control.__init__(control, msg["default"], msg["label"])
        return control

    def constrain(self, value: Any) -> dict:
        return {"index": self.choices.index(value)}

    def to_python(self, value: Any) -> Any:
        return self.choices.values[value["index"]]


class ColorSelector(Control):
    """A colour picker; its value is ``"#rrggbb"``."""

    kind = "color_selector"
    _HEX = re.compile(r"#[0-9a-fA-F]{6}")

    def __init__(self, default: Any = "#ff0000", label: str | None = None):
        super().__init__(self.constrain(default), label)

    @classmethod
    def from_message(cls, msg: dict) -> "ColorSelector":
        return cls(msg["default"], msg["label"])

    def constrain(self, value: Any) -> str:
        if isinstance(value, str) and self._HEX.fullmatch(value):
            return value.lower()
        if (isinstance(value, (list, tuple)) and len(value) == 3
                and all(_is_number(c) and 0 <= c <= 1 for c in value)):
            return "#" + "".join(f"{round(float(c) * 255):02x}" for c in value)
        raise InteractValueError(
            f"{value!r} is not a colour like '#1f77b4' or (r, g, b) in 0..1")


class _TextType:
    """How the text of an input box becomes the function's value."""

    NAMES = {str: "str", int: "int", float: "float", "str": "str", "int": "int",
             "float": "float", "literal": "literal"}

    def __init__(self, type: Any, textual: bool):
        if type is None:
            type = "str" if textual else "literal"
        if type not in self.NAMES:
            raise ValueError(f"input type must be str, int, float or 'literal', not {type!r}")
        self.name = self.NAMES[type]

    def to_text(self, value: Any) -> str:
        """Canonical text for a value (checked by parsing it)."""
        if isinstance(value, str):
            text = value
        elif self.name == "str":
            raise InteractValueError(f"{value!r} is not a string")
        elif _is_number(value):
            text = repr(_number(value))
        else:
            text = repr(value)
        self.parse(text)
        return text

    def parse(self, text: str) -> Any:
        if self.name == "str":
            return text
        if len(text) > MAX_TEXT:
            raise InteractValueError(f"the text is longer than {MAX_TEXT} characters")
        try:
            if self.name == "int":
                return int(text.strip())
            if self.name == "float":
                return float(text.strip())
            return ast.literal_eval(text.strip())
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            kind = {"int": "an integer", "float": "a number"}.get(self.name, "a Python literal")
            raise InteractValueError(f"{text!r} is not {kind}") from None


class InputBox(Control):
    """A text box; the function receives its text converted by ``type``.

    ``type`` is str, int, float or ``"literal"`` (``ast.literal_eval``); by
    default ``str`` for a str or missing default and ``"literal"`` otherwise.
    """

    kind = "input_box"

    def __init__(self, default: Any = None, label: str | None = None,
                 type: Any = None, width: int | None = None):
        self.type = _TextType(type, textual=default is None or isinstance(default, str))
        self.width = None if width is None else int(width)
        if default is None:
            default = "" if self.type.name == "str" else "0"
        super().__init__(self.type.to_text(default), label)

    def _params(self) -> dict:
        return {"type": self.type.name, "width": self.width}

    @classmethod
    def from_message(cls, msg: dict) -> "InputBox":
        return cls(msg["default"], msg["label"], msg["type"], msg["width"])

    def constrain(self, value: Any) -> str:
        return self.type.to_text(value)

    def to_python(self, value: str) -> Any:
        return self.type.parse(value)


class InputGrid(Control):
    """A grid of text boxes; the function receives a list of rows.

    ``default`` is one value for every cell, a flat list, or a list of rows
    (or anything with ``tolist()``, like a numpy array).
    """

    kind = "input_grid"

    def __init__(self, nrows: int, ncols: int, default: Any = None,
                 label: str | None = None, type: Any = None, width: int | None = None):
        self.nrows, self.ncols = int(nrows), int(ncols)
        if self.nrows < 1 or self.ncols < 1:
            raise ValueError("input_grid needs at least one row and one column")
        default = 0 if default is None else default
        if hasattr(default, "tolist"):
            default = default.tolist()
        if not isinstance(default, (list, tuple)):
            default = [[default] * self.ncols for _ in range(self.nrows)]
        elif not all(isinstance(row, (list, tuple)) for row in default):
            if len(default) != self.nrows * self.ncols:
                raise ValueError(f"a flat default needs {self.nrows * self.ncols} values")
            default = [default[r * self.ncols:(r + 1) * self.ncols] for r in range(self.nrows)]
        cells = [cell for row in default for cell in row]
        self.type = _TextType(type, textual=all(isinstance(c, str) for c in cells))
        self.width = None if width is None else int(width)
        super().__init__(self.constrain(default), label)

    def _params(self) -> dict:
        return {"nrows": self.nrows, "ncols": self.ncols, "type": self.type.name,
                "width": self.width}

    @classmethod
    def from_message(cls, msg: dict) -> "InputGrid":
        return cls(msg["nrows"], msg["ncols"], msg["default"], msg["label"],
                   msg["type"], msg["width"])

    def constrain(self, value: Any) -> list[list[str]]:
        if (not isinstance(value, (list, tuple)) or len(value) != self.nrows
                or not all(isinstance(row, (list, tuple)) and len(row) == self.ncols
                           for row in value)):
            raise InteractValueError(f"the value is not {self.nrows} rows of {self.ncols} entries")
        grid = []
        for r, row in enumerate(value):
            grid.append([])
            for c, cell in enumerate(row):
                try:
                    grid[-1].append(self.type.to_text(cell))
                except InteractValueError as error:
                    raise InteractValueError(f"row {r + 1}, column {c + 1}: {error}") from None
        return grid

    def to_python(self, value: list[list[str]]) -> list[list[Any]]:
        return [[self.type.parse(cell) for cell in row] for row in value]


slider = Slider
range_slider = RangeSlider
input_box = InputBox
checkbox = Checkbox
selector = Selector
color_selector = ColorSelector
input_grid = InputGrid

_KINDS: dict[str, type[Control]] = {
    c.kind: c for c in (Slider, RangeSlider, InputBox, Checkbox, Selector,
                        ColorSelector, InputGrid)}


def control_from_message(msg: dict) -> Control:
    """Rebuild a control from its interact_prepare description."""
    try:
        return _KINDS[msg["control"]].from_message(msg)
    except (KeyError, TypeError, ValueError) as error:
        raise InteractValueError(f"bad control description: {error}") from None


def automatic_control(spec: Any) -> Control:
    """Guess a control from a plain default value, the way Sage does.

    ``(lo, hi)``/``(lo, hi, step)`` -> slider, a longer tuple or a range ->
    slider over those values, a list -> selector (buttons up to 5 values),
    bool -> checkbox, None/str/number/other -> input box, a control stays
    itself.  ``("label", spec)`` sets the label; ``(default, spec)`` with a
    tuple or list spec sets the default.
    """
    label = default = None
    for _ in range(2):
        if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[0], str):
            label, spec = spec
        if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[1], (tuple, list, range)):
            default, spec = spec
    if isinstance(spec, Control):
        control = spec
    elif isinstance(spec, bool):
        control = Checkbox(spec)
    elif isinstance(spec, list):
        control = Selector(spec, default=default, buttons=len(spec) <= 5)
    elif isinstance(spec, range) or (isinstance(spec, tuple) and len(spec) > 3):
        control = Slider(list(spec), default=default)
    elif isinstance(spec, tuple) and len(spec) in (2, 3):
        control = Slider(*spec, default=default)
    else:
        control = InputBox(spec)
    if label is not None:
        control.label = label
    return control


# ------------------------------------------------------------------- interacts

registry: dict[str, "Interact"] = {}
_target: contextvars.ContextVar[str | None] = contextvars.ContextVar("interact_target", default=None)
_publisher: Callable[[str, dict], None] | None = None
_call_hook: Callable[[], None] | None = None
_SIDES = ("top", "bottom", "left", "right")


def set_publisher(fn: Callable[[str, dict], None] | None) -> None:
    """Send every interact_prepare as ``fn("extension", {...})``."""
    global _publisher
    _publisher = fn


def set_call_hook(fn: Callable[[], None] | None) -> None:
    """Run ``fn()`` after each interact call, while its output target is set."""
    global _call_hook
    _call_hook = fn


def current_output_target() -> str | None:
    """The id of the interact whose function is running, if any."""
    return _target.get()


def _normal_layout(layout: Any, names: list[str]) -> dict[str, list[list[str]]]:
    """Layout as ``{top, bottom, left, right: [[name, ...], ...]}``.

    Controls that the layout does not place go to the top, one per row.
    """
    if layout is None:
        layout = {}
    elif isinstance(layout, (list, tuple)):
        layout = {"top": layout}
    if not isinstance(layout, dict) or not set(layout) <= set(_SIDES):
        raise ValueError(f"layout must be a list of rows or a dict with keys {_SIDES}")
    placed: set[str] = set()
    normal: dict[str, list[list[str]]] = {}
    for side in _SIDES:
        normal[side] = []
        for row in layout.get(side, []):
            row = [row] if isinstance(row, str) else list(row)
            for name in row:
                if name not in names:
                    raise ValueError(f"layout names {name!r}, which is not a control")
                if name in placed:
                    raise ValueError(f"layout places {name!r} twice")
                placed.add(name)
            normal[side].append(row)
    normal["top"].extend([name] for name in names if name not in placed)
    return normal


class Interact:
    """One live interact: its function, controls and current values."""

    def __init__(self, function: Callable, layout: Any = None, auto_update: bool = True):
        self.function = function
        self.id = uuid.uuid4().hex
        self.parent = current_output_target()
        self.children: list[str] = []
        self.controls: dict[str, Control] = {}
        self.pass_auto_update = False
        for param in inspect.signature(function).parameters.values():
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            if param.name == "auto_update" and param.default is False:
                self.pass_auto_update, auto_update = True, False
                continue
            spec = None if param.default is param.empty else param.default
            control = automatic_control(spec)
            if control.label is None:
                control.label = param.name
            self.controls[param.name] = control
        self.auto_update = bool(auto_update)
        self.layout = _normal_layout(layout, list(self.controls))
        self.values = {name: c.default for name, c in self.controls.items()}

    def message(self) -> dict:
        """The content of this interact's interact_prepare message."""
        return {
            "interact_id": self.id,
            "controls": [{"name": name, **c.message()} for name, c in self.controls.items()],
            "layout": self.layout,
            "auto_update": self.auto_update,
            "function": getattr(self.function, "__name__", "interact"),
        }

    def update(self, values: dict) -> None:
        """Validate and merge new values (all or some), then run."""
        self.values.update(_constrain_all(self.controls, values))
        self.run()

    def run(self) -> Any:
        """Call the function with the current values, output aimed at this interact."""
        for child in self.children:
            _unregister(child)
        self.children = []
        kwargs = {name: c.to_python(self.values[name]) for name, c in self.controls.items()}
        if self.pass_auto_update:
            kwargs["auto_update"] = False
        token = _target.set(self.id)
        try:
            return self.function(**kwargs)
        finally:
            try:
                if _call_hook is not None:
                    _call_hook()
            finally:
                _target.reset(token)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.function(*args, **kwargs)


def _unregister(interact_id: str) -> None:
    gone = registry.pop(interact_id, None)
    for child in gone.children if gone else []:
        _unregister(child)


def interact(f: Callable | None = None, *, layout: Any = None,
             auto_update: bool = True) -> Any:
    """Make live controls for ``f``'s arguments and run it once with the defaults.

    Usable as ``@interact``, ``@interact(layout=..., auto_update=False)`` or
    ``interact(f, ...)``.  Returns the :class:`Interact` (calling it calls f).
    """
    if f is None:
        return lambda function: interact(function, layout=layout, auto_update=auto_update)
    live = Interact(f, layout, auto_update)
    registry[live.id] = live
    if live.parent in registry:
        registry[live.parent].children.append(live.id)
    if _publisher is not None:
        _publisher("extension", {"msg_type": "interact_prepare", "content": live.message()})
    live.run()
    return live


def _constrain_all(controls: dict[str, Control], values: Any) -> dict:
    if not isinstance(values, dict):
        raise InteractValueError("values must be an object of control names to values")
    result = {}
    for name, value in values.items():
        if name not in controls:
            raise InteractValueError(f"{name!r} is not a control of this interact")
        try:
            result[name] = controls[name].constrain(value)
        except InteractValueError as error:
            raise InteractValueError(f"{name}: {error}") from None
    return result


def run_update(interact_id: str, values: dict) -> None:
    """Re-run a registered interact with new values for some of its controls."""
    try:
        live = registry[interact_id]
    except KeyError:
        raise UnknownInteract(interact_id) from None
    live.update(values)


def validate_values(controls: list[dict], values: dict) -> dict:
    """Canonical values for ``values``, checked against the JSON ``controls``
    of an interact_prepare message; InteractValueError names the control."""
    rebuilt = {msg.get("name"): control_from_message(msg) for msg in controls}
    return _constrain_all(rebuilt, values)
