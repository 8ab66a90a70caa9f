// Layout checks run on every page the browser tests visit (tests/browser/layout_checks.py), one evaluation per
// viewport width: interactive elements that overlap or whose label spills out of their box (WCAG 1.3.1, 1.4.4),
// numbers standing under a header aligned another way (1.3.1), and sideways scrolling at 320 CSS pixels (1.4.10).
// Returns a list of problems in words; an empty list passes.
({ reflow, tables }) => {
  const TOLERANCE = 1; // px: sub-pixel rounding is no overlap
  const INTERACTIVE =
    'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const NUMBER = /^[+\-\u2212\u2013]?\s?(\d{1,3}([.\s\u00a0\u202f]\d{3})+|\d+)([.,]\d+)?\s?(%|\u2030|\u20ac)?$/;
  const PLACEHOLDER = /^[\s\u2013\u2014-]*$/; // "–" stands for "none" in an otherwise numeric column
  const root = document.documentElement;
  const problems = [];
  const styles = new Map();
  const style = (element) => {
    let computed = styles.get(element);
    if (!computed) styles.set(element, (computed = getComputedStyle(element)));
    return computed;
  };
  const describe = (element) => {
    const text = (element.getAttribute('aria-label') || element.innerText || element.value || '').replace(/\s+/g, ' ');
    const id = element.id ? `#${element.id}` : element.classList.length ? `.${element.classList[0]}` : '';
    return `<${element.tagName.toLowerCase()}${id}> "${text.trim().slice(0, 60)}"`;
  };
  // Hidden the way screen-reader-only text is: clipped to nothing.
  const clippedAway = (element) => {
    const computed = style(element);
    return (computed.clip !== 'auto' && computed.position.match(/absolute|fixed/)) || computed.clipPath !== 'none';
  };
  const scrolls = (computed) => computed.overflowX !== 'visible' || computed.overflowY !== 'visible';
  const intersect = (a, b) => ({
    left: Math.max(a.left, b.left),
    top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right),
    bottom: Math.min(a.bottom, b.bottom),
  });
  const empty = (r) => r.right - r.left <= TOLERANCE || r.bottom - r.top <= TOLERANCE;
  const paddingBox = (element) => {
    const r = element.getBoundingClientRect();
    const left = r.left + element.clientLeft;
    const top = r.top + element.clientTop;
    return { left, top, right: left + element.clientWidth, bottom: top + element.clientHeight };
  };

  // The boxes of an element that can be seen: each line box, cut to the ancestors that clip it (a scroll region
  // shows only its window), nothing for an element hidden, clipped to nothing or placed outside the document.
  const visibleBoxes = (element) => {
    if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return [];
    let clip = { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };
    for (let node = element; node && node !== root && node !== document.body; node = node.parentElement) {
      if (clippedAway(node)) return [];
      if (node !== element && scrolls(style(node))) clip = intersect(clip, paddingBox(node));
    }
    const page = { left: -window.scrollX, top: -window.scrollY, right: Infinity, bottom: Infinity };
    return [...element.getClientRects()].map((r) => intersect(intersect(r, clip), page)).filter((r) => !empty(r));
  };

  // (a) No two interactive elements overlap; the text of one stays inside its box.
  const items = [];
  const modal = document.querySelector('dialog:modal'); // the page under an open modal dialog is inert and covered
  for (const element of document.querySelectorAll(INTERACTIVE)) {
    if (element.matches('.skip-link:not(:focus)')) continue; // off screen until focused
    if (modal && !modal.contains(element)) continue;
    for (const box of visibleBoxes(element)) items.push({ element, box });
  }
  items.sort((a, b) => a.box.top - b.box.top);
  const reported = new Set();
  for (let i = 0; i < items.length; i++) {
    const a = items[i];
    for (let j = i + 1; j < items.length && items[j].box.top < a.box.bottom - TOLERANCE; j++) {
      const b = items[j];
      if (a.element === b.element || a.element.contains(b.element) || b.element.contains(a.element)) continue;
      if (empty(intersect(a.box, b.box))) continue;
      const pair = [a.element, b.element].map(describe).join(' and ');
      if (!reported.has(pair)) problems.push(`overlap: ${pair}`);
      reported.add(pair);
    }
  }
  const spilled = new Set();
  for (const { element } of items) {
    if (spilled.has(element) || !element.matches('a[href], button, summary')) continue; // a label, not a region
    spilled.add(element);
    const own = element.getBoundingClientRect();
    const outside = (r) =>
      r.left < own.left - TOLERANCE ||
      r.top < own.top - TOLERANCE ||
      r.right > own.right + TOLERANCE ||
      r.bottom > own.bottom + TOLERANCE;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (!text.data.trim()) continue;
      let hidden = false;
      for (let node = text.parentElement; node && node !== element.parentElement; node = node.parentElement) {
        if (clippedAway(node)) hidden = true;
      }
      if (hidden || !text.parentElement.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      if ([...range.getClientRects()].some((r) => r.width > 0 && outside(r))) {
        const cut = style(element).overflow !== 'visible' ? 'is cut off by' : 'spills out of';
        problems.push(`label: the text "${text.data.trim().slice(0, 40)}" ${cut} ${describe(element)}`);
        break;
      }
    }
  }

  // (b) In every table, a numeric column's header is aligned like its cells, so each value stands under its own
  // header. A column is numeric when its cells are right-aligned, or when every cell that says something is a number.
  const alignment = (cell) => {
    const computed = style(cell);
    const rtl = computed.direction === 'rtl';
    const value = computed.textAlign;
    if (value.includes('center')) return 'center';
    if (value === 'start' || value === 'justify') return rtl ? 'right' : 'left';
    if (value === 'end') return rtl ? 'left' : 'right';
    return value;
  };
  const layout = (rows) => {
    const grid = [];
    rows.forEach((row, r) => {
      let column = 0;
      for (const cell of row.cells) {
        while (grid[r] && grid[r][column]) column++;
        for (let dr = 0; dr < Math.max(cell.rowSpan, 1); dr++) {
          for (let dc = 0; dc < cell.colSpan; dc++) (grid[r + dr] ||= [])[column + dc] = cell;
        }
        column += cell.colSpan;
      }
    });
    return grid;
  };
  if (tables) {
    for (const table of document.querySelectorAll('table')) {
      const rows = [...table.rows];
      const allHeaders = (row) => [...row.cells].every((cell) => cell.tagName === 'TH');
      let headerCount = table.tHead ? table.tHead.rows.length : 0;
      while (!table.tHead && headerCount < rows.length && allHeaders(rows[headerCount])) headerCount++;
      if (!headerCount || headerCount === rows.length) continue;
      const body = rows.slice(headerCount).filter((row) => row.parentElement !== table.tFoot);
      const grid = layout([...rows.slice(0, headerCount), ...body]);
      const width = Math.max(...grid.map((row) => row.length));
      const name = (table.caption ? table.caption.textContent : table.getAttribute('aria-label') || '').trim();
      for (let column = 0; column < width; column++) {
        const header = grid[headerCount - 1] && grid[headerCount - 1][column];
        if (!header || header.tagName !== 'TH') continue;
        const cells = [];
        for (let r = headerCount; r < grid.length; r++) {
          const cell = grid[r] && grid[r][column];
          if (cell && cell.tagName === 'TD' && cell.colSpan === 1 && !cells.includes(cell)) cells.push(cell);
        }
        const said = cells.filter((cell) => !PLACEHOLDER.test(cell.textContent));
        const numeric =
          said.some((cell) => alignment(cell) === 'right') ||
          (said.length > 0 && said.every((cell) => NUMBER.test(cell.textContent.trim())));
        if (!numeric) continue;
        const headerAlignment = alignment(header);
        const other = said.find((cell) => alignment(cell) !== headerAlignment);
        if (other) {
          problems.push(
            `table "${name.slice(0, 60)}": the header "${header.textContent.trim().slice(0, 40)}" is aligned ` +
              `${headerAlignment}, its numbers ${alignment(other)} ("${other.textContent.trim().slice(0, 20)}")`
          );
        }
      }
    }
  }

  // (c) Sideways scrolling only inside a named region that the keyboard reaches; at 320 px not the page itself.
  const named = (element) =>
    Boolean(
      (element.getAttribute('aria-label') || '').trim() ||
        (element.getAttribute('aria-labelledby') || '')
          .split(/\s+/)
          .some((id) => id && document.getElementById(id) && document.getElementById(id).textContent.trim())
    );
  for (const element of document.body.querySelectorAll('*')) {
    if (element.scrollWidth <= element.clientWidth + TOLERANCE) continue; // first the cheap test: most boxes fit
    if (!['auto', 'scroll'].includes(style(element).overflowX) || element.matches('textarea, select, input')) continue;
    if (!element.checkVisibility()) continue;
    if (element.tabIndex !== 0 || !element.hasAttribute('tabindex') || !named(element)) {
      const what = `${describe(element)} scrolls sideways`;
      problems.push(`scroll region: ${what} but is not focusable (tabindex="0") and named`);
    }
  }
  // The outermost elements whose overflow reaches the page: an absolutely positioned element (screen-reader-only
  // text) escapes every scroll region between it and its containing block.
  const reachesPage = (element) => {
    const position = style(element).position;
    if (position === 'fixed') return false;
    const block = position === 'absolute' ? element.offsetParent : element.parentElement;
    if (!block || block === document.body || block === root) return true;
    return !scrolls(style(block)) && reachesPage(block);
  };
  if (reflow && root.scrollWidth > root.clientWidth + TOLERANCE) {
    const limit = root.clientWidth + TOLERANCE;
    const culprits = [];
    for (const element of document.body.querySelectorAll('*')) {
      if (element.getBoundingClientRect().right <= limit || culprits.some((c) => c.contains(element))) continue;
      if (reachesPage(element)) culprits.push(element);
    }
    // Text that overflows a box narrower than itself (a long word) widens the page beyond every element's box.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const parent = text.parentElement;
      if (!text.data.trim() || culprits.some((c) => c.contains(parent)) || !reachesPage(parent)) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      if ([...range.getClientRects()].some((r) => r.right > limit)) culprits.push(parent);
    }
    problems.push(
      `reflow: at ${root.clientWidth} px the page scrolls sideways to ${root.scrollWidth} px; too wide: ` +
        culprits.slice(0, 5).map(describe).join(', ')
    );
  }
  return problems;
};
