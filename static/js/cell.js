// SingleCellBlock: one independent code cell (editor, Run, output) that runs on a snipcell server.
// Several may live on one page; each has its own computation, long-poll and interacts.
//
//   import { SingleCellBlock } from "https://snipcell.example/static/js/cell.js";
//   new SingleCellBlock(element, { code, snippet: "owner/name", rev, server, autorun });
//
// ``element`` is a <textarea> (its value is the code; it becomes the editor) or any other element
// (its text is the code unless ``options.code`` is given; its content is replaced by the cell).
// data-snippet, data-rev and data-autorun on the element work like the options.
import { ComputationClient, MODULE_SERVER } from "./computation.js";
import { CodeEditor } from "./editor.js";
import { loadStylesheet } from "./assets.js";
import { renderMessage } from "./output.js";

let cellCount = 0;

function isAbort(error) {
  return error?.name === "AbortError";
}

function dedent(text) {
  const lines = text.replace(/^\s*\n/, "").replace(/\s+$/, "").split("\n");
  const indents = lines.filter((line) => line.trim()).map((line) => line.match(/^[ \t]*/)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(cut)).join("\n");
}

export class SingleCellBlock {
  constructor(element, options = {}) {
    const data = element.dataset ?? {};
    this.server = options.server ?? data.server ?? MODULE_SERVER;
    this.client = new ComputationClient(this.server);
    this.snippet = options.snippet ?? data.snippet ?? null;
    this.rev = options.rev ?? data.rev ?? null;
    this.onDone = options.onDone ?? null;
    this.computationId = null;
    this.interacts = new Map();
    this.controller = null;
    loadStylesheet(new URL("static/css/cell.css", this.server).href);

    const code = options.code ?? (element.tagName === "TEXTAREA" ? element.value : dedent(element.textContent));
    this.root = this.build(element, code);
    this.editor = new CodeEditor(this.textarea, { server: this.server, onRun: () => this.run() });
    this.root.snipcell = this;
    if (options.autorun ?? "autorun" in data) this.run();
  }

  build(element, code) {
    const id = `snipcell-${++cellCount}`;
    const root = document.createElement("div");
    root.className = "snipcell-cell";
    root.innerHTML = `
      <div class="snipcell-editor"></div>
      <div class="snipcell-bar">
        <button type="button" class="snipcell-run">Run</button>
        <span class="snipcell-hint">or Shift+Enter</span>
        <span class="snipcell-status" role="status" aria-live="polite"></span>
      </div>
      <div class="snipcell-output" aria-live="polite"></div>`;
    if (element.tagName === "TEXTAREA") {
      this.textarea = element;
      element.replaceWith(root);
    } else {
      this.textarea = document.createElement("textarea");
      element.replaceChildren(root);
    }
    this.textarea.value = code;
    this.textarea.id ||= `${id}-code`;
    this.textarea.classList.add("snipcell-code");
    this.textarea.setAttribute("aria-label", this.textarea.getAttribute("aria-label") ?? "Python code");
    this.textarea.spellcheck = false;
    root.querySelector(".snipcell-editor").append(this.textarea);
    this.button = root.querySelector(".snipcell-run");
    this.status = root.querySelector(".snipcell-status");
    this.output = root.querySelector(".snipcell-output");
    this.button.addEventListener("click", () => this.run());
    return root;
  }

  get code() {
    return this.editor.value;
  }

  set code(value) {
    this.editor.value = value;
  }

  /** The context output.js needs to make server URLs absolute and to load MathJax from our server. */
  get outputContext() {
    return { url: (path) => this.client.url(path), server: this.server };
  }

  setRunning(running, text = running ? "Running…" : "") {
    this.root.classList.toggle("snipcell-running", running);
    this.status.textContent = text;
  }

  stop() {
    this.controller?.abort();
    this.controller = null;
    for (const handle of this.interacts.values()) handle.destroy?.();
    this.interacts.clear();
  }

  /** Run the editor's code as a new computation; a run in progress is abandoned. */
  async run() {
    this.stop();
    const controller = (this.controller = new AbortController());
    this.output.replaceChildren();
    this.computationId = null;
    delete this.root.dataset.state;
    this.setRunning(true);
    this.root.dispatchEvent(new CustomEvent("snipcell:run", { bubbles: true }));
    let status = null;
    try {
      const id = await this.client.start({ code: this.code, snippet: this.snippet, rev: this.rev }, controller.signal);
      this.computationId = id;
      this.root.dataset.computation = id;
      status = await this.stream(id, this.output, controller.signal);
    } catch (error) {
      if (isAbort(error)) return;
      this.showProblem(this.output, error);
    }
    if (controller !== this.controller) return;
    this.setRunning(false, status === "ok" || status === null ? "" : this.replyText(status));
    this.root.dataset.state = status ?? "failed";
    this.onDone?.(this, status);
    this.root.dispatchEvent(new CustomEvent("snipcell:done", { bubbles: true, detail: { status, id: this.computationId } }));
  }

  replyText(status) {
    return status === "abort" ? "Stopped." : status === "error" ? "Finished with an error." : "";
  }

  showProblem(container, error) {
    const note = document.createElement("p");
    note.className = "snipcell-problem";
    note.setAttribute("role", "alert");
    note.textContent = error?.message ?? String(error);
    container.append(note);
  }

  /** Where a message goes: the output area of the interact it names, else ``fallback``. */
  targetOf(message, fallback, updating) {
    const interactId = message.metadata?.interact_id;
    if (!interactId || interactId === updating) return fallback;
    return this.interacts.get(interactId)?.outputArea ?? fallback;
  }

  /**
   * Render computation ``id`` into ``container`` until done; resolves to execute_reply's status.
   * For an interact update, ``updating`` is its id (its output goes to ``container``) and ``onFirst``
   * swaps ``container`` in when the first message arrives, so the old output stays until then.
   */
  async stream(id, container, signal, { updating = null, onFirst = null } = {}) {
    let status = null;
    let first = true;
    for await (const message of this.client.messages(id, signal)) {
      if (first && onFirst) onFirst();
      first = false;
      const target = this.targetOf(message, container, updating);
      if (message.msg_type === "execute_reply") {
        status = message.content?.status ?? "ok";
        if (!onFirst) this.setRunning(false, this.replyText(status));
      } else if (message.msg_type === "extension" && message.content?.msg_type === "interact_prepare") {
        await this.mountInteract(target, message.content.content ?? {});
      } else {
        renderMessage(message, target, this.outputContext);
      }
    }
    if (first && onFirst) onFirst();
    return status;
  }

  async mountInteract(container, prepare) {
    loadStylesheet(new URL("static/css/interact.css", this.server).href);
    let renderInteract;
    try {
      ({ renderInteract } = await import("./interact.js"));
    } catch {
      this.showProblem(container, new Error("The interactive controls could not be loaded."));
      return;
    }
    const holder = document.createElement("div");
    holder.className = "snipcell-interact";
    container.append(holder);
    const interactId = prepare.interact_id;
    const update = (values) => this.updateInteract(interactId, values);
    const handle = renderInteract(holder, prepare, { onChange: update, onUpdate: update });
    this.interacts.set(interactId, handle);
  }

  /**
   * Re-run one interact with ``values`` in this cell's live session, replacing its output area.
   * Changes made while one is running merge into one more run with the latest values.
   */
  updateInteract(interactId, values) {
    const queue = (this.interactQueues ??= new Map());
    let entry = queue.get(interactId);
    if (entry) {
      entry.values = { ...entry.values, ...values };
      return entry.next;
    }
    entry = { values };
    queue.set(interactId, entry);
    entry.next = (async () => {
      const sessionId = this.computationId;
      const signal = this.controller?.signal;
      const handle = this.interacts.get(interactId);
      try {
        for (let sent = null; sent !== entry.values && sessionId === this.computationId; ) {
          sent = entry.values;
          await this.runInteractUpdate(sessionId, interactId, sent, handle, signal);
        }
      } finally {
        queue.delete(interactId);
      }
    })();
    return entry.next;
  }

  async runInteractUpdate(sessionId, interactId, values, handle, signal) {
    const area = document.createElement("div");
    area.className = "snipcell-interact-output";
    const show = () => handle?.setOutput(area);
    try {
      const id = await this.client.updateInteract(sessionId, interactId, values, signal);
      this.root.classList.add("snipcell-updating");
      await this.stream(id, area, signal, { updating: interactId, onFirst: show });
    } catch (error) {
      if (isAbort(error)) return;
      this.showProblem(area, error);
      show();
    } finally {
      this.root.classList.remove("snipcell-updating");
    }
  }

  destroy() {
    this.stop();
    this.editor.destroy();
  }
}
