/**
 * Live @interact controls in the page.
 *
 * renderInteract(container, prepareContent, { onChange, onUpdate }) draws the
 * controls described by one `interact_prepare` message (see compute/interact.py)
 * and an output area below them. When a control changes, `onChange(values)` is
 * called with the changed controls' canonical values ({name: value}); it must
 * return a Promise. While one call is in flight further changes are merged and
 * only the latest values are sent when it settles, so dragging a slider never
 * queues a backlog of runs. With `auto_update: false` controls only change
 * local state and an "Update" button sends every value through `onUpdate`
 * (default: `onChange`).
 *
 * Value forms follow the Python side: sliders send numbers (or {index: i}
 * for a slider over a values list), selectors send {index: i}, input boxes and
 * grid cells send the text typed, checkboxes booleans, colours "#rrggbb".
 */

let instanceCount = 0;

/** Create an element with attributes and children. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

/** Digits after the decimal point needed to show multiples of `step`. */
function decimalsOf(step) {
  const text = String(step);
  if (text.includes("e-")) return Number(text.split("e-")[1]);
  return (text.split(".")[1] || "").length;
}

/** The text shown beside a slider for one canonical value. */
function sliderText(control, value) {
  if (control.values) return control.labels[value.index];
  return Number(value).toFixed(decimalsOf(control.step));
}

/** One <input type=range> for a slider position, in index or number form. */
function rangeInput(id, control, value, accessibleName) {
  const byIndex = Boolean(control.values);
  return el("input", {
    type: "range", id, "aria-label": accessibleName,
    min: control.vmin, max: control.vmax, step: control.step,
    value: byIndex ? value.index : value,
  });
}

function readRange(control, input) {
  return control.values ? { index: Number(input.value) } : Number(input.value);
}

/* Each builder returns the element holding the control's input(s); `emit`
 * reports a new canonical value, `id` is what the <label for> points at. */
const builders = {
  slider(control, id, emit) {
    const input = rangeInput(id, control, control.default, null);
    const shown = el("output", { for: id, class: "interact-value" },
      sliderText(control, control.default));
    input.addEventListener("input", () => {
      const value = readRange(control, input);
      shown.textContent = sliderText(control, value);
      input.setAttribute("aria-valuetext", shown.textContent);
      emit(value);
    });
    input.setAttribute("aria-valuetext", shown.textContent);
    return el("span", { class: "interact-slider" }, input,
      control.display_value === false ? null : shown);
  },

  range_slider(control, id, emit) {
    const name = control.label || control.name;
    const low = rangeInput(id, control, control.default[0], `${name} (low)`);
    const high = rangeInput(`${id}-high`, control, control.default[1], `${name} (high)`);
    const shown = el("output", { for: `${id} ${id}-high`, class: "interact-value" });
    const position = (input) => Number(input.value);
    const update = (moved) => {
      if (position(low) > position(high)) {
        (moved === low ? high : low).value = moved.value;
      }
      const value = [readRange(control, low), readRange(control, high)];
      shown.textContent = `${sliderText(control, value[0])} – ${sliderText(control, value[1])}`;
      return value;
    };
    update(low);
    low.addEventListener("input", () => emit(update(low)));
    high.addEventListener("input", () => emit(update(high)));
    return el("span", { class: "interact-slider interact-range" }, low, high,
      control.display_value === false ? null : shown);
  },

  input_box(control, id, emit) {
    const numeric = { int: "numeric", float: "decimal" }[control.type];
    const input = el("input", {
      type: "text", id, value: control.default, size: control.width,
      inputmode: numeric, spellcheck: "false", autocomplete: "off",
    });
    let committed = control.default;
    const commit = () => {
      if (input.value === committed) return;
      committed = input.value;
      emit(input.value);
    };
    input.addEventListener("change", commit);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") commit();
    });
    return input;
  },

  checkbox(control, id, emit) {
    const input = el("input", { type: "checkbox", id });
    input.checked = Boolean(control.default);
    input.addEventListener("change", () => emit(input.checked));
    return input;
  },

  selector(control, id, emit) {
    if (!control.buttons) {
      const select = el("select", { id },
        ...control.labels.map((label, i) => el("option", { value: i }, label)));
      select.value = String(control.default.index);
      select.addEventListener("change", () => emit({ index: Number(select.value) }));
      return select;
    }
    const group = el("div", { class: "interact-buttons", role: "group", id,
      "aria-labelledby": `${id}-label` });
    if (control.ncols) group.style.gridTemplateColumns = `repeat(${control.ncols}, auto)`;
    const buttons = control.labels.map((label, i) => el("button", {
      type: "button", "aria-pressed": String(i === control.default.index),
      onclick: () => {
        buttons.forEach((b, j) => b.setAttribute("aria-pressed", String(i === j)));
        emit({ index: i });
      },
    }, label));
    group.append(...buttons);
    return group;
  },

  color_selector(control, id, emit) {
    const input = el("input", { type: "color", id, value: control.default });
    input.addEventListener("input", () => emit(input.value.toLowerCase()));
    return input;
  },

  input_grid(control, id, emit) {
    const name = control.label || control.name;
    const cells = control.default.map((row, r) => row.map((text, c) => el("input", {
      type: "text", value: text, size: control.width || 4, spellcheck: "false",
      id: r === 0 && c === 0 ? id : `${id}-${r}-${c}`,
      "aria-label": `${name}, row ${r + 1}, column ${c + 1}`,
    })));
    const read = () => cells.map((row) => row.map((input) => input.value));
    const table = el("table", { class: "interact-grid", role: "grid" },
      el("tbody", {}, ...cells.map((row) => el("tr", {}, ...row.map((input) => el("td", {}, input))))));
    table.addEventListener("change", () => emit(read()));
    return table;
  },
};

/** Layout as {top, bottom, left, right} rows of names; unplaced names go on top. */
function normalLayout(layout, names) {
  const sides = { top: [], bottom: [], left: [], right: [] };
  const given = Array.isArray(layout) ? { top: layout } : (layout || {});
  const placed = new Set();
  for (const side of Object.keys(sides)) {
    for (const row of given[side] || []) {
      const cells = (Array.isArray(row) ? row : [row]).filter((n) => names.includes(n));
      cells.forEach((n) => placed.add(n));
      if (cells.length) sides[side].push(cells);
    }
  }
  names.filter((n) => !placed.has(n)).forEach((n) => sides.top.push([n]));
  return sides;
}

/**
 * Render one interact. Returns { setOutput(nodeOrNull), outputArea, getValues(), destroy() }.
 */
export function renderInteract(container, prepare, { onChange, onUpdate } = {}) {
  const prefix = `interact-${++instanceCount}`;
  const values = {};
  const fields = {};
  const autoUpdate = prepare.auto_update !== false;
  const status = el("span", { class: "interact-status", role: "status", "aria-live": "polite" });
  const outputArea = el("div", { class: "interact-output", "aria-live": "polite" });
  let destroyed = false;
  let inFlight = false;
  let pending = null;

  /* Send `pending`, then whatever accumulated meanwhile: never two at once. */
  function flush(send) {
    if (destroyed || inFlight || !pending) return;
    const batch = pending;
    pending = null;
    inFlight = true;
    outputArea.setAttribute("aria-busy", "true");
    Promise.resolve()
      .then(() => send(batch))
      .then(() => {
        status.textContent = "";
        status.classList.remove("interact-error");
      }, (error) => {
        status.textContent = (error && error.message) || String(error);
        status.classList.add("interact-error");
      })
      .finally(() => {
        inFlight = false;
        outputArea.removeAttribute("aria-busy");
        flush(send);
      });
  }

  function queue(change, send) {
    pending = { ...(pending || {}), ...change };
    flush(send);
  }

  for (const control of prepare.controls) {
    const id = `${prefix}-${control.name}`;
    values[control.name] = control.default;
    const build = builders[control.control];
    const emit = (value) => {
      values[control.name] = value;
      if (autoUpdate && onChange) queue({ [control.name]: value }, onChange);
    };
    const input = build ? build(control, id, emit)
      : el("span", { class: "interact-error" }, `unknown control ${control.control}`);
    const text = control.label === "" ? null : (control.label ?? control.name);
    const isGroup = control.control === "selector" && control.buttons;
    const label = isGroup
      ? el("span", { id: `${id}-label`, class: "interact-label" }, text ?? control.name)
      : el("label", { for: id, class: "interact-label" }, text);
    if (text === null && !isGroup) input.setAttribute("aria-label", control.name);
    fields[control.name] = el("div", { class: `interact-control interact-${control.control}` },
      label, input);
  }

  const rowsOf = (rows) => rows.map((row) =>
    el("div", { class: "interact-row" }, ...row.map((name) => fields[name])));
  const layout = normalLayout(prepare.layout, prepare.controls.map((c) => c.name));

  const updateButton = autoUpdate ? null : el("button", {
    type: "button", class: "interact-update",
    onclick: () => queue({ ...values }, onUpdate || onChange),
  }, "Update");

  const root = el("div", { class: "interact", "data-interact-id": prepare.interact_id },
    el("div", { class: "interact-top" }, ...rowsOf(layout.top)),
    el("div", { class: "interact-actions" }, updateButton, status),
    el("div", { class: "interact-middle" },
      layout.left.length ? el("div", { class: "interact-side" }, ...rowsOf(layout.left)) : null,
      outputArea,
      layout.right.length ? el("div", { class: "interact-side" }, ...rowsOf(layout.right)) : null),
    el("div", { class: "interact-bottom" }, ...rowsOf(layout.bottom)));
  container.append(root);

  return {
    outputArea,
    /** Replace the output with `node` (or clear it with null). */
    setOutput(node) {
      outputArea.replaceChildren(...(node ? [node] : []));
    },
    /** The current canonical value of every control. */
    getValues() {
      return { ...values };
    },
    /** Remove the controls; changes still queued are dropped. */
    destroy() {
      destroyed = true;
      pending = null;
      root.remove();
    },
  };
}
