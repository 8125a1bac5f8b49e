import { useEffect, useState } from 'preact/hooks';

/** Whether a media query matches, following changes (a phone turned sideways). */
export function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const on = () => setMatches(mq.matches);
    on();
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, [query]);
  return matches;
}

/** The width below which the answers show one at a time, as tabs (keep in step with styles.css). */
export const PHONE_QUERY = '(max-width: 760px)';
