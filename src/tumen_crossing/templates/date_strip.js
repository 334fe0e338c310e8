// The key dates under the time slider (panels.date_strip): every key date as a button, grouped
// by year, the chosen one pressed. One Tab stop: ← → Home End move between the dates, Enter or
// Space (or a click, or a tap) shows the map on that date. Words come from the view (data).
export default function ({ data, parentElement, setTriggerValue }) {
  const root = parentElement;
  const active = root.activeElement || document.activeElement;
  const hadFocus = Boolean(active) && root.contains(active);
  let strip = root.querySelector(".strip");
  if (!strip) {
    strip = document.createElement("div");
    strip.className = "strip";
    strip.setAttribute("role", "toolbar");
    root.appendChild(strip);
  }
  strip.setAttribute("aria-label", data.label);
  strip.replaceChildren();
  const buttons = [];
  for (const group of data.years) {
    const year = document.createElement("span");
    year.className = "year";
    if (group.year) {
      const name = document.createElement("span");
      name.className = "year-name";
      name.textContent = group.year;
      year.appendChild(name);
    }
    for (const tick of group.ticks) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = tick.short === group.year ? "tick tick-year" : "tick";
      button.textContent = tick.short;
      if (tick.unseen) {  // the year, for screen readers: the group's head shows it
        const unseen = document.createElement("span");
        unseen.className = "unseen";
        unseen.textContent = tick.unseen;
        button.appendChild(unseen);
      }
      button.title = tick.label;
      button.setAttribute("aria-pressed", String(tick.chosen));
      button.dataset.value = tick.value;
      button.tabIndex = -1;
      button.addEventListener("click", () => setTriggerValue("picked", tick.value));
      if (tick.short === group.year) year.replaceChildren(button);
      else year.appendChild(button);
      buttons.push(button);
    }
    strip.appendChild(year);
  }
  const chosen = buttons.findIndex((b) => b.getAttribute("aria-pressed") === "true");
  const current = buttons[chosen >= 0 ? chosen : buttons.length - 1];
  if (current) current.tabIndex = 0;
  strip.onkeydown = (event) => {
    const at = buttons.indexOf(event.target);
    if (at < 0) return;
    const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: buttons.length - 1 }[
      event.key
    ];
    if (to === undefined || to < 0 || to >= buttons.length) return;
    event.preventDefault();
    buttons[at].tabIndex = -1;
    buttons[to].tabIndex = 0;
    buttons[to].focus();
  };
  if (hadFocus && current) current.focus();
}
