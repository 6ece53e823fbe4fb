// The new/edit snippet form: every file and the cell in the code editor, add and remove file
// boxes, and tag autocomplete from existing tags.
import { CodeEditor, modeFor } from "./editor.js";

const files = document.getElementById("files");
const addButton = document.getElementById("add-file");
const server = new URL("/", location.href).href;
const editors = new WeakMap();  // file slot -> its CodeEditor

function upgrade(slot) {
  const textarea = slot.querySelector("textarea[name=content]");
  const nameField = slot.querySelector("input[name=filename]");
  const editor = new CodeEditor(textarea, { server, onRun: () => {}, mode: modeFor(nameField.value) });
  nameField.addEventListener("input", () => (editor.mode = modeFor(nameField.value)));
  editors.set(slot, editor);
}

function renumber() {
  files.querySelectorAll(".file-slot").forEach((slot, i) => {
    slot.querySelector("input[name=filename]").setAttribute("aria-label", `File name ${i + 1}`);
    const name = `Content of file ${i + 1}`;
    editors.get(slot).label = name;
    slot.querySelector(".remove-file")?.setAttribute("aria-label", `Remove file ${i + 1}`);
  });
}

files?.querySelectorAll(".file-slot").forEach(upgrade);
const cell = document.getElementById("cell");
if (cell) new CodeEditor(cell, { server, onRun: () => {} });

function newSlot() {
  const slot = document.createElement("div");
  slot.className = "file-slot";
  slot.innerHTML = `
    <input type="hidden" name="original" value="">
    <div class="file-slot-head">
      <input name="filename" class="filename" placeholder="name.py">
      <button type="button" class="secondary remove-file">Remove</button>
    </div>
    <textarea name="content" rows="12" class="code" spellcheck="false"></textarea>`;
  return slot;
}

addButton?.addEventListener("click", () => {
  const slot = newSlot();
  addButton.before(slot);
  upgrade(slot);
  renumber();
  slot.querySelector("input[name=filename]").focus();
});

files?.addEventListener("click", (event) => {
  const remove = event.target.closest(".remove-file");
  if (!remove) return;
  const slots = files.querySelectorAll(".file-slot");
  const slot = remove.closest(".file-slot");
  if (slots.length === 1) {
    slot.querySelector("input[name=filename]").value = "";
    editors.get(slot).value = "";
  } else {
    slot.remove();
  }
  renumber();
  addButton.focus();
});

// Tags: suggest completions of the word being typed; an option holds the whole new value.
const tagsInput = document.getElementById("tags");
const suggestions = document.getElementById("tag-suggestions");
let lastPrefix = null;
let pending = null;

async function suggest() {
  const words = tagsInput.value.split(/[\s,]+/);
  const prefix = words.pop().toLowerCase();
  if (prefix === lastPrefix) return;
  lastPrefix = prefix;
  pending?.abort();
  if (!prefix) {
    suggestions.replaceChildren();
    return;
  }
  pending = new AbortController();
  try {
    const url = `${tagsInput.dataset.autocomplete}?prefix=${encodeURIComponent(prefix)}`;
    const response = await fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const { items } = await response.json();
    const before = words.filter(Boolean).join(" ");
    suggestions.replaceChildren(
      ...items.slice(0, 10).map((tag) => {
        const option = document.createElement("option");
        option.value = before ? `${before} ${tag.name}` : tag.name;
        option.label = `${tag.name} (${tag.count})`;
        return option;
      }),
    );
  } catch (error) {
    if (error.name !== "AbortError") throw error;
  }
}

tagsInput?.addEventListener("input", suggest);
