/* Registration page enhancements. The page works without this script: the server validates
   every form. Here: a valid key moves on to the next answer, a mistyped key is refused on the
   spot, the F8 → F9–F10 note follows what is typed, and the start page offers only the groups
   and variants that fit the chosen insats and period. All texts come from the page. */
(function () {
  "use strict";

  function paperForm(container) {
    var inputs = Array.prototype.slice.call(container.querySelectorAll("input[data-keys]"));
    var form = container.closest("form");
    var submit = form ? form.querySelector("button[type=submit]") : null;

    function keysOf(input) {
      return input.dataset.keys.split(" ");
    }
    function labelsOf(input) {
      return JSON.parse(input.dataset.labels);
    }
    function part(input, prefix) {
      return document.getElementById(prefix + input.name);
    }
    function showError(input, raw) {
      var error = part(input, "error-");
      error.textContent = input.dataset.error.replace("{svar}", raw);
      input.setAttribute("aria-invalid", "true");
    }
    function clearError(input) {
      part(input, "error-").textContent = "";
      input.removeAttribute("aria-invalid");
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
      input.dataset.previous = input.value;
      input.addEventListener("focus", function () {
        input.select();
      });
      input.addEventListener("input", function () {
        var raw = input.value.trim();
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
        // Refuse: keep what was there, say why, and stay in the field.
        var typed = raw.length > 1 && raw.indexOf(input.dataset.previous) === 0
          ? raw.slice(input.dataset.previous.length) : raw;
        input.value = input.dataset.previous;
        showError(input, typed);
        input.select();
      });
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
