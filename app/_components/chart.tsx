'use client';

import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, LineChart, type BarSeriesOption, type FunnelSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only the charts and parts the pages use, so the bundle carries no more of ECharts than that.
echarts.use([BarChart, LineChart, FunnelChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<BarSeriesOption | LineSeriesOption | FunnelSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/**
 * One Apache ECharts chart on a canvas: drawn from a plain option (built on the server, so it is
 * data only), redrawn when the option changes, resized with its box (phones included), disposed
 * on unmount. `percent`: values are percentages — axes and tooltips read "12.5%", a missing value
 * (a rate not measured) reads `notMeasured`. The figures are also in a table beside each chart.
 */
export function Chart({ option, label, percent = false, notMeasured = '—', height = 280, testId }: { option: ChartOption; label: string; percent?: boolean; notMeasured?: string; height?: number; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    const el = ref.current;
    const chart = el ? echarts.getInstanceByDom(el) : undefined;
    if (!chart) return;
    const shown = (v: unknown) => (v === null || v === undefined || v === '-' ? notMeasured : percent ? `${v}%` : String(v));
    // Drawn at once, without the opening animation, for those who asked their system for less motion.
    const animation = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const withFormat: ChartOption = percent
      ? {
          ...option,
          tooltip: { ...(option.tooltip as TooltipComponentOption | undefined), valueFormatter: (v) => shown(v) },
          yAxis: { ...(option.yAxis as object), axisLabel: { formatter: '{value}%' } },
        }
      : { ...option, tooltip: { ...(option.tooltip as TooltipComponentOption | undefined), valueFormatter: (v) => shown(v) } };
    chart.setOption({ animation, ...withFormat }, { notMerge: true });
  }, [option, percent, notMeasured]);

  return <div ref={ref} className="chart" role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />;
}
