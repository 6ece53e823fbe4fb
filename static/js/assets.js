// Load classic scripts and stylesheets once per page, in order (CodeMirror 5 and MathJax are UMD globals).

const scripts = new Map();

/** Resolves when the script at ``src`` has run; one <script> per URL however often it is asked for. */
export function loadScript(src) {
  if (!scripts.has(src)) {
    scripts.set(src, new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = false;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(script);
    }));
  }
  return scripts.get(src);
}

/** Add a stylesheet once. */
export function loadStylesheet(href) {
  for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
    if (link.href === href) return;
  }
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  document.head.append(link);
}
