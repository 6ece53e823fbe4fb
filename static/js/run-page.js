// The /run page: one cell whose code travels in the link (?z= = raw DEFLATE + base64url, see
// snippets/services/shortlinks.py), a permalink kept up to date on every run, and short links.
import { SingleCellBlock } from "./cell.js";

/** The ``z`` of ``code``: CompressionStream("deflate-raw"), then unpadded base64url. */
export async function encodeCode(code) {
  const stream = new Blob([code]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const textarea = document.getElementById("run-code");
const permalink = document.getElementById("permalink");
const shortButton = document.getElementById("make-short-link");
const shortOutput = document.getElementById("short-link");

async function updatePermalink(cell) {
  const url = new URL(window.location.href);
  url.search = `?z=${await encodeCode(cell.code)}`;
  url.hash = "";
  permalink.href = url.href;
  window.history.replaceState(null, "", url.href);
  return url.href;
}

async function makeShortLink(cell) {
  shortOutput.textContent = "…";
  try {
    const response = await cell.client.post("api/v1/shortlinks", { code: cell.code });
    const link = document.createElement("a");
    link.href = response.url;
    link.textContent = response.url;
    shortOutput.replaceChildren(link);
  } catch (error) {
    shortOutput.textContent = error.message;
  }
}

if (textarea) {
  const cell = new SingleCellBlock(textarea);
  cell.root.addEventListener("snipcell:run", () => updatePermalink(cell));
  shortButton.addEventListener("click", () => makeShortLink(cell));
  cell.editor.ready.then(() => cell.editor.focus());
}
