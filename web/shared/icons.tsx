// Inline SVG icons (no icon font, no emoji font needed).
import type { JSX } from 'preact';

const paths = {
  send: 'M3.4 20.4 21 12 3.4 3.6 3.4 10.2 15 12 3.4 13.8Z',
  clip: 'M16.5 6.5 8.6 14.4a2 2 0 1 0 2.8 2.8l7.9-7.9a4 4 0 0 0-5.7-5.7l-8 8a6 6 0 0 0 8.5 8.5l6.4-6.4',
  pin: 'M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7Zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5Z',
  image: 'M4 5h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1Zm1 12h14l-4.5-6-3.5 4.5-2.5-3Z',
  list: 'M4 6h2v2H4Zm4 0h12v2H8Zm-4 5h2v2H4Zm4 0h12v2H8Zm-4 5h2v2H4Zm4 0h12v2H8Z',
  back: 'M15.5 4.5 8 12l7.5 7.5',
  chat: 'M4 4h16v12H7l-3 3Z',
  bag: 'M6 7h12l1 13H5Zm3 0a3 3 0 0 1 6 0',
  menu: 'M5 4h14v16H5Zm3 4h8M8 12h8M8 16h5',
  alert: 'M12 3 2 20h20Zm0 6v5m0 3v.5',
  chart: 'M4 20V10m6 10V4m6 16v-7m4 7H2',
  logout: 'M10 4H5v16h5m4-4 4-4-4-4m4 4H9',
  search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14Zm9 16-4-4',
  bot: 'M7 8h10a3 3 0 0 1 3 3v5a3 3 0 0 1-3 3H7a3 3 0 0 1-3-3v-5a3 3 0 0 1 3-3Zm5-4v4M9 13v1m6-1v1',
  person: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm-7 8a7 7 0 0 1 14 0',
  globe: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm-9 9h18M12 3c2.5 2.7 3.5 5.7 3.5 9s-1 6.3-3.5 9c-2.5-2.7-3.5-5.7-3.5-9s1-6.3 3.5-9Z',
  settings:
    'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6Zm8 3-.1-1.3 2-1.6-2-3.4-2.4.9a8 8 0 0 0-2.2-1.3L15 2h-4l-.4 2.3a8 8 0 0 0-2.2 1.3L6 4.7 4 8.1l2 1.6L5.9 12 6 13.3l-2 1.6 2 3.4 2.4-.9a8 8 0 0 0 2.2 1.3L11 22h4l.4-2.3a8 8 0 0 0 2.2-1.3l2.4.9 2-3.4-2-1.6Z',
  check: 'M4 12.5 9 17.5 20 6.5',
  checks: 'M2 12.5 7 17.5 17 6.5M12 16.5l1 1 10-11',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm0 4v5l3 2',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, ...rest }: { name: IconName } & JSX.SVGAttributes<SVGSVGElement>) {
  const filled = name === 'send' || name === 'pin' || name === 'image';
  return (
    <svg
      class="icon"
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill={filled ? 'currentColor' : 'none'}
      stroke={filled ? 'none' : 'currentColor'}
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      {...rest}
    >
      <path d={paths[name]} />
    </svg>
  );
}
