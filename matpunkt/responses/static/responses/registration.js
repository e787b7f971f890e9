/* Registration page enhancements. The page works without this script: the server validates
   every form. Here: a valid key moves on to the next answer, a mistyped key is refused on the
   spot and blocks saving until it is corrected or emptied, the F8 → F9–F10 note follows what is typed, and the start page offers only the groups
   and variants that fit the chosen insats and period. All texts come from the page. */
(function () {
  "use strict";

  function paperForm(container) {
    var form = container.closest("form");
    var submit = form ? form.querySelector("button[type=submit]") : null;
    var answers = Array.prototype.slice.call(container.querySelectorAll("input[data-keys]"));
    // When the place's forms carry codes, the code comes first and belongs to the keyboard run.
    var code = form ? form.querySelector("input[data-code-first]") : null;
    var inputs = code ? [code].concat(answers) : answers;
    var blocked = form ? form.querySelector("#blocked-message") : null;

    function keysOf(input) {
      return input.dataset.keys.split(" ");
    }
    function labelsOf(input) {
      return JSON.parse(input.dataset.labels);
    }
    function part(input, prefix) {
      return document.getElementById(prefix + input.name);
    }
    function isValid(input) {
      var value = input.value.trim().toLowerCase();
      return value === "" || keysOf(input).indexOf(value) !== -1;
    }
    function showError(input, raw) {
      var error = part(input, "error-");
      error.textContent = input.dataset.error.replace("{svar}", raw);
      input.setAttribute("aria-invalid", "true");
    }
    function clearError(input) {
      part(input, "error-").textContent = "";
      input.removeAttribute("aria-invalid");
      if (blocked && !answers.some(function (other) { return !isValid(other); })) {
        blocked.hidden = true;
        blocked.textContent = "";
      }
    }
    function echo(input) {
      var value = input.value.trim().toLowerCase();
      var labels = labelsOf(input);
      part(input, "echo-").textContent = labels[value] || "";
    }
    function next(input) {
      var index = inputs.indexOf(input);
      if (index + 1 < inputs.length) {
        inputs[index + 1].focus();
      } else if (submit) {
        submit.focus();
      }
    }
    function previous(input) {
      var index = inputs.indexOf(input);
      if (index > 0) {
        inputs[index - 1].focus();
      }
    }

    inputs.forEach(function (input) {
      input.addEventListener("keydown", function (event) {
        if (event.key === "Backspace" && input.value === "") {
          event.preventDefault();
          previous(input);
        } else if (event.key === "ArrowUp") {
          event.preventDefault();
          previous(input);
        } else if (event.key === "ArrowDown") {
          event.preventDefault();
          next(input);
        }
      });
    });

    if (code) {
      code.addEventListener("input", function () {
        // A whole code (8 symbols, spaces and hyphens aside) moves on to the first answer.
        if (code.value.replace(/[\s-]/g, "").length === 8) {
          next(code);
        }
      });
      code.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          next(code);
        }
      });
    }

    answers.forEach(function (input) {
      input.dataset.previous = isValid(input) ? input.value.trim().toLowerCase() : "";
      input.addEventListener("focus", function () {
        input.select();
      });
      input.addEventListener("input", function () {
        var raw = input.value.trim();
        var previousValue = input.dataset.previous;
        // A key typed beside what was there (the caret was not on a selection) is the new key.
        if (previousValue && raw.length > previousValue.length) {
          var lower = raw.toLowerCase();
          if (lower.indexOf(previousValue) === 0) {
            raw = raw.slice(previousValue.length);
          } else if (lower.lastIndexOf(previousValue) === lower.length - previousValue.length) {
            raw = raw.slice(0, raw.length - previousValue.length);
          }
        }
        var value = raw.toLowerCase();
        if (value === "") {
          input.value = "";
          input.dataset.previous = "";
          clearError(input);
          echo(input);
          updateNotes();
          return;
        }
        if (keysOf(input).indexOf(value) !== -1) {
          input.value = value;
          input.dataset.previous = value;
          clearError(input);
          echo(input);
          updateNotes();
          next(input);
          return;
        }
        // Refuse: show the wrong key in the field with the reason, and stay there. The form
        // cannot be saved until the key is replaced or the field emptied (Backspace).
        input.value = raw;
        input.dataset.previous = "";
        part(input, "echo-").textContent = "";
        showError(input, raw);
        updateNotes();
        input.select();
      });
    });

    // The field that had focus before this script ran (autofocus): select it, as on focus.
    if (answers.indexOf(document.activeElement) !== -1) {
      document.activeElement.select();
    }

    var notes = Array.prototype.slice.call(container.querySelectorAll(".cond-note[data-source]"));
    function updateNotes() {
      notes.forEach(function (note) {
        var source = document.getElementById(note.dataset.source);
        var texts = JSON.parse(note.dataset.texts);
        var value = source.value.trim().toLowerCase();
        var dependentsAnswered = note.dataset.dependents.split(" ").some(function (id) {
          var dependent = document.getElementById(id);
          return dependent && dependent.value.trim() !== "";
        });
        var text = "";
        if (value === "" && dependentsAnswered) {
          text = texts[""];
        } else if (value !== "" && texts[value]) {
          text = texts[value];
        }
        if (note.textContent !== text) {
          note.textContent = text;
        }
      });
    }

    if (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.submitted === "1") {
          event.preventDefault();
          return;
        }
        var wrong = answers.filter(function (input) { return !isValid(input); });
        if (wrong.length) {
          // Never save while a field shows an error: say which, and go to the first.
          event.preventDefault();
          wrong.forEach(function (input) {
            if (!part(input, "error-").textContent) {
              showError(input, input.value.trim());
            }
          });
          if (blocked) {
            var names = wrong.map(function (input) { return input.dataset.code; });
            blocked.textContent = blocked.dataset.template.replace("{fields}", names.join(", "));
            blocked.hidden = false;
          }
          wrong[0].focus();
          return;
        }
        form.dataset.submitted = "1";
      });
    }
  }

  function startForm(form) {
    var dataNode = document.getElementById("registration-choices");
    if (!dataNode) {
      return;
    }
    var data = JSON.parse(dataNode.textContent);
    var period = form.querySelector("#id_period");
    var insats = form.querySelector("#id_insats");
    var group = form.querySelector("#id_grupp");
    var variant = form.querySelector("#variant-choice");

    function refreshGroups() {
      var version = data.periods[period.value];
      var available = data.versions[version] || {};
      var wanted = data.insatser[insats.value] || [];
      var selected = group.value;
      while (group.firstChild) {
        group.removeChild(group.firstChild);
      }
      Object.keys(data.labels).forEach(function (code) {
        if (wanted.indexOf(code) === -1 || !(code in available)) {
          return;
        }
        var option = document.createElement("option");
        option.value = code;
        option.textContent = data.labels[code];
        option.dataset.gender = available[code] ? "1" : "0";
        option.selected = code === selected;
        group.appendChild(option);
      });
      var hint = document.getElementById("no-groups");
      if (hint) {
        hint.hidden = group.options.length > 0;
      }
      refreshVariant();
    }
    function refreshVariant() {
      var option = group.options[group.selectedIndex];
      variant.hidden = !(option && option.dataset.gender === "1");
    }
    period.addEventListener("change", refreshGroups);
    insats.addEventListener("change", refreshGroups);
    group.addEventListener("change", refreshVariant);
    refreshVariant();
  }

  document.querySelectorAll("[data-paper-form]").forEach(paperForm);
  document.querySelectorAll("[data-registration-start]").forEach(startForm);
})();
