// The snippet page: rate with the stars, and comment on a line by clicking its number.

const csrf = document.querySelector("meta[name=csrf-token]")?.content ?? "";

// Rating ----------------------------------------------------------------------
const rating = document.querySelector(".rating[data-url]");

function showRating(result) {
  rating.querySelector(".rating-summary").textContent =
    `${result.average.toFixed(1)} from ${result.count} rating${result.count === 1 ? "" : "s"}`;
  rating.querySelectorAll(".rating-stars .stars > span").forEach((star, i) => {
    star.className = result.average >= i + 1 - 0.25 ? "on" : "off";
  });
  rating.querySelector(".rating-stars .stars")?.setAttribute("aria-label", `${result.average.toFixed(1)} out of 5 stars`);
  rating.querySelectorAll("button.star").forEach((button) => {
    const stars = Number(button.dataset.stars);
    button.classList.toggle("on", stars <= result.mine);
    button.setAttribute("aria-pressed", String(stars === result.mine));
  });
  rating.querySelector(".rating-mine").textContent = `Yours: ${result.mine}`;
}

rating?.addEventListener("click", async (event) => {
  const button = event.target.closest("button.star");
  if (!button) return;
  const response = await fetch(rating.dataset.url, {
    method: "PUT",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify({ stars: Number(button.dataset.stars) }),
  });
  const body = await response.json();
  if (response.ok) showRating(body);
  else rating.querySelector(".rating-mine").textContent = body.error?.message ?? "Rating failed.";
});

// Line comments ---------------------------------------------------------------
const template = document.getElementById("line-comment-template");

function openLineForm(row, path, line) {
  const next = row.nextElementSibling;
  if (next?.classList.contains("new")) {
    next.querySelector("textarea").focus();
    return;
  }
  const form = template.content.firstElementChild.cloneNode(true);
  form.querySelector("input[name=path]").value = path;
  form.querySelector("input[name=line]").value = line;
  form.querySelector(".where").textContent = `${path} line ${line}`;
  const textarea = form.querySelector("textarea");
  textarea.setAttribute("aria-label", `Comment on ${path} line ${line}`);
  form.querySelector(".cancel").addEventListener("click", () => {
    form.remove();
    row.querySelector(".ln a").focus();
  });
  // After the line's existing comments, if any.
  const anchor = next?.classList.contains("line-comments") ? next : row;
  anchor.after(form);
  textarea.focus();
}

document.querySelectorAll("table.code").forEach((table) => {
  table.addEventListener("click", (event) => {
    const link = event.target.closest(".ln a");
    if (!link || !template) return;
    event.preventDefault();
    history.replaceState(null, "", link.getAttribute("href"));
    highlightTarget();
    openLineForm(link.closest("tr"), table.dataset.path, Number(link.dataset.line));
  });
});

// The line named in the address is marked (":target" misses replaceState).
function highlightTarget() {
  document.querySelectorAll("tr.targeted").forEach((row) => row.classList.remove("targeted"));
  const id = decodeURIComponent(location.hash.slice(1));
  const row = id && document.getElementById(id);
  if (row?.tagName === "TR") row.classList.add("targeted");
}
window.addEventListener("hashchange", highlightTarget);
highlightTarget();

// Forms that cannot be undone (delete) ask first.
for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}

// The permalink and clone fields select themselves, ready to copy.
for (const field of document.querySelectorAll(".permalink")) {
  field.addEventListener("focus", (event) => event.target.select());
}

// TeX in the description ($x^2$), typeset by the vendored MathJax only when there is some.
const blurb = document.querySelector(".blurb[data-mathjax]");
if (blurb && /\$[^$]+\$/.test(blurb.textContent)) {
  const { loadScript } = await import("./assets.js");
  window.MathJax ??= {
    tex: { inlineMath: [["$", "$"], ["\\(", "\\)"]] },
    svg: { fontCache: "global" },
    options: { enableMenu: false },
    startup: { typeset: false },
  };
  await loadScript(new URL(blurb.dataset.mathjax, location.origin).href);
  await window.MathJax.startup.promise;
  await window.MathJax.typesetPromise([blurb]);
}
