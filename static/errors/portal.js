/* Error Portal: search as you type, keyboard shortcuts, copy buttons,
 * "Did this solve it?" in place.
 *
 * Every page works without this file: search is a plain GET form and facets
 * are links. Here the same URL is fetched with `X-Requested-With: fetch`, and
 * the server answers with just the results and facets (errors/_results.html),
 * which replace the old ones in place.
 *
 * Keys: "/" focuses the search box (unless you are typing in a field), the
 * arrow keys move between the results and the box, Enter in the box searches
 * (or opens the answer card's entry once the results are current) while
 * Shift+Enter adds a line, Enter on a result opens it, and Esc clears the
 * search as an edit (Ctrl+Z brings the text back; so does Back).
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 250;
  // Longer queries are posted (the form's own action answers 303 to a short
  // /?q= link): a whole traceback does not fit in a URL.
  var MAX_GET_QUERY = 6000;
  var COPIED_MS = 2000;

  function announce(text) {
    var status = document.getElementById("js-status");
    if (!status) {
      status = document.createElement("div");
      status.id = "js-status";
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = "";
    // Set it on the next tick, so that the same text twice is announced twice.
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  function isTypingField(element) {
    if (!element) {
      return false;
    }
    var tag = element.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable;
  }

  function resultLinks() {
    // Links folded away under "less likely matches" cannot take focus.
    return Array.prototype.slice
      .call(document.querySelectorAll("#results-region .result a.message"))
      .filter(function (link) {
        return link.getClientRects().length > 0;
      });
  }

  var NARROW = window.matchMedia ? window.matchMedia("(max-width: 760px)") : null;

  // On phones the facets fold behind the "Filters" button; the server sends
  // them open, which is what pages without JavaScript show.
  function foldFilters(open) {
    var panel = document.getElementById("filters");
    if (panel && NARROW && NARROW.matches) {
      panel.open = Boolean(open);
    }
  }

  function setupSearch() {
    var form = document.querySelector("form.search");
    var box = form && form.querySelector("textarea[name=q]");
    if (!form || !box || !document.getElementById("results-region") || !window.fetch) {
      return null;
    }
    var timer = null;
    var controller = null;

    // The form's fields as a query string; an empty box means no q at all.
    function queryString() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (name === "q" && !value.trim()) {
          return;
        }
        params.append(name, value);
      });
      return params.toString();
    }

    var lastQuery = queryString();
    var shownSearch = window.location.search;

    function show(html, url, push) {
      var template = document.createElement("template");
      template.innerHTML = html;
      var fresh = template.content.querySelector("#results-region");
      var current = document.getElementById("results-region");
      if (!fresh || !current) {
        throw new Error("unexpected answer");
      }
      var panel = document.getElementById("filters");
      var wasOpen = panel ? panel.open : false;
      current.replaceWith(fresh);
      foldFilters(wasOpen);
      if (push) {
        history.pushState(null, "", url);
      } else {
        history.replaceState(null, "", url);
      }
      shownSearch = window.location.search;
      document.title = fresh.getAttribute("data-title") || document.title;
      var heading = fresh.querySelector("#results-title");
      announce(heading ? heading.textContent.replace(/\s+/g, " ").trim() : "Results updated");
    }

    var pending = false;

    function run(push) {
      window.clearTimeout(timer);
      var query = queryString();
      if (query === lastQuery) {
        pending = false;
        return;
      }
      lastQuery = query;
      var url = (form.getAttribute("data-results") || "/") + (query ? "?" + query : "");
      pending = true;
      var options = {
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
        // Keep the partial out of the HTTP cache: Back would otherwise show it
        // as the whole page for this URL (browsers may ignore Vary there).
        cache: "no-store",
      };
      if (query.length > MAX_GET_QUERY) {
        url = form.getAttribute("action");
        options.method = "POST";
        options.body = new URLSearchParams(new FormData(form));
      }
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      options.signal = controller.signal;
      form.setAttribute("aria-busy", "true");
      fetch(url, options)
        .then(function (response) {
          // 400 is the "invalid filters" notice: show it like any answer.
          if (!response.ok && response.status !== 400) {
            throw new Error("HTTP " + response.status);
          }
          return response.text().then(function (html) {
            // After a POST, response.url is the short /?q= link it led to.
            show(html, response.url || url, push === true);
            pending = false;
          });
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            lastQuery = null; // try again on the next keystroke
            announce("Search failed; press the Search button to try again.");
          }
        })
        .finally(function () {
          form.removeAttribute("aria-busy");
        });
    }

    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      pending = true;
      timer = window.setTimeout(run, DEBOUNCE_MS);
    });

    // Back after Esc (or after any pushed state): show that address's results.
    // (Fragment links such as "Skip to content" change only the hash.)
    window.addEventListener("popstate", function () {
      if (window.location.search !== shownSearch) {
        window.location.reload();
      }
    });

    return {
      box: box,
      clear: function () {
        // An edit, not an assignment, so the browser's undo brings it back.
        box.focus();
        box.select();
        if (!document.execCommand || !document.execCommand("delete")) {
          box.value = "";
        }
        run(true);
      },
      submit: function () {
        var top = document.querySelector("#results-region .answer a.message");
        if (top && !pending && queryString() === lastQuery) {
          window.location.href = top.href;
        } else if (form.requestSubmit) {
          form.requestSubmit();
        } else {
          form.submit();
        }
      },
    };
  }

  function setupKeys(search) {
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var box = search ? search.box : null;
      var active = document.activeElement;
      var links = resultLinks();
      var index = links.indexOf(active);

      if (event.key === "Enter" && box && active === box && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        search.submit();
      } else if (event.key === "/" && box && !isTypingField(active)) {
        event.preventDefault();
        box.focus();
        box.select();
      } else if (event.key === "ArrowDown") {
        // From the box only when the caret is on its last line: the arrows
        // still move through a pasted multi-line traceback.
        var onLastLine = active === box && box.value.indexOf("\n", box.selectionEnd) === -1;
        if (onLastLine && links.length) {
          event.preventDefault();
          links[0].focus();
        } else if (index >= 0) {
          event.preventDefault();
          links[Math.min(index + 1, links.length - 1)].focus();
        }
      } else if (event.key === "ArrowUp" && index >= 0) {
        event.preventDefault();
        if (index > 0) {
          links[index - 1].focus();
        } else if (box) {
          box.focus();
        }
      } else if (event.key === "Escape" && box && (active === box || index >= 0 || !isTypingField(active))) {
        if (box.value) {
          event.preventDefault();
          search.clear();
          box.focus();
        } else if (active === box) {
          box.blur();
        }
      }
    });
  }

  function setupCopyButtons() {
    if (!navigator.clipboard || !window.isSecureContext) {
      return; // the buttons stay hidden; the text can still be selected
    }
    document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
      var label = button.textContent;
      var timer = null;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.getAttribute("data-copy")).then(
          function () {
            button.textContent = "Copied";
            button.classList.add("copied");
            announce(button.getAttribute("data-copied") || "Copied");
          },
          function () {
            button.textContent = "Copy failed";
            announce("Copy failed: select the text and copy it instead.");
          }
        );
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          button.textContent = label;
          button.classList.remove("copied");
        }, COPIED_MS);
      });
    });
  }

  // "Did this solve it?" in place: the prompt's Yes/No fetch the feedback
  // page (a plain GET link without JavaScript) and show its CSRF-protected
  // form here; sending it posts that form and shows the page's answer.
  // Anything unexpected falls back to the page itself.
  function feedbackPage(url, init) {
    return window.fetch(url, Object.assign({ credentials: "same-origin" }, init)).then(function (response) {
      return response.text().then(function (text) {
        return new DOMParser().parseFromString(text, "text/html");
      });
    });
  }

  function showFeedback(place, page, fallback) {
    var outcome = page.querySelector(".feedback-outcome");
    var form = page.querySelector("form[method=post]");
    if (outcome) {
      var thanks = document.createElement("p");
      thanks.className = "feedback-outcome";
      thanks.textContent = outcome.textContent;
      place.replaceWith(thanks);
      announce(thanks.textContent);
    } else if (form) {
      form = document.importNode(form, true);
      form.classList.add("feedback-inline");
      place.replaceWith(form);
      (form.querySelector("textarea") || form).focus();
    } else {
      fallback();
    }
  }

  function setupFeedback() {
    if (!window.fetch || !window.DOMParser) {
      return;
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("form.feedback-prompt button[name=solved]");
      if (!button) {
        return;
      }
      event.preventDefault();
      var prompt = button.form;
      var url = prompt.action + "?solved=" + encodeURIComponent(button.value);
      var fallback = function () {
        window.location.href = url;
      };
      feedbackPage(url).then(function (page) {
        showFeedback(prompt, page, fallback);
      }, fallback);
    });
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList || !form.classList.contains("feedback-inline")) {
        return;
      }
      event.preventDefault();
      var fallback = function () {
        form.submit();
      };
      feedbackPage(form.action, { method: "POST", body: new FormData(form) }).then(function (page) {
        showFeedback(form, page, fallback);
      }, fallback);
    });
  }

  foldFilters(false);
  var search = setupSearch();
  setupKeys(search);
  setupCopyButtons();
  setupFeedback();
})();
