// The embed script for other sites:
//   <script src="https://snipcell.example/static/js/embed.js" data-selector=".snipcell" data-autorun></script>
// turns every <div class="snipcell"> and <textarea class="snipcell"> (or data-selector's matches)
// into a SingleCellBlock that runs on the server this script came from.
// A classic script (works with or without type="module"); it imports the cell module from that server.
(function () {
  const script = document.currentScript;
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
