/*
 * Names for the admin's form controls that Wagtail leaves without one, so that a
 * screen reader announces what each is for (axe: "label", "aria-input-field-name"):
 * rich-text editors (Draftail gives its text box no name), the text boxes of a list
 * block (Wagtail renders list items without labels), and the tag field's typing box.
 * Each control takes the name of the field it sits in, as a sighted editor reads it:
 * the field's label, or the block's type; list items add their position ("Points 2").
 * It only adds a name where there is none.
 */
(function () {
  "use strict";

  var CONTROLS =
    '.public-DraftEditor-content[role="textbox"], ' +
    'input:not([type="hidden"]), textarea, select';

  function hasName(control) {
    if (control.getAttribute("aria-label") || control.getAttribute("aria-labelledby")) {
      return true;
    }
    if (control.labels && control.labels.length) {
      return true;
    }
    return Boolean(control.id && document.querySelector('label[for="' + CSS.escape(control.id) + '"]'));
  }

  function text(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll(".w-required-mark, [aria-hidden='true']").forEach(function (mark) {
      mark.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function nameFor(control) {
    var position = "";
    for (var node = control.parentElement; node && node !== document.body; node = node.parentElement) {
      if (
        !position &&
        node.hasAttribute("data-streamfield-child") &&
        node.parentElement &&
        node.parentElement.hasAttribute("data-streamfield-list-container")
      ) {
        var items = Array.prototype.filter.call(node.parentElement.children, function (child) {
          return child.hasAttribute("data-streamfield-child");
        });
        position = " " + (items.indexOf(node) + 1);
      }
      // A field's label may point at the hidden input that holds its value (a
      // rich-text field, tags) rather than at the box the editor types in.
      if (node.hasAttribute("data-field-input")) {
        var held = node.querySelector("input[id]");
        var forHeld = held && document.querySelector('label[for="' + CSS.escape(held.id) + '"]');
        if (forHeld && text(forHeld)) {
          return text(forHeld) + position;
        }
      }
      var label = node.querySelector(":scope > label.w-field__label, :scope > .w-field__label label");
      if (label && text(label)) {
        return text(label) + position;
      }
      if (node.hasAttribute("data-streamfield-child")) {
        var type = node.querySelector(".c-sf-block__type");
        if (type && text(type)) {
          return text(type) + position;
        }
      }
    }
    return "";
  }

  function nameAll() {
    document.querySelectorAll(CONTROLS).forEach(function (control) {
      if (hasName(control)) {
        return;
      }
      var name = nameFor(control);
      if (name) {
        control.setAttribute("aria-label", name);
      }
    });
  }

  var pending = false;
  function soon() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        nameAll();
      });
    }
  }

  // Blocks, editors and list items appear after the page loads and whenever an
  // editor adds one.
  new MutationObserver(soon).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", soon);
})();
