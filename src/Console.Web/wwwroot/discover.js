// Discover's query bar: where the caret is (to suggest for the word under it) and putting it back after a suggestion
// is inserted. While the suggestion list is open, Tab and the up/down arrows choose in the list instead of moving focus
// or the caret; the server cannot cancel a key's default action, so that one decision is made here.
window.consoleDiscover = {
    caret(selector) {
        const input = document.querySelector(selector);
        return input && typeof input.selectionStart === "number" ? input.selectionStart : null;
    },
    placeCaret(selector, position) {
        const input = document.querySelector(selector);
        if (input) {
            input.focus();
            input.setSelectionRange(position, position);
        }
    },
};

document.addEventListener("keydown", e => {
    if (e.target instanceof HTMLInputElement && e.target.dataset.suggestions === "open"
        && (e.key === "Tab" || e.key === "ArrowDown" || e.key === "ArrowUp")) {
        e.preventDefault();
    }
}, true);
