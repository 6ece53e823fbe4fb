// The embed script for other sites:
//   <script src="https://snipcell.example/static/js/embed.js" data-selector=".snipcell" data-autorun></script>
// turns every <div class="snipcell"> and <textarea class="snipcell"> (or data-selector's matches)
// into a SingleCellBlock that runs on the server this script came from.
// A classic script; loaded as type="module" it finds its own <script> tag by its src instead.
// It imports the cell module from the server it came from.
(function () {
  const script = document.currentScript ?? document.querySelector('script[src$="/static/js/embed.js"]');
  if (!script) return;
  const server = new URL("../../", script.src).href;
  const selector = script.dataset.selector || "div.snipcell, textarea.snipcell";
  const autorun = "autorun" in script.dataset;

  function mount() {
    import(new URL("static/js/cell.js", server).href).then(({ SingleCellBlock }) => {
      for (const element of document.querySelectorAll(selector)) {
        if (element.dataset.snipcellMounted) continue;
        element.dataset.snipcellMounted = "1";
        new SingleCellBlock(element, { server, autorun: autorun || "autorun" in element.dataset });
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
