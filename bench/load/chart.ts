// The bench's chart, drawn by hand as SVG: reply latency (p50 solid, p95 dashed) against the
// messages per second the customers offered, ours and the bare-Temporal baseline's.
export interface Series {
  name: string;
  colour: string;
  points: { offered: number; p50: number; p95: number; customers: number }[];
}

const W = 720;
const H = 420;
const M = { left: 70, right: 20, top: 80, bottom: 60 };

const niceMax = (v: number) => {
  const step = 10 ** Math.floor(Math.log10(Math.max(v, 1)));
  return Math.ceil(v / step) * step;
};

export function latencyChart(title: string, series: Series[]): string {
  const all = series.flatMap((s) => s.points);
  const xMax = niceMax(Math.max(...all.map((p) => p.offered)) * 1.05);
  const yMax = niceMax(Math.max(...all.map((p) => p.p95)) * 1.05);
  const x = (v: number) => M.left + (v / xMax) * (W - M.left - M.right);
  const y = (v: number) => H - M.bottom - (v / yMax) * (H - M.top - M.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${escape(title)}</text>`,
  ];
  for (let i = 0; i <= 5; i += 1) {
    const yv = (yMax * i) / 5;
    const xv = (xMax * i) / 5;
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(yv)}" y2="${y(yv)}" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${y(yv) + 4}" text-anchor="end">${yv >= 1000 ? `${(yv / 1000).toFixed(1)} s` : `${Math.round(yv)} ms`}</text>`,
      `<text x="${x(xv)}" y="${H - M.bottom + 18}" text-anchor="middle">${Math.round(xv)}</text>`,
    );
  }
  out.push(
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="black"/>`,
    `<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="black"/>`,
    `<text x="${W / 2}" y="${H - 20}" text-anchor="middle">offered load (messages/s sent by the customers; labels: customers)</text>`,
    `<text x="16" y="${H / 2}" text-anchor="middle" transform="rotate(-90 16 ${H / 2})">reply latency, answered ≤ 20 s (sent → first answer)</text>`,
  );
  series.forEach((s, i) => {
    const pts = [...s.points].sort((a, b) => a.offered - b.offered);
    const path = (key: 'p50' | 'p95') => pts.map((p) => `${x(p.offered).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
    out.push(
      `<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${path('p50')}"/>`,
      `<polyline fill="none" stroke="${s.colour}" stroke-width="1.5" stroke-dasharray="5 4" points="${path('p95')}"/>`,
      ...pts.map(
        (p) =>
          `<circle cx="${x(p.offered).toFixed(1)}" cy="${y(p.p50).toFixed(1)}" r="3.5" fill="${s.colour}"/>` +
          `<text x="${x(p.offered).toFixed(1)}" y="${(y(p.p50) - 8).toFixed(1)}" text-anchor="middle" fill="${s.colour}" font-size="10">${p.customers}</text>`,
      ),
      `<line x1="${M.left + 16}" x2="${M.left + 40}" y1="${38 + i * 18}" y2="${38 + i * 18}" stroke="${s.colour}" stroke-width="2"/>`,
      `<text x="${M.left + 46}" y="${42 + i * 18}">${escape(s.name)} (p50 solid, p95 dashed)</text>`,
    );
  });
  out.push('</svg>', '');
  return out.join('\n');
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
