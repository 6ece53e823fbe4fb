// "Add a file" on the new-snippet form: clones the last file slot with empty fields.
const button = document.getElementById("add-file");
button?.addEventListener("click", () => {
  const slots = document.querySelectorAll("#files .file-slot");
  const slot = slots[slots.length - 1].cloneNode(true);
  const n = slots.length + 1;
  for (const field of slot.querySelectorAll("input, textarea")) field.value = "";
  slot.querySelector("input").setAttribute("aria-label", `File name ${n}`);
  slot.querySelector("textarea").setAttribute("aria-label", `Content of file ${n}`);
  button.before(slot);
  slot.querySelector("input").focus();
});
