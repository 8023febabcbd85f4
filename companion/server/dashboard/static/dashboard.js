// Order Guard dashboard: exports, backup restore, copy buttons and order edits.
// Every change goes through the API with this page's session cookie (same origin, HttpOnly: this
// script never sees it); the pairing token is not used here.
"use strict";

(function () {
  const lang = document.body.dataset.lang || "en";
  const RECEIVED = { "true": true, "false": false, "": null };

  function toast(message, kind) {
    const box = document.getElementById("toast");
    if (!box) return;
    box.textContent = message;
    box.className = "toast " + (kind || "");
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 5000);
  }

  async function api(method, path, body) {
    const init = { method, credentials: "same-origin", headers: { "Accept-Language": lang } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = typeof body === "string" ? body : JSON.stringify(body);
    }
    const response = await fetch(path, init);
    if (!response.ok) {
      let message = response.status + " " + response.statusText;
      try { message = (await response.json()).error.message || message; } catch (_) { /* not JSON */ }
      throw new Error(message);
    }
    return response;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : ""));
  }

  // ---- exports: fetch with the session, then hand the bytes to the browser as a download
  document.querySelectorAll("[data-export]").forEach((button) => {
    button.addEventListener("click", async () => {
      const box = button.closest(".transfer");
      button.disabled = true;
      try {
        const response = await api("GET", "/api/v1/export?format=" + encodeURIComponent(button.dataset.export));
        const disposition = response.headers.get("Content-Disposition") || "";
        const match = /filename="([^"]+)"/.exec(disposition);
        const url = URL.createObjectURL(await response.blob());
        const link = document.createElement("a");
        link.href = url;
        link.download = match ? match[1] : "order-guard." + button.dataset.export;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      } catch (err) {
        toast((box ? box.dataset.exportFailed : "Export failed") + ": " + err.message, "error");
      } finally {
        button.disabled = false;
      }
    });
  });

  // ---- restore a backup
  document.querySelectorAll("input[data-import]").forEach((input) => {
    input.addEventListener("change", async () => {
      const box = input.closest(".transfer");
      const file = input.files && input.files[0];
      if (!file) return;
      try {
        const response = await api("POST", "/api/v1/import", await file.text());
        const result = await response.json();
        toast(fill(box.dataset.importDone, result), "ok");
        setTimeout(() => location.reload(), 1500);
      } catch (err) {
        toast(box.dataset.importFailed + ": " + err.message, "error");
      } finally {
        input.value = "";
      }
    });
  });

  // ---- import saved pages (a HAR file or saved AliExpress responses): sent as they are, the
  // companion reads them; a bad file comes back as one plain sentence, and nothing was changed
  document.querySelectorAll("input[data-import-saved]").forEach((input) => {
    input.addEventListener("change", async () => {
      const box = input.closest(".transfer");
      const file = input.files && input.files[0];
      if (!file) return;
      try {
        const response = await fetch("/api/v1/import/saved?name=" + encodeURIComponent(file.name), {
          method: "POST",
          credentials: "same-origin",
          headers: { "Accept-Language": lang, "Content-Type": "application/octet-stream" },
          body: file,
        });
        let result = {};
        try { result = await response.json(); } catch (_) { /* not JSON */ }
        if (response.status === 413) {
          toast(box.dataset.savedTooLarge, "error");
        } else if (!response.ok) {
          const message = (result.error && result.error.message) || response.status + " " + response.statusText;
          toast(response.status === 400 ? message : box.dataset.savedFailed + ": " + message, "error");
        } else {
          toast(fill(box.dataset.savedDone, result), "ok");
          setTimeout(() => location.reload(), 1500);
        }
      } catch (err) {
        toast(box.dataset.savedFailed + ": " + (box.dataset.companionDown || err.message), "error");
      } finally {
        input.value = "";
      }
    });
  });

  // ---- copy buttons: the English text sits in a <pre> next to the button
  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    if (!ok) throw new Error("copy refused");
  }

  document.querySelectorAll("button[data-copy-target]").forEach((button) => {
    const label = button.textContent;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copyTarget);
      try {
        await copyText(source.textContent);
        button.textContent = button.dataset.copiedLabel;
        button.classList.add("done");
        setTimeout(() => { button.textContent = label; button.classList.remove("done"); }, 2000);
      } catch (err) {
        // the text is on screen: select it so Ctrl+C works
        const range = document.createRange();
        range.selectNodeContents(source);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
    });
  });

  // ---- the order's own fields
  const form = document.getElementById("edit-form");
  if (form) {
    if (sessionStorage.getItem("og-saved") === form.dataset.orderId) {
      sessionStorage.removeItem("og-saved");
      toast(form.dataset.savedLabel, "ok");
    }
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = form.querySelector(".form-status");
      const body = {
        dispute_opened_at: form.elements.dispute_opened_at.value || null,
        deadline_override: form.elements.deadline_override.value || null,
        note: form.elements.note.value.trim() || null,
      };
      // received / not received / not said are three answers for the rules (true, false, null):
      // send it only when the buyer changed it, so this page never undoes a change made elsewhere
      const choices = Array.from(form.querySelectorAll("input[name=received]"));
      const chosen = choices.find((input) => input.checked);
      const before = choices.find((input) => input.defaultChecked);
      if (chosen && chosen !== before) body.received = RECEIVED[chosen.value];
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      status.textContent = "";
      try {
        await api("PATCH", "/api/v1/orders/" + encodeURIComponent(form.dataset.orderId), body);
        sessionStorage.setItem("og-saved", form.dataset.orderId);
        location.reload();  // the hint and deadline depend on what was saved
      } catch (err) {
        status.textContent = form.dataset.errorLabel + ": " + err.message;
        status.className = "form-status error";
        button.disabled = false;
      }
    });
  }

  // ---- the case: record a step (today, or a day picked), undo one
  const caseForm = document.getElementById("case-form");
  if (caseForm) {
    const path = "/api/v1/orders/" + encodeURIComponent(caseForm.dataset.orderId) + "/case";
    const today = new Date();
    const local = [today.getFullYear(), String(today.getMonth() + 1).padStart(2, "0"), String(today.getDate()).padStart(2, "0")].join("-");
    caseForm.elements.at.value = local;  // the buyer's own today, not the companion's
    caseForm.elements.at.max = local;
    const showFields = () => {
      const kind = caseForm.elements.kind.value;
      caseForm.querySelectorAll("label[data-for]").forEach((label) => {
        label.hidden = !label.dataset.for.split(" ").includes(kind);
      });
    };
    caseForm.elements.kind.addEventListener("change", showFields);
    showFields();
    caseForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = caseForm.querySelector(".form-status");
      const kind = caseForm.elements.kind.value;
      const body = { kind, at: caseForm.elements.at.value };
      // the note field is "case_note" here: the page's own note (#edit-form) is another field
      for (const [name, key] of [["amount", "amount"], ["tracking_number", "tracking_number"], ["reason", "reason"],
        ["method", "method"], ["case_note", "note"]]) {
        const field = caseForm.elements[name];
        const label = field.closest("label[data-for]");
        if ((!label || !label.hidden) && field.value.trim()) body[key] = field.value.trim();
      }
      if (kind === "dispute_opened") {
        // the evidence ticked under a suggested dispute goes with the dispute's entry
        const ticked = Array.from(document.querySelectorAll(".evidence input[name=evidence]:checked")).map((box) => box.value);
        if (ticked.length) body.evidence = [...new Set(ticked)];
      }
      const button = caseForm.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        await api("POST", path, body);
        location.reload();
      } catch (err) {
        status.textContent = caseForm.dataset.errorLabel + ": " + err.message;
        status.className = "form-status error";
        button.disabled = false;
      }
    });
    document.querySelectorAll("button[data-undo]").forEach((button) => {
      button.addEventListener("click", async () => {
        button.disabled = true;
        try {
          await api("DELETE", path + "/" + button.dataset.undo);
          location.reload();
        } catch (err) {
          toast(caseForm.dataset.errorLabel + ": " + err.message, "error");
          button.disabled = false;
        }
      });
    });
  }

  // ---- the buyer's "no movement for N days" setting: saved, then the page shows the hints counted with it
  const stallForm = document.getElementById("stall-form");
  if (stallForm) {
    stallForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = stallForm.querySelector(".form-status");
      const button = stallForm.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        await api("PATCH", "/api/v1/settings", { stall_days: Number(stallForm.elements.stall_days.value) });
        status.textContent = stallForm.dataset.savedLabel;
        status.className = "form-status";
        location.reload();
      } catch (err) {
        status.textContent = stallForm.dataset.errorLabel + ": " + err.message;
        status.className = "form-status error";
        button.disabled = false;
      }
    });
  }

  // ---- filters: changing the status list applies it at once
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
})();
