// Renders computation messages (Jupyter v5 shapes, API.md "Messages") into a container.
// Untrusted HTML never enters this document: it goes into <iframe sandbox="allow-scripts" srcdoc>.
import { typesetLatex } from "./latex.js";

const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-_]/g;
const MAX_FRAME_HEIGHT = 2000;
const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif"];
const LIMIT_NAMES = {
  cpu: "CPU time",
  wall: "wall-clock time",
  memory: "memory",
  processes: "process",
  output: "output size",
  disk: "disk space",
  file_size: "file size",
};

/** Terminal colour codes out of a traceback or stream text. */
export function stripAnsi(text) {
  return String(text).replace(ANSI, "");
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function humanSize(bytes) {
  if (typeof bytes !== "number") return "";
  const units = ["bytes", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

// A sandboxed frame cannot be measured from outside (it is cross-origin), so a script inside
// posts its height; the listener below sizes only the frame whose window sent it.
const RESIZE_SCRIPT =
  "<script>(function(){function s(){parent.postMessage({snipcellFrameHeight:" +
  "Math.ceil(document.documentElement.getBoundingClientRect().height)},'*')}addEventListener('load',s);" +
  "if(window.ResizeObserver)new ResizeObserver(s).observe(document.documentElement);s()})()<\/script>";
const FRAME_STYLE =
  "<style>body{margin:0;display:flow-root;font:14px/1.4 system-ui,sans-serif;color:#222}" +
  "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:2px 8px;text-align:right}" +
  "thead th{background:#f3f3f3}</style>";
let listening = false;

function listenForFrameHeights() {
  if (listening) return;
  listening = true;
  window.addEventListener("message", (event) => {
    const height = event.data?.snipcellFrameHeight;
    if (typeof height !== "number") return;
    for (const frame of document.querySelectorAll("iframe.snipcell-html")) {
      if (frame.contentWindow === event.source) {
        frame.style.height = `${Math.min(Math.max(height, 20), MAX_FRAME_HEIGHT) + 4}px`;
      }
    }
  });
}

/** Untrusted HTML in a frame with scripts but without our origin: it can't reach the page, cookies or API. */
export function sandboxedFrame(html, title = "HTML output") {
  listenForFrameHeights();
  const frame = element("iframe", "snipcell-html");
  frame.setAttribute("sandbox", "allow-scripts");
  frame.setAttribute("title", title);
  frame.setAttribute("loading", "lazy");
  frame.srcdoc = `<!doctype html><html><head><meta charset="utf-8">${FRAME_STYLE}</head><body>${html}${RESIZE_SCRIPT}</body></html>`;
  return frame;
}

function image(src, alt) {
  const img = element("img", "snipcell-image");
  img.src = src;
  img.alt = alt;
  return img;
}

function urlOf(value) {
  return value && typeof value === "object" ? value["application/x-url"] : undefined;
}

/** The richest form of a MIME bundle that we can show safely, as a DOM node. */
export function renderBundle(data, context) {
  const plain = data["text/plain"] ?? "";
  if (data["text/html"] !== undefined) return sandboxedFrame(data["text/html"]);
  const svg = data["image/svg+xml"];
  if (svg !== undefined) {
    const url = urlOf(svg);
    return image(url ? context.url(url) : `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, plain || "SVG image");
  }
  for (const type of IMAGE_TYPES) {
    const value = data[type];
    if (value === undefined) continue;
    const url = urlOf(value);
    return image(url ? context.url(url) : `data:${type};base64,${value}`, plain || "image");
  }
  if (data["application/x-url"] !== undefined) {
    const url = context.url(data["application/x-url"]);
    if (/\.(png|jpe?g|gif|svg|webp)$/i.test(url)) return image(url, plain || "image");
    return fileLink({ path: url.split("/").pop(), url: data["application/x-url"] }, context);
  }
  if (data["text/latex"] !== undefined) {
    const math = element("div", "snipcell-latex", data["text/latex"]);
    typesetLatex(math, context.server);
    return math;
  }
  if (data["text/markdown"] !== undefined) return element("pre", "snipcell-text", data["text/markdown"]);
  return element("pre", "snipcell-text", stripAnsi(plain));
}

function fileLink(file, context) {
  const item = element("li", "snipcell-file");
  const link = element("a", null, file.path);
  link.href = context.url(file.url);
  link.setAttribute("download", file.path.split("/").pop());
  item.append(link);
  if (typeof file.size === "number") item.append(` (${humanSize(file.size)})`);
  return item;
}

function renderFiles(files, context) {
  const block = element("div", "snipcell-files");
  block.append(element("p", "snipcell-files-title", files.length === 1 ? "1 file written:" : `${files.length} files written:`));
  const list = element("ul");
  for (const file of files) list.append(fileLink(file, context));
  block.append(list);
  return block;
}

function renderLimit(content) {
  const name = LIMIT_NAMES[content.what] ?? String(content.what);
  let figure = content.limit;
  if (content.what === "memory" || content.what === "output" || content.what === "disk" || content.what === "file_size") {
    figure = humanSize(content.limit);
  } else if (content.what === "cpu" || content.what === "wall") {
    figure = `${content.limit} s`;
  }
  const note = element("p", "snipcell-limit", `Stopped: the cell reached its ${name} limit (${figure}).`);
  note.setAttribute("role", "alert");
  return note;
}

function renderError(content) {
  const block = element("pre", "snipcell-error");
  const lines = (content.traceback ?? []).map(stripAnsi);
  const traceback = lines.every((line) => line.endsWith("\n")) ? lines.join("").trimEnd() : lines.join("\n");
  const summary = `${content.ename ?? "Error"}: ${content.evalue ?? ""}`;
  block.textContent = traceback.includes(summary) || !traceback ? traceback || summary : `${traceback}\n${summary}`;
  return block;
}

function appendStream(container, content) {
  const name = content.name === "stderr" ? "stderr" : "stdout";
  const last = container.lastElementChild;
  const text = stripAnsi(content.text ?? "");
  if (last?.classList.contains(`snipcell-${name}`)) {
    last.textContent += text;
  } else {
    container.append(element("pre", `snipcell-stream snipcell-${name}`, text));
  }
}

/**
 * Show one message in ``container``. ``context`` = { url(path) -> absolute URL, server }.
 * Returns false for messages it does not show (status, execute_reply, interact_prepare: the cell's job).
 */
export function renderMessage(message, container, context) {
  const content = message.content ?? {};
  switch (message.msg_type) {
    case "stream":
      appendStream(container, content);
      return true;
    case "execute_result":
    case "display_data":
      container.append(renderBundle(content.data ?? {}, context));
      return true;
    case "error":
      container.append(renderError(content));
      return true;
    case "extension": {
      const inner = content.content ?? {};
      if (content.msg_type === "files" && inner.files?.length) {
        container.append(renderFiles(inner.files, context));
        return true;
      }
      if (content.msg_type === "limit") {
        container.append(renderLimit(inner));
        return true;
      }
      return false;
    }
    default:
      return false;
  }
}
