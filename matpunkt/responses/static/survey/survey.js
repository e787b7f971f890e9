/* The web questionnaire works without this script. Here: F9–F10 follow F8 where the browser's
   CSS cannot (no :has()), a draft of the answers is kept in the browser (never on the server) so
   that a lost connection or a reload loses nothing, a double click sends once, and the draft is
   cleared once the questionnaire is stored. */
(function () {
  "use strict";

  function storage(kind) {
    try {
      var store = kind === "session" ? window.sessionStorage : window.localStorage;
      var probe = "matpunkt:probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (error) {
      return null;
    }
  }

  // Thank-you and already-used pages: the questionnaire is stored, so its draft goes.
  document.querySelectorAll("[data-clear-draft]").forEach(function (node) {
    var store = storage(node.dataset.draftStorage);
    if (!store) {
      return;
    }
    var key = node.dataset.clearDraft;
    var prefix = key.charAt(key.length - 1) === ":";
    for (var index = store.length - 1; index >= 0; index -= 1) {
      var name = store.key(index);
      if (name === key || (prefix && name.indexOf(key) === 0)) {
        store.removeItem(name);
      }
    }
  });

  var summary = document.getElementById("felsammanfattning");
  if (summary) {
    summary.focus();
  }

  var form = document.querySelector("form.survey-form");
  if (!form) {
    return;
  }
  var store = storage(form.dataset.draftStorage);
  var key = form.dataset.draftKey;

  function updateConditional() {
    form.querySelectorAll("[data-shown-when-question]").forEach(function (fieldset) {
      var chosen = form.querySelector(
        'input[name="' + fieldset.dataset.shownWhenQuestion + '"]:checked'
      );
      fieldset.hidden = !(chosen && chosen.value === fieldset.dataset.shownWhenValue);
    });
  }

  function saveDraft() {
    if (!store) {
      return;
    }
    var draft = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      draft[input.name] = input.value;
    });
    var comment = form.querySelector("textarea[name=comment]");
    if (comment && comment.value) {
      draft.comment = comment.value;
    }
    try {
      store.setItem(key, JSON.stringify(draft));
    } catch (error) {
      // Storage full or refused: the page still works, only without a draft.
    }
  }

  function restoreDraft() {
    if (!store || !form.dataset.restoreDraft) {
      return;
    }
    var draft;
    try {
      draft = JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      draft = null;
    }
    if (!draft) {
      return;
    }
    Object.keys(draft).forEach(function (name) {
      if (name === "comment") {
        var comment = form.querySelector("textarea[name=comment]");
        if (comment) {
          comment.value = draft.comment;
        }
        return;
      }
      form.querySelectorAll('input[type=radio][name="' + name + '"]').forEach(function (input) {
        input.checked = input.value === draft[name];
      });
    });
  }

  restoreDraft();
  updateConditional();
  form.addEventListener("change", function () {
    updateConditional();
    saveDraft();
  });
  form.addEventListener("input", saveDraft);

  form.addEventListener("submit", function (event) {
    if (form.dataset.sending === "1") {
      event.preventDefault();
      return;
    }
    saveDraft();
    form.dataset.sending = "1";
    // If the connection fails the respondent can try again after a while.
    window.setTimeout(function () {
      delete form.dataset.sending;
    }, 8000);
  });
  window.addEventListener("pageshow", function () {
    delete form.dataset.sending;
  });
})();
