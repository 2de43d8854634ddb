// A small chart in plain SVG (nothing fetched, no library): requests per second as bars and the mean
// latency as a line over the last minutes, each on its own scale, in the theme's colours (style.css).

const SVG = 'http://www.w3.org/2000/svg';

function svgEl(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** The chart of one client: `rps` and `ms`, one value per second, oldest first. */
export function chart(rps: number[], ms: number[], title: string): SVGSVGElement {
  const w = rps.length;
  const h = 40;
  const svg = svgEl('svg', {
    class: 'stripe-sb-chart',
    viewBox: `0 0 ${w} ${h}`,
    preserveAspectRatio: 'none',
    role: 'img',
  }) as SVGSVGElement;
  const t = svgEl('title', {});
  t.textContent = title;
  svg.appendChild(t);
  const maxR = Math.max(1, ...rps);
  const maxMs = Math.max(1, ...ms);
  let bars = '';
  rps.forEach((v, i) => {
    if (v > 0) bars += `M${i} ${h}V${(h - (v / maxR) * (h - 2)).toFixed(1)}`;
  });
  svg.appendChild(svgEl('path', { class: 'stripe-sb-chart-rps', d: bars || 'M0 0', 'stroke-width': 1 }));
  const pts: string[] = [];
  ms.forEach((v, i) => {
    if (v > 0) pts.push(`${i},${(h - (v / maxMs) * (h - 2)).toFixed(1)}`);
  });
  if (pts.length > 1) svg.appendChild(svgEl('polyline', { class: 'stripe-sb-chart-ms', points: pts.join(' ') }));
  return svg;
}
