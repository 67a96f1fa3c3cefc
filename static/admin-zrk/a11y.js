// Accessibility repairs of the admin's widgets, made from what the page already says. A file, not inline
// (strict CSP).
// - A tabular inline's fields have no <label>: each is named after its column's header.
// - An autocomplete field (select2) shows its choice in a combobox (and a search box for several
//   choices) without a name while empty: each is named after the select it stands for.
"use strict";
(function () {
  function text(element) {
    return element ? element.textContent.replace(/[:*]\s*$/, "").replace(/\s+/g, " ").trim() : "";
  }

  function nameTabularFields(root) {
    root.querySelectorAll(".tabular table").forEach(function (table) {
      var headers = table.querySelectorAll("thead th");
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          var name = text(headers[index]);
          if (!name) {
            return;
          }
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
            var labelled = field.id && document.querySelector('label[for="' + field.id + '"]');
            if (!labelled && !field.getAttribute("aria-label")) {
              field.setAttribute("aria-label", name);
            }
          });
        });
      });
    });
  }

  function nameComboboxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      var name = text(label) || select.getAttribute("aria-label");
      var container = select.nextElementSibling;
      if (!name || !container || !container.classList.contains("select2")) {
        return;
      }
      container.querySelectorAll('[role="combobox"], [role="textbox"], input.select2-search__field').forEach(
        function (element) {
          element.setAttribute("aria-label", name);
        }
      );
    });
  }

  // The translation tabs (jQuery UI): the tab itself (role="tab") takes focus and keys, so the link
  // inside it is a second, nested control; once the tabs are built it needs no address (the tab
  // names its panel with aria-controls) and the link stops being one.
  function flattenTabs(root) {
    root.querySelectorAll('.ui-tabs-nav [role="tab"] a.ui-tabs-anchor[href]').forEach(function (anchor) {
      anchor.removeAttribute("href");
      anchor.removeAttribute("tabindex");
    });
  }

  // The language switch of the translated fields, named by the page (a translated <meta>).
  function nameLanguageSwitch() {
    var label = document.querySelector('meta[name="zrk-language-switch"]');
    var select = document.getElementById("modeltranslation-main-switch");
    if (label && select) {
      select.setAttribute("aria-label", label.content);
    }
  }

  // A nested inline's table lays out form fields, which nameTabularFields has named after their
  // column: read as a data table it would announce headers over cells holding no text.
  function formGridsAsLayout(root) {
    root.querySelectorAll("table.djn-table").forEach(function (table) {
      table.setAttribute("role", "presentation");
    });
  }

  function nameAll(root) {
    nameTabularFields(root);
    nameComboboxes(root);
    flattenTabs(root);
    nameLanguageSwitch();
    formGridsAsLayout(document);
  }

  // The widgets are built by other scripts, some after the page has loaded, and rows come and go:
  // look again whenever elements are added (the repairs change attributes only, so no loop).
  var pending = false;
  function schedule() {
    if (pending) {
      return;
    }
    pending = true;
    window.setTimeout(function () {
      pending = false;
      nameAll(document);
    }, 50);
  }
  document.addEventListener("DOMContentLoaded", function () {
    nameAll(document);
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("load", schedule);
})();
