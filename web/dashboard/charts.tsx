// A Chart.js canvas (only the parts used are registered, to keep the bundle small) with the same
// figures as a table for screen readers.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

interface Props {
  title: string;
  labels: string[];
  values: number[];
  color: string;
  rtl: boolean;
  format?: (value: number) => string;
  horizontal?: boolean;
  testId: string;
}

export function BarChart({ title, labels, values, color, rtl, format = String, horizontal = false, testId }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);

  useEffect(() => {
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: { labels, datasets: [{ data: values, backgroundColor: color, borderRadius: 6, maxBarThickness: 28 }] },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: { duration: 250 },
        plugins: { tooltip: { rtl, callbacks: { label: (item) => format(Number(item.raw)) } } },
        scales: {
          x: {
            reverse: rtl && !horizontal,
            grid: { display: horizontal },
            ticks: { maxRotation: 0, autoSkipPadding: 12, ...(horizontal ? { callback: (v) => format(Number(v)), precision: 0 } : {}) },
            beginAtZero: true,
          },
          y: {
            position: rtl ? 'right' : 'left',
            grid: { display: !horizontal, color: '#eef1f3' },
            beginAtZero: true,
            ticks: horizontal ? {} : { precision: 0, callback: (v) => format(Number(v)) },
          },
        },
      },
    };
    chart.current = new Chart(canvas.current!, config);
    return () => chart.current?.destroy();
  }, [rtl, horizontal]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data.labels = labels;
    c.data.datasets[0]!.data = values;
    c.update();
  }, [labels.join('|'), values.join('|')]);

  return (
    <figure class="chart" data-testid={testId} data-values={values.join(',')}>
      <figcaption>{title}</figcaption>
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      <table class="sr-only">
        <caption>{title}</caption>
        <tbody>
          {labels.map((label, i) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{format(values[i] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
