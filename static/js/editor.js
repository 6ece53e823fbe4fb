// The cell's code editor: CodeMirror 5 with Python highlighting when static/vendor has it,
// else the plain textarea. Either way Shift+Enter runs the cell.
import { loadScript, loadStylesheet } from "./assets.js";

const CODEMIRROR_FILES = [
  "lib/codemirror.js",
  "mode/python/python.js",
  "addon/edit/matchbrackets.js",
  "addon/edit/closebrackets.js",
];

let codeMirrorLoading = null;

function loadCodeMirror(server) {
  if (window.CodeMirror?.modes?.python) return Promise.resolve(window.CodeMirror);
  if (!codeMirrorLoading) {
    const base = new URL("static/vendor/codemirror/", server);
    loadStylesheet(new URL("lib/codemirror.css", base).href);
    // The core must run before the mode and addons, which register themselves on it.
    codeMirrorLoading = loadScript(new URL(CODEMIRROR_FILES[0], base).href)
      .then(() => Promise.all(CODEMIRROR_FILES.slice(1).map((file) => loadScript(new URL(file, base).href))))
      .then(() => window.CodeMirror);
  }
  return codeMirrorLoading;
}

/** The CodeMirror mode for a file name: Python for .py, plain text otherwise (the only mode we ship). */
export function modeFor(path) {
  return /\.pyw?$/i.test(path || "") ? "python" : null;
}

/** A textarea-backed editor; upgraded to CodeMirror once it has loaded (if it does).
 * The textarea's accessible name moves to CodeMirror's input, so the editor keeps it. */
export class CodeEditor {
  constructor(textarea, { server, onRun, mode = "python" }) {
    this.textarea = textarea;
    this.codeMirror = null;
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.shiftKey) {
        event.preventDefault();
        onRun();
      }
    });
    this.ready = loadCodeMirror(server)
      .then((CodeMirror) => {
        this.codeMirror = CodeMirror.fromTextArea(textarea, {
          mode,
          lineNumbers: true,
          indentUnit: 4,
          matchBrackets: true,
          autoCloseBrackets: true,
          viewportMargin: Infinity,
          extraKeys: {
            "Shift-Enter": () => onRun(),
            Tab: (cm) => (cm.somethingSelected() ? cm.indentSelection("add") : cm.replaceSelection("    ")),
          },
        });
        this.codeMirror.getWrapperElement().classList.add("snipcell-codemirror");
        this.label = textarea.getAttribute("aria-label");
      })
      .catch(() => textarea.classList.add("snipcell-plain"));
  }

  /** The accessible name of the editor, wherever keyboard input goes. */
  set label(name) {
    if (!name) return;
    if (this.codeMirror) {
      this.codeMirror.getInputField().setAttribute("aria-label", name);
      this.textarea.removeAttribute("aria-label");
    } else {
      this.textarea.setAttribute("aria-label", name);
    }
  }

  set mode(mode) {
    this.codeMirror?.setOption("mode", mode);
  }

  get value() {
    return this.codeMirror ? this.codeMirror.getValue() : this.textarea.value;
  }

  set value(code) {
    if (this.codeMirror) this.codeMirror.setValue(code);
    else this.textarea.value = code;
  }

  focus() {
    (this.codeMirror ?? this.textarea).focus();
  }

  destroy() {
    this.codeMirror?.toTextArea();
    this.codeMirror = null;
  }
}
