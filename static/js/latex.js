// LaTeX output through MathJax 3, loaded only when the first formula appears.
// Without static/vendor (or offline) the formula stays readable as its TeX source.
import { loadScript } from "./assets.js";

let loading = null;

function ensureDelimiters(tex) {
  const text = tex.trim();
  return /^(\$|\\\(|\\\[|\\begin\{)/.test(text) ? text : `$$${text}$$`;
}

function mathJax(server) {
  if (window.MathJax?.typesetPromise) return Promise.resolve(window.MathJax);
  if (!loading) {
    if (!window.MathJax) {
      window.MathJax = {
        tex: { inlineMath: [["$", "$"], ["\\(", "\\)"]] },
        svg: { fontCache: "global" },
        options: { enableMenu: false },
        startup: { typeset: false },
      };
    }
    loading = loadScript(new URL("static/vendor/mathjax/tex-svg.js", server).href)
      .then(() => window.MathJax.startup.promise)
      .then(() => window.MathJax);
  }
  return loading;
}

/** Typeset ``node`` (whose text is TeX) in place; marks it ``data-typeset`` when done. */
export function typesetLatex(node, server) {
  node.textContent = ensureDelimiters(node.textContent);
  return mathJax(server)
    .then((MathJax) => MathJax.typesetPromise([node]))
    .then(() => node.setAttribute("data-typeset", "mathjax"))
    .catch(() => node.setAttribute("data-typeset", "failed"));
}
