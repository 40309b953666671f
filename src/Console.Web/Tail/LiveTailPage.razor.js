// Tells the page whether the viewer is at the newest edge (the top: newest first) of the tail, only when that changes,
// so a scroll costs no round trip to the server.
export function follow(scroller, page, edgePixels) {
  let atNewest = true;
  scroller.style.overflowAnchor = 'none';
  const onScroll = () => {
    const now = scroller.scrollTop <= edgePixels;
    if (now === atNewest) return;
    atNewest = now;
    // Away from the newest edge the browser keeps the rows in view still if rows arrive before the server knows.
    scroller.style.overflowAnchor = now ? 'none' : 'auto';
    page.invokeMethodAsync('OnNewestEdgeChanged', now);
  };
  scroller.addEventListener('scroll', onScroll, { passive: true });
  return {
    toNewest: () => { scroller.scrollTop = 0; },
    dispose: () => scroller.removeEventListener('scroll', onScroll),
  };
}
