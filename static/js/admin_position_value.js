// The admin's "Log a position" form, started from an actor page, lists every
// issue's scale options at once. Once the editor chooses the issue, show only
// that issue's value control: its own options (ordinal), the number and its
// unit (numeric), or nothing (text). Before that, neither shows.
(function () {
  "use strict";
  var data = document.getElementById("value-controls");
  var issue = document.getElementById("id_issue");
  var option = document.getElementById("id_value_option");
  var number = document.getElementById("id_value_number");
  if (!data || !issue || !option || !number) {
    return;
  }
  var controls = JSON.parse(data.textContent);
  var optionBox = option.closest(".fieldBox") || option.closest(".form-row");
  var numberBox = number.closest(".fieldBox") || number.closest(".form-row");
  var row = option.closest(".form-row");

  var hint = document.createElement("p");
  hint.className = "help value-hint";
  hint.textContent = "Choose the issue first: its value control appears here.";
  row.appendChild(hint);

  var unit = document.createElement("span");
  unit.className = "value-unit";
  number.insertAdjacentElement("afterend", unit);

  function fillOptions(choices) {
    var chosen = option.value;
    option.textContent = "";
    option.appendChild(new Option("---------", ""));
    choices.forEach(function (choice) {
      var item = new Option(choice[1], String(choice[0]));
      item.selected = String(choice[0]) === chosen;
      option.appendChild(item);
    });
  }

  // Not the hidden attribute: the admin's flex boxes would show anyway.
  function show(element, visible) {
    element.style.display = visible ? "" : "none";
  }

  function fit() {
    var control = controls[issue.value];
    show(hint, !control);
    if (!control) {
      show(optionBox, false);
      show(numberBox, false);
      return;
    }
    var ordinal = control.measure === "ordinal";
    var numeric = control.measure === "numeric";
    fillOptions(ordinal ? control.options : []);
    if (!numeric) {
      number.value = "";
    }
    unit.textContent = numeric && control.unit ? " " + control.unit : "";
    show(optionBox, ordinal);
    show(numberBox, numeric);
  }

  // The issue is an autocomplete: select2 tells its changes through jQuery.
  if (window.django && django.jQuery) {
    django.jQuery(issue).on("change", fit);
  } else {
    issue.addEventListener("change", fit);
  }
  fit();
})();
