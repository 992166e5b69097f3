// The chat page: streamed answers with expandable citations, and the three email drafts.
// Every text from the server or the user is inserted with textContent, never as HTML.
"use strict";

(() => {
  const $ = (selector, root = document) => root.querySelector(selector);

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === "class") node.className = value;
      else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  /** The message of an error response: FastAPI's detail, a string or a list of field errors. */
  async function errorMessage(response) {
    try {
      const body = await response.json();
      if (Array.isArray(body.detail)) {
        return body.detail.map((e) => `${fieldName(e.loc)}: ${e.msg}`).join("; ");
      }
      return body.detail || `The server answered ${response.status}.`;
    } catch {
      return `The server answered ${response.status}.`;
    }
  }

  const fieldName = (loc) => (Array.isArray(loc) && loc.length > 1 ? String(loc[loc.length - 1]) : "request");

  // -- chat -----------------------------------------------------------------------------------

  const history = $("#history");
  const form = $("#ask-form");
  const question = $("#question");
  const askButton = $("#ask");
  let sessionId = null;
  let turns = 0;

  /** Server-Sent Events from a fetch() response: yields {event, data} with data parsed as JSON. */
  async function* readEvents(response) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message";
        let data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data += line.slice(5).trimStart();
        }
        yield { event, data: data ? JSON.parse(data) : {} };
      }
    }
  }

  function addTurn(text) {
    $("#examples")?.remove();
    turns += 1;
    const answer = el("div", { class: "answer-text" });
    const item = el("article", { class: "turn", id: `turn-${turns}`, "aria-label": `Question ${turns}` },
      el("p", { class: "question" }, el("span", { class: "visually-hidden" }, "You asked: "), text),
      el("div", { class: "answer", "aria-busy": "true" }, answer),
    );
    history.append(item);
    item.scrollIntoView({ block: "nearest" });
    return { item, box: $(".answer", item), answer, id: item.id };
  }

  /** One toggle button per citation marker; all toggles of a passage stay in step. */
  function citationToggle(turn, citation, label) {
    const passageId = `${turn.id}-cite-${citation.n}`;
    const button = el("button", {
      type: "button", class: "citation-toggle", "aria-expanded": "false", "aria-controls": passageId,
      title: `${citation.title} › ${citation.section}`,
    }, label);
    button.addEventListener("click", () => {
      const passage = document.getElementById(passageId);
      passage.hidden = !passage.hidden;
      for (const toggle of turn.item.querySelectorAll(`[aria-controls="${passageId}"]`)) {
        toggle.setAttribute("aria-expanded", String(!passage.hidden));
      }
    });
    return button;
  }

  function passage(turn, citation) {
    const section = citation.section.split(" > ").join(" › ");
    return el("div", { class: "citation-passage", id: `${turn.id}-cite-${citation.n}`, hidden: "" },
      el("p", { class: "citation-source" }, el("span", { class: "citation-n" }, `[${citation.n}]`), " ",
        el("strong", { class: "citation-title" }, citation.title), el("span", { class: "citation-section" }, section)),
      el("blockquote", { class: "passage-text" }, citation.text),
    );
  }

  /** The finished answer: [n] markers become toggles, followed by the sources and their passages. */
  function renderAnswer(turn, text, result) {
    const byNumber = new Map(result.citations.map((c) => [c.n, c]));
    turn.answer.replaceChildren();
    for (const part of text.split(/(\[\d+\])/)) {
      const match = /^\[(\d+)\]$/.exec(part);
      const citation = match && byNumber.get(Number(match[1]));
      if (citation) {
        const toggle = citationToggle(turn, citation, part);
        toggle.setAttribute("aria-label", `Source ${citation.n}: ${citation.title}`);
        turn.answer.append(toggle);
      } else {
        turn.answer.append(part);
      }
    }
    if (!result.grounded) {
      turn.box.classList.add("refusal");
      turn.box.prepend(el("p", { class: "badge refusal-badge" }, "Not covered by the guides"));
    }
    if (result.citations.length) {
      const sources = el("ol", { class: "sources", "aria-label": "Sources" });
      for (const c of result.citations) {
        sources.append(el("li", {}, citationToggle(turn, c, `[${c.n}] ${c.title}`)));
      }
      turn.box.append(el("p", { class: "sources-label" }, "Sources — select one to read the passage:"), sources,
        ...result.citations.map((c) => passage(turn, c)));
    }
  }

  async function ask(text) {
    const turn = addTurn(text);
    askButton.disabled = true;
    history.setAttribute("aria-busy", "true");
    let answer = "";
    try {
      const send = () => fetch("/api/chat/stream", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify({ message: text, session_id: sessionId }),
      });
      let response = await send();
      if (response.status === 404 && sessionId) {
        // The conversation expired on the server: this question starts a new one.
        sessionId = null;
        turn.box.prepend(el("p", { class: "hint" }, "The earlier conversation has expired: this starts a new one."));
        response = await send();
      }
      if (!response.ok) throw new Error(await errorMessage(response));
      for await (const { event, data } of readEvents(response)) {
        if (event === "token") {
          answer += data.text;
          turn.answer.textContent = answer;
        } else if (event === "citations") {
          sessionId = data.session_id;
          renderAnswer(turn, answer, data);
        }
      }
    } catch (error) {
      turn.box.classList.add("error");
      turn.answer.textContent = `Sorry, no answer: ${error.message}`;
    } finally {
      turn.box.setAttribute("aria-busy", "false");
      history.setAttribute("aria-busy", "false");
      askButton.disabled = false;
      turn.item.scrollIntoView({ block: "nearest" });
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = question.value.trim();
    if (!text || askButton.disabled) return;
    question.value = "";
    ask(text);
  });

  question.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  for (const example of document.querySelectorAll(".example")) {
    example.addEventListener("click", () => {
      question.value = example.textContent;
      form.requestSubmit();
    });
  }

  $("#new-chat").addEventListener("click", () => {
    sessionId = null;
    history.replaceChildren(el("p", { class: "hint" }, "New conversation: earlier questions are forgotten."));
    question.focus();
  });

  // -- drafts ---------------------------------------------------------------------------------

  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const errors = $("#draft-errors");
  const result = $("#draft-result");

  function selectTab(tab) {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
    }
    errors.hidden = true;
  }

  for (const tab of tabs) {
    tab.addEventListener("click", () => selectTab(tab));
    tab.addEventListener("keydown", (event) => {
      const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -tabs.length, End: tabs.length };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const index = Math.min(tabs.length - 1, Math.max(0, tabs.indexOf(tab) + moves[event.key]));
      tabs[index].focus();
      selectTab(tabs[index]);
    });
  }

  const today = new Date();
  $("#lor-request-deadline").min = new Date(today.getTime() - today.getTimezoneOffset() * 60000)
    .toISOString().slice(0, 10);

  /** The form's non-empty fields; materials are sent as a list. */
  function draftFields(draftForm) {
    const fields = {};
    for (const [name, value] of new FormData(draftForm)) {
      const text = String(value).trim();
      if (!text) continue;
      fields[name] = name === "materials" ? text.split(",").map((m) => m.trim()).filter(Boolean) : text;
    }
    return fields;
  }

  function showErrors(draftForm, detail) {
    const list = el("ul");
    for (const problem of detail) {
      const name = fieldName(problem.loc);
      const input = draftForm.elements.namedItem(name);
      const label = input ? $(`label[for="${input.id}"]`).textContent.replace(" *", "") : name;
      input?.setAttribute("aria-invalid", "true");
      list.append(el("li", {}, `${label}: ${problem.msg}`));
    }
    errors.replaceChildren(el("p", {}, "Please check these fields:"), list);
    errors.hidden = false;
  }

  function showDraft(draft) {
    $("#draft-subject").textContent = draft.subject;
    $("#draft-body").textContent = draft.body;
    $("#draft-warnings").replaceChildren(...draft.warnings.map((w) => el("li", {}, w)));
    $("#draft-warnings-block").hidden = !draft.warnings.length;
    $("#draft-tips").replaceChildren(...draft.tips.map((tip) => el("li", {},
      el("p", {}, tip.text),
      el("details", {},
        el("summary", {}, `${tip.citation.title} › ${tip.citation.section.split(" > ").join(" › ")}`),
        el("blockquote", { class: "passage-text" }, tip.citation.text)),
    )));
    $("#draft-tips-block").hidden = !draft.tips.length;
    const notes = draft.notes || [];
    $("#draft-notes").replaceChildren(...notes.map((n) => el("li", {}, n)));
    $("#draft-notes-block").hidden = !notes.length;
    $("#email-draft").href = mailto(draft.subject, draft.body);
    $("#copy-status").textContent = "";
    result.hidden = false;
  }

  for (const draftForm of document.querySelectorAll(".draft-form")) {
    draftForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = $('button[type="submit"]', draftForm);
      for (const input of draftForm.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
      errors.hidden = true;
      button.disabled = true;
      try {
        const response = await fetch(`/api/drafts/${draftForm.dataset.kind}`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(draftFields(draftForm)),
        });
        if (response.status === 422) {
          const body = await response.json();
          showErrors(draftForm, Array.isArray(body.detail) ? body.detail : [{ loc: [], msg: String(body.detail) }]);
        } else if (!response.ok) {
          throw new Error(await errorMessage(response));
        } else {
          showDraft(await response.json());
          result.scrollIntoView({ block: "nearest" });
        }
      } catch (error) {
        errors.replaceChildren(el("p", {}, `Sorry, no draft: ${error.message}`));
        errors.hidden = false;
      } finally {
        button.disabled = false;
      }
    });
  }

  /** A mailto: link with the subject and body encoded; line breaks as CRLF, as mail clients expect. */
  const mailto = (subject, body) =>
    `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body.replace(/\n/g, "\r\n"))}`;

  /** navigator.clipboard where the page may use it, else a selected textarea and execCommand. */
  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const area = el("textarea", { class: "visually-hidden", readonly: "" });
      area.value = text;
      document.body.append(area);
      area.select();
      const copied = document.execCommand("copy");
      area.remove();
      return copied;
    }
  }

  $("#copy-draft").addEventListener("click", async () => {
    const text = `Subject: ${$("#draft-subject").textContent}\n\n${$("#draft-body").textContent}`;
    const copied = await copyText(text);
    $("#copy-status").textContent = copied ? "Copied to the clipboard." : "Could not copy: select the text and copy it.";
  });
})();
