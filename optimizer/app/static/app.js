// The planner app's only script: post an edited field, show the new plan and any error.
// No framework and no network beyond this app (it runs offline).
"use strict";

function showProblem(problem) {
  document.querySelectorAll(".field-error").forEach((el) => { el.textContent = ""; });
  document.querySelectorAll("input.bad, select.bad").forEach((el) => el.classList.remove("bad"));
  if (!problem || !problem.field) return;
  document.querySelectorAll("[data-field]").forEach((input) => {
    const name = input.dataset.field;
    const inside = name.startsWith(problem.field + ".") && problem.field.split(".").length >= 3;
    if (name === problem.field || inside) {
      input.classList.add("bad");
      const span = document.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
      if (span) span.textContent = problem.message;
    }
  });
}

// Answers can overtake each other; an older one never replaces a newer plan.
let shownVersion = 0;

async function send(field, value) {
  document.body.classList.add("busy");
  try {
    const response = await fetch("/edit", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ field: field, value: value }),
    });
    if (!response.ok) throw new Error(await response.text());
    const answer = await response.json();
    if (answer.version < shownVersion) return;
    shownVersion = answer.version;
    document.getElementById("results").innerHTML = answer.results;
    showProblem(answer.problem);
  } catch (err) {
    document.getElementById("results").insertAdjacentHTML(
      "afterbegin", `<p class="problem">${String(err.message).replace(/[<>&]/g, "")}</p>`);
  } finally {
    document.body.classList.remove("busy");
  }
}

document.addEventListener("change", (ev) => {
  const el = ev.target;
  if (el.dataset && el.dataset.field) {
    const slider = document.querySelector(`input.slider[data-for="${CSS.escape(el.dataset.field)}"]`);
    if (slider && /^\d+$/.test(el.value)) slider.value = el.value;
    send(el.dataset.field, el.value);
  } else if (el.classList && el.classList.contains("slider")) {
    const box = document.querySelector(`[data-field="${CSS.escape(el.dataset.for)}"]`);
    box.value = el.value;
    send(box.dataset.field, box.value);
  }
});

// While a slider moves, its number box follows; the plan is re-solved when it is let go.
document.addEventListener("input", (ev) => {
  const el = ev.target;
  if (el.classList && el.classList.contains("slider")) {
    document.querySelector(`[data-field="${CSS.escape(el.dataset.for)}"]`).value = el.value;
  }
});

// Enter in a field re-solves (without submitting anything else).
document.addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" && ev.target.dataset && ev.target.dataset.field) {
    ev.preventDefault();
    ev.target.blur();
  }
});

document.addEventListener("click", async (ev) => {
  const el = ev.target;
  if (!el.dataset || !el.dataset.load) return;
  const into = document.getElementById(el.dataset.into);
  into.textContent = "…";
  const response = await fetch(el.dataset.load);
  into.innerHTML = await response.text();
});

document.addEventListener("DOMContentLoaded", () => {
  const file = document.getElementById("open-file");
  file.addEventListener("change", async () => {
    if (!file.files.length) return;
    const chosen = file.files[0];
    await fetch("/open?name=" + encodeURIComponent(chosen.name), { method: "POST", body: chosen });
    window.location.assign("/");
  });
});
