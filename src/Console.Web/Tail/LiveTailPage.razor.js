// Tells the page whether the viewer is at the newest edge (the top: newest first) of the tail, only when that changes,
// so a scroll costs no round trip to the server; and which rows are in view, only when the view nears the edge of the
// rows the page drew (data-first, data-end: the rest are spacers) or the scroller's height changes.
export function follow(scroller, page, edgePixels, rowHeight) {
  let atNewest = true;
  // Ask for rows this close (in rows) to the edge of those drawn, before the viewer sees a spacer.
  const margin = 5;
  let asked = null;
  let asking = false;
  let rowsInView = 0;
  scroller.style.overflowAnchor = 'none';

  const view = () => {
    // The header row is sticky at the top of the scroller: rows start one row height down.
    const first = Math.max(0, Math.floor(scroller.scrollTop / rowHeight));
    const rows = Math.max(1, Math.ceil(scroller.clientHeight / rowHeight));
    return [first, rows];
  };

  const ask = async (first, rows) => {
    asked = [first, rows];
    if (asking) return;
    asking = true;
    try {
      while (asked) {
        const [f, r] = asked;
        asked = null;
        await page.invokeMethodAsync('OnRowsInView', f, r);
      }
    } catch {
      // The circuit is gone; so is the page.
    } finally {
      asking = false;
    }
  };

  const checkView = () => {
    const [first, rows] = view();
    const drawnFirst = Number(scroller.dataset.first ?? 0);
    const drawnEnd = Number(scroller.dataset.end ?? 0);
    const count = Number(scroller.dataset.count ?? 0);
    const nearNewer = drawnFirst > 0 && first < drawnFirst + margin;
    const nearOlder = drawnEnd < count && first + rows > drawnEnd - margin;
    if (nearNewer || nearOlder || rows !== rowsInView) {
      rowsInView = rows;
      ask(first, rows);
    }
  };

  const onScroll = () => {
    const now = scroller.scrollTop <= edgePixels;
    if (now !== atNewest) {
      atNewest = now;
      // Away from the newest edge the browser keeps the rows in view still if rows arrive before the server knows.
      scroller.style.overflowAnchor = now ? 'none' : 'auto';
      page.invokeMethodAsync('OnNewestEdgeChanged', now);
    }
    checkView();
  };
  scroller.addEventListener('scroll', onScroll, { passive: true });
  // The scroller's height follows the window's (75vh): how many rows fit changes with it.
  const resized = new ResizeObserver(() => checkView());
  resized.observe(scroller);
  return {
    toNewest: () => { scroller.scrollTop = 0; },
    dispose: () => {
      scroller.removeEventListener('scroll', onScroll);
      resized.disconnect();
    },
  };
}
