import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/**
 * The element's width in px, kept current with a ResizeObserver. Charts draw
 * at their real size instead of scaling a viewBox, so 12 px text stays 12 px
 * on a phone.
 */
export function useWidth<E extends HTMLElement>(fallback = 640) {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const w = Math.floor(el.clientWidth);
      if (w > 0) setWidth((old) => (Math.abs(old - w) >= 1 ? w : old));
    };
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}
