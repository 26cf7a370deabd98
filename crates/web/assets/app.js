// Grenzeloos: the little the pages do with JavaScript (loaded with defer; the CSP allows no
// inline script). Every page works without it: the menu is then simply shown.

// On narrow screens (app.css says when) the account links and the main menu collapse behind the
// menu button, which starts hidden and closed.
(function () {
  var button = document.querySelector(".menu-toggle");
  if (!button) return;
  var root = document.documentElement;
  function show(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    root.classList.toggle("menu-open", open);
  }
  root.classList.add("menu-js");
  show(false);
  button.addEventListener("click", function () {
    show(button.getAttribute("aria-expanded") !== "true");
  });
  // Escape closes the open menu and brings the keyboard back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" &&
        button.offsetParent !== null) {
      show(false);
      button.focus();
    }
  });
})();

// Long pickers (officers, partners; `select[data-search]`): a search box above the list narrows
// its options as you type — every word must occur, case and accents do not count. Enter or ↓
// takes the first match and moves to the list, Escape clears the box. Without JavaScript the
// list is a plain select.
(function () {
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  Array.prototype.forEach.call(document.querySelectorAll("select[data-search]"), function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.id = select.id + "-search";
    box.className = "picker-search";
    box.autocomplete = "off";
    box.setAttribute("aria-label", select.getAttribute("data-search"));
    box.setAttribute("aria-controls", select.id);
    box.placeholder = select.getAttribute("data-search");
    select.parentNode.insertBefore(box, select);
    function matches() {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      var found = [];
      Array.prototype.forEach.call(select.options, function (option) {
        var text = fold(option.text);
        var keep = option.value === "" || words.every(function (w) { return text.indexOf(w) >= 0; });
        option.hidden = !keep;
        option.disabled = !keep;
        if (keep && option.value !== "") found.push(option);
      });
      return found;
    }
    box.addEventListener("input", function () {
      var found = matches();
      var chosen = select.options[select.selectedIndex];
      if (found.length > 0 && (!chosen || chosen.hidden)) select.value = found[0].value;
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === "ArrowDown") {
        // Enter picks, it does not send the form.
        event.preventDefault();
        var found = matches();
        if (found.length > 0) {
          var chosen = select.options[select.selectedIndex];
          if (!chosen || chosen.hidden || chosen.value === "") select.value = found[0].value;
          select.dispatchEvent(new Event("change", { bubbles: true }));
        }
        select.focus();
      } else if (event.key === "Escape" && box.value !== "") {
        event.preventDefault();
        box.value = "";
        matches();
      }
    });
  });
})();

// A table wider than its place scrolls within it (app.css): while it does, the scrolling box
// takes the keyboard focus (the arrow keys then scroll it) and is named after its table.
(function () {
  function mark() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var caption = wrap.querySelector("caption");
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.setAttribute("tabindex", "0");
        if (caption) {
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", caption.textContent.trim());
        }
      } else if (wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
  // htmx replaces the results of a filter without a new page.
  document.addEventListener("htmx:afterSettle", mark);
})();
